//! The part of Go's `net/url.Parse` and `net.SplitHostPort` that the kubelet's key parsing
//! depends on (rule K1): which keys parse, and what host and path they yield. Go 1.19
//! behaviour, the version our kubelet conformance vectors were checked with.

/// Host (with port, percent-decoded) and path (percent-decoded) of an absolute URL.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Url {
    pub host: String,
    pub path: String,
}

/// Why Go's `url.Parse` rejects a string. Messages quote no input: keys are not secret,
/// but the user-info part of one may be.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UrlError {
    ControlCharacter,
    InvalidPort,
    MissingBracket,
    InvalidUserinfo,
    InvalidHostCharacter,
    InvalidEscape,
    MissingScheme,
}

impl UrlError {
    pub fn message(self) -> &'static str {
        match self {
            UrlError::ControlCharacter => "contains a control character",
            UrlError::InvalidPort => "has a port that is not a number",
            UrlError::MissingBracket => "has '[' without a closing ']' in the host",
            UrlError::InvalidUserinfo => "has an invalid user-info part",
            UrlError::InvalidHostCharacter => "has a character that is not allowed in a host name",
            UrlError::InvalidEscape => "has an invalid %-escape",
            UrlError::MissingScheme => "is not an absolute URL",
        }
    }
}

/// `url.Parse` for strings that start with `scheme://` (the kubelet always adds one).
pub fn parse(raw: &str) -> Result<Url, UrlError> {
    let (without_fragment, fragment) = raw.split_once('#').unwrap_or((raw, ""));
    if without_fragment.bytes().any(|b| b < 0x20 || b == 0x7f) {
        return Err(UrlError::ControlCharacter);
    }
    let (_, rest) = without_fragment
        .split_once("://")
        .filter(|(scheme, _)| is_scheme(scheme))
        .ok_or(UrlError::MissingScheme)?;
    let rest = if rest.ends_with('?') && rest.matches('?').count() == 1 {
        &rest[..rest.len() - 1]
    } else {
        rest.split_once('?').map_or(rest, |(before, _)| before)
    };
    let (authority, path) = match rest.find('/') {
        Some(i) => rest.split_at(i),
        None => (rest, ""),
    };
    let host = parse_authority(authority)?;
    let path = unescape(path, Mode::Path)?;
    unescape(fragment, Mode::Path)?;
    Ok(Url { host, path })
}

fn is_scheme(s: &str) -> bool {
    let mut bytes = s.bytes();
    bytes.next().is_some_and(|b| b.is_ascii_alphabetic())
        && bytes.all(|b| b.is_ascii_alphanumeric() || matches!(b, b'+' | b'-' | b'.'))
}

fn parse_authority(authority: &str) -> Result<String, UrlError> {
    match authority.rfind('@') {
        None => parse_host(authority),
        Some(i) => {
            let host = parse_host(&authority[i + 1..])?;
            let userinfo = &authority[..i];
            let valid = userinfo
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b"-._:~!$&'()*+,;=%@".contains(&b));
            if !valid {
                return Err(UrlError::InvalidUserinfo);
            }
            unescape(userinfo, Mode::Path)?;
            Ok(host)
        }
    }
}

fn parse_host(host: &str) -> Result<String, UrlError> {
    let colon_port = if host.starts_with('[') {
        let end = host.rfind(']').ok_or(UrlError::MissingBracket)?;
        &host[end + 1..]
    } else {
        host.rfind(':').map_or("", |i| &host[i..])
    };
    let port_ok = colon_port.is_empty()
        || colon_port
            .strip_prefix(':')
            .is_some_and(|digits| digits.bytes().all(|b| b.is_ascii_digit()));
    if !port_ok {
        return Err(UrlError::InvalidPort);
    }
    unescape(host, Mode::Host)
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Mode {
    Host,
    Path,
}

/// Go's `shouldEscape(c, encodeHost)`: ASCII that may not appear unescaped in a host.
fn host_rejects(b: u8) -> bool {
    !(b.is_ascii_alphanumeric() || b"!$&'()*+,;=:[]<>\"-_.~".contains(&b))
}

fn unescape(s: &str, mode: Mode) -> Result<String, UrlError> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if b == b'%' {
            let hex = |j: usize| bytes.get(j).and_then(|&h| (h as char).to_digit(16));
            let (Some(hi), Some(lo)) = (hex(i + 1), hex(i + 2)) else {
                return Err(UrlError::InvalidEscape);
            };
            // In a host only `%25` and escapes of non-ASCII bytes are allowed.
            if mode == Mode::Host && hi < 8 && &bytes[i..i + 3] != b"%25" {
                return Err(UrlError::InvalidEscape);
            }
            out.push((hi * 16 + lo) as u8);
            i += 3;
            continue;
        }
        if mode == Mode::Host && b < 0x80 && host_rejects(b) {
            return Err(UrlError::InvalidHostCharacter);
        }
        out.push(b);
        i += 1;
    }
    Ok(String::from_utf8_lossy(&out).into_owned())
}

/// `net.SplitHostPort`, with the kubelet's fallback: on any error the whole string is the
/// host and the port is empty (`SplitURL`).
pub fn split_host_port(hostport: &str) -> (&str, &str) {
    split_host_port_strict(hostport).unwrap_or((hostport, ""))
}

fn split_host_port_strict(hostport: &str) -> Option<(&str, &str)> {
    let i = hostport.rfind(':')?;
    let (host, j, k) = if hostport.starts_with('[') {
        let end = hostport.find(']')?;
        if end + 1 != i {
            return None;
        }
        (&hostport[1..end], 1, end + 1)
    } else {
        let host = &hostport[..i];
        if host.contains(':') {
            return None;
        }
        (host, 0, 0)
    };
    if hostport[j..].contains('[') || hostport[k..].contains(']') {
        return None;
    }
    Some((host, &hostport[i + 1..]))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn go_url_parse_table() {
        let ok: &[(&str, &str, &str)] = &[
            ("https://quay.io/v2/org", "quay.io", "/v2/org"),
            ("https://me:pw@quay.io?x=1#f", "quay.io", ""),
            ("https://reg[0-9].example.com", "reg[0-9].example.com", ""),
            ("https://host:", "host:", ""),
            ("https://HTTPS://quay.io", "HTTPS:", "//quay.io"),
            ("https://[::1]:5000/x", "[::1]:5000", "/x"),
            ("https://a%C3%A9b/c%41", "a\u{e9}b", "/cA"),
        ];
        for &(raw, host, path) in ok {
            assert_eq!(
                parse(raw),
                Ok(Url {
                    host: host.into(),
                    path: path.into()
                }),
                "{raw}"
            );
        }
        let bad: &[(&str, UrlError)] = &[
            ("https://registry.example.com:abc", UrlError::InvalidPort),
            ("https://a b", UrlError::InvalidHostCharacter),
            ("https://[::1", UrlError::MissingBracket),
            ("https://x/%zz", UrlError::InvalidEscape),
            // In a host only `%25` and escapes of non-ASCII bytes are allowed.
            ("https://a%2Fb/c", UrlError::InvalidEscape),
            ("https://u{@x", UrlError::InvalidUserinfo),
            ("https://x\t", UrlError::ControlCharacter),
        ];
        for &(raw, err) in bad {
            assert_eq!(parse(raw), Err(err), "{raw}");
        }
    }

    #[test]
    fn split_host_port_falls_back_to_whole_host() {
        assert_eq!(split_host_port("a.b:5000"), ("a.b", "5000"));
        assert_eq!(split_host_port("a.b"), ("a.b", ""));
        assert_eq!(split_host_port("[::1]:80"), ("::1", "80"));
        assert_eq!(split_host_port("a:b:c"), ("a:b:c", ""));
        assert_eq!(split_host_port("r[0]:5"), ("r[0]:5", ""));
    }
}
