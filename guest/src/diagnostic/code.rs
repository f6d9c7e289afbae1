//! Every diagnostic code the guest can emit, in one table: its default severity, the rule it
//! cites, whether a policy may re-grade it, and the fix it calls for. Codes whose message is
//! another tool's own error, word for word (oc's, kubectl's), cite no rule, so that the line
//! we print is the line that tool prints. Adding a code is one
//! line here and one entry in `docs/diagnostics.md` (a test checks both ways, severities
//! included). A code is a public contract: hosts and scripts key on it.

use super::Severity;
use super::rule::Rule;

macro_rules! codes {
    ($($variant:ident = $code:literal, $severity:ident, [$($rule:ident)?], $grade:ident $(, $fix:literal)?;)*) => {
        /// A stable kebab-case diagnostic code.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum Code {
            $($variant,)*
        }

        impl Code {
            /// Every code, in catalogue order.
            pub const ALL: &[Code] = &[$(Code::$variant,)*];

            pub fn as_str(self) -> &'static str {
                match self {
                    $(Code::$variant => $code,)*
                }
            }

            /// The severity a finding has unless its emitter or a policy says otherwise.
            pub fn severity(self) -> Severity {
                match self {
                    $(Code::$variant => Severity::$severity,)*
                }
            }

            /// The rule a finding cites unless its emitter names a more precise one.
            pub fn rule(self) -> Option<Rule> {
                match self {
                    $(Code::$variant => None $(.or(Some(Rule::$rule)))?,)*
                }
            }

            /// Whether a policy may re-grade it: the consumers' pitfalls may; codes that mean a
            /// consumer rejects the input, and the policies' own codes, may not.
            pub fn adjustable(self) -> bool {
                match self {
                    $(Code::$variant => Grade::$grade == Grade::adjustable,)*
                }
            }

            /// What to do about it, when one sentence can say it.
            pub fn fix(self) -> Option<&'static str> {
                match self {
                    $(Code::$variant => None $(.or(Some($fix)))?,)*
                }
            }
        }
    };
}

/// The two values of the table's grade column.
#[derive(PartialEq)]
#[expect(
    non_camel_case_types,
    reason = "the table reads as prose: `adjustable`, `fixed`"
)]
enum Grade {
    adjustable,
    fixed,
}

codes! {
    // Reading and looking up.
    AuthNoColon = "auth-no-colon", Error, [P4], fixed,
        "re-encode the pair with a colon: `printf %s 'user:password' | base64 -w0`";
    AuthNotBase64 = "auth-not-base64", Error, [P3], fixed,
        "re-encode the pair: `printf %s 'user:password' | base64 -w0` (standard alphabet, padded, no spaces)";
    DockerConfigUnloadable = "docker-config-unloadable", Warning, [D4], fixed,
        "re-encode the named entry's `auth` from `user:password` (`printf %s 'user:password' | base64 -w0`), or remove the entry";
    EmptyEntryBlocks = "empty-entry-blocks", Warning, [C5], adjustable,
        "give the entry credentials or delete it, so the less specific key is used";
    EmptyFile = "empty-file", Error, [], fixed;
    InputLimit = "input-limit", Error, [], fixed,
        "give the pull secret as a config or a Secret manifest of ordinary depth: no real one comes near this limit";
    InvalidImageReference = "invalid-image-reference", Error, [N1], fixed;
    InvalidManifest = "invalid-manifest", Error, [], fixed,
        "give the member the type the message names, as `kubectl apply --dry-run=client -f FILE` would accept it";
    InvalidJson = "invalid-json", Error, [], fixed,
        "fix the JSON syntax at the location given (`jq . FILE` shows it too)";
    InvalidRegistryKey = "invalid-registry-key", Error, [], fixed;
    InvalidSecretData = "invalid-secret-data", Error, [O5], fixed,
        "the API server rejects this value for the Secret's type: correct the file, or give --force to write it anyway";
    InvalidYaml = "invalid-yaml", Error, [], fixed;
    LegacyFormatAsDockerconfigjson = "legacy-format-as-dockerconfigjson", Warning, [S2], adjustable,
        "wrap the entries in {\"auths\": ...}, or store the file as `.dockercfg` with type kubernetes.io/dockercfg";
    MissingCredentials = "missing-credentials", Error, [], fixed;
    NodeConfigSkipped = "node-config-skipped", Warning, [M1], fixed;
    NotAPullSecretDocument = "not-a-pull-secret-document", Error, [], fixed;
    NotASecret = "not-a-secret", Info, [S1], fixed;
    NotOnePullSecret = "not-one-pull-secret", Error, [], fixed,
        "give a file that holds one pull secret: a docker config, or a manifest with one Secret of a pull-secret type";
    SecretDataNotBase64 = "secret-data-not-base64", Error, [], fixed;
    SecretDataNotString = "secret-data-not-string", Error, [], fixed;
    SecretEmptyData = "secret-empty-data", Info, [S1], fixed;
    SecretNotAPullSecret = "secret-not-a-pull-secret", Info, [S1], fixed;
    WrongJsonType = "wrong-json-type", Error, [P1], fixed,
        "give the member the JSON type named in the message (strings for every entry field)";
    // Editing and manifests.
    ColonInUsername = "colon-in-username", Warning, [E8], fixed;
    DuplicateDataKey = "duplicate-data-key", Error, [], fixed,
        "give each key once: a directory's file names count as keys too";
    InvalidDataKey = "invalid-data-key", Error, [], fixed,
        "name the key with letters, digits, '-', '_' and '.' only (`--from-file=KEY=FILE` sets it)";
    InvalidSource = "invalid-source", Error, [], fixed;
    LegacyTarget = "legacy-target", Error, [], fixed,
        "convert the file first (`pullsecret merge FILE -o NEW.json` writes it with \"auths\"), or give --compat oc, which drops the legacy entries as oc does";
    LegacyConverted = "legacy-converted", Info, [], fixed,
        "store the merged file as `.dockerconfigjson`, in a Secret of type kubernetes.io/dockerconfigjson";
    LinkLeftToOc = "link-left-to-oc", Info, [O3], fixed;
    MemberDropped = "member-dropped", Warning, [O7], fixed;
    MissingSubjects = "missing-subjects", Error, [], fixed,
        "name the role, then at least one user (or group, for add-role-to-group), or give -z SERVICE_ACCOUNT";
    NamespaceMismatch = "namespace-mismatch", Error, [], fixed,
        "leave out -n, or give the namespace the manifest names";
    RolebindingForOtherRole = "rolebinding-for-other-role", Error, [], fixed;
    SecretNotFound = "secret-not-found", Error, [], fixed;
    ServerKeyNotNormalized = "server-key-not-normalized", Warning, [E3], fixed;
    ServiceaccountFormat = "serviceaccount-format", Error, [], fixed;
    ServiceaccountNotFound = "serviceaccount-not-found", Error, [], fixed;
    ServiceaccountNotShort = "serviceaccount-not-short", Error, [], fixed;
    TelemetryEntryChanged = "telemetry-entry-changed", Warning, [O8], fixed;
    UnreadableSource = "unreadable-source", Error, [], fixed;
    UnknownLinkFor = "unknown-link-for", Error, [], fixed;
    WrongSecretType = "wrong-secret-type", Error, [], fixed;
    // Validation: the consumers' pitfalls (policies may re-grade these).
    AmbiguousFallback = "ambiguous-fallback", Warning, [C6], adjustable,
        "add an entry under the plain registry host, which every consumer finds first, or keep one of the keys";
    AuthBase64Noncanonical = "auth-base64-noncanonical", Info, [P3], adjustable,
        "re-encode the pair: `printf %s 'user:password' | base64 -w0`";
    AuthBase64Unpadded = "auth-base64-unpadded", Warning, [P3], adjustable,
        "re-encode with padding: `printf %s 'user:password' | base64 -w0`";
    AuthEmptyUsername = "auth-empty-username", Info, [D4], adjustable,
        "put the user name before the colon (registries that take tokens accept any name)";
    AuthMismatch = "auth-mismatch", Warning, [P2], adjustable,
        "delete `username`/`password`, or re-encode `auth` from them, so there is one truth";
    CredentialHelper = "credential-helper", Warning, [C4], adjustable,
        "store the credentials in `auths` with an `auth` value; nodes run no credential helper";
    DockerHubKeyVariant = "docker-hub-key-variant", Info, [D1], adjustable,
        "for the docker CLI too, key Docker Hub credentials as `https://index.docker.io/v1/`";
    DockerconfigjsonAsDockercfg = "dockerconfigjson-as-dockercfg", Warning, [S2], adjustable,
        "store the file as `.dockerconfigjson` with type kubernetes.io/dockerconfigjson";
    DuplicateIndexKey = "duplicate-index-key", Warning, [K8], adjustable,
        "keep one of the keys: the kubelet tries both, in an order that changes between runs";
    DuplicateKey = "duplicate-key", Warning, [P8], adjustable,
        "delete the earlier occurrence; only the last one counts";
    EmptyEntry = "empty-entry", Warning, [P9], adjustable,
        "give the entry an `auth` value or delete it";
    KeyDefaultPort = "key-default-port", Warning, [K4], adjustable,
        "drop the port from the key, unless images really name it";
    KeyGlob = "key-glob", Warning, [K4], adjustable,
        "add literal host keys for CRI-O, podman and the docker CLI, which read `*` literally";
    KeyNeverMatches = "key-never-matches", Warning, [K1], adjustable,
        "write the key as `registry.example.com[:port][/namespace]`; Docker Hub credentials go under `docker.io[/namespace]` or `https://index.docker.io/v1/`, never `index.docker.io/namespace`";
    KeyPathPrefix = "key-path-prefix", Info, [K4], adjustable,
        "if another namespace starts with the same name, give it its own key: the kubelet tries the longer key first";
    KeyScopeDiffers = "key-scope-differs", Warning, [K2], adjustable,
        "drop the scheme (`quay.io/ns`, not `https://quay.io/ns`) so every consumer scopes the key to the namespace";
    KeyUppercase = "key-uppercase", Warning, [K4], adjustable,
        "write the host in lower case, as image references do";
    NoEntries = "no-entries", Warning, [S3], adjustable,
        "add the registries' credentials under `auths`";
    PlainCredentialsOnly = "plain-credentials-only", Warning, [P2], adjustable,
        "add `auth`: `printf %s 'user:password' | base64 -w0`";
    TelemetryTokenNewline = "telemetry-token-newline", Error, [O8], fixed,
        "re-encode the cloud.openshift.com `auth` on one line (`base64 -w0`)";
    TokenOnlyEntry = "token-only-entry", Warning, [P6], adjustable,
        "add an `auth` for user:password; only the docker CLI sends identity tokens from a file";
    // Validation: policies.
    HttpKey = "http-key", Error, [], fixed,
        "drop the `http://` scheme from the key";
    InvalidArgument = "invalid-argument", Error, [], fixed,
        "give registry names as `host[:port][/path]` and images as references (`quay.io/org/app:tag`)";
    MirrorMissing = "mirror-missing", Error, [], fixed,
        "add the mirror registry's credentials: `pullsecret login --registry MIRROR ... --to FILE`";
    PlaintextCredentials = "plaintext-credentials", Error, [], fixed,
        "encode the pair into `auth` (`printf %s 'user:password' | base64 -w0`) and delete `username` and `password`";
    PolicyContradiction = "policy-contradiction", Error, [], fixed,
        "remove one of the two settings";
    PolicyEntryUnused = "policy-entry-unused", Warning, [], fixed,
        "remove the pattern, or correct it to match a key";
    PolicyInvalid = "policy-invalid", Error, [], fixed,
        "correct the policy file at the path given (`docs/policies.md` lists the fields)";
    RegistryForbidden = "registry-forbidden", Error, [], fixed,
        "remove the entry";
    RegistryNotAllowed = "registry-not-allowed", Error, [], fixed,
        "remove the entry, or add a pattern for it to `allowed`";
    RequiredRegistryMissing = "required-registry-missing", Error, [], fixed,
        "add the registry's credentials: `pullsecret login --registry REGISTRY ... --to FILE`";
    RequiredRegistryUnusable = "required-registry-unusable", Error, [], fixed,
        "replace the entry with working credentials: `pullsecret login --registry REGISTRY ... --to FILE`";
    // Installers.
    AssistedAuthFormat = "assisted-auth-format", Error, [I2], fixed,
        "re-encode the pair with a colon: `printf %s 'user:password' | base64 -w0`";
    AssistedAuthNotBase64 = "assisted-auth-not-base64", Error, [I2], fixed,
        "re-encode the pair with padding: `printf %s 'user:password' | base64 -w0`";
    AssistedAuthNotString = "assisted-auth-not-string", Error, [I2], fixed,
        "make `auth` a base64 string";
    AssistedAuthsRequired = "assisted-auths-required", Error, [I2], fixed,
        "download the pull secret again from console.redhat.com/openshift/install/pull-secret";
    AssistedInvalidJson = "assisted-invalid-json", Error, [I2], fixed,
        "fix the JSON syntax; the assisted installer gives no location";
    AssistedRegistryRequired = "assisted-registry-required", Error, [I3], fixed,
        "add credentials for the registry named (for an image, the registry it is pulled from), or mirror the image";
    InstallerAuthOrCredsStore = "installer-auth-or-creds-store", Error, [I1], fixed,
        "give the entry an `auth` value";
    InstallerAuthsRequired = "installer-auths-required", Error, [I1], fixed,
        "download the pull secret again from console.redhat.com/openshift/install/pull-secret";
    InstallerInvalidJson = "installer-invalid-json", Error, [I1], fixed,
        "fix the JSON at the location given: its syntax, or the type the message names";
    // Auditing a cluster.
    ImagePullNotGranted = "image-pull-not-granted", Error, [O10], fixed,
        "grant the pod's ServiceAccount `system:image-puller` in the image's project: `oc policy add-role-to-user system:image-puller system:serviceaccount:NS:SA -n PROJECT`";
    NoCredentialForRegistry = "no-credential-for-registry", Error, [M3], fixed;
    PullSecretNotFound = "pull-secret-not-found", Warning, [M1], fixed;
    PullSecretUndecodable = "pull-secret-undecodable", Error, [M2], fixed;
    SecretLinkedForMountOnly = "secret-linked-for-mount-only", Warning, [O3], fixed;
    ServiceAccountNotProvisioned = "service-account-not-provisioned", Warning, [A1], fixed;
}

impl std::fmt::Display for Code {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}
