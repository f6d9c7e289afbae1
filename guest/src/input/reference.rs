//! Image references as the kubelet reads them: `reference.ParseNormalizedNamed(image).Name()`
//! from distribution/reference (rule N1).

use crate::diagnostic::{Code, Diagnostic};
use crate::go::case;

const DEFAULT_DOMAIN: &str = "docker.io";
const LEGACY_DEFAULT_DOMAIN: &str = "index.docker.io";
const NAME_TOTAL_LENGTH_MAX: usize = 255;

/// The string the kubelet passes to its keyring for `image`.
/// A reference as messages quote it: whole, or its first 80 characters and its length when
/// it is longer than any real one (a 100 KB argument must not flood the terminal).
pub fn bounded(image: &str) -> String {
    const SHOWN: usize = 80;
    if image.chars().count() <= 2 * SHOWN {
        return format!("{image:?}");
    }
    let head: String = image.chars().take(SHOWN).collect();
    format!("{head:?}... ({} bytes)", image.len())
}

pub fn normalize(image: &str) -> Result<String, Diagnostic> {
    let invalid = |why: &str| {
        Diagnostic::new(
            Code::InvalidImageReference,
            format!("image {} is not a valid reference: {why}", bounded(image)),
        )
    };
    if image.len() == 64
        && image
            .bytes()
            .all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
    {
        return Err(invalid("a 64-hex image ID is not a name"));
    }
    let (domain, remainder) = split_docker_domain(image);
    let remote_name = remainder.split(':').next().unwrap_or_default();
    if case::changes_when_lowercased(remote_name) {
        return Err(invalid("the repository name must be lower-case"));
    }
    let full = format!("{domain}/{remainder}");
    let (rest, digest) = match full.split_once('@') {
        Some((rest, digest)) => (rest, Some(digest)),
        None => (full.as_str(), None),
    };
    let last_slash = rest.rfind('/').unwrap_or(0);
    let (name, tag) = match rest.rfind(':') {
        Some(i) if i > last_slash => (&rest[..i], Some(&rest[i + 1..])),
        _ => (rest, None),
    };
    if !is_name(name) || !tag.is_none_or(is_tag) || !digest.is_none_or(is_digest) {
        return Err(invalid("invalid reference format"));
    }
    if name.len() > NAME_TOTAL_LENGTH_MAX {
        return Err(invalid("the repository name is longer than 255 characters"));
    }
    Ok(name.to_owned())
}

/// `splitDockerDomain`: the first component is a registry host only if it looks like one.
fn split_docker_domain(name: &str) -> (&str, String) {
    let (mut domain, mut remainder) = match name.split_once('/') {
        Some((first, rest))
            if first.contains(['.', ':'])
                || first == "localhost"
                || case::changes_when_lowercased(first) =>
        {
            (first, rest.to_owned())
        }
        _ => (DEFAULT_DOMAIN, name.to_owned()),
    };
    if domain == LEGACY_DEFAULT_DOMAIN {
        domain = DEFAULT_DOMAIN;
    }
    if domain == DEFAULT_DOMAIN && !remainder.contains('/') {
        remainder = format!("library/{remainder}");
    }
    (domain, remainder)
}

/// `(domain-and-port "/")? path-component ("/" path-component)*`
fn is_name(name: &str) -> bool {
    let components: Vec<&str> = name.split('/').collect();
    let all_paths = |c: &[&str]| !c.is_empty() && c.iter().all(|p| is_path_component(p));
    all_paths(&components)
        || (components.len() > 1
            && is_domain_and_port(components[0])
            && all_paths(&components[1..]))
}

/// `[a-z0-9]+ ((?:[._]|__|[-]+) [a-z0-9]+)*`
fn is_path_component(s: &str) -> bool {
    let b = s.as_bytes();
    let alnum = |c: u8| c.is_ascii_lowercase() || c.is_ascii_digit();
    if b.is_empty() || !alnum(b[0]) || !alnum(b[b.len() - 1]) {
        return false;
    }
    let mut i = 0;
    while i < b.len() {
        if alnum(b[i]) {
            i += 1;
            continue;
        }
        let start = i;
        while i < b.len() && !alnum(b[i]) {
            i += 1;
        }
        let sep = &s[start..i];
        if !(sep == "." || sep == "_" || sep == "__" || sep.bytes().all(|c| c == b'-')) {
            return false;
        }
    }
    true
}

/// `(domain-name | "[" ipv6 "]") (":" [0-9]+)?`
fn is_domain_and_port(s: &str) -> bool {
    let (host, port) = if s.starts_with('[') {
        match s.find(']') {
            Some(end) => (&s[..=end], &s[end + 1..]),
            None => return false,
        }
    } else {
        match s.find(':') {
            Some(i) => (&s[..i], &s[i..]),
            None => (s, ""),
        }
    };
    let port_ok = port.is_empty()
        || port
            .strip_prefix(':')
            .is_some_and(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()));
    let host_ok = match host.strip_prefix('[').and_then(|h| h.strip_suffix(']')) {
        Some(ipv6) => !ipv6.is_empty() && ipv6.bytes().all(|b| b.is_ascii_hexdigit() || b == b':'),
        None => host.split('.').all(|label| {
            let b = label.as_bytes();
            !b.is_empty()
                && b[0].is_ascii_alphanumeric()
                && b[b.len() - 1].is_ascii_alphanumeric()
                && b.iter().all(|c| c.is_ascii_alphanumeric() || *c == b'-')
        }),
    };
    port_ok && host_ok
}

/// `[\w][\w.-]{0,127}`
fn is_tag(s: &str) -> bool {
    let word = |c: u8| c.is_ascii_alphanumeric() || c == b'_';
    let b = s.as_bytes();
    !b.is_empty()
        && b.len() <= 128
        && word(b[0])
        && b.iter().all(|&c| word(c) || c == b'.' || c == b'-')
}

/// `[A-Za-z][A-Za-z0-9]*([-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}`
fn is_digest(s: &str) -> bool {
    let Some((algorithm, hex)) = s.split_once(':') else {
        return false;
    };
    let algorithm_ok = algorithm.split(['-', '_', '+', '.']).all(|part| {
        let b = part.as_bytes();
        !b.is_empty() && b[0].is_ascii_alphabetic() && b.iter().all(u8::is_ascii_alphanumeric)
    });
    algorithm_ok && hex.len() >= 32 && hex.bytes().all(|b| b.is_ascii_hexdigit())
}

/// A name and each parent path up to its registry (`quay.io/a/b` → `quay.io/a` → `quay.io`),
/// the order containers/image and the assisted installer look keys up in.
pub fn parents(name: &str) -> Vec<String> {
    let mut names = vec![name.to_owned()];
    let mut current = name;
    while let Some(i) = current.rfind('/') {
        current = &current[..i];
        names.push(current.to_owned());
    }
    names
}

#[cfg(test)]
mod tests {
    use super::normalize;

    #[test]
    fn normalization_table() {
        let cases: &[(&str, Option<&str>)] = &[
            ("busybox", Some("docker.io/library/busybox")),
            ("index.docker.io/myorg/app:1", Some("docker.io/myorg/app")),
            (
                "localhost:5000/a_b/c-d__e:v1.0",
                Some("localhost:5000/a_b/c-d__e"),
            ),
            ("[::1]:5000/app", Some("[::1]:5000/app")),
            (
                "quay.io/o/a:1@sha256:0123456789abcdef0123456789abcdef",
                Some("quay.io/o/a"),
            ),
            ("MyHost/app", Some("MyHost/app")),
            ("busybox:Latest", Some("docker.io/library/busybox")),
            ("", None),
            ("Busybox", None),
            ("quay.io/app:", None),
            ("quay.io/a..b", None),
            ("quay.io/app@sha256:abc", None),
            ("-bad.io/app", None),
            ("a/b/", None),
        ];
        for &(image, expected) in cases {
            assert_eq!(normalize(image).ok().as_deref(), expected, "{image:?}");
        }
    }
}
