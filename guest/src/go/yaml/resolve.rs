//! go-yaml v2's implicit typing of plain scalars (`resolve` with no tag), and the Go
//! `strconv`/`time` behaviour it leans on.
//!
//! The encoder asks this for every string (a string that would read back as anything but a
//! string must be quoted) and the decoder for every JSON number, so acceptance must match Go
//! exactly, oddities included.

use crate::go::float::{self, Tie};

/// What a plain scalar reads back as.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Resolved {
    Null,
    Bool(bool),
    Int(i64),
    Uint(u64),
    Float(f64),
    /// Decoded into `interface{}` as the original string, but not a `!!str` when encoding.
    Timestamp,
    Str,
}

/// The resolution of `s` as an untagged plain scalar.
pub fn resolve(s: &str) -> Resolved {
    let b = s.as_bytes();
    // The first byte picks the candidates; anything else is a string without further ado
    // (which is why `<<`, though listed as the merge key, reads as a string).
    let hint = match b.first() {
        None => b'N',
        Some(b'+' | b'-') => b'S',
        Some(b'0'..=b'9') => b'D',
        Some(b'y' | b'Y' | b'n' | b'N' | b't' | b'T' | b'f' | b'F' | b'o' | b'O' | b'~') => b'M',
        Some(b'.') => b'.',
        Some(_) => return Resolved::Str,
    };
    if let Some(known) = lookup(s) {
        return known;
    }
    match hint {
        b'.' => match parse_float(s) {
            Some(f) => Resolved::Float(f),
            None => Resolved::Str,
        },
        b'D' | b'S' => resolve_number(s),
        _ => Resolved::Str,
    }
}

/// The fixed spellings of go-yaml's resolve table.
fn lookup(s: &str) -> Option<Resolved> {
    Some(match s {
        "y" | "Y" | "yes" | "Yes" | "YES" | "true" | "True" | "TRUE" | "on" | "On" | "ON" => {
            Resolved::Bool(true)
        }
        "n" | "N" | "no" | "No" | "NO" | "false" | "False" | "FALSE" | "off" | "Off" | "OFF" => {
            Resolved::Bool(false)
        }
        "" | "~" | "null" | "Null" | "NULL" => Resolved::Null,
        ".nan" | ".NaN" | ".NAN" => Resolved::Float(f64::NAN),
        ".inf" | ".Inf" | ".INF" | "+.inf" | "+.Inf" | "+.INF" => Resolved::Float(f64::INFINITY),
        "-.inf" | "-.Inf" | "-.INF" => Resolved::Float(f64::NEG_INFINITY),
        _ => return None,
    })
}

/// Timestamp, int, uint, float or the `0b` forms, tried in go-yaml's order.
fn resolve_number(s: &str) -> Resolved {
    if is_timestamp(s) {
        return Resolved::Timestamp;
    }
    let plain: String = s.chars().filter(|&c| c != '_').collect();
    if let Some(i) = parse_int(&plain, 0) {
        return Resolved::Int(i);
    }
    if let Some(u) = parse_uint(&plain, 0) {
        return Resolved::Uint(u);
    }
    if is_yaml_style_float(&plain)
        && let Some(f) = parse_float(&plain)
    {
        return Resolved::Float(f);
    }
    // Reached only when base-0 parsing failed, so these catch what follows a `0b` prefix:
    // a sign (`0b-1`), or a too-short `0b`.
    if let Some(rest) = plain.strip_prefix("0b") {
        if let Some(i) = parse_int(rest, 2) {
            return Resolved::Int(i);
        }
        if let Some(u) = parse_uint(rest, 2) {
            return Resolved::Uint(u);
        }
    } else if let Some(rest) = plain.strip_prefix("-0b")
        && let Some(i) = parse_int(&format!("-{rest}"), 2)
    {
        return Resolved::Int(i);
    }
    Resolved::Str
}

/// `^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$`
fn is_yaml_style_float(s: &str) -> bool {
    let b = s.as_bytes();
    let mut i = usize::from(matches!(b.first(), Some(b'+' | b'-')));
    let digits = |i: &mut usize| {
        let start = *i;
        while b.get(*i).is_some_and(u8::is_ascii_digit) {
            *i += 1;
        }
        *i - start
    };
    if b.get(i) == Some(&b'.') {
        i += 1;
        if digits(&mut i) == 0 {
            return false;
        }
    } else {
        if digits(&mut i) == 0 {
            return false;
        }
        if b.get(i) == Some(&b'.') {
            i += 1;
            digits(&mut i);
        }
    }
    if matches!(b.get(i), Some(b'e' | b'E')) {
        i += 1;
        if matches!(b.get(i), Some(b'+' | b'-')) {
            i += 1;
        }
        if digits(&mut i) == 0 {
            return false;
        }
    }
    i == b.len()
}

/// YAML 1.1 sexagesimal floats (`190:20:30.15`): go-yaml no longer reads them, but still
/// quotes them on output for older parsers.
pub fn is_base60_float(s: &str) -> bool {
    let b = s.as_bytes();
    match b.first() {
        Some(b'+' | b'-' | b'0'..=b'9') if b.contains(&b':') => {}
        _ => return false,
    }
    // ^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?$
    let mut i = usize::from(matches!(b[0], b'+' | b'-'));
    if !b.get(i).is_some_and(u8::is_ascii_digit) {
        return false;
    }
    i += 1;
    while b.get(i).is_some_and(|c| c.is_ascii_digit() || *c == b'_') {
        i += 1;
    }
    let mut groups = 0;
    while b.get(i) == Some(&b':') {
        i += 1;
        match (b.get(i), b.get(i + 1)) {
            (Some(b'0'..=b'5'), Some(b'0'..=b'9')) => i += 2,
            (Some(b'0'..=b'9'), _) => i += 1,
            _ => return false,
        }
        groups += 1;
    }
    if groups == 0 {
        return false;
    }
    if b.get(i) == Some(&b'.') {
        i += 1;
        while b.get(i).is_some_and(|c| c.is_ascii_digit() || *c == b'_') {
            i += 1;
        }
    }
    i == b.len()
}

// ---------------------------------------------------------------------------------------
// Go strconv

/// Go's `strconv.ParseInt(s, base, 64)`; `base` 0 means "from the prefix".
pub fn parse_int(s: &str, base: u32) -> Option<i64> {
    let (neg, rest) = match s.as_bytes().first() {
        Some(b'+') => (false, &s[1..]),
        Some(b'-') => (true, &s[1..]),
        _ => (false, s),
    };
    let magnitude = parse_uint(rest, base)?;
    const CUTOFF: u64 = 1 << 63;
    if neg {
        match magnitude {
            CUTOFF => Some(i64::MIN),
            m if m < CUTOFF => Some(-(m as i64)),
            _ => None,
        }
    } else if magnitude < CUTOFF {
        Some(magnitude as i64)
    } else {
        None
    }
}

/// Go's `strconv.ParseUint(s, base, 64)`: base 0 reads `0b`, `0o`, `0x` (any case, only with
/// at least one more byte) and a bare leading `0` as octal, and then allows underscores
/// between digits.
pub fn parse_uint(s: &str, base: u32) -> Option<u64> {
    let b = s.as_bytes();
    if b.is_empty() {
        return None;
    }
    let base0 = base == 0;
    let (base, digits) = if base0 {
        if b[0] == b'0' {
            match b.get(1).map(u8::to_ascii_lowercase) {
                Some(b'b') if b.len() >= 3 => (2, &b[2..]),
                Some(b'o') if b.len() >= 3 => (8, &b[2..]),
                Some(b'x') if b.len() >= 3 => (16, &b[2..]),
                _ => (8, &b[1..]),
            }
        } else {
            (10, b)
        }
    } else if (2..=36).contains(&base) {
        (base, b)
    } else {
        return None;
    };
    let mut n: u64 = 0;
    let mut underscores = false;
    for &c in digits {
        let d = match c {
            b'_' if base0 => {
                underscores = true;
                continue;
            }
            b'0'..=b'9' => u32::from(c - b'0'),
            _ if c.is_ascii_alphabetic() => u32::from(c.to_ascii_lowercase() - b'a') + 10,
            _ => return None,
        };
        if d >= base {
            return None;
        }
        n = n.checked_mul(u64::from(base))?.checked_add(u64::from(d))?;
    }
    if underscores && !underscore_ok(s) {
        return None;
    }
    Some(n)
}

/// Go's rule for `_` in number literals: only between digits, or after a base prefix.
fn underscore_ok(s: &str) -> bool {
    let mut b = s.as_bytes();
    if let Some(b'+' | b'-') = b.first() {
        b = &b[1..];
    }
    // What came last: '^' start, '0' digit or base prefix, '_' underscore, '!' other.
    let mut saw = b'^';
    let mut i = 0;
    let mut hex = false;
    if b.len() >= 2 && b[0] == b'0' && matches!(b[1].to_ascii_lowercase(), b'b' | b'o' | b'x') {
        i = 2;
        saw = b'0';
        hex = b[1].eq_ignore_ascii_case(&b'x');
    }
    while i < b.len() {
        let c = b[i];
        i += 1;
        if c.is_ascii_digit() || hex && c.is_ascii_hexdigit() {
            saw = b'0';
        } else if c == b'_' {
            if saw != b'0' {
                return false;
            }
            saw = b'_';
        } else if saw == b'_' {
            return false;
        } else {
            saw = b'!';
        }
    }
    saw != b'_'
}

/// Go's `strconv.ParseFloat(s, 64)` for decimal text, `None` where Go reports an error
/// (bad syntax, or a magnitude that rounds to infinity; underflow to zero is fine).
///
/// Go also accepts hexadecimal mantissas and `inf`/`infinity`/`nan`, but no such text
/// reaches it here: go-yaml only calls it after the `yamlStyleFloat` pattern matched or on
/// text starting with `.`, so those spellings are rejected like any other bad syntax.
fn parse_float(s: &str) -> Option<f64> {
    let b = s.as_bytes();
    let mut i = usize::from(matches!(b.first(), Some(b'+' | b'-')));
    if b.len() >= i + 3 && b[i] == b'0' && b[i + 1].eq_ignore_ascii_case(&b'x') {
        return None;
    }
    let mut saw_dot = false;
    let mut saw_digits = false;
    let mut underscores = false;
    while let Some(&c) = b.get(i) {
        match c {
            b'_' => underscores = true,
            b'.' if !saw_dot => saw_dot = true,
            b'0'..=b'9' => saw_digits = true,
            _ => break,
        }
        i += 1;
    }
    if !saw_digits {
        return None;
    }
    if matches!(b.get(i), Some(b'e' | b'E')) {
        i += 1;
        if matches!(b.get(i), Some(b'+' | b'-')) {
            i += 1;
        }
        if !b.get(i).is_some_and(u8::is_ascii_digit) {
            return None;
        }
        while b.get(i).is_some_and(|c| c.is_ascii_digit() || *c == b'_') {
            underscores |= b[i] == b'_';
            i += 1;
        }
    }
    if i != b.len() || underscores && !underscore_ok(s) {
        return None;
    }
    let clean: String = s.chars().filter(|&c| c != '_').collect();
    let f = float::parse(&clean)?;
    if f.is_infinite() { None } else { Some(f) }
}

/// Go's `strconv.FormatFloat(f, 'g', -1, 64)`: the shortest digits that read back as `f`,
/// in exponent form when the decimal exponent is below -4 or at least 6 (the 'g' rule with
/// precision 6 that Go applies to shortest output).
pub fn format_float(f: f64) -> String {
    if f.is_nan() {
        return "NaN".to_string();
    }
    if f.is_infinite() {
        return if f > 0.0 { "+Inf" } else { "-Inf" }.to_string();
    }
    let mut out = String::new();
    if f.is_sign_negative() {
        out.push('-');
    }
    if f == 0.0 {
        out.push('0');
        return out;
    }
    let (digits, exp) = float::shortest(f.abs(), Tie::Even);
    let nd = digits.len() as i32;
    if !(-4..6).contains(&exp) {
        out.push(char::from(digits[0]));
        if nd > 1 {
            out.push('.');
            out.extend(digits[1..].iter().map(|&d| char::from(d)));
        }
        out.push('e');
        out.push(if exp < 0 { '-' } else { '+' });
        let e = exp.unsigned_abs();
        if e < 10 {
            out.push('0');
        }
        out.push_str(&e.to_string());
    } else {
        // Decimal point after `dp` digits.
        let dp = exp + 1;
        let digit = |k: i32| {
            if (0..nd).contains(&k) {
                char::from(digits[k as usize])
            } else {
                '0'
            }
        };
        if dp > 0 {
            (0..dp).for_each(|k| out.push(digit(k)));
        } else {
            out.push('0');
        }
        if nd > dp {
            out.push('.');
            (dp..nd).for_each(|k| out.push(digit(k)));
        }
    }
    out
}

// ---------------------------------------------------------------------------------------
// Go time.Parse, for go-yaml's four timestamp layouts

#[derive(Clone, Copy)]
enum Field {
    Year,
    Month,
    Day,
    Hour,
    Minute,
    Second,
    /// `.999999999`: optional, any number of digits after `.` or `,`.
    Fraction,
    /// `Z07:00`: `Z` or `±hh:mm`.
    Zone,
    Literal(u8),
}

const LAYOUTS: [&[Field]; 4] = {
    use Field::*;
    [
        // 2006-1-2T15:4:5.999999999Z07:00
        &[
            Year,
            Literal(b'-'),
            Month,
            Literal(b'-'),
            Day,
            Literal(b'T'),
            Hour,
            Literal(b':'),
            Minute,
            Literal(b':'),
            Second,
            Fraction,
            Zone,
        ],
        // 2006-1-2t15:4:5.999999999Z07:00
        &[
            Year,
            Literal(b'-'),
            Month,
            Literal(b'-'),
            Day,
            Literal(b't'),
            Hour,
            Literal(b':'),
            Minute,
            Literal(b':'),
            Second,
            Fraction,
            Zone,
        ],
        // 2006-1-2 15:4:5.999999999
        &[
            Year,
            Literal(b'-'),
            Month,
            Literal(b'-'),
            Day,
            Literal(b' '),
            Hour,
            Literal(b':'),
            Minute,
            Literal(b':'),
            Second,
            Fraction,
        ],
        // 2006-1-2
        &[Year, Literal(b'-'), Month, Literal(b'-'), Day],
    ]
};

/// Whether go-yaml takes `s` for a timestamp: four digits and `-`, then one of its layouts
/// as Go's `time.Parse` accepts them.
pub fn is_timestamp(s: &str) -> bool {
    let b = s.as_bytes();
    let lead = b.iter().take_while(|c| c.is_ascii_digit()).count();
    if lead != 4 || b.get(4) != Some(&b'-') {
        return false;
    }
    LAYOUTS.iter().any(|layout| parses(b, layout))
}

/// One or two digits, as Go's `getnum` reads a non-padded field.
fn number(v: &mut &[u8]) -> Option<u32> {
    let first = v.first().filter(|c| c.is_ascii_digit())?;
    let mut n = u32::from(first - b'0');
    *v = &v[1..];
    if let Some(second) = v.first().filter(|c| c.is_ascii_digit()) {
        n = n * 10 + u32::from(second - b'0');
        *v = &v[1..];
    }
    Some(n)
}

fn parses(mut v: &[u8], layout: &[Field]) -> bool {
    let (mut year, mut month, mut day) = (0u32, 0u32, 0u32);
    for field in layout {
        match *field {
            Field::Literal(b' ') => {
                // A space in the layout matches any run of spaces.
                if v.first().is_some_and(|&c| c != b' ') {
                    return false;
                }
                while v.first() == Some(&b' ') {
                    v = &v[1..];
                }
            }
            Field::Literal(c) => match v.split_first() {
                Some((&first, rest)) if first == c => v = rest,
                _ => return false,
            },
            Field::Year => {
                if v.len() < 4 || !v[..4].iter().all(u8::is_ascii_digit) {
                    return false;
                }
                year = v[..4].iter().fold(0, |n, d| n * 10 + u32::from(d - b'0'));
                v = &v[4..];
            }
            Field::Month => match number(&mut v) {
                Some(m @ 1..=12) => month = m,
                _ => return false,
            },
            Field::Day => match number(&mut v) {
                Some(d) => day = d,
                None => return false,
            },
            Field::Hour => {
                if number(&mut v).is_none_or(|h| h >= 24) {
                    return false;
                }
            }
            Field::Minute | Field::Second => {
                if number(&mut v).is_none_or(|m| m >= 60) {
                    return false;
                }
            }
            Field::Fraction => {
                if v.len() >= 2 && matches!(v[0], b'.' | b',') && v[1].is_ascii_digit() {
                    let digits = v[1..].iter().take_while(|c| c.is_ascii_digit()).count();
                    v = &v[1 + digits..];
                }
            }
            Field::Zone => {
                if v.first() == Some(&b'Z') {
                    v = &v[1..];
                    continue;
                }
                if v.len() < 6 || v[3] != b':' || !matches!(v[0], b'+' | b'-') {
                    return false;
                }
                let two = |p: &[u8]| {
                    (p[0].is_ascii_digit() && p[1].is_ascii_digit())
                        .then(|| u32::from(p[0] - b'0') * 10 + u32::from(p[1] - b'0'))
                };
                match (two(&v[1..3]), two(&v[4..6])) {
                    (Some(h), Some(m)) if h <= 24 && m <= 60 => v = &v[6..],
                    _ => return false,
                }
            }
        }
    }
    v.is_empty() && day >= 1 && day <= days_in(month, year)
}

fn days_in(month: u32, year: u32) -> u32 {
    match month {
        2 if year.is_multiple_of(4) && (!year.is_multiple_of(100) || year.is_multiple_of(400)) => {
            29
        }
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_words() {
        assert_eq!(resolve("yes"), Resolved::Bool(true));
        assert_eq!(resolve("yEs"), Resolved::Str);
        assert_eq!(resolve("~"), Resolved::Null);
        assert_eq!(resolve(""), Resolved::Null);
        assert_eq!(resolve("<<"), Resolved::Str);
        assert_eq!(resolve("-.Inf"), Resolved::Float(f64::NEG_INFINITY));
        assert_eq!(resolve(".iNf"), Resolved::Str);
    }

    #[test]
    fn integers() {
        assert_eq!(resolve("0x1f"), Resolved::Int(31));
        assert_eq!(resolve("0o17"), Resolved::Int(15));
        assert_eq!(resolve("0b101"), Resolved::Int(5));
        assert_eq!(resolve("012"), Resolved::Int(10));
        assert_eq!(resolve("1_000"), Resolved::Int(1000));
        assert_eq!(resolve("-0"), Resolved::Int(0));
        assert_eq!(resolve("+1"), Resolved::Int(1));
        assert_eq!(resolve("0b-101"), Resolved::Int(-5));
        assert_eq!(resolve("0x"), Resolved::Str);
        assert_eq!(resolve("-9223372036854775808"), Resolved::Int(i64::MIN));
        assert_eq!(resolve("18446744073709551615"), Resolved::Uint(u64::MAX));
        assert_eq!(
            resolve("18446744073709551616"),
            Resolved::Float(18446744073709551616.0)
        );
    }

    #[test]
    fn floats() {
        assert_eq!(resolve("09"), Resolved::Float(9.0));
        assert_eq!(resolve("1e3"), Resolved::Float(1000.0));
        assert_eq!(resolve(".5"), Resolved::Float(0.5));
        assert_eq!(resolve(".5_5"), Resolved::Float(0.55));
        assert_eq!(resolve("._5"), Resolved::Str);
        assert_eq!(resolve("5."), Resolved::Float(5.0));
        assert_eq!(resolve("1e400"), Resolved::Str);
        assert_eq!(resolve("1e-400"), Resolved::Float(0.0));
        assert_eq!(resolve("0x1p3"), Resolved::Str);
        assert_eq!(resolve("+.5"), Resolved::Float(0.5));
    }

    #[test]
    fn timestamps() {
        assert!(is_timestamp("2024-05-01"));
        assert!(is_timestamp("2024-5-1"));
        assert!(is_timestamp("2024-02-29"));
        assert!(!is_timestamp("2023-02-29"));
        assert!(!is_timestamp("2024-13-01"));
        assert!(is_timestamp("2001-12-14t21:59:43.10-05:00"));
        assert!(is_timestamp("2001-12-14 21:59:43.10"));
        assert!(is_timestamp("2001-12-14   21:59:43,10"));
        assert!(!is_timestamp("2001-12-14T21:59:43"));
        assert!(!is_timestamp("2001-12-14 24:00:00"));
        assert!(is_timestamp("2001-12-14T1:2:3Z"));
        assert!(is_timestamp("2001-12-14T1:2:3+24:60"));
        assert!(!is_timestamp("2001-12-14T1:2:3+25:00"));
        assert!(!is_timestamp("20011-12-14"));
    }

    #[test]
    fn base60() {
        assert!(is_base60_float("1:20"));
        assert!(is_base60_float("190:20:30.15"));
        assert!(is_base60_float("-1_0:59."));
        assert!(!is_base60_float("1:60"));
        assert!(!is_base60_float("1:200"));
        assert!(!is_base60_float("a:20"));
    }

    #[test]
    fn go_format_float() {
        assert_eq!(format_float(1.0), "1");
        assert_eq!(format_float(-0.0), "-0");
        assert_eq!(format_float(100000.0), "100000");
        assert_eq!(format_float(1e6), "1e+06");
        assert_eq!(format_float(1234567.0), "1.234567e+06");
        assert_eq!(format_float(0.0001), "0.0001");
        assert_eq!(format_float(0.00001), "1e-05");
        assert_eq!(format_float(1e21), "1e+21");
        assert_eq!(format_float(-1.5e300), "-1.5e+300");
        assert_eq!(format_float(5e-324), "5e-324");
        assert_eq!(format_float(123.456), "123.456");
        assert_eq!(
            format_float(1.2345678901234569e23),
            "1.2345678901234569e+23"
        );
        // Exactly halfway between two 16-digit candidates: Go takes the even one.
        let tie: f64 = "566681532287295.25".parse().unwrap();
        assert_eq!(format_float(tie), "5.666815322872952e+14");
        assert_eq!(format_float(0.5), "0.5");
        assert_eq!(format_float(2.5), "2.5");
    }
}
