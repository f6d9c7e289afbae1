//! Every diagnostic code the guest can emit, in one list, with the fix each one calls for.
//! A code is a public contract: hosts and scripts key on it, and `docs/diagnostics.md`
//! documents each one (a test checks both ways).

macro_rules! codes {
    ($($variant:ident = $code:literal $(=> $fix:literal)?,)*) => {
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

            /// What to do about it, when one sentence can say it.
            pub fn fix(self) -> Option<&'static str> {
                match self {
                    $(Code::$variant => None $(.or(Some($fix)))?,)*
                }
            }
        }
    };
}

codes! {
    // Reading and looking up.
    AuthNoColon = "auth-no-colon"
        => "re-encode the pair with a colon: `printf %s 'user:password' | base64 -w0`",
    AuthNotBase64 = "auth-not-base64"
        => "re-encode the pair: `printf %s 'user:password' | base64 -w0` (standard alphabet, padded, no spaces)",
    DockerConfigUnloadable = "docker-config-unloadable",
    EmptyEntryBlocks = "empty-entry-blocks"
        => "give the entry credentials or delete it, so the less specific key is used",
    EmptyFile = "empty-file",
    InvalidImageReference = "invalid-image-reference",
    InvalidJson = "invalid-json"
        => "fix the JSON syntax at the location given (`jq . FILE` shows it too)",
    InvalidRegistryKey = "invalid-registry-key",
    InvalidSecretData = "invalid-secret-data",
    InvalidYaml = "invalid-yaml",
    LegacyFormatAsDockerconfigjson = "legacy-format-as-dockerconfigjson"
        => "wrap the entries in {\"auths\": ...}, or store the file as `.dockercfg` with type kubernetes.io/dockercfg",
    MissingCredentials = "missing-credentials",
    NodeConfigSkipped = "node-config-skipped",
    NotAPullSecretDocument = "not-a-pull-secret-document",
    NotASecret = "not-a-secret",
    SecretDataNotBase64 = "secret-data-not-base64",
    SecretDataNotString = "secret-data-not-string",
    SecretEmptyData = "secret-empty-data",
    SecretNotAPullSecret = "secret-not-a-pull-secret",
    WrongJsonType = "wrong-json-type"
        => "give the member the JSON type named in the message (strings for every entry field)",
    // Editing and manifests.
    ColonInUsername = "colon-in-username",
    LinkLeftToOc = "link-left-to-oc",
    MemberDropped = "member-dropped",
    RolebindingForOtherRole = "rolebinding-for-other-role",
    SecretNotFound = "secret-not-found",
    ServerKeyNotNormalized = "server-key-not-normalized",
    ServiceaccountFormat = "serviceaccount-format",
    ServiceaccountNotFound = "serviceaccount-not-found",
    ServiceaccountNotShort = "serviceaccount-not-short",
    TelemetryEntryChanged = "telemetry-entry-changed",
    UnknownLinkFor = "unknown-link-for",
    WrongSecretType = "wrong-secret-type",
    // Validation: the consumers' pitfalls.
    AmbiguousFallback = "ambiguous-fallback"
        => "add an entry under the plain registry host, which every consumer finds first, or keep one of the keys",
    AuthBase64Noncanonical = "auth-base64-noncanonical"
        => "re-encode the pair: `printf %s 'user:password' | base64 -w0`",
    AuthBase64Unpadded = "auth-base64-unpadded"
        => "re-encode with padding: `printf %s 'user:password' | base64 -w0`",
    AuthEmptyUsername = "auth-empty-username"
        => "put the user name before the colon (registries that take tokens accept any name)",
    AuthMismatch = "auth-mismatch"
        => "delete `username`/`password`, or re-encode `auth` from them, so there is one truth",
    CredentialHelper = "credential-helper"
        => "store the credentials in `auths` with an `auth` value; nodes run no credential helper",
    DockerHubKeyVariant = "docker-hub-key-variant"
        => "for the docker CLI too, key Docker Hub credentials as `https://index.docker.io/v1/`",
    DockerconfigjsonAsDockercfg = "dockerconfigjson-as-dockercfg"
        => "store the file as `.dockerconfigjson` with type kubernetes.io/dockerconfigjson",
    DuplicateIndexKey = "duplicate-index-key"
        => "keep one of the keys: the kubelet tries both, in an order that changes between runs",
    DuplicateKey = "duplicate-key"
        => "delete the earlier occurrence; only the last one counts",
    EmptyEntry = "empty-entry"
        => "give the entry an `auth` value or delete it",
    KeyDefaultPort = "key-default-port"
        => "drop the port from the key, unless images really name it",
    KeyGlob = "key-glob"
        => "add literal host keys for CRI-O, podman and the docker CLI, which read `*` literally",
    KeyNeverMatches = "key-never-matches"
        => "write the key as `registry.example.com[:port][/namespace]`; Docker Hub credentials go under `docker.io[/namespace]` or `https://index.docker.io/v1/`, never `index.docker.io/namespace`",
    KeyPathPrefix = "key-path-prefix"
        => "if another namespace starts with the same name, give it its own key: the kubelet tries the longer key first",
    KeyScopeDiffers = "key-scope-differs"
        => "drop the scheme (`quay.io/ns`, not `https://quay.io/ns`) so every consumer scopes the key to the namespace",
    KeyUppercase = "key-uppercase"
        => "write the host in lower case, as image references do",
    NoEntries = "no-entries"
        => "add the registries' credentials under `auths`",
    PlainCredentialsOnly = "plain-credentials-only"
        => "add `auth`: `printf %s 'user:password' | base64 -w0`",
    TelemetryTokenNewline = "telemetry-token-newline"
        => "re-encode the cloud.openshift.com `auth` on one line (`base64 -w0`)",
    TokenOnlyEntry = "token-only-entry"
        => "add an `auth` for user:password; only the docker CLI sends identity tokens from a file",
    // Validation: policies.
    HttpKey = "http-key"
        => "drop the `http://` scheme from the key",
    MirrorMissing = "mirror-missing"
        => "add the mirror registry's credentials: `pullsecret login --registry MIRROR ... --to FILE`",
    PlaintextCredentials = "plaintext-credentials"
        => "encode the pair into `auth` (`printf %s 'user:password' | base64 -w0`) and delete `username` and `password`",
    PolicyContradiction = "policy-contradiction"
        => "remove one of the two settings",
    PolicyEntryUnused = "policy-entry-unused"
        => "remove the pattern, or correct it to match a key",
    PolicyInvalid = "policy-invalid"
        => "correct the policy file at the path given (`docs/policies.md` lists the fields)",
    RegistryForbidden = "registry-forbidden"
        => "remove the entry",
    RegistryNotAllowed = "registry-not-allowed"
        => "remove the entry, or add a pattern for it to `allowed`",
    RequiredRegistryMissing = "required-registry-missing"
        => "add the registry's credentials: `pullsecret login --registry REGISTRY ... --to FILE`",
    RequiredRegistryUnusable = "required-registry-unusable"
        => "replace the entry with working credentials: `pullsecret login --registry REGISTRY ... --to FILE`",
    // Installers.
    AssistedAuthFormat = "assisted-auth-format"
        => "re-encode the pair with a colon: `printf %s 'user:password' | base64 -w0`",
    AssistedAuthNotBase64 = "assisted-auth-not-base64"
        => "re-encode the pair with padding: `printf %s 'user:password' | base64 -w0`",
    AssistedAuthNotString = "assisted-auth-not-string"
        => "make `auth` a base64 string",
    AssistedAuthsRequired = "assisted-auths-required"
        => "download the pull secret again from console.redhat.com/openshift/install/pull-secret",
    AssistedInvalidJson = "assisted-invalid-json"
        => "fix the JSON syntax; the assisted installer gives no location",
    AssistedRegistryRequired = "assisted-registry-required"
        => "add credentials for the registry named (for an image, the registry it is pulled from), or mirror the image",
    InstallerAuthOrCredsStore = "installer-auth-or-creds-store"
        => "give the entry an `auth` value",
    InstallerAuthsRequired = "installer-auths-required"
        => "download the pull secret again from console.redhat.com/openshift/install/pull-secret",
    InstallerInvalidJson = "installer-invalid-json"
        => "fix the JSON at the location given: its syntax, or the type the message names",
}

impl std::fmt::Display for Code {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}
