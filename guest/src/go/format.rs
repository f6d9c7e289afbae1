//! Go's `fmt` verbs where a consumer's message embeds a value: `%q` for names and `%v` for a
//! JSON value decoded into `interface{}`.

use super::float;
use super::json::{Kind, Value};

/// `%q` of a string (`strconv.Quote`): printable runes kept, others escaped.
pub fn quote(s: &str) -> String {
    let mut out = String::from('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => out.push_str(&format!("\\x{:02x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Go's `%v` of a JSON value unmarshalled into `interface{}`, for the one message that shows a
/// value: it is never a string there, so never a secret.
pub fn value(v: &Value) -> String {
    match &v.kind {
        Kind::Null => "<nil>".to_owned(),
        Kind::Bool(b) => b.to_string(),
        Kind::Number(n) => float(n),
        Kind::String(_) => String::new(),
        Kind::Array(items) => {
            let items: Vec<String> = items.iter().map(value).collect();
            format!("[{}]", items.join(" "))
        }
        Kind::Object(members) => {
            let mut pairs: Vec<String> = members
                .iter()
                .map(|m| format!("{}:{}", m.name, value(&m.value)))
                .collect();
            super::sort::stable(&mut pairs, |a, b| a < b);
            format!("map[{}]", pairs.join(" "))
        }
    }
}

/// Go's `%v` of a float64 (JSON numbers in an `interface{}`): the shortest representation,
/// in exponent form (`1e+21`, `1e-05`) outside [1e-4, 1e21).
fn float(written: &str) -> String {
    let Some(x) = float::parse(written) else {
        return written.to_owned();
    };
    let magnitude = x.abs();
    if x == 0.0 || (1e-4..1e21).contains(&magnitude) {
        return float::display(x);
    }
    let text = float::lower_exp(x);
    let (mantissa, exponent) = text.split_once('e').unwrap_or((&text, "0"));
    let (sign, digits) = match exponent.strip_prefix('-') {
        Some(digits) => ('-', digits),
        None => ('+', exponent),
    };
    format!("{mantissa}e{sign}{digits:0>2}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn floats_print_as_go_prints_them() {
        for (written, go) in [
            ("5", "5"),
            ("1.0", "1"),
            ("-0.5", "-0.5"),
            ("1e21", "1e+21"),
            ("0.00001", "1e-05"),
            ("123456789", "123456789"),
        ] {
            assert_eq!(float(written), go);
        }
    }
}
