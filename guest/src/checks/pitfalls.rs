//! The consumers' pitfalls: what the kubelet, containers/image (CRI-O, podman) and the docker
//! CLI each make of a config that is valid JSON but probably not what its author meant. Every
//! finding names the consumer it affects and cites its rule; none quotes a secret.

use crate::diagnostic::{Code, Diagnostic, Error, Rule, Severity};
use crate::go::base64::{self, Padding};
use crate::go::json::{Kind, Value};
use crate::go::sort;
use crate::input::config::DockerConfig;
use crate::input::entries::{decode_auth, string_fields, text};
use crate::input::key::{self, DOCKER_CLI_HUB_KEY, ParsedKey};
use crate::input::registry_map::Format;

/// One registry entry as written (duplicates included, those a later `"auths": null` drops
/// left out), with the fields every consumer reads.
#[derive(Debug, Clone)]
pub struct EntryText<'a> {
    pub key: &'a str,
    /// Offset of the key in the config bytes.
    pub offset: usize,
    pub value: &'a Value,
    /// `auth`, `username`, `password`: the last string member of that name (P7, P8).
    pub auth: &'a str,
    auth_offset: usize,
    pub username: &'a str,
    pub password: &'a str,
    has_token: bool,
    has_creds_store: bool,
    /// A later entry has the same key (`Written::superseded`).
    superseded: bool,
    /// The kubelet's reading of `auth` (P3, P4): `None` when it is empty.
    pub decoded: Option<Result<(String, String), Code>>,
}

impl EntryText<'_> {
    /// Whether the kubelet gets a non-empty user name or password from this entry.
    pub fn usable(&self) -> bool {
        match &self.decoded {
            Some(Ok((user, password))) => !user.is_empty() || !password.is_empty(),
            Some(Err(_)) => false,
            None => !self.username.is_empty() || !self.password.is_empty(),
        }
    }
}

/// Every entry of a config as written, in file order, duplicates included.
pub fn entry_texts(config: &DockerConfig) -> Vec<EntryText<'_>> {
    let map = config.registry_map();
    map.written
        .iter()
        .filter(|w| !w.dropped)
        .map(|w| {
            let value = w.value();
            let ([auth, username, password, identity, registry], _) = string_fields(
                value,
                [
                    "auth",
                    "username",
                    "password",
                    "identitytoken",
                    "registrytoken",
                ],
            );
            let auth_text = text(auth);
            EntryText {
                key: w.key(),
                offset: w.member.offset,
                value,
                auth: auth_text,
                auth_offset: auth.map_or(0, |a| a.offset),
                username: text(username),
                password: text(password),
                has_token: !text(identity).is_empty() || !text(registry).is_empty(),
                has_creds_store: value.get("credsStore").is_some(),
                superseded: w.superseded,
                decoded: (!auth_text.is_empty()).then(|| decode_auth(auth_text)),
            }
        })
        .collect()
}

/// Collects findings about one config.
struct Linter<'a> {
    config: &'a DockerConfig,
    /// Findings with the offset they point at, sorted into file order at the end.
    findings: Vec<(usize, Diagnostic)>,
}

impl Linter<'_> {
    fn push(&mut self, d: Diagnostic, offset: usize) {
        let d = d
            .at(self.config.locate(offset))
            .at_source(&self.config.source);
        self.findings.push((offset, d));
    }

    fn entry(&mut self, code: Code, w: &EntryText<'_>, message: String, rule: Rule) {
        let d = Diagnostic::new(code, message);
        let offset = if matches!(
            code,
            Code::AuthNotBase64
                | Code::AuthNoColon
                | Code::AuthBase64Unpadded
                | Code::AuthBase64Noncanonical
                | Code::TelemetryTokenNewline
        ) {
            w.auth_offset
        } else {
            w.offset
        };
        self.push(d.key(w.key).rule(rule), offset);
    }

    /// Findings about the config as a whole; false when its entries mean nothing (a
    /// `.dockerconfigjson` document read as the legacy layout).
    fn document(&mut self, entries: &[EntryText<'_>]) -> bool {
        let root = &self.config.root;
        match self.config.format {
            Format::DockerConfigJson => {
                if root.members_named("auths").next().is_none()
                    && let Kind::Object(members) = &root.kind
                    && members
                        .iter()
                        .any(|m| matches!(m.value.kind, Kind::Object(_)) && m.name.contains('.'))
                {
                    let d = Diagnostic::new(
                        Code::LegacyFormatAsDockerconfigjson,
                        "no \"auths\" member: registry keys at the top level are the legacy .dockercfg layout, which the kubelet reads here as zero credentials",
                    )
                    .rule(Rule::S2);
                    self.push(d, root.offset);
                    return true;
                }
                let helpers = [
                    (
                        "credsStore",
                        "the kubelet and containers/image ignore it; the docker CLI would run a docker-credential-* program for every registry",
                        Rule::P1,
                    ),
                    (
                        "credHelpers",
                        "the kubelet ignores it; CRI-O and podman run the named docker-credential-* program before any `auths` entry of that registry, and nodes do not have it",
                        Rule::C4,
                    ),
                ];
                for (helper, effect, rule) in helpers {
                    if let Some(member) = root.members_named(helper).last() {
                        let message = format!("{helper:?} names a credential helper: {effect}");
                        let d = Diagnostic::new(Code::CredentialHelper, message).rule(rule);
                        self.push(d, member.offset);
                    }
                }
            }
            Format::DockerCfg => {
                if let Some(member) = root.members_named("auths").last() {
                    let d = Diagnostic::new(
                        Code::DockerconfigjsonAsDockercfg,
                        "the legacy .dockercfg layout has no \"auths\" wrapper: the kubelet reads \"auths\" as one registry key with empty credentials",
                    )
                    .rule(Rule::S2);
                    self.push(d, member.offset);
                    return false;
                }
            }
        }
        if entries.is_empty() {
            let d = Diagnostic::new(
                Code::NoEntries,
                "no registry entries: every pull with this secret is anonymous",
            )
            .rule(Rule::S3);
            self.push(d, root.offset);
        }
        true
    }

    fn key(&mut self, w: &EntryText<'_>, parsed: &ParsedKey) {
        let key = w.key;
        let index = match &parsed.normalized {
            Err(e) => {
                let m = format!("the kubelet skips this key: it {}", e.message());
                return self.entry(Code::KeyNeverMatches, w, m, Rule::K1);
            }
            Ok(index) => index,
        };
        let host = &parsed.host;
        if key.contains(['?', '#']) || host.is_empty() {
            let why = if key.contains(['?', '#']) {
                "`?` and `#` end a URL's host, so "
            } else {
                "the key names no host, so "
            };
            let m = format!("{why}the kubelet reads this key as {index:?}, which no image names");
            return self.entry(Code::KeyNeverMatches, w, m, Rule::K1);
        }
        let hub = host == "index.docker.io";
        if hub && !parsed.path.is_empty() {
            let m = "a Docker Hub key with a path is never used: images normalize to docker.io (3 labels against 2), and the Hub fallback reads only the key index.docker.io".to_owned();
            return self.entry(Code::KeyNeverMatches, w, m, Rule::K6);
        }
        if host.chars().any(|c| c.is_ascii_uppercase()) {
            let m = format!(
                "the host has upper-case letters: the kubelet and CRI-O compare hosts case-sensitively, so only images written as {host} match"
            );
            self.entry(Code::KeyUppercase, w, m, Rule::K4);
        }
        if host.contains(['*', '[']) {
            let m = "a glob in the host works for the kubelet only: containers/image (CRI-O, podman) and the docker CLI read it literally".to_owned();
            self.entry(Code::KeyGlob, w, m, Rule::K4);
        }
        if parsed.port == "443" || parsed.port == "80" {
            let m = format!(
                "port {} must then be in the image name too: the kubelet compares port strings and {host} alone does not match",
                parsed.port
            );
            self.entry(Code::KeyDefaultPort, w, m, Rule::K4);
        }
        let scheme = key.starts_with("https://") || key.starts_with("http://");
        if !parsed.path.is_empty() {
            if scheme {
                let m = format!(
                    "the kubelet scopes this key to {index}, but containers/image makes a URL-style key registry-wide ({}) and the docker CLI uses the host only",
                    parsed.host
                );
                self.entry(Code::KeyScopeDiffers, w, m, Rule::K2);
            } else if !parsed.path.ends_with('/') {
                let m = format!(
                    "the kubelet matches paths as raw string prefixes, so {index} also covers {index}-other/... and {index}2/...; containers/image does not"
                );
                self.entry(Code::KeyPathPrefix, w, m, Rule::K4);
            }
        }
        let registry = key::normalize_registry(key::convert_to_hostname(key));
        if (hub || registry == "index.docker.io") && key != DOCKER_CLI_HUB_KEY {
            let m = format!(
                "the docker CLI uses Docker Hub credentials only under the key {DOCKER_CLI_HUB_KEY}"
            );
            self.entry(Code::DockerHubKeyVariant, w, m, Rule::D1);
        }
    }

    /// P1: an entry that is not an object, or a string field that is not a string, fails
    /// the whole config for the kubelet.
    fn types(&mut self, w: &EntryText<'_>) -> bool {
        let Kind::Object(members) = &w.value.kind else {
            if w.value.kind == Kind::Null {
                return true;
            }
            let m = format!(
                "the entry must be a JSON object, not {}: the kubelet rejects the whole secret",
                w.value.kind.type_name()
            );
            self.entry(Code::WrongJsonType, w, m, Rule::P1);
            return false;
        };
        let mut ok = true;
        for member in members {
            let string_field = ["username", "password", "email", "auth"]
                .iter()
                .any(|f| member.name.eq_ignore_ascii_case(f));
            if string_field && !matches!(member.value.kind, Kind::String(_) | Kind::Null) {
                let m = format!(
                    "field {:?} must be a string, not {}: the kubelet rejects the whole secret",
                    member.name,
                    member.value.kind.type_name()
                );
                let d = Diagnostic::new(Code::WrongJsonType, m)
                    .key(w.key)
                    .rule(Rule::P1);
                self.push(d, member.value.offset);
                ok = false;
            }
        }
        ok
    }

    fn credential(&mut self, w: &EntryText<'_>) {
        if !self.types(w) {
            return;
        }
        match &w.decoded {
            Some(Err(Code::AuthNoColon)) => {
                let m = "\"auth\" does not decode to user:password (no colon): the kubelet rejects the whole secret, so every image of the pod fails to pull".to_owned();
                self.entry(Code::AuthNoColon, w, m, Rule::P4);
            }
            Some(Err(_)) => {
                let m = "\"auth\" is not valid base64: the kubelet rejects the whole secret, so every image of the pod fails to pull".to_owned();
                self.entry(Code::AuthNotBase64, w, m, Rule::P3);
            }
            Some(Ok((user, password))) => self.decoded_auth(w, user, password),
            None if !w.username.is_empty() || !w.password.is_empty() => {
                let m = "only `username`/`password`: the kubelet and the docker CLI use them, but containers/image (CRI-O, podman) reads only `auth` and sees an empty entry".to_owned();
                self.entry(Code::PlainCredentialsOnly, w, m, Rule::P2);
            }
            None if w.has_token => {
                let m = "only an identity or registry token: the kubelet sends an empty credential and containers/image drops the token without `auth`; only the docker CLI uses it".to_owned();
                self.entry(Code::TokenOnlyEntry, w, m, Rule::P6);
            }
            None => {
                let detail = if w.has_creds_store {
                    "only `credsStore`, which the installer's check accepts but no consumer uses"
                } else {
                    "no credentials"
                };
                let m = format!(
                    "{detail}: the kubelet sends an empty credential instead of pulling anonymously, and containers/image stops at this key"
                );
                self.entry(Code::EmptyEntry, w, m, Rule::P9);
            }
        }
    }

    fn decoded_auth(&mut self, w: &EntryText<'_>, user: &str, password: &str) {
        match base64::decode(w.auth.as_bytes(), Padding::Required) {
            Err(_) => {
                let m = "\"auth\" is unpadded base64: the kubelet accepts it, but containers/image (CRI-O, podman), the docker CLI and the assisted installer reject it".to_owned();
                self.entry(Code::AuthBase64Unpadded, w, m, Rule::P3);
            }
            Ok(_) if w.auth.contains(['\r', '\n']) => {
                let m = "\"auth\" contains line breaks: Go's decoders skip them, stricter tools and Telemetry do not".to_owned();
                self.entry(Code::AuthBase64Noncanonical, w, m, Rule::P3);
            }
            Ok(bytes) if base64::encode(&bytes) != w.auth => {
                let m = "\"auth\" has non-zero bits after its last byte: Go's decoders accept it, strict base64 decoders reject it".to_owned();
                self.entry(Code::AuthBase64Noncanonical, w, m, Rule::P3);
            }
            Ok(_) => {}
        }
        if w.key == "cloud.openshift.com" && w.auth.trim().contains('\n') {
            let m = "Telemetry and Insights reject this token: it has line breaks (\"cluster authorization token is not valid: contains newlines\")".to_owned();
            self.entry(Code::TelemetryTokenNewline, w, m, Rule::O8);
        }
        if user.is_empty() {
            let m =
                "\"auth\" decodes to an empty user name: current docker CLIs refuse the whole file"
                    .to_owned();
            self.entry(Code::AuthEmptyUsername, w, m, Rule::D4);
        }
        let differs = |plain: &str, decoded: &str| !plain.is_empty() && plain != decoded;
        if differs(w.username, user) || differs(w.password, password) {
            let m = "`username`/`password` differ from what `auth` decodes to: every consumer uses `auth`, so the plain fields are ignored".to_owned();
            self.entry(Code::AuthMismatch, w, m, Rule::P2);
        }
    }

    /// Cross-entry findings: repeated keys (P8), one index key written twice (K8), fallback
    /// keys containers/image or docker choose between at random, empty entries blocking others.
    fn entries(&mut self, entries: &[EntryText<'_>], parsed: &[ParsedKey]) {
        if entries.iter().any(|w| w.superseded) {
            for group in Groups::of(entries.iter().map(|w| w.key)).iter() {
                for &i in &group[1..] {
                    let m = "this key is written more than once: only the last occurrence counts"
                        .to_owned();
                    self.entry(Code::DuplicateKey, &entries[i], m, Rule::P8);
                }
            }
        }
        // The last occurrence of each key is what every consumer sees.
        let last: Vec<usize> = (0..entries.len())
            .filter(|&i| !entries[i].superseded)
            .collect();
        let indexes = last.iter().map(|&i| parsed[i].normalized.as_deref().ok());
        let by_index = Groups::of(indexes);
        for group in by_index.iter().filter(|group| group.len() > 1) {
            let Some(index) = parsed[last[group[0]]].normalized.as_deref().ok() else {
                continue; // the keys the kubelet skips
            };
            let group: Vec<&EntryText<'_>> = group.iter().map(|&i| &entries[last[i]]).collect();
            if differ(&group) {
                let w = group[group.len() - 1];
                let m = format!(
                    "{} keys with different credentials are all the kubelet's key {index}: it tries them in random order",
                    group.len()
                );
                self.entry(Code::DuplicateIndexKey, w, m, Rule::K8);
            }
        }
        let last: Vec<&EntryText<'_>> = last.iter().map(|&i| &entries[i]).collect();
        let keys = Keys::of(&last);
        self.ambiguous(&last, &keys);
        self.blocking(&last, &keys);
    }

    fn ambiguous(&mut self, last: &[&EntryText<'_>], keys: &Keys<'_>) {
        let legacy = self.config.format == Format::DockerCfg;
        let exact = |registry: &str| {
            let wanted = if registry == "index.docker.io" {
                "docker.io"
            } else {
                registry
            };
            keys.first(wanted).is_some()
        };
        let containers = last
            .iter()
            .map(|w| key::normalize_auth_file_key(w.key, legacy));
        let containers = Groups::of(containers);
        for group in containers.iter().filter(|group| group.len() > 1) {
            let group: Vec<&EntryText<'_>> = group.iter().map(|&i| last[i]).collect();
            let registry = key::normalize_auth_file_key(group[0].key, legacy);
            if differ(&group) && !exact(registry) {
                let m = format!(
                    "containers/image (CRI-O, podman) reaches {registry} only through {} fallback keys and picks one at random",
                    group.len()
                );
                self.entry(Code::AmbiguousFallback, group[group.len() - 1], m, Rule::C6);
            }
        }
        let docker = Groups::of(last.iter().map(|w| key::convert_to_hostname(w.key)));
        for group in docker.iter().filter(|group| group.len() > 1) {
            let group: Vec<&EntryText<'_>> = group.iter().map(|&i| last[i]).collect();
            let host = key::convert_to_hostname(group[0].key);
            if differ(&group) && !group.iter().any(|w| w.key == host) {
                let m = format!(
                    "the docker CLI reaches {host} only through {} keys with a path or scheme and picks one at random",
                    group.len()
                );
                self.entry(Code::AmbiguousFallback, group[group.len() - 1], m, Rule::D2);
            }
        }
    }

    /// containers/image stops at the first key that exists, even if it is empty (rule C5).
    fn blocking(&mut self, last: &[&EntryText<'_>], keys: &Keys<'_>) {
        let sends_nothing = |w: &EntryText<'_>| !matches!(w.decoded, Some(Ok(_)));
        // A key is shadowed by the first key in file order that sends a credential and is a
        // prefix of it ending before a `/`. Looked up by prefix, not by scanning every entry,
        // so many empty entries stay linear. (The keys of `last` are distinct.)
        let sender = |prefix: &str| keys.first(prefix).filter(|&i| !sends_nothing(last[i]));
        for w in last
            .iter()
            .filter(|w| sends_nothing(w) && !w.key.contains("://"))
        {
            let shadowed = w
                .key
                .match_indices('/')
                .filter_map(|(at, _)| sender(&w.key[..at]))
                .min()
                .map(|i| last[i]);
            if let Some(other) = shadowed {
                let m = format!(
                    "containers/image (CRI-O, podman) stops at this key for images under {}, and never reaches the credentials of {:?}",
                    w.key, other.key
                );
                self.entry(Code::EmptyEntryBlocks, w, m, Rule::C5);
            }
        }
    }
}

/// Positions of items grouped by an ordered key: groups in key order, each in the items'
/// order. One sort rather than a map: no allocation per item, no tree to walk.
struct Groups {
    /// Positions sorted by key, then by position.
    order: Vec<usize>,
    /// Where each group ends in `order`.
    ends: Vec<usize>,
}

impl Groups {
    fn of<K: Ord>(keys: impl Iterator<Item = K>) -> Self {
        let mut keyed: Vec<(K, usize)> = keys.zip(0..).collect();
        keyed.sort_unstable();
        let mut ends = Vec::new();
        for (i, pair) in keyed.windows(2).enumerate() {
            if pair[0].0 != pair[1].0 {
                ends.push(i + 1);
            }
        }
        if !keyed.is_empty() {
            ends.push(keyed.len());
        }
        Groups {
            order: keyed.into_iter().map(|(_, i)| i).collect(),
            ends,
        }
    }

    /// Each group's positions, in order.
    fn iter(&self) -> impl Iterator<Item = &[usize]> {
        let starts = std::iter::once(0).chain(self.ends.iter().copied());
        starts
            .zip(&self.ends)
            .map(|(start, &end)| &self.order[start..end])
    }
}

/// The keys of entries sorted, to find one by name without a search through all of them.
struct Keys<'a>(Vec<(&'a str, usize)>);

impl<'a> Keys<'a> {
    fn of(entries: &[&EntryText<'a>]) -> Self {
        let mut keys: Vec<(&str, usize)> = entries.iter().map(|w| w.key).zip(0..).collect();
        keys.sort_unstable();
        Keys(keys)
    }

    /// The first position of `key`.
    fn first(&self, key: &str) -> Option<usize> {
        let at = self.0.partition_point(|(k, _)| *k < key);
        self.0.get(at).filter(|(k, _)| *k == key).map(|&(_, i)| i)
    }
}

/// True when the entries do not all carry the same credential.
fn differ(group: &[&EntryText<'_>]) -> bool {
    let first = (group[0].auth, group[0].username, group[0].password);
    group
        .iter()
        .any(|w| (w.auth, w.username, w.password) != first)
}

/// Every pitfall in one config, in file order. A config whose structure the kubelet cannot
/// decode (a wrong JSON type outside any entry) reports only that.
pub fn find(config: &DockerConfig) -> Vec<Diagnostic> {
    let mut linter = Linter {
        config,
        findings: Vec::new(),
    };
    // Entry-level errors (they name a key) are found again, all of them, entry by entry.
    if let Err(Error::InvalidInput(d)) = &config.entries
        && d.key.is_none()
    {
        return vec![d.clone()];
    }
    let entries = entry_texts(config);
    if !linter.document(&entries) {
        sort::stable(&mut linter.findings, |a, b| a.0 < b.0);
        return linter.findings.into_iter().map(|(_, d)| d).collect();
    }
    let parsed: Vec<ParsedKey> = entries.iter().map(|w| key::parse_key(w.key)).collect();
    for (w, parsed) in entries.iter().zip(&parsed) {
        linter.key(w, parsed);
        linter.credential(w);
    }
    linter.entries(&entries, &parsed);
    sort::stable(&mut linter.findings, |a, b| a.0 < b.0);
    linter.findings.into_iter().map(|(_, d)| d).collect()
}

/// The pitfalls worth a warning when an answer uses the entry (`match`, `explain`), found
/// once per config.
pub fn warnings(config: &DockerConfig) -> &[Diagnostic] {
    config.pitfalls.get_or_init(|| {
        let mut found = find(config);
        found.retain(|d| d.severity != Severity::Info);
        found
    })
}

/// Of `pitfalls`, those about the entries an answer used (`(key, source)` pairs) and those
/// about whole configs (no credentials at all, a legacy layout), each once.
pub fn about(pitfalls: &[Diagnostic], used: &[(&str, &str)]) -> Vec<Diagnostic> {
    let mut out: Vec<Diagnostic> = Vec::new();
    for d in pitfalls {
        let used = d.key.is_none()
            || used.iter().any(|(key, source)| {
                d.key.as_deref() == Some(*key) && d.source.as_deref() == Some(*source)
            });
        if used && !out.contains(d) {
            out.push(d.clone());
        }
    }
    out
}
