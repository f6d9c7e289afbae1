//! One record of Go's `encoding/csv` reader with its defaults: kubectl's list flags
//! (`--from-file`, `--from-env-file`) are pflag string slices, which split each value as a CSV
//! record, so `--from-file=a,b` names two files and `--from-file='"a,b"'` one.

/// Why a value is not one CSV record, in `encoding/csv`'s words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseError {
    pub line: usize,
    /// 1-based byte column.
    pub column: usize,
    pub bare_quote: bool,
}

impl std::fmt::Display for ParseError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let why = if self.bare_quote {
            "bare \" in non-quoted-field"
        } else {
            "extraneous or missing \" in quoted-field"
        };
        write!(
            f,
            "parse error on line {}, column {}: {why}",
            self.line, self.column
        )
    }
}

/// pflag's `readAsCSV`: an empty value is no field; otherwise the first record (empty lines
/// before it skipped, anything after it ignored, as `csv.Reader.Read` returns one record).
pub fn record(value: &str) -> Result<Vec<String>, ParseError> {
    if value.is_empty() {
        return Ok(Vec::new());
    }
    let text = value.replace("\r\n", "\n");
    let bytes = text.as_bytes();
    let mut line = 1;
    let mut start = 0;
    while bytes.get(start) == Some(&b'\n') {
        start += 1;
        line += 1;
    }
    if start == bytes.len() {
        // Only empty lines: `Read` reports EOF, which pflag passes on; no field is the
        // closest honest reading.
        return Ok(Vec::new());
    }
    let mut fields = Vec::new();
    let mut i = start;
    let mut line_start = start;
    loop {
        let mut field = Vec::new();
        if bytes.get(i) == Some(&b'"') {
            i += 1;
            loop {
                match bytes.get(i) {
                    None => {
                        return Err(ParseError {
                            line,
                            column: i - line_start + 1,
                            bare_quote: false,
                        });
                    }
                    Some(b'"') if bytes.get(i + 1) == Some(&b'"') => {
                        field.push(b'"');
                        i += 2;
                    }
                    Some(b'"') => {
                        i += 1;
                        match bytes.get(i) {
                            None | Some(b',' | b'\n') => break,
                            Some(_) => {
                                return Err(ParseError {
                                    line,
                                    column: i - line_start,
                                    bare_quote: false,
                                });
                            }
                        }
                    }
                    Some(&b) => {
                        if b == b'\n' {
                            line += 1;
                            line_start = i + 1;
                        }
                        field.push(b);
                        i += 1;
                    }
                }
            }
        } else {
            while let Some(&b) = bytes.get(i) {
                match b {
                    b',' | b'\n' => break,
                    b'"' => {
                        return Err(ParseError {
                            line,
                            column: i - line_start + 1,
                            bare_quote: true,
                        });
                    }
                    _ => {
                        field.push(b);
                        i += 1;
                    }
                }
            }
        }
        fields.push(String::from_utf8_lossy(&field).into_owned());
        match bytes.get(i) {
            Some(b',') => i += 1,
            _ => return Ok(fields),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Seen with kubectl 1.32: the values and what `--from-file` made of them.
    #[test]
    fn records_as_kubectl_splits_them() {
        for (value, fields) in [
            ("", &[][..]),
            ("a", &["a"][..]),
            ("a,b", &["a", "b"]),
            (",", &["", ""]),
            ("a,,b", &["a", "", "b"]),
            ("\"a,b\"", &["a,b"]),
            ("x,\"a\"\"b\"", &["x", "a\"b"]),
            ("\na", &["a"]),
            ("a\nb", &["a"]),
            ("\"a\nb\"", &["a\nb"]),
        ] {
            assert_eq!(record(value).unwrap(), fields, "{value:?}");
        }
    }

    #[test]
    fn errors_as_kubectl_reports_them() {
        for (value, message) in [
            (
                "a\"b",
                "parse error on line 1, column 2: bare \" in non-quoted-field",
            ),
            (
                "\"a",
                "parse error on line 1, column 3: extraneous or missing \" in quoted-field",
            ),
            (
                "\"a\"b",
                "parse error on line 1, column 3: extraneous or missing \" in quoted-field",
            ),
            (
                "a,\"b",
                "parse error on line 1, column 5: extraneous or missing \" in quoted-field",
            ),
        ] {
            assert_eq!(record(value).unwrap_err().to_string(), message, "{value:?}");
        }
    }
}
