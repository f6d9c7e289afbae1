//! Base64 as Go's `encoding/base64` decodes it, which is what the kubelet, containers/image
//! and the API server use (rule P3): `\r` and `\n` are skipped anywhere, non-zero trailing
//! bits are accepted (Go's decoders are not `Strict`), and the padded and unpadded alphabets
//! are distinct decoders.
//!
//! Why not the `base64` crate: it can accept trailing bits, but it does not skip line breaks,
//! so we would first copy the input without them, and then its error offsets would no longer
//! be Go's (containers/image's message quotes "illegal data at input byte N"). Seventy lines
//! here cost less, in code and in the component's size, than that detour.

/// Which of Go's standard-alphabet decoders to imitate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Padding {
    /// `StdEncoding`: the input must be padded to a multiple of four.
    Required,
    /// `RawStdEncoding`: `=` is an invalid character; a final group of 2 or 3 is fine.
    Forbidden,
}

/// Why decoding failed; the offending input is deliberately not kept (it may be a secret).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DecodeError {
    /// Byte offset in the input, as Go's `CorruptInputError` reports it.
    pub offset: usize,
}

fn sextet(b: u8) -> Option<u32> {
    match b {
        b'A'..=b'Z' => Some(u32::from(b - b'A')),
        b'a'..=b'z' => Some(u32::from(b - b'a') + 26),
        b'0'..=b'9' => Some(u32::from(b - b'0') + 52),
        b'+' => Some(62),
        b'/' => Some(63),
        _ => None,
    }
}

/// Decodes `input` with Go's standard alphabet and the given padding rule, reporting errors
/// at the offsets Go's `decodeQuantum` reports them.
pub fn decode(input: &[u8], padding: Padding) -> Result<Vec<u8>, DecodeError> {
    let mut out = Vec::with_capacity(input.len() / 4 * 3 + 3);
    let mut si = 0;
    loop {
        let mut group = [0u32; 4];
        // Characters of this group read so far (line breaks are skipped and not counted).
        let mut j: usize = 0;
        let mut filled = 4;
        while j < 4 {
            let Some(&b) = input.get(si) else {
                match (j, padding) {
                    (0, _) => return Ok(out),
                    (1, _) | (_, Padding::Required) => {
                        return Err(DecodeError { offset: si - j });
                    }
                    _ => {}
                }
                filled = j;
                break;
            };
            si += 1;
            if let Some(v) = sextet(b) {
                group[j] = v;
                j += 1;
                continue;
            }
            if b == b'\n' || b == b'\r' {
                // Skipped; it does not count as a character of the group.
                continue;
            }
            if b != b'=' || padding == Padding::Forbidden {
                return Err(DecodeError { offset: si - 1 });
            }
            // Padding: it may only complete a group of 2 or 3.
            match j {
                2 => {
                    si = skip_breaks(input, si);
                    match input.get(si) {
                        None => {
                            return Err(DecodeError {
                                offset: input.len(),
                            });
                        }
                        Some(b'=') => si += 1,
                        Some(_) => return Err(DecodeError { offset: si - 1 }),
                    }
                }
                3 => {}
                _ => return Err(DecodeError { offset: si - 1 }),
            }
            si = skip_breaks(input, si);
            if si < input.len() {
                return Err(DecodeError { offset: si });
            }
            filled = j;
            break;
        }
        flush(&group, filled, &mut out);
        if filled < 4 {
            return Ok(out);
        }
    }
}

fn skip_breaks(input: &[u8], mut si: usize) -> usize {
    while matches!(input.get(si), Some(b'\n' | b'\r')) {
        si += 1;
    }
    si
}

const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/// Standard padded base64 (`base64.StdEncoding.EncodeToString`).
pub fn encode(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            *chunk.get(1).unwrap_or(&0),
            *chunk.get(2).unwrap_or(&0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(ALPHABET[((n >> (18 - 6 * i)) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// Writes the bytes of a group of `filled` sextets; leftover low bits are dropped, as Go does.
fn flush(group: &[u32; 4], filled: usize, out: &mut Vec<u8>) {
    let n = (group[0] << 18) | (group[1] << 12) | (group[2] << 6) | group[3];
    let bytes = [(n >> 16) as u8, (n >> 8) as u8, n as u8];
    out.extend_from_slice(&bytes[..filled - 1]);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encoding_round_trips() {
        for s in ["", "f", "fo", "foo", "foo:bar", "nsuser:pa:ss:word"] {
            let encoded = encode(s.as_bytes());
            assert_eq!(
                decode(encoded.as_bytes(), Padding::Required).unwrap(),
                s.as_bytes()
            );
        }
        assert_eq!(encode(b"myuser:mypass"), "bXl1c2VyOm15cGFzcw==");
    }

    #[test]
    fn go_decoding_table() {
        use Padding::*;
        let cases: &[(&str, Padding, Option<&str>)] = &[
            ("Zm9vOmJhcg==", Required, Some("foo:bar")),
            ("Zm9vOmJhcg", Forbidden, Some("foo:bar")),
            ("Zm9vOmJhch==", Required, Some("foo:bar")), // non-zero trailing bits accepted
            ("Zm9vOmJhcg=", Required, None),             // incomplete padding
            ("Zm9vOmJhcg==", Forbidden, None),           // '=' is not in the raw alphabet
            ("Zm9v\r\nOmJhcg==\n", Required, Some("foo:bar")),
            ("Zm9v OmJhcg==", Required, None),
            ("Zm9vOmJhcg-_", Forbidden, None), // URL-safe alphabet
            ("Zm9vOmJhcg", Required, None),    // unpadded to the padded decoder
            ("Z", Forbidden, None),
            ("Zg==x", Required, None),
            ("", Required, Some("")),
            ("cGFudHM=", Required, Some("pants")),
        ];
        for &(input, padding, expected) in cases {
            let got = decode(input.as_bytes(), padding).ok();
            let got = got.map(|b| String::from_utf8(b).unwrap());
            assert_eq!(got.as_deref(), expected, "{input:?} {padding:?}");
        }
    }
    #[test]
    fn errors_are_reported_at_gos_offsets() {
        use Padding::*;
        let cases: &[(&str, Padding, usize)] = &[
            // An incomplete last group: where the group starts (containers/image's message
            // for this value says "illegal data at input byte 12").
            ("dW5wYWRkZWQ6cHc", Required, 12),
            ("Zm9vOmJhcg", Required, 8),
            ("Z", Forbidden, 0),
            ("Zm9vOmJhcg=", Required, 11), // not enough padding: the end
            ("Zg=a", Required, 2),         // not padding after `=`: the character before
            ("Zm9v OmJhcg==", Required, 4),
            ("Zg==x", Required, 4), // trailing garbage
            ("=Zm9v", Required, 0),
        ];
        for &(input, padding, offset) in cases {
            assert_eq!(
                decode(input.as_bytes(), padding),
                Err(DecodeError { offset }),
                "{input:?}"
            );
        }
    }
}
