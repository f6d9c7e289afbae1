//! Decimal text of a float64 both ways: reading it, and its shortest digits as Go's `strconv`
//! and Rust's formatter pick them.
//!
//! Rust's `{}`, `{:e}` and `str::parse` of an `f64` bring Grisu, Dragon4, Eisel-Lemire and
//! their tables into the component (about 35 KB), for the few YAML and JSON numbers we read
//! and print. Here both directions work on the exact value in big integers: slower, but floats
//! are rare in pull secrets and their manifests.

/// Which of two candidates exactly as near as each other wins.
#[derive(Clone, Copy)]
pub enum Tie {
    /// The larger: Rust's formatter.
    Up,
    /// The even one: Go's `strconv.FormatFloat`.
    Even,
}

/// The shortest digits that read back as `f` (positive, finite) and the decimal exponent of
/// the first: of the candidates of that length, the nearest to `f`.
pub fn shortest(f: f64, tie: Tie) -> (Vec<u8>, i32) {
    let (exact, q) = exact(f);
    let n = exact.len();
    for p in 1..n.min(18) {
        let (head, rest) = exact.split_at(p);
        let down = head.iter().fold(0u64, |c, &d| c * 10 + u64::from(d - b'0'));
        let q = q + (n - p) as i32;
        // `rest` has no trailing zeros, so it is never zero.
        let up_is_nearer = match (rest[0].cmp(&b'5'), rest.len()) {
            (std::cmp::Ordering::Equal, 1) => match tie {
                Tie::Up => true,
                Tie::Even => down % 2 == 1,
            },
            (order, _) => order.is_ge(),
        };
        let (near, far) = if up_is_nearer {
            (down + 1, down)
        } else {
            (down, down + 1)
        };
        for c in [near, far] {
            if parse(&format!("{c}e{q}")) == Some(f) {
                return normalize(c, q);
            }
        }
    }
    let exp = q + n as i32 - 1;
    (exact, exp)
}

/// Rust's `str::parse::<f64>` of decimal text (`[+-]digits[.digits][e[+-]digits]`, digits on
/// at least one side of the point): the nearest float, ties to even; `None` for other text
/// (Rust also reads `inf` and `nan`, which no caller passes).
pub fn parse(text: &str) -> Option<f64> {
    let (negative, text) = match text.as_bytes().first() {
        Some(b'-') => (true, &text[1..]),
        Some(b'+') => (false, &text[1..]),
        _ => (false, text),
    };
    let (mantissa, exponent) = match text.find(['e', 'E']) {
        Some(i) => (&text[..i], Some(&text[i + 1..])),
        None => (text, None),
    };
    let (int, frac) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    let all_digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    if int.len() + frac.len() == 0 || !all_digits(int) || !all_digits(frac) {
        return None;
    }
    // The power of ten of the last digit kept, saturated far beyond any float's range.
    let mut q: i64 = match exponent {
        None => 0,
        Some(e) => {
            let digits = e.strip_prefix(['+', '-']).unwrap_or(e);
            if digits.is_empty() || !all_digits(digits) {
                return None;
            }
            let magnitude = digits
                .bytes()
                .fold(0i64, |n, b| (n * 10 + i64::from(b - b'0')).min(1 << 40));
            if e.starts_with('-') {
                -magnitude
            } else {
                magnitude
            }
        }
    };
    q -= frac.len() as i64;
    let mut digits: Vec<u8> = int.bytes().chain(frac.bytes()).map(|b| b - b'0').collect();
    let zeros = digits.iter().rev().take_while(|&&d| d == 0).count();
    digits.truncate(digits.len() - zeros);
    q += zeros as i64;
    let leading = digits.iter().take_while(|&&d| d == 0).count();
    digits.drain(..leading);
    let magnitude = if digits.is_empty() {
        0.0
    } else {
        nearest(digits, q)
    };
    Some(if negative { -magnitude } else { magnitude })
}

/// The float nearest to `digits * 10^q` (`digits` without leading or trailing zeros).
fn nearest(mut digits: Vec<u8>, mut q: i64) -> f64 {
    // Below 10^-324 (under half the least subnormal) or from 10^310 up, no work is needed.
    let top = digits.len() as i64 + q;
    if top <= -324 {
        return 0.0;
    }
    if top > 310 {
        return f64::INFINITY;
    }
    // Halfway points between floats have at most 767 significant digits: past 800, only
    // whether more follow matters, which a final 1 keeps.
    if digits.len() > 800 {
        q += digits.len() as i64 - 801;
        digits.truncate(800);
        digits.push(1);
    }
    // Clinger's fast path: both factors are exact floats, so one rounding gives the nearest.
    if digits.len() <= 15 && q.abs() <= 22 {
        let n = digits.iter().fold(0.0, |n, &d| n * 10.0 + f64::from(d));
        let power = (0..q.abs()).fold(1.0, |p, _| p * 10.0);
        return if q < 0 { n / power } else { n * power };
    }
    let mut n = vec![0u32];
    for chunk in digits.chunks(9) {
        multiply(&mut n, 10u32.pow(chunk.len() as u32));
        add(&mut n, chunk.iter().fold(0, |c, &d| c * 10 + u32::from(d)));
    }
    if q >= 0 {
        times_ten_to(&mut n, q);
        // An integer: its top 53 bits, rounded on the rest.
        let shift = bits(&n).saturating_sub(53);
        let half = shift > 0 && bit(&n, shift - 1);
        let sticky = (0..shift.saturating_sub(1)).any(|i| bit(&n, i));
        let m = (shift..bits(&n))
            .rev()
            .fold(0u64, |m, i| m << 1 | u64::from(bit(&n, i)));
        let round_up = half && (sticky || m % 2 == 1);
        return compose(m + u64::from(round_up), shift as i64);
    }
    // A fraction n / 10^-q: 53 or 54 bits of quotient scaled by 2^k, rounded on the remainder.
    let mut d = vec![1u32];
    times_ten_to(&mut d, -q);
    let mut k = (53 + bits(&d) as i64 - bits(&n) as i64).min(1074);
    loop {
        let (mut num, mut den) = (n.clone(), d.clone());
        if k >= 0 {
            shift_left(&mut num, k as usize);
        } else {
            shift_left(&mut den, (-k) as usize);
        }
        let mut m = 0u64;
        for i in (0..55).rev() {
            let mut step = den.clone();
            shift_left(&mut step, i);
            if compare(&num, &step).is_ge() {
                subtract(&mut num, &step);
                m |= 1 << i;
            }
        }
        if m >= 1 << 53 {
            k -= 1;
            continue;
        }
        // Round on the remainder: twice it against the divisor.
        shift_left(&mut num, 1);
        let round_up = match compare(&num, &den) {
            std::cmp::Ordering::Greater => true,
            std::cmp::Ordering::Equal => m % 2 == 1,
            std::cmp::Ordering::Less => false,
        };
        return compose(m + u64::from(round_up), -k);
    }
}

/// `m * 2^e`, exactly, for `m` up to 2^53.
fn compose(mut m: u64, mut e: i64) -> f64 {
    if m == 1 << 53 {
        m >>= 1;
        e += 1;
    }
    while m != 0 && m < 1 << 52 && e > -1074 {
        m <<= 1;
        e -= 1;
    }
    if m < 1 << 52 {
        return f64::from_bits(m);
    }
    let biased = e + 1075;
    if biased >= 2047 {
        return f64::INFINITY;
    }
    f64::from_bits((biased as u64) << 52 | (m - (1 << 52)))
}

/// Rust's `{}` of an `f64`: the shortest digits, without an exponent.
pub fn display(f: f64) -> String {
    let Some((mut out, digits, exp)) = parts(f) else {
        return special(f);
    };
    if exp < 0 {
        out.push_str("0.");
        out.extend(std::iter::repeat_n('0', exp.unsigned_abs() as usize - 1));
        out.extend(digits.iter().map(|&d| char::from(d)));
        return out;
    }
    let point = exp as usize + 1;
    for k in 0..point.max(digits.len()) {
        if k == point {
            out.push('.');
        }
        out.push(digits.get(k).map_or('0', |&d| char::from(d)));
    }
    out
}

/// Rust's `{:e}` of an `f64`: `d.ddde-x`, the shortest digits.
pub fn lower_exp(f: f64) -> String {
    let Some((mut out, digits, exp)) = parts(f) else {
        return special(f);
    };
    out.push(char::from(digits[0]));
    if digits.len() > 1 {
        out.push('.');
        out.extend(digits[1..].iter().map(|&d| char::from(d)));
    }
    out.push('e');
    out.push_str(&exp.to_string());
    out
}

/// The sign, the shortest digits and the exponent of a finite `f` (`0` for zero), as Rust
/// writes them.
fn parts(f: f64) -> Option<(String, Vec<u8>, i32)> {
    if !f.is_finite() {
        return None;
    }
    let sign = if f.is_sign_negative() { "-" } else { "" }.to_owned();
    if f == 0.0 {
        return Some((sign, vec![b'0'], 0));
    }
    let (digits, exp) = shortest(f.abs(), Tie::Up);
    Some((sign, digits, exp))
}

/// Rust's spelling of NaN and the infinities.
fn special(f: f64) -> String {
    if f.is_nan() {
        "NaN".to_owned()
    } else if f > 0.0 {
        "inf".to_owned()
    } else {
        "-inf".to_owned()
    }
}

/// Digits of `c * 10^q` without trailing zeros, and the exponent of the first one.
fn normalize(c: u64, q: i32) -> (Vec<u8>, i32) {
    let mut digits = c.to_string().into_bytes();
    let mut q = q;
    while digits.len() > 1 && digits.last() == Some(&b'0') {
        digits.pop();
        q += 1;
    }
    let exp = q + digits.len() as i32 - 1;
    (digits, exp)
}

/// Every decimal digit of a positive finite `f` (no leading or trailing zeros) and the
/// power of ten of the last: `m * 2^e` is `m * 5^-e * 10^e` when `e` is negative.
fn exact(f: f64) -> (Vec<u8>, i32) {
    let bits = f.to_bits();
    let biased = ((bits >> 52) & 0x7ff) as i32;
    let fraction = bits & ((1 << 52) - 1);
    let (m, e) = if biased == 0 {
        (fraction, -1074)
    } else {
        (fraction | 1 << 52, biased - 1075)
    };
    // Little-endian base 2^32.
    let mut limbs = vec![m as u32, (m >> 32) as u32];
    let (factor, mut times, mut q) = if e >= 0 { (2, e, 0) } else { (5, -e, e) };
    while times > 0 {
        let step = times.min(13);
        multiply(&mut limbs, factor_pow(factor, step));
        times -= step;
    }
    // Nine digits at a time, last first.
    let mut digits = Vec::new();
    while limbs.iter().any(|&l| l != 0) {
        let mut chunk = divide(&mut limbs, 1_000_000_000);
        for _ in 0..9 {
            digits.push(b'0' + (chunk % 10) as u8);
            chunk /= 10;
        }
    }
    let zeros = digits.iter().take_while(|&&d| d == b'0').count();
    digits.drain(..zeros);
    q += zeros as i32;
    while digits.last() == Some(&b'0') {
        digits.pop();
    }
    digits.reverse();
    (digits, q)
}

/// `factor^n` for `n` at most 13 (5^13 fits in 32 bits).
fn factor_pow(factor: u64, n: i32) -> u32 {
    (0..n).fold(1u32, |acc, _| acc * factor as u32)
}

fn multiply(limbs: &mut Vec<u32>, by: u32) {
    let mut carry = 0u64;
    for limb in limbs.iter_mut() {
        let product = u64::from(*limb) * u64::from(by) + carry;
        *limb = product as u32;
        carry = product >> 32;
    }
    if carry != 0 {
        limbs.push(carry as u32);
    }
}

fn times_ten_to(limbs: &mut Vec<u32>, mut e: i64) {
    while e > 0 {
        let step = e.min(9);
        multiply(limbs, 10u32.pow(step as u32));
        e -= step;
    }
}

fn add(limbs: &mut Vec<u32>, mut carry: u32) {
    for limb in limbs.iter_mut() {
        let (sum, overflow) = limb.overflowing_add(carry);
        *limb = sum;
        carry = u32::from(overflow);
        if carry == 0 {
            return;
        }
    }
    if carry != 0 {
        limbs.push(carry);
    }
}

fn shift_left(limbs: &mut Vec<u32>, by: usize) {
    let (whole, part) = (by / 32, by % 32);
    if part > 0 {
        let mut carry = 0;
        for limb in limbs.iter_mut() {
            let wide = u64::from(*limb) << part | carry;
            *limb = wide as u32;
            carry = wide >> 32;
        }
        if carry != 0 {
            limbs.push(carry as u32);
        }
    }
    limbs.splice(0..0, std::iter::repeat_n(0, whole));
}

/// `a - b` in place, for `a >= b`.
fn subtract(a: &mut [u32], b: &[u32]) {
    let mut borrow = false;
    for (i, limb) in a.iter_mut().enumerate() {
        let (x, o1) = limb.overflowing_sub(b.get(i).copied().unwrap_or(0));
        let (x, o2) = x.overflowing_sub(u32::from(borrow));
        *limb = x;
        borrow = o1 || o2;
    }
}

fn compare(a: &[u32], b: &[u32]) -> std::cmp::Ordering {
    bits(a).cmp(&bits(b)).then_with(|| {
        a.iter()
            .rev()
            .skip_while(|&&l| l == 0)
            .cmp(b.iter().rev().skip_while(|&&l| l == 0))
    })
}

/// The number of significant bits.
fn bits(limbs: &[u32]) -> usize {
    limbs
        .iter()
        .rposition(|&l| l != 0)
        .map_or(0, |i| i * 32 + 32 - limbs[i].leading_zeros() as usize)
}

fn bit(limbs: &[u32], i: usize) -> bool {
    limbs.get(i / 32).is_some_and(|l| l >> (i % 32) & 1 == 1)
}

/// Divides in place, returning the remainder.
fn divide(limbs: &mut [u32], by: u32) -> u32 {
    let mut rest = 0u64;
    for limb in limbs.iter_mut().rev() {
        let value = rest << 32 | u64::from(*limb);
        *limb = (value / u64::from(by)) as u32;
        rest = value % u64::from(by);
    }
    rest as u32
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn agrees_with_rust(f: f64) {
        assert_eq!(display(f), format!("{f}"), "{f:e}");
        assert_eq!(lower_exp(f), format!("{f:e}"), "{f:e}");
    }

    #[test]
    fn edges_print_as_rust_prints_them() {
        let tie: f64 = "566681532287295.25".parse().unwrap();
        for f in [
            0.0,
            -0.0,
            1.0,
            0.5,
            100.0,
            1e21,
            1e-7,
            123.456,
            tie,
            5e-324,
            f64::MIN_POSITIVE,
            f64::MAX,
            f64::MIN,
            2f64.powi(-1022) * 3.0,
            9007199254740993.0,
            f64::NAN,
            f64::INFINITY,
            f64::NEG_INFINITY,
        ] {
            agrees_with_rust(f);
        }
    }

    #[test]
    fn an_exact_tie_goes_up_or_to_the_even_digit() {
        let tie: f64 = "566681532287295.25".parse().unwrap();
        assert_eq!(shortest(tie, Tie::Up), (b"5666815322872953".to_vec(), 14));
        assert_eq!(shortest(tie, Tie::Even), (b"5666815322872952".to_vec(), 14));
    }

    fn reads_as_rust_reads(text: &str) {
        assert_eq!(parse(text), text.parse::<f64>().ok(), "{text}");
    }

    #[test]
    fn edges_read_as_rust_reads_them() {
        let long = format!("0.{}1", "0".repeat(400));
        let halfway_min = "2.4703282292062327208828439643411068618252990130716238221279284125033775363510437593264991818081799618989828234772285886546332835517796989819938739800539093906315035659515570226392290858392449105184435931802849936536152500319370457678249219365623669863658480757001585769269903706311928279558551332927834338409351978015531246597263579574622766465272827220056374006485499977096599470454020828166226237857393450736339007967761930577506740176324673600968951340535537458516661134223766678604162159680461914467291840300530057530849048765391711386591646239524912623653881879636239373280423891018672348497668235089863388587925628302755995657524455507255189313690836254779186948667994968324049705821028513185451396213837722826145437693412532098591327667236328125e-324";
        for text in [
            "0",
            "-0",
            "+0",
            "0.0",
            "1",
            "1.5",
            ".5",
            "5.",
            "-1.25e-3",
            "1e308",
            "1.8e308",
            "1.7976931348623157e308",
            "1.7976931348623158e308",
            "1.7976931348623159e308",
            "4.9e-324",
            "2.4e-324",
            "2.5e-324",
            "1e-400",
            "1e400",
            "1e99999999999999999999",
            "1e-99999999999999999999",
            "0e99999999999999999999",
            "9007199254740993",
            "9007199254740992.5",
            "123456789012345678901234567890",
            "2.2250738585072011e-308",
            "2.2250738585072014e-308",
            &long,
            halfway_min,
            "",
            ".",
            "e5",
            "1e",
            "1e+",
            "1.2.3",
            "-",
            "1_0",
            " 1",
            "0x10",
        ] {
            reads_as_rust_reads(text);
        }
        for text in ["inf", "-infinity", "NaN"] {
            assert_eq!(parse(text), None, "{text}");
        }
        reads_as_rust_reads(&halfway_min.replace("125e-324", "126e-324"));
        reads_as_rust_reads(&halfway_min.replace("125e-324", "124e-324"));
    }

    proptest! {
        #[test]
        fn any_float_reads_back(bits in any::<u64>()) {
            let f = f64::from_bits(bits);
            prop_assume!(f.is_finite());
            for text in [format!("{f}"), format!("{f:e}"), format!("{f:.30e}")] {
                reads_as_rust_reads(&text);
            }
        }

        #[test]
        fn decimal_text_reads_as_rust_reads_it(
            int in "[0-9]{0,25}",
            frac in prop::option::of("[0-9]{0,25}"),
            exp in prop::option::of(-400i32..400),
        ) {
            let mut text = int;
            if let Some(frac) = frac {
                text = format!("{text}.{frac}");
            }
            if let Some(exp) = exp {
                text = format!("{text}e{exp}");
            }
            reads_as_rust_reads(&text);
        }

        #[test]
        fn any_float_prints_as_rust_prints_it(bits in any::<u64>()) {
            agrees_with_rust(f64::from_bits(bits));
        }

        #[test]
        fn short_decimals_print_as_rust_prints_them(m in 0u64..100_000, e in -30i32..30) {
            agrees_with_rust(format!("{m}e{e}").parse().unwrap());
        }
    }
}
