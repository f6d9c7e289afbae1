//! Codes reported while reading, looking up and editing pull secrets.

use crate::error_of;
use pullsecret_guest::checks::validate;
use pullsecret_guest::consumers::node::Node;
use pullsecret_guest::consumers::{containers, docker};
use pullsecret_guest::edit::login::{self, Login, Style};
use pullsecret_guest::edit::merge::{self, Prefer};
use pullsecret_guest::edit::{diff, node_config};
use pullsecret_guest::input::document::{self, Input};
use pullsecret_guest::input::reference;
use pullsecret_guest::manifests::Shape;
use pullsecret_guest::manifests::rbac::{self, AddRole, RoleRef, Subject};
use pullsecret_guest::manifests::recipe::{self, Credentials, Recipe, RegistrySecret};
use pullsecret_guest::manifests::secret::{self, DockerRegistrySecret};
use pullsecret_guest::manifests::service_account::{self, LinkFor};
use pullsecret_guest::manifests::set_data::{self, SetData};
use pullsecret_guest::manifests::sources::{Found, InMemory, Sources};
use pullsecret_guest::{Diagnostic, DockerConfig};

/// Which auth-file consumer `select` asks.
#[derive(Clone, Copy)]
enum Consumer {
    Containers,
    Docker,
}

/// What `pullsecret parse` reports for one input: the parse error, or the notes and every
/// config's decoding error.
fn parse(input: &str) -> Vec<Diagnostic> {
    match document::parse("f.json", input.as_bytes(), None) {
        Err(e) => error_of::<()>(Err(e)),
        Ok(doc) => doc
            .notes
            .into_iter()
            .chain(doc.configs.into_iter().flat_map(|c| error_of(c.entries)))
            .collect(),
    }
}

/// The one config of an input that parses.
fn config(source: &str, input: &str) -> DockerConfig {
    document::parse(source, input.as_bytes(), None)
        .expect("the input parses")
        .configs
        .remove(0)
}

/// The notes, or the error, of the entry an auth-file consumer picks for `lookup`.
fn select(consumer: Consumer, input: &str, lookup: &str) -> Vec<Diagnostic> {
    let config = config("auth.json", input);
    let select = match consumer {
        Consumer::Containers => containers::select,
        Consumer::Docker => docker::select,
    };
    match select(&[&config], lookup) {
        Ok(answer) => answer.notes,
        Err(d) => vec![d],
    }
}

/// `create secret docker-registry`: its error, or its warnings.
fn docker_registry(server: &str, username: &str, password: &str) -> Vec<Diagnostic> {
    let request = DockerRegistrySecret {
        name: "regcred",
        namespace: None,
        server: Some(server),
        username,
        password,
        email: "",
        sources: Sources::default(),
        append_hash: false,
        shape: Shape::Current,
    };
    match secret::docker_registry_secret(&request) {
        Ok((_, warnings)) => warnings,
        Err(e) => error_of::<()>(Err(e)),
    }
}

/// `login --to f.json` in preserve style.
fn login(registry: &str, existing: &str) -> Vec<Diagnostic> {
    let request = Login {
        registry,
        username: "user",
        password: "pass",
        email: None,
        style: Style::Preserve,
    };
    error_of(login::login("f.json", Some(existing.as_bytes()), &request))
}

/// `set data secret/pull-secret --from-file=.dockerconfigjson=...`.
fn set_data(value: &str, current: Option<&str>) -> Vec<Diagnostic> {
    let source = InMemory::new(
        ".dockerconfigjson=pull-secret.json",
        "pull-secret.json",
        value.as_bytes(),
    );
    error_of(set_data::set_data(&SetData {
        target: "secret/pull-secret",
        namespace: Some("openshift-config"),
        sources: source.sources(),
        current: current.map(|c| Input {
            source: "current.yaml",
            bytes: c.as_bytes(),
        }),
        force: false,
    }))
}

/// `grant registry` with or without the current ServiceAccount: its notes.
fn grant_registry(current_service_account: Option<&str>) -> Vec<Diagnostic> {
    let recipe = Recipe::Registries {
        namespace: "project-a".into(),
        secrets: vec![RegistrySecret {
            name: "regcred".into(),
            server: "registry.example.com".into(),
        }],
        credentials: Credentials {
            username: "user".into(),
            password: "pass".into(),
            email: String::new(),
        },
        service_account: "default".into(),
        current_service_account: current_service_account
            .map(|s| ("sa.yaml".to_owned(), s.as_bytes().to_vec())),
    };
    match recipe::build(&recipe, Shape::Current) {
        Ok((_, notes)) => notes,
        Err(e) => error_of::<()>(Err(e)),
    }
}

/// `policy add-role-to-user system:image-puller alice --rolebinding-name image-pullers`
/// against the namespace's RoleBindings.
fn add_role(existing: &str) -> Vec<Diagnostic> {
    error_of(rbac::add_role(&AddRole {
        role: "system:image-puller",
        namespace: "project-b",
        subjects: vec![Subject::User("alice".into())],
        rolebinding_name: Some("image-pullers"),
        existing: Some(Input {
            source: "rolebindings.yaml",
            bytes: existing.as_bytes(),
        }),
        shape: Shape::Current,
    }))
}

/// `secrets link default regcred --for=pull --sa-file SA.yaml`.
fn link(service_account_file: &str) -> Vec<Diagnostic> {
    error_of(service_account::link(
        Some(Input {
            source: "sa.yaml",
            bytes: service_account_file.as_bytes(),
        }),
        "default",
        Some("project-a"),
        &["regcred".into()],
        LinkFor {
            pull: true,
            mount: false,
        },
    ))
}

/// `create secret generic --type=kubernetes.io/dockerconfigjson` with this payload: its warnings.
fn generic_dockerconfigjson(payload: &str) -> Vec<Diagnostic> {
    generic(
        &[".dockerconfigjson=config.json"],
        &[],
        &[("config.json", Found::File(payload.as_bytes().to_vec()))],
    )
}

/// `create secret generic` with these `--from-file` and `--from-literal` values and what is
/// at the paths: its error, or its warnings.
fn generic(from_file: &[&str], from_literal: &[&str], found: &[(&str, Found)]) -> Vec<Diagnostic> {
    let strings = |items: &[&str]| items.iter().map(|s| (*s).to_owned()).collect::<Vec<_>>();
    let (from_file, from_literal) = (strings(from_file), strings(from_literal));
    let found: Vec<(String, Found)> = found
        .iter()
        .map(|(p, f)| ((*p).to_owned(), f.clone()))
        .collect();
    let sources = Sources {
        from_file: &from_file,
        from_literal: &from_literal,
        found: &found,
        ..Sources::default()
    };
    match secret::generic_secret(
        "regcred",
        None,
        Some("kubernetes.io/dockerconfigjson"),
        &sources,
        false,
        Shape::Current,
    ) {
        Ok((_, warnings)) => warnings,
        Err(e) => error_of::<()>(Err(e)),
    }
}

fn merge_notes(base: &str, overlay: &str) -> Vec<Diagnostic> {
    let (base, overlay) = (config("base.json", base), config("overlay.json", overlay));
    match merge::merge(&base, &[&overlay], Prefer::Overlay) {
        Ok(merged) => merged.notes,
        Err(e) => error_of::<()>(Err(e)),
    }
}

fn diff_warnings(old: &str, new: &str) -> Vec<Diagnostic> {
    let (old, new) = (config("old.json", old), config("new.json", new));
    match diff::diff(&old, &new) {
        Ok((_, warnings)) => warnings,
        Err(e) => error_of::<()>(Err(e)),
    }
}

fn node_notes(node_file: &str) -> Vec<Diagnostic> {
    let node_file = config("config.json", node_file);
    let files = [&node_file];
    match Node::new(&[], &files) {
        Ok(node) => node.notes().to_vec(),
        Err(e) => error_of::<()>(Err(e)),
    }
}

cases! {
    auth_no_colon: AuthNoColon {
        // base64("userpass")
        yes: parse(r#"{"auths":{"quay.io":{"auth":"dXNlcnBhc3M="}}}"#),
        // base64("user:pass")
        no: parse(r#"{"auths":{"quay.io":{"auth":"dXNlcjpwYXNz"}}}"#),
    }
    auth_not_base64: AuthNotBase64 {
        yes: parse(r#"{"auths":{"quay.io":{"auth":"dXNlcjpw YXNz"}}}"#),
        no: parse(r#"{"auths":{"quay.io":{"auth":"dXNlcjpwYXNz"}}}"#),
    }
    colon_in_username: ColonInUsername {
        yes: docker_registry("quay.io", "us:er", "pass"),
        no: docker_registry("quay.io", "user", "pass"),
    }
    docker_config_unloadable: DockerConfigUnloadable {
        yes: select(
            Consumer::Docker,
            r#"{"auths":{"quay.io":{"auth":"dXNlcjpwYXNz"},"other.example.com":{"auth":"dXNlcnBhc3M="}}}"#,
            "quay.io/org/app",
        ),
        no: select(
            Consumer::Docker,
            r#"{"auths":{"quay.io":{"auth":"dXNlcjpwYXNz"},"other.example.com":{"auth":"dXNlcjpwYXNz"}}}"#,
            "quay.io/org/app",
        ),
    }
    duplicate_data_key: DuplicateDataKey {
        yes: generic(&[], &["k=a", "k=b"], &[]),
        no: generic(&[], &["k=a", "l=b"], &[]),
    }
    empty_entry_blocks: EmptyEntryBlocks {
        yes: select(
            Consumer::Containers,
            r#"{"auths":{"quay.io/org":{},"quay.io":{"auth":"dXNlcjpwYXNz"}}}"#,
            "quay.io/org/app",
        ),
        no: select(
            Consumer::Containers,
            r#"{"auths":{"quay.io/org":{"auth":"dXNlcjpwYXNz"},"quay.io":{"auth":"dXNlcjpwYXNz"}}}"#,
            "quay.io/org/app",
        ),
    }
    empty_file: EmptyFile {
        yes: login("quay.io", "\n"),
        no: login("quay.io", "{}\n"),
    }
    input_limit: InputLimit {
        yes: parse(&format!("{}{}", "[".repeat(600), "]".repeat(600))),
        no: parse(&format!("{}{}", "[".repeat(500), "]".repeat(500))),
    }
    invalid_data_key: InvalidDataKey {
        yes: generic(&[], &["a b=c"], &[]),
        no: generic(&[], &["a_b=c"], &[]),
    }
    invalid_source: InvalidSource {
        yes: generic(&[], &["=c"], &[]),
        no: generic(&[], &["k=c"], &[]),
    }
    unreadable_source: UnreadableSource {
        yes: generic(&["f"], &[], &[("f", Found::Missing("no such file or directory".into()))]),
        no: generic(&["f"], &[], &[("f", Found::File(b"x".to_vec()))]),
    }
    invalid_argument: InvalidArgument {
        yes: validate::check_context(&validate::Context {
            mirrors: vec![String::new()],
            images: Vec::new(),
        }),
        no: validate::check_context(&validate::Context {
            mirrors: vec!["mirror.example.com:5000".into()],
            images: Vec::new(),
        }),
    }
    invalid_image_reference: InvalidImageReference {
        yes: reference::normalize("quay.io/MyOrg/app:1").err().into_iter().collect(),
        no: reference::normalize("quay.io/myorg/app:1").err().into_iter().collect(),
    }
    invalid_json: InvalidJson {
        yes: parse(r#"{"auths":{"quay.io":{"auth":"dXNlcjpwYXNz"}}"#),
        no: parse(r#"{"auths":{"quay.io":{"auth":"dXNlcjpwYXNz"}}}"#),
    }
    invalid_registry_key: InvalidRegistryKey {
        yes: login("https://quay.io", "{}\n"),
        no: login("quay.io", "{}\n"),
    }
    invalid_secret_data: InvalidSecretData {
        yes: set_data(r#"{"auths":{}"#, None),
        no: set_data(r#"{"auths":{}}"#, None),
    }
    invalid_yaml: InvalidYaml {
        yes: parse("apiVersion: v1\nkind: Secret\nmetadata: {name: pull-secret\ntype: kubernetes.io/dockerconfigjson\ndata: {.dockerconfigjson: e30=}\n"),
        no: parse("apiVersion: v1\nkind: Secret\nmetadata: {name: pull-secret}\ntype: kubernetes.io/dockerconfigjson\ndata: {.dockerconfigjson: e30=}\n"),
    }
    legacy_format_as_dockerconfigjson: LegacyFormatAsDockerconfigjson {
        yes: generic_dockerconfigjson(r#"{"quay.io":{"auth":"dXNlcjpwYXNz"}}"#),
        no: generic_dockerconfigjson(r#"{"auths":{"quay.io":{"auth":"dXNlcjpwYXNz"}}}"#),
    }
    link_left_to_oc: LinkLeftToOc {
        yes: grant_registry(None),
        no: grant_registry(Some("apiVersion: v1\nkind: ServiceAccount\nmetadata: {name: default, namespace: project-a}\n")),
    }
    legacy_converted: LegacyConverted {
        yes: merge_notes(
            r#"{"quay.io":{"auth":"dXNlcjpwYXNz"}}"#,
            r#"{"auths":{"registry.example.com":{"auth":"dXNlcjpwYXNz"}}}"#,
        ),
        no: merge_notes(
            r#"{"auths":{"quay.io":{"auth":"dXNlcjpwYXNz"}}}"#,
            r#"{"auths":{"registry.example.com":{"auth":"dXNlcjpwYXNz"}}}"#,
        ),
    }
    member_dropped: MemberDropped {
        yes: merge_notes(
            r#"{"auths":{"quay.io":{"auth":"dXNlcjpwYXNz"}},"credsStore":"desktop"}"#,
            r#"{"auths":{"registry.example.com":{"auth":"dXNlcjpwYXNz"}}}"#,
        ),
        no: merge_notes(
            r#"{"auths":{"quay.io":{"auth":"dXNlcjpwYXNz"}}}"#,
            r#"{"auths":{"registry.example.com":{"auth":"dXNlcjpwYXNz"}}}"#,
        ),
    }
    missing_credentials: MissingCredentials {
        yes: docker_registry("quay.io", "user", ""),
        no: docker_registry("quay.io", "user", "pass"),
    }
    node_config_skipped: NodeConfigSkipped {
        yes: node_notes(r#"{"auths":{"quay.io":{"auth":"dXNlcnBhc3M="}}}"#),
        no: node_notes(r#"{"auths":{"quay.io":{"auth":"dXNlcjpwYXNz"}}}"#),
    }
    not_a_pull_secret_document: NotAPullSecretDocument {
        // A bare YAML sequence of Secrets, without the `kind: List` around it.
        yes: parse("- apiVersion: v1\n  kind: Secret\n  metadata: {name: pull-secret}\n  type: kubernetes.io/dockerconfigjson\n  data: {.dockerconfigjson: e30=}\n"),
        no: parse("apiVersion: v1\nkind: List\nitems:\n- apiVersion: v1\n  kind: Secret\n  metadata: {name: pull-secret}\n  type: kubernetes.io/dockerconfigjson\n  data: {.dockerconfigjson: e30=}\n"),
    }
    not_one_pull_secret: NotOnePullSecret {
        yes: error_of(document::parse_one(
            "two.yaml",
            b"kind: Secret\nmetadata: {name: a}\ntype: kubernetes.io/dockercfg\ndata: {.dockercfg: e30=}\n---\nkind: Secret\nmetadata: {name: b}\ntype: kubernetes.io/dockercfg\ndata: {.dockercfg: e30=}\n",
            None,
        )),
        no: error_of(document::parse_one(
            "one.yaml",
            b"kind: Secret\nmetadata: {name: a}\ntype: kubernetes.io/dockercfg\ndata: {.dockercfg: e30=}\n",
            None,
        )),
    }
    missing_subjects: MissingSubjects {
        yes: error_of(rbac::positional(&["system:image-puller".into()], false, &[])),
        no: error_of(rbac::positional(&["system:image-puller".into(), "alice".into()], false, &[])),
    }
    not_a_secret: NotASecret {
        yes: parse(r#"{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"pull-secret"},"type":"kubernetes.io/dockerconfigjson","data":{".dockerconfigjson":"e30="}}"#),
        no: parse(r#"{"apiVersion":"v1","kind":"Secret","metadata":{"name":"pull-secret"},"type":"kubernetes.io/dockerconfigjson","data":{".dockerconfigjson":"e30="}}"#),
    }
    rolebinding_for_other_role: RolebindingForOtherRole {
        yes: add_role("kind: RoleBinding\nmetadata: {name: image-pullers}\nroleRef: {kind: ClusterRole, name: system:image-builder}\n"),
        no: add_role("kind: RoleBinding\nmetadata: {name: image-pullers}\nroleRef: {kind: ClusterRole, name: system:image-puller}\n"),
    }
    serviceaccount_not_short: ServiceaccountNotShort {
        yes: error_of(rbac::subjects(&[], &[], &["system:serviceaccount:a:b".to_owned()], "a")),
        no: error_of(rbac::subjects(&[], &[], &["b".to_owned()], "a")),
    }
    secret_data_not_base64: SecretDataNotBase64 {
        yes: parse(r#"{"kind":"Secret","metadata":{"name":"pull-secret"},"type":"kubernetes.io/dockerconfigjson","data":{".dockerconfigjson":"e30"}}"#),
        no: parse(r#"{"kind":"Secret","metadata":{"name":"pull-secret"},"type":"kubernetes.io/dockerconfigjson","data":{".dockerconfigjson":"e30="}}"#),
    }
    secret_data_not_string: SecretDataNotString {
        yes: parse(r#"{"kind":"Secret","metadata":{"name":"pull-secret"},"type":"kubernetes.io/dockerconfigjson","stringData":{".dockerconfigjson":{"auths":{}}}}"#),
        no: parse(r#"{"kind":"Secret","metadata":{"name":"pull-secret"},"type":"kubernetes.io/dockerconfigjson","stringData":{".dockerconfigjson":"{\"auths\":{}}"}}"#),
    }
    secret_empty_data: SecretEmptyData {
        yes: parse(r#"{"kind":"Secret","metadata":{"name":"pull-secret"},"type":"kubernetes.io/dockerconfigjson","data":{".dockerconfigjson":""}}"#),
        no: parse(r#"{"kind":"Secret","metadata":{"name":"pull-secret"},"type":"kubernetes.io/dockerconfigjson","data":{".dockerconfigjson":"e30="}}"#),
    }
    secret_not_a_pull_secret: SecretNotAPullSecret {
        yes: parse(r#"{"kind":"Secret","metadata":{"name":"pull-secret"},"type":"Opaque","data":{".dockerconfigjson":"e30="}}"#),
        no: parse(r#"{"kind":"Secret","metadata":{"name":"pull-secret"},"type":"kubernetes.io/dockerconfigjson","data":{".dockerconfigjson":"e30="}}"#),
    }
    legacy_target: LegacyTarget {
        yes: login("quay.io", r#"{"a.io":{"auth":"dXNlcjpwYXNz"}}"#),
        no: login("quay.io", r#"{"auths":{"a.io":{"auth":"dXNlcjpwYXNz"}}}"#),
    }
    namespace_mismatch: NamespaceMismatch {
        yes: set_data(
            r#"{"auths":{}}"#,
            Some("kind: Secret\nmetadata: {name: pull-secret, namespace: other}\ntype: kubernetes.io/dockerconfigjson\ndata: {.dockerconfigjson: e30=}\n"),
        ),
        no: set_data(
            r#"{"auths":{}}"#,
            Some("kind: Secret\nmetadata: {name: pull-secret}\ntype: kubernetes.io/dockerconfigjson\ndata: {.dockerconfigjson: e30=}\n"),
        ),
    }
    invalid_manifest: InvalidManifest {
        yes: set_data(
            r#"{"auths":{}}"#,
            Some("kind: Secret\nmetadata: {name: pull-secret, labels: {a: 1}}\ntype: kubernetes.io/dockerconfigjson\ndata: {.dockerconfigjson: e30=}\n"),
        ),
        no: set_data(
            r#"{"auths":{}}"#,
            Some("kind: Secret\nmetadata: {name: pull-secret, labels: {a: \"1\"}}\ntype: kubernetes.io/dockerconfigjson\ndata: {.dockerconfigjson: e30=}\n"),
        ),
    }
    secret_not_found: SecretNotFound {
        yes: set_data(
            r#"{"auths":{}}"#,
            Some("kind: Secret\nmetadata: {name: pull-secrets, namespace: openshift-config}\ntype: kubernetes.io/dockerconfigjson\ndata: {.dockerconfigjson: e30=}\n"),
        ),
        no: set_data(
            r#"{"auths":{}}"#,
            Some("kind: Secret\nmetadata: {name: pull-secret, namespace: openshift-config}\ntype: kubernetes.io/dockerconfigjson\ndata: {.dockerconfigjson: e30=}\n"),
        ),
    }
    server_key_not_normalized: ServerKeyNotNormalized {
        yes: docker_registry("Quay.io", "user", "pass"),
        no: docker_registry("quay.io", "user", "pass"),
    }
    serviceaccount_format: ServiceaccountFormat {
        yes: error_of(rbac::create_rolebinding(
            "image-pullers", "project-b", RoleRef { kind: "ClusterRole", name: "system:image-puller" },
            &[], &[], &["default".into()], Shape::Current,
        )),
        no: error_of(rbac::create_rolebinding(
            "image-pullers", "project-b", RoleRef { kind: "ClusterRole", name: "system:image-puller" },
            &[], &[], &["project-a:default".into()], Shape::Current,
        )),
    }
    serviceaccount_not_found: ServiceaccountNotFound {
        yes: link("apiVersion: v1\nkind: ServiceAccount\nmetadata: {name: builder, namespace: project-a}\n"),
        no: link("apiVersion: v1\nkind: ServiceAccount\nmetadata: {name: default, namespace: project-a}\n"),
    }
    telemetry_entry_changed: TelemetryEntryChanged {
        yes: diff_warnings(
            r#"{"auths":{"cloud.openshift.com":{"auth":"dXNlcjpwYXNz"},"quay.io":{"auth":"dXNlcjpwYXNz"}}}"#,
            r#"{"auths":{"quay.io":{"auth":"dXNlcjpwYXNz"},"registry.example.com":{"auth":"dXNlcjpwYXNz"}}}"#,
        ),
        no: diff_warnings(
            r#"{"auths":{"cloud.openshift.com":{"auth":"dXNlcjpwYXNz"},"quay.io":{"auth":"dXNlcjpwYXNz"}}}"#,
            r#"{"auths":{"cloud.openshift.com":{"auth":"dXNlcjpwYXNz"},"quay.io":{"auth":"dXNlcjpwYXNz"},"registry.example.com":{"auth":"dXNlcjpwYXNz"}}}"#,
        ),
    }
    unknown_link_for: UnknownLinkFor {
        yes: error_of(service_account::parse_link_for(&["push".into()])),
        no: error_of(service_account::parse_link_for(&["pull".into()])),
    }
    wrong_json_type: WrongJsonType {
        yes: parse(r#"{"auths":{"quay.io":{"auth":"dXNlcjpwYXNz","email":false}}}"#),
        no: parse(r#"{"auths":{"quay.io":{"auth":"dXNlcjpwYXNz","email":""}}}"#),
    }
    wrong_secret_type: WrongSecretType {
        yes: error_of(node_config::node_config(&config(
            "pull-secret.json",
            r#"{"kind":"Secret","metadata":{"name":"pull-secret","namespace":"openshift-config"},"type":"kubernetes.io/dockercfg","data":{".dockercfg":"e30="}}"#,
        ))),
        no: error_of(node_config::node_config(&config(
            "pull-secret.json",
            r#"{"kind":"Secret","metadata":{"name":"pull-secret","namespace":"openshift-config"},"type":"kubernetes.io/dockerconfigjson","data":{".dockerconfigjson":"e30="}}"#,
        ))),
    }
}
