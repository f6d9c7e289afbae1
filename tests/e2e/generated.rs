//! Generated inputs for the differential tests: a fixed-seed generator and the strings YAML
//! 1.1 reads as something else, which every manifest printer must quote as go-yaml does.

/// A fixed-seed xorshift generator: the same inputs on every run.
pub struct Rng(pub u64);

impl Rng {
    pub fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    pub fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[(self.next() % items.len() as u64) as usize]
    }

    pub fn chance(&mut self, one_in: u64) -> bool {
        self.next().is_multiple_of(one_in)
    }

    /// 1 to 3 pieces of nasty and ordinary text.
    pub fn text(&mut self) -> String {
        let pieces = [
            "a",
            "Zed",
            "ü",
            "пароль",
            "🔑",
            "&",
            "<",
            ">",
            "\"",
            "'",
            "\\",
            "`",
            ":",
            "::",
            " ",
            "x:y",
            "$HOME",
            "\u{2028}",
            "0",
            "robot+ci",
            "é",
        ];
        let n = 1 + self.next() % 3;
        (0..n).map(|_| self.pick(&pieces)).collect()
    }
}

/// Strings YAML 1.1 reads as booleans, numbers, null or timestamps, which go-yaml quotes,
/// and ordinary ones beside them; all are valid Secret data keys.
pub const KEYS: &[&str] = &[
    "Yes",
    "yes",
    "YES",
    "y",
    "Y",
    "N",
    "no",
    "ON",
    "on",
    "Off",
    "true",
    "False",
    "null",
    "NULL",
    "0x12",
    "0X1F",
    "0o17",
    "0b101",
    "012",
    "09",
    "1_000",
    "1e3",
    "1E-7",
    "-1",
    "0",
    ".5",
    "5.",
    ".inf",
    "-.Inf",
    ".NaN",
    "1.5",
    "2024-05-01",
    "123456789012345678901234",
    ".dockerconfigjson",
    ".dockercfg",
    "config.json",
    "a",
    "Zed",
    "_b",
    "a9",
    "a10",
    "k-e_y.1",
];

/// Names, namespaces and types: the same, and strings with YAML indicators, spaces, line
/// breaks and lengths past go-yaml's 80-column fold.
pub const NAMES: &[&str] = &[
    "Yes",
    "0x1f",
    "1e3",
    "null",
    "~",
    "2001-12-14t21:59:43.10-05:00",
    "1:20",
    "- a",
    "a: b",
    "#x",
    "x #y",
    "?x",
    "[a]",
    "{a}",
    "&a",
    "*a",
    "!x",
    "|",
    ">",
    "'q'",
    "\"q\"",
    "%",
    "@x",
    "`x`",
    "---",
    "...",
    " lead",
    "trail ",
    "a  b",
    "a\nb",
    "a\n",
    "\na",
    "tab\there",
    "é",
    "🔑",
    "x\u{2028}y",
    "opaque",
    "kubernetes.io/dockerconfigjson",
    "aaaaaaaaaa bbbbbbbbbbbbbbbbbbb cccccccccccccccccccccccccc dddddddddddddddddddddddd eeeeeeeeeeeeeeeee fffffffffffffff",
    "a-very-long-name-without-any-space-at-all-that-go-yaml-cannot-fold-anywhere-in-its-line-x",
];

/// File contents: text, and bytes whose base64 YAML would read as a number.
pub const CONTENTS: &[&[u8]] = &[
    b"hello",
    b"{\"auths\":{}}",
    b"\xd7\x6d\xf8", // base64 `1234`, an int
    b"\xd5\xed\xb4", // base64 `1e20`, a float
    b"\xd3\x4d\x34", // base64 `0000`, an octal int
    b"",
    b"\x00\x01\x02",
];
