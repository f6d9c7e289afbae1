//! Go's `sort.SliceStable`: the one stable sort of the library.
//!
//! `slice::sort_by` is generic over the element and the comparison, so every call site
//! compiled a sort of its own (about 5 KB of the component each). This merge sort orders
//! indices through a `dyn` comparison and is compiled once; an element type adds only the
//! swaps that put its items in that order. It never panics, even when `less` is not a
//! consistent order (go-yaml's key order is not always transitive).

/// Sorts `items` stably: `less(a, b)` says whether `a` goes before `b`.
pub fn stable<T>(items: &mut [T], less: impl Fn(&T, &T) -> bool) {
    let order = order(items.len(), &|a, b| less(&items[a], &items[b]));
    arrange(items, &order);
}

/// The positions `0..n` in stably sorted order (a bottom-up merge sort).
pub fn order(n: usize, less: &dyn Fn(usize, usize) -> bool) -> Vec<usize> {
    let mut order: Vec<usize> = (0..n).collect();
    let mut scratch = order.clone();
    let mut width = 1;
    while width < n {
        for start in (0..n).step_by(2 * width) {
            let mid = (start + width).min(n);
            let end = (start + 2 * width).min(n);
            let (mut l, mut r) = (start, mid);
            for slot in &mut scratch[start..end] {
                let take_right = r < end && (l >= mid || less(order[r], order[l]));
                if take_right {
                    *slot = order[r];
                    r += 1;
                } else {
                    *slot = order[l];
                    l += 1;
                }
            }
        }
        std::mem::swap(&mut order, &mut scratch);
        width *= 2;
    }
    order
}

/// Rearranges `items` so that position `k` holds the item that was at `order[k]`.
pub fn arrange<T>(items: &mut [T], order: &[usize]) {
    permute(order, &mut |a, b| items.swap(a, b));
}

/// [`arrange`] through `swap`, compiled once.
fn permute(order: &[usize], swap: &mut dyn FnMut(usize, usize)) {
    // `dest[i]`: where the item now at `i` belongs.
    let mut dest = vec![0; order.len()];
    for (k, &i) in order.iter().enumerate() {
        dest[i] = k;
    }
    for i in 0..dest.len() {
        while dest[i] != i {
            let d = dest[i];
            swap(i, d);
            dest.swap(i, d);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn agrees_with_the_standard_stable_sort(items in prop::collection::vec((0u8..8, any::<u16>()), 0..200)) {
            let mut ours = items.clone();
            stable(&mut ours, |a, b| a.0 < b.0);
            let mut std = items;
            std.sort_by_key(|item| item.0);
            prop_assert_eq!(ours, std);
        }
    }

    #[test]
    fn an_inconsistent_order_keeps_every_item() {
        let mut items: Vec<u32> = (0..50).collect();
        stable(&mut items, |a, b| (a * 7 + b * 3) % 5 < 2);
        items.sort_unstable();
        assert_eq!(items, (0..50).collect::<Vec<_>>());
    }
}
