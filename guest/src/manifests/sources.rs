//! Where a new Secret's data comes from, as kubectl reads it (rule E9): `--from-literal`,
//! `--from-file=[KEY=]PATH` (a file, or a directory's regular files) and `--from-env-file`,
//! in that order, every key validated and none repeated, with kubectl's messages. The host
//! only looks at the paths (`paths` names them); everything kubectl decides is decided here.

use crate::diagnostic::{Code, Diagnostic};
use crate::go::format::quote;
use crate::go::{csv, path};

use super::names::{config_map_key_errors, env_var_name_errors};

/// What the host found at a path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Found {
    File(Vec<u8>),
    /// The regular files in name order (`os.ReadDir`); each read, or the OS's reason it
    /// could not be.
    Directory(Vec<(String, Result<Vec<u8>, String>)>),
    /// `stat` failed: the OS's reason as Go prints it (`no such file or directory`).
    Missing(String),
    /// A file that cannot be read.
    Unreadable(String),
    /// A directory that cannot be listed.
    Unlistable(String),
}

/// The flags as given, and what the host found at the paths they name.
#[derive(Debug, Clone, Copy, Default)]
pub struct Sources<'a> {
    pub from_file: &'a [String],
    pub from_literal: &'a [String],
    pub from_env_file: &'a [String],
    pub found: &'a [(String, Found)],
    /// For env-file lines without `=`, whose value kubectl takes from its environment.
    pub environment: &'a [(String, String)],
}

/// One `--from-file` value and the bytes at its path, owned: for callers that already hold
/// the file (tests, other embedders of the library).
#[derive(Debug, Clone)]
pub struct InMemory {
    from_file: [String; 1],
    found: [(String, Found); 1],
}

impl InMemory {
    pub fn new(value: &str, path: &str, bytes: &[u8]) -> Self {
        InMemory {
            from_file: [value.to_owned()],
            found: [(path.to_owned(), Found::File(bytes.to_vec()))],
        }
    }

    pub fn sources(&self) -> Sources<'_> {
        Sources {
            from_file: &self.from_file,
            found: &self.found,
            ..Sources::default()
        }
    }
}

/// Which command reads the sources: `docker-registry` names a `--from-file` without a key
/// `.dockerconfigjson`, so a directory there is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Command {
    Generic,
    DockerRegistry,
}

/// A pflag list flag's values split as CSV records; values that are not records are left for
/// `data` to refuse.
fn split(values: &[String]) -> impl Iterator<Item = String> + '_ {
    values
        .iter()
        .flat_map(|v| csv::record(v).unwrap_or_default())
}

/// The paths the host must look at for these flags, in order, each once.
pub fn paths(from_file: &[String], from_env_file: &[String]) -> Vec<String> {
    let files = split(from_file).filter_map(|s| file_source(&s).ok().map(|(_, p)| p));
    let mut paths: Vec<String> = Vec::new();
    for p in files.chain(split(from_env_file)) {
        if !paths.contains(&p) {
            paths.push(p);
        }
    }
    paths
}

fn invalid(message: String) -> Diagnostic {
    Diagnostic::new(Code::InvalidSource, message)
}

/// kubectl `ParseFileSource`: `(key, path)`, the key defaulting to the path's base name.
fn file_source(source: &str) -> Result<(String, String), Diagnostic> {
    match source.matches('=').count() {
        0 => Ok((path::base(source), source.to_owned())),
        1 if source.starts_with('=') => Err(invalid(format!(
            "key name for file path {} missing",
            &source[1..]
        ))),
        1 if source.ends_with('=') => Err(invalid(format!(
            "file path for key name {} missing",
            &source[..source.len() - 1]
        ))),
        1 => {
            let (key, path) = source.split_once('=').unwrap_or_default();
            Ok((key.to_owned(), path.to_owned()))
        }
        _ => Err(invalid(
            "key names or file paths cannot contain '='".to_owned(),
        )),
    }
}

/// kubectl `ParseLiteralSource`: split at the first `=`; the key may not be empty. kubectl's
/// message quotes the whole argument; a value given without its key is a secret, so ours
/// does not.
fn literal_source(source: &str) -> Result<(&str, &str), Diagnostic> {
    match source.split_once('=') {
        Some((key, value)) if !key.is_empty() => Ok((key, value)),
        _ => Err(invalid(
            "invalid literal source, expected key=value (the argument is not shown: it may be a secret)"
                .to_owned(),
        )),
    }
}

/// The data being built, refusing what kubectl's `addKeyFromLiteralToSecret` refuses.
#[derive(Default)]
struct Data(Vec<(String, Vec<u8>)>);

impl Data {
    fn add(&mut self, key: &str, bytes: Vec<u8>) -> Result<(), Diagnostic> {
        let errors = config_map_key_errors(key);
        if !errors.is_empty() {
            return Err(Diagnostic::new(
                Code::InvalidDataKey,
                format!(
                    "{} is not valid key name for a Secret {}",
                    quote(key),
                    errors.join(";")
                ),
            ));
        }
        if self.0.iter().any(|(k, _)| k == key) {
            return Err(Diagnostic::new(
                Code::DuplicateDataKey,
                format!("cannot add key {key}, another key by that name already exists"),
            ));
        }
        self.0.push((key.to_owned(), bytes));
        Ok(())
    }
}

fn unreadable(message: String) -> Diagnostic {
    Diagnostic::new(Code::UnreadableSource, message)
}

/// pflag's error for a list flag value that is not a CSV record.
fn records(values: &[String], flag: &str) -> Result<Vec<String>, Diagnostic> {
    let mut all = Vec::new();
    for value in values {
        let fields = csv::record(value).map_err(|e| {
            invalid(format!(
                "invalid argument {} for {} flag: {e}",
                quote(value),
                quote(flag)
            ))
        })?;
        all.extend(fields);
    }
    Ok(all)
}

/// The Secret's data from its sources, in kubectl's order and with its errors.
pub fn data(sources: &Sources<'_>, command: Command) -> Result<Vec<(String, Vec<u8>)>, Diagnostic> {
    let files = records(sources.from_file, "--from-file")?;
    let env_files = records(sources.from_env_file, "--from-env-file")?;
    if !env_files.is_empty() && (!files.is_empty() || !sources.from_literal.is_empty()) {
        return Err(invalid(
            "from-env-file cannot be combined with from-file or from-literal".to_owned(),
        ));
    }
    let found = |p: &str| {
        sources
            .found
            .iter()
            .find(|(path, _)| path == p)
            .map(|(_, f)| f)
    };
    let mut data = Data::default();
    for literal in sources.from_literal {
        let (key, value) = literal_source(literal)?;
        data.add(key, value.as_bytes().to_vec())?;
    }
    for source in files {
        let source = match command {
            Command::DockerRegistry if !source.contains('=') => {
                format!(".dockerconfigjson={source}")
            }
            _ => source,
        };
        let (key, file) = file_source(&source)?;
        match found(&file) {
            None => return Err(unreadable(format!("error reading {file}: not examined"))),
            Some(Found::Missing(why)) => {
                return Err(unreadable(format!("error reading {file}: {why}")));
            }
            Some(Found::Unreadable(why)) => return Err(unreadable(format!("open {file}: {why}"))),
            Some(Found::Unlistable(why)) => {
                return Err(unreadable(format!(
                    "error listing files in {file}: open {file}: {why}"
                )));
            }
            Some(Found::File(bytes)) => data.add(&key, bytes.clone())?,
            Some(Found::Directory(entries)) => {
                if source.contains('=') {
                    return Err(invalid(
                        "cannot give a key name for a directory path".to_owned(),
                    ));
                }
                for (name, read) in entries {
                    match read {
                        Ok(bytes) => data.add(name, bytes.clone())?,
                        Err(why) => {
                            return Err(unreadable(format!(
                                "open {}: {why}",
                                path::join(&file, name)
                            )));
                        }
                    }
                }
            }
        }
    }
    for file in env_files {
        match found(&file) {
            None => return Err(unreadable(format!("error reading {file}: not examined"))),
            Some(Found::Missing(why)) => {
                return Err(unreadable(format!("error reading {file}: {why}")));
            }
            Some(Found::Directory(_) | Found::Unlistable(_)) => {
                return Err(invalid("env secret file cannot be a directory".to_owned()));
            }
            Some(Found::Unreadable(why)) => return Err(unreadable(format!("open {file}: {why}"))),
            Some(Found::File(bytes)) => {
                for (key, value) in env_file(&file, bytes, sources.environment)? {
                    data.add(&key, value.into_bytes())?;
                }
            }
        }
    }
    Ok(data.0)
}

/// The one file `oc set data --from-file=[KEY=]FILE` names here: its key (the base name
/// unless given) and bytes, with kubectl's and oc's messages when it cannot be read.
pub fn one_file(sources: &Sources<'_>) -> Result<(String, Vec<u8>), Diagnostic> {
    let values = records(sources.from_file, "--from-file")?;
    let [source] = values.as_slice() else {
        return Err(invalid(format!(
            "set data takes one --from-file here, not {}",
            values.len()
        )));
    };
    let (key, file) = file_source(source)?;
    match sources
        .found
        .iter()
        .find(|(p, _)| *p == file)
        .map(|(_, f)| f)
    {
        Some(Found::File(bytes)) => Ok((key, bytes.clone())),
        Some(Found::Missing(why)) => Err(unreadable(format!("error reading {file}: {why}"))),
        Some(Found::Unreadable(why)) => Err(unreadable(format!("open {file}: {why}"))),
        Some(Found::Directory(_) | Found::Unlistable(_)) => Err(invalid(format!(
            "{file} is a directory: set data here takes one file"
        ))),
        None => Err(unreadable(format!("error reading {file}: not examined"))),
    }
}

/// `bufio.Scanner`'s longest line: kubectl stops reading an env file at a longer one, keeping
/// the lines before it and reporting nothing.
const MAX_LINE: usize = 64 * 1024;

/// kubectl `AddFromEnvFile`: `KEY=VALUE` lines; blank lines and `#` comments skipped,
/// leading white space dropped, a UTF-8 BOM dropped from the first line, `KEY` alone takes
/// its value from the environment. The invalid-UTF-8 error leaves out the line's bytes,
/// which kubectl prints, because they may be a secret.
fn env_file(
    file: &str,
    bytes: &[u8],
    environment: &[(String, String)],
) -> Result<Vec<(String, String)>, Diagnostic> {
    let mut pairs = Vec::new();
    let mut lines: Vec<&[u8]> = bytes.split(|b| *b == b'\n').collect();
    if bytes.ends_with(b"\n") {
        lines.pop();
    }
    for (number, line) in lines.into_iter().enumerate() {
        if line.len() >= MAX_LINE {
            break;
        }
        let line = line.strip_suffix(b"\r").unwrap_or(line);
        let Ok(mut text) = std::str::from_utf8(line) else {
            return Err(invalid(format!(
                "env file {file} contains invalid utf8 bytes at line {}",
                number + 1
            )));
        };
        if number == 0 {
            text = text.strip_prefix('\u{feff}').unwrap_or(text);
        }
        let text = text.trim_start();
        if text.is_empty() || text.starts_with('#') {
            continue;
        }
        let (key, value) = match text.split_once('=') {
            Some((key, value)) => (key, value.to_owned()),
            None => {
                let value = environment
                    .iter()
                    .find(|(name, _)| name == text)
                    .map(|(_, v)| v.clone())
                    .unwrap_or_default();
                (text, value)
            }
        };
        let errors = env_var_name_errors(key);
        if !errors.is_empty() {
            // A line without `=` may be a value that lost its key: kubectl quotes it, we do not.
            let shown = if text.contains('=') {
                quote(key)
            } else {
                format!(
                    "line {} of {file} (not shown: it may be a secret)",
                    number + 1
                )
            };
            return Err(Diagnostic::new(
                Code::InvalidDataKey,
                format!("{shown} is not a valid key name: {}", errors.join(";")),
            ));
        }
        pairs.push((key.to_owned(), value));
    }
    Ok(pairs)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn strings(items: &[&str]) -> Vec<String> {
        items.iter().map(|s| (*s).to_owned()).collect()
    }

    fn generic(
        from_file: &[&str],
        from_literal: &[&str],
        found: &[(String, Found)],
    ) -> Result<Vec<(String, Vec<u8>)>, String> {
        let (from_file, from_literal) = (strings(from_file), strings(from_literal));
        let sources = Sources {
            from_file: &from_file,
            from_literal: &from_literal,
            found,
            ..Sources::default()
        };
        data(&sources, Command::Generic).map_err(|d| d.message)
    }

    /// kubectl 1.32's messages for the keys the issue lists.
    #[test]
    fn keys_are_refused_with_kubectls_messages() {
        let regex = "a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')";
        for (key, why) in [
            ("+1", regex.to_owned()),
            ("a b", regex.to_owned()),
            ("é", regex.to_owned()),
            ("1:20", regex.to_owned()),
            (".", "must not be '.'".to_owned()),
            ("..", "must not be '..'".to_owned()),
            ("..a", "must not start with '..'".to_owned()),
            ("..é", format!("{regex};must not start with '..'")),
        ] {
            let literal = format!("{key}=v");
            assert_eq!(
                generic(&[], &[&literal], &[]).unwrap_err(),
                format!("{} is not valid key name for a Secret {why}", quote(key))
            );
        }
        assert_eq!(
            generic(&[], &["k=a", "k=b"], &[]).unwrap_err(),
            "cannot add key k, another key by that name already exists"
        );
    }

    #[test]
    fn directories_give_their_regular_files_in_order() {
        let found = [(
            "/tmp/dd/".to_owned(),
            Found::Directory(vec![
                (".hidden".into(), Ok(b"q".to_vec())),
                ("a.txt".into(), Ok(b"a".to_vec())),
            ]),
        )];
        assert_eq!(
            generic(&["/tmp/dd/"], &[], &found).unwrap(),
            [
                (".hidden".to_owned(), b"q".to_vec()),
                ("a.txt".to_owned(), b"a".to_vec())
            ]
        );
        assert_eq!(
            generic(&["k=/tmp/dd/"], &[], &found).unwrap_err(),
            "cannot give a key name for a directory path"
        );
        let unreadable = [(
            "d".to_owned(),
            Found::Directory(vec![("a".into(), Err("permission denied".into()))]),
        )];
        assert_eq!(
            generic(&["d"], &[], &unreadable).unwrap_err(),
            "open d/a: permission denied"
        );
    }

    #[test]
    fn sources_parse_as_kubectl_parses_them() {
        for (source, message) in [
            ("=f", "key name for file path f missing"),
            ("k=", "file path for key name k missing"),
            ("a=b=c", "key names or file paths cannot contain '='"),
        ] {
            assert_eq!(generic(&[source], &[], &[]).unwrap_err(), message);
        }
        for literal in ["s3cret", "=s3cret"] {
            let message = generic(&[], &[literal], &[]).unwrap_err();
            assert!(message.starts_with("invalid literal source, expected key=value"));
            assert!(!message.contains("s3cret"), "{message}");
        }
        assert_eq!(
            generic(&[], &["a=b=c", "e="], &[]).unwrap(),
            [
                ("a".to_owned(), b"b=c".to_vec()),
                ("e".to_owned(), Vec::new())
            ]
        );
        assert_eq!(
            paths(&strings(&["k=a,b", "=x", "\"c,d\""]), &strings(&["e"])),
            ["a", "b", "c,d", "e"]
        );
    }

    #[test]
    fn env_files_read_as_kubectl_reads_them() {
        let environment = [("FROM_ENV".to_owned(), "env value".to_owned())];
        let text = "\u{feff}A=1\r\n  # comment\n\n  B= spaced =x \nFROM_ENV\nUNSET\n";
        assert_eq!(
            env_file("e", text.as_bytes(), &environment).unwrap(),
            [
                ("A".to_owned(), "1".to_owned()),
                ("B".to_owned(), " spaced =x ".to_owned()),
                ("FROM_ENV".to_owned(), "env value".to_owned()),
                ("UNSET".to_owned(), String::new()),
            ]
        );
        assert_eq!(
            env_file("e", b"1A=x", &[]).unwrap_err().message,
            "\"1A\" is not a valid key name: a valid environment variable name must consist of alphabetic characters, digits, '_', '-', or '.', and must not start with a digit (e.g. 'my.env-name',  or 'MY_ENV.NAME',  or 'MyEnvName1', regex used for validation is '[-._a-zA-Z][-._a-zA-Z0-9]*')"
        );
        let bad = env_file("e", b"A=1\nB=\xff secret", &[])
            .unwrap_err()
            .message;
        assert_eq!(bad, "env file e contains invalid utf8 bytes at line 2");
        let long = format!("A=1\nB={}\nC=3\n", "x".repeat(MAX_LINE));
        assert_eq!(
            env_file("e", long.as_bytes(), &[]).unwrap(),
            [("A".to_owned(), "1".to_owned())]
        );
    }
}
