//! Go's `path.Base` and `path.Clean`: kubectl names a `--from-file` key after the path's
//! base name, and names a directory's files by joining (and cleaning) their paths.

/// `path.Clean`: the shortest path naming the same file, by lexical processing.
pub fn clean(path: &str) -> String {
    if path.is_empty() {
        return ".".to_owned();
    }
    let rooted = path.starts_with('/');
    let mut parts: Vec<&str> = Vec::new();
    for part in path.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                if parts.last().is_some_and(|p| *p != "..") {
                    parts.pop();
                } else if !rooted {
                    parts.push("..");
                }
            }
            _ => parts.push(part),
        }
    }
    let joined = parts.join("/");
    match (rooted, joined.is_empty()) {
        (true, _) => format!("/{joined}"),
        (false, true) => ".".to_owned(),
        (false, false) => joined,
    }
}

/// `path.Base`: the last element, trailing slashes removed; `.` for an empty path, `/` for
/// slashes only.
pub fn base(path: &str) -> String {
    if path.is_empty() {
        return ".".to_owned();
    }
    let trimmed = path.trim_end_matches('/');
    if trimmed.is_empty() {
        return "/".to_owned();
    }
    trimmed.rsplit('/').next().unwrap_or(trimmed).to_owned()
}

/// `filepath.Join(dir, name)` on Unix.
pub fn join(dir: &str, name: &str) -> String {
    match (dir.is_empty(), name.is_empty()) {
        (true, true) => String::new(),
        (true, false) => clean(name),
        (false, true) => clean(dir),
        (false, false) => clean(&format!("{dir}/{name}")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn as_go_reads_paths() {
        for (path, cleaned, base_name) in [
            ("", ".", "."),
            ("/", "/", "/"),
            ("a/b/", "a/b", "b"),
            ("./a//b/../c", "a/c", "c"),
            ("/../a", "/a", "a"),
            ("../../a", "../../a", "a"),
            ("a/..", ".", ".."),
            ("f.txt", "f.txt", "f.txt"),
        ] {
            assert_eq!(clean(path), cleaned, "clean {path:?}");
            assert_eq!(base(path), base_name, "base {path:?}");
        }
        assert_eq!(join("/tmp/dd/", "a.txt"), "/tmp/dd/a.txt");
        assert_eq!(join("dd", ""), "dd");
    }
}
