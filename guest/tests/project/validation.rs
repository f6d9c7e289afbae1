//! Codes of `validate`: the consumers' pitfalls, the installers' checks and the policies.

use pullsecret_guest::Diagnostic;
use pullsecret_guest::checks::policy::{self, Policy};
use pullsecret_guest::checks::validate::{self, Context, Input};
use pullsecret_guest::go::base64;

/// `u:p`, `u:pw` and `v:q`: valid, distinct credentials.
const UP: &str = "dTpw";
const UPW: &str = "dTpwdw==";
const VQ: &str = "djpx";

fn run(bytes: &str, policies: &[&Policy], context: &Context) -> Vec<Diagnostic> {
    let input = Input {
        source: "f.json",
        bytes: bytes.as_bytes(),
    };
    validate::validate(&[input], policies, context)
}

/// Findings with no policy.
fn lint(bytes: &str) -> Vec<Diagnostic> {
    run(bytes, &[], &Context::default())
}

/// `{"auths": {KEY: ENTRY}}` with one entry.
fn one(key: &str, entry: &str) -> String {
    format!(r#"{{"auths":{{"{key}":{entry}}}}}"#)
}

fn auth(value: &str) -> String {
    format!(r#"{{"auth":"{value}"}}"#)
}

fn policy(yaml: &str) -> Policy {
    let text = format!("apiVersion: pullsecret/v1\nkind: PullSecretPolicy\nname: t\n{yaml}");
    policy::parse("t.yaml", text.as_bytes()).unwrap_or_else(|e| panic!("{e:#?}"))
}

fn policy_problems(yaml: &str) -> Vec<Diagnostic> {
    let text = format!("apiVersion: pullsecret/v1\nkind: PullSecretPolicy\nname: t\n{yaml}");
    policy::parse("t.yaml", text.as_bytes())
        .err()
        .unwrap_or_default()
}

fn with(bytes: &str, yaml: &str) -> Vec<Diagnostic> {
    run(bytes, &[&policy(yaml)], &Context::default())
}

fn shipped(bytes: &str, name: &str) -> Vec<Diagnostic> {
    let policy = policy::builtin(name).expect(name);
    run(bytes, &[&policy], &Context::default())
}

/// A `kubernetes.io/dockercfg` Secret whose `.dockercfg` holds `payload`.
fn dockercfg_secret(payload: &str) -> String {
    format!(
        r#"{{"apiVersion":"v1","kind":"Secret","metadata":{{"name":"s"}},"type":"kubernetes.io/dockercfg","data":{{".dockercfg":"{}"}}}}"#,
        base64::encode(payload.as_bytes())
    )
}

fn global(keys: &[&str]) -> String {
    let entries: Vec<String> = keys
        .iter()
        .map(|k| format!(r#""{k}":{{"auth":"{UP}"}}"#))
        .collect();
    format!(r#"{{"auths":{{{}}}}}"#, entries.join(","))
}

cases! {
    ambiguous_fallback: AmbiguousFallback {
        yes: lint(&format!(r#"{{"auths":{{"https://quay.io/a":{{"auth":"{UP}"}},"http://quay.io/b":{{"auth":"{VQ}"}}}}}}"#)),
        no: lint(&format!(r#"{{"auths":{{"https://quay.io/a":{{"auth":"{UP}"}},"http://quay.io/b":{{"auth":"{VQ}"}},"quay.io":{{"auth":"{UP}"}}}}}}"#)),
    }
    auth_base64_noncanonical: AuthBase64Noncanonical {
        yes: lint(&one("quay.io", &auth("Zm9vOmJhch=="))),
        no: lint(&one("quay.io", &auth("Zm9vOmJhcg=="))),
    }
    auth_base64_unpadded: AuthBase64Unpadded {
        yes: lint(&one("quay.io", &auth("Zm9vOmJhcg"))),
        no: lint(&one("quay.io", &auth("Zm9vOmJhcg=="))),
    }
    auth_empty_username: AuthEmptyUsername {
        yes: lint(&one("quay.io", &auth("OnB3"))),
        no: lint(&one("quay.io", &auth(UPW))),
    }
    auth_mismatch: AuthMismatch {
        yes: lint(&one("quay.io", &format!(r#"{{"auth":"{UP}","username":"x"}}"#))),
        no: lint(&one("quay.io", &format!(r#"{{"auth":"{UP}","username":"u"}}"#))),
    }
    credential_helper: CredentialHelper {
        yes: lint(&format!(r#"{{"auths":{{"quay.io":{{"auth":"{UP}"}}}},"credsStore":"desktop"}}"#)),
        no: lint(&format!(r#"{{"auths":{{"quay.io":{{"auth":"{UP}"}}}}}}"#)),
    }
    docker_hub_key_variant: DockerHubKeyVariant {
        yes: lint(&one("docker.io", &auth(UP))),
        no: lint(&one("https://index.docker.io/v1/", &auth(UP))),
    }
    dockerconfigjson_as_dockercfg: DockerconfigjsonAsDockercfg {
        yes: lint(&dockercfg_secret(&one("quay.io", &auth(UP)))),
        no: lint(&dockercfg_secret(&format!(r#"{{"quay.io":{{"auth":"{UP}"}}}}"#))),
    }
    duplicate_index_key: DuplicateIndexKey {
        yes: lint(&format!(r#"{{"auths":{{"quay.io":{{"auth":"{UP}"}},"https://quay.io/v1/":{{"auth":"{VQ}"}}}}}}"#)),
        no: lint(&format!(r#"{{"auths":{{"quay.io":{{"auth":"{UP}"}},"https://quay.io/v1/":{{"auth":"{UP}"}}}}}}"#)),
    }
    duplicate_key: DuplicateKey {
        yes: lint(&format!(r#"{{"auths":{{"quay.io":{{"auth":"{UP}"}},"quay.io":{{"auth":"{VQ}"}}}}}}"#)),
        no: lint(&format!(r#"{{"auths":{{"quay.io":{{"auth":"{VQ}"}}}}}}"#)),
    }
    empty_entry: EmptyEntry {
        yes: lint(&one("quay.io", "{}")),
        no: lint(&one("quay.io", &auth(UP))),
    }
    key_default_port: KeyDefaultPort {
        yes: lint(&one("quay.io:443", &auth(UP))),
        no: lint(&one("quay.io", &auth(UP))),
    }
    key_glob: KeyGlob {
        yes: lint(&one("*.example.com", &auth(UP))),
        no: lint(&one("registry.example.com", &auth(UP))),
    }
    key_never_matches: KeyNeverMatches {
        yes: lint(&one("registry.example.com:abc", &auth(UP))),
        no: lint(&one("registry.example.com:5000", &auth(UP))),
    }
    key_path_prefix: KeyPathPrefix {
        yes: lint(&one("quay.io/org", &auth(UP))),
        no: lint(&one("quay.io/org/", &auth(UP))),
    }
    key_scope_differs: KeyScopeDiffers {
        yes: lint(&one("https://quay.io/org", &auth(UP))),
        no: lint(&one("quay.io/org", &auth(UP))),
    }
    key_uppercase: KeyUppercase {
        yes: lint(&one("Quay.io", &auth(UP))),
        no: lint(&one("quay.io", &auth(UP))),
    }
    no_entries: NoEntries {
        yes: lint(r#"{"auths":{}}"#),
        no: lint(&one("quay.io", &auth(UP))),
    }
    plain_credentials_only: PlainCredentialsOnly {
        yes: lint(&one("quay.io", r#"{"username":"u","password":"p"}"#)),
        no: lint(&one("quay.io", &format!(r#"{{"username":"u","password":"p","auth":"{UP}"}}"#))),
    }
    telemetry_token_newline: TelemetryTokenNewline {
        yes: lint(&one("cloud.openshift.com", &auth(r"dTpw\ndw=="))),
        no: lint(&one("cloud.openshift.com", &auth(UPW))),
    }
    token_only_entry: TokenOnlyEntry {
        yes: lint(&one("quay.io", r#"{"identitytoken":"t"}"#)),
        no: lint(&one("quay.io", &format!(r#"{{"identitytoken":"t","auth":"{UP}"}}"#))),
    }
    http_key: HttpKey {
        yes: with(&one("http://quay.io", &auth(UP)), "forbidHttp: true"),
        no: with(&one("quay.io", &auth(UP)), "forbidHttp: true"),
    }
    mirror_missing: MirrorMissing {
        yes: run(&one("quay.io", &auth(UP)), &[], &Context { mirrors: vec!["mirror.example.com:5000".into()], images: vec![] }),
        no: run(&one("mirror.example.com:5000", &auth(UP)), &[], &Context { mirrors: vec!["mirror.example.com:5000".into()], images: vec![] }),
    }
    plaintext_credentials: PlaintextCredentials {
        yes: with(&one("quay.io", &format!(r#"{{"username":"u","password":"p","auth":"{UP}"}}"#)), "forbidPlaintext: true"),
        no: with(&one("quay.io", &auth(UP)), "forbidPlaintext: true"),
    }
    policy_contradiction: PolicyContradiction {
        yes: policy_problems("required: [quay.io]\nforbidden: [quay.io]"),
        no: policy_problems("required: [quay.io]\nforbidden: [docker.io]"),
    }
    policy_entry_unused: PolicyEntryUnused {
        yes: with(&one("quay.io", &auth(UP)), "allowed: [quay.io, '*.example.com']"),
        no: with(&one("quay.io", &auth(UP)), "allowed: [quay.io]"),
    }
    policy_invalid: PolicyInvalid {
        yes: policy_problems("forbidHttp: yes please"),
        no: policy_problems("forbidHttp: true"),
    }
    registry_forbidden: RegistryForbidden {
        yes: with(&one("quay.io", &auth(UP)), "forbidden: ['*.io']"),
        no: with(&one("registry.example.com", &auth(UP)), "forbidden: ['*.io']"),
    }
    registry_not_allowed: RegistryNotAllowed {
        yes: with(&one("docker.io", &auth(UP)), "allowed: [quay.io]"),
        no: with(&one("quay.io", &auth(UP)), "allowed: [quay.io]"),
    }
    required_registry_missing: RequiredRegistryMissing {
        yes: shipped(&global(&["cloud.openshift.com", "quay.io", "registry.redhat.io"]), "openshift-global-pull-secret"),
        no: shipped(&global(&["cloud.openshift.com", "quay.io", "registry.redhat.io", "registry.connect.redhat.com"]), "openshift-global-pull-secret"),
    }
    required_registry_unusable: RequiredRegistryUnusable {
        yes: with(&one("quay.io", "{}"), "required: [quay.io]"),
        no: with(&one("quay.io", &auth(UP)), "required: [quay.io]"),
    }
    assisted_auth_format: AssistedAuthFormat {
        yes: shipped(&one("quay.io", &auth("bm9jb2xvbg==")), "assisted-installer"),
        no: shipped(&one("quay.io", &auth(UP)), "assisted-installer"),
    }
    assisted_auth_not_base64: AssistedAuthNotBase64 {
        yes: shipped(&one("quay.io", &auth("***")), "assisted-installer"),
        no: shipped(&one("quay.io", &auth(UP)), "assisted-installer"),
    }
    assisted_auth_not_string: AssistedAuthNotString {
        yes: shipped(&one("quay.io", r#"{"auth":5}"#), "assisted-installer"),
        no: shipped(&one("quay.io", &auth(UP)), "assisted-installer"),
    }
    assisted_auths_required: AssistedAuthsRequired {
        yes: shipped(r#"{"auths":{}}"#, "assisted-installer"),
        no: shipped(&one("quay.io", &auth(UP)), "assisted-installer"),
    }
    assisted_invalid_json: AssistedInvalidJson {
        yes: shipped("[", "assisted-installer"),
        no: shipped(&one("quay.io", &auth(UP)), "assisted-installer"),
    }
    assisted_registry_required: AssistedRegistryRequired {
        yes: shipped(&one("quay.io", &auth(UP)), "assisted-installer"),
        no: shipped(&global(&["quay.io", "cloud.openshift.com"]), "assisted-installer"),
    }
    installer_auth_or_creds_store: InstallerAuthOrCredsStore {
        yes: shipped(&one("quay.io", r#"{"email":"x"}"#), "openshift-installer"),
        no: shipped(&one("quay.io", r#"{"credsStore":"osxkeychain"}"#), "openshift-installer"),
    }
    installer_auths_required: InstallerAuthsRequired {
        yes: shipped("{}", "openshift-installer"),
        no: shipped(&one("quay.io", &auth(UP)), "openshift-installer"),
    }
    installer_invalid_json: InstallerInvalidJson {
        yes: shipped("not json", "openshift-installer"),
        no: shipped(&one("quay.io", &auth(UP)), "openshift-installer"),
    }
}

#[test]
fn a_policy_can_turn_a_pitfall_off_or_into_an_error() {
    let input = one("quay.io/org", &auth(UP));
    let code = |found: Vec<Diagnostic>| {
        found
            .into_iter()
            .find(|d| d.code == pullsecret_guest::Code::KeyPathPrefix)
            .map(|d| d.severity)
    };
    use pullsecret_guest::Severity::{Error, Info};
    assert_eq!(code(lint(&input)), Some(Info));
    assert_eq!(code(with(&input, "severity: {key-path-prefix: off}")), None);
    let error = policy("severity: {key-path-prefix: error}");
    let off = policy("severity: {key-path-prefix: off}");
    let both = run(&input, &[&off, &error], &Context::default());
    assert_eq!(code(both), Some(Error), "the most severe grade wins");
}

#[test]
fn a_mirror_asked_for_twice_is_reported_once() {
    let mirrors = policy("mirrors: ['mirror.example.com:5000']");
    let context = Context {
        mirrors: vec!["mirror.example.com:5000".into()],
        images: vec![],
    };
    let found = run(&one("quay.io", &auth(UP)), &[&mirrors], &context);
    let missing: Vec<&str> = found
        .iter()
        .filter(|d| d.code == pullsecret_guest::Code::MirrorMissing)
        .map(|d| d.message.as_str())
        .collect();
    assert_eq!(missing.len(), 1, "{missing:?}");
    assert!(missing[0].starts_with("policy t needs"), "{missing:?}");
}

#[test]
fn a_dockerconfigjson_read_as_dockercfg_reports_nothing_about_its_pseudo_entry() {
    let found = lint(&dockercfg_secret(&one("quay.io", &auth(UP))));
    let codes: Vec<&str> = found.iter().map(|d| d.code.as_str()).collect();
    assert_eq!(codes, ["dockerconfigjson-as-dockercfg"]);
}
