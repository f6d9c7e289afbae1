//! Every rule of another system that our output cites, in one table. An ID is a public
//! contract like a code: findings carry it in `rule`, and `docs/rules.md` explains each one
//! with its upstream source (a test checks that the two lists are the same).

macro_rules! rules {
    ($($id:ident = $consumer:literal, $title:literal;)*) => {
        /// A rule ID: a letter for the consumer (K, N, P, S, M kubelet; E kubectl; C
        /// containers/image; D docker CLI; O oc and OpenShift; I installers; A the API server's
        /// admission and authorization) and a number.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum Rule {
            $($id,)*
        }

        impl Rule {
            /// Every rule, in the order `docs/rules.md` documents them.
            pub const ALL: &[Rule] = &[$(Rule::$id,)*];

            pub fn id(self) -> &'static str {
                match self {
                    $(Rule::$id => stringify!($id),)*
                }
            }

            /// Whose behaviour the rule describes, as text output names it:
            /// `(kubelet rule P3)`, `(Machine Config Operator rule O6)`.
            pub fn consumer(self) -> &'static str {
                match self {
                    $(Rule::$id => $consumer,)*
                }
            }

            /// Its title in `docs/rules.md`.
            pub fn title(self) -> &'static str {
                match self {
                    $(Rule::$id => $title,)*
                }
            }
        }
    };
}

rules! {
    M1 = "kubelet", "One keyring per pod: pull secrets in pod order, then the node's config.json";
    M2 = "kubelet", "One pull secret the kubelet cannot decode fails every pull of the pod";
    M3 = "kubelet", "Credentials are tried in order; once there are any, no anonymous pull";
    N1 = "kubelet", "From an image reference to the lookup string";
    S1 = "kubelet", "Which Secrets count as pull secrets";
    S2 = "kubelet", "The Secret type decides the format; the content is not sniffed";
    S3 = "kubelet", "A missing or null `auths` is zero entries";
    P1 = "kubelet", "Go's JSON decoding: a wrong type anywhere fails the secret";
    P2 = "kubelet", "`auth` wins over `username` and `password`";
    P3 = "kubelet", "The base64 in `auth`";
    P4 = "kubelet", "The decoded `auth` is split at its first colon";
    P5 = "kubelet", "`email` is kept but never used for a pull";
    P6 = "kubelet", "Tokens are ignored; a token-only entry is an empty credential";
    P7 = "kubelet", "Member names match in any case";
    P8 = "kubelet", "A repeated member: the last one wins";
    P9 = "kubelet", "`null` entries, fields and documents";
    K1 = "kubelet", "From a registry key to a URL";
    K2 = "kubelet", "The index key: `/v1/` and `/v2/` cut, host or host and path";
    K3 = "kubelet", "Every key is tested, and every match is returned";
    K4 = "kubelet", "How a key matches a lookup string";
    K6 = "kubelet", "The Docker Hub fallback to `index.docker.io`";
    K7 = "kubelet", "The order of the answer: reverse byte order of index keys";
    K8 = "kubelet", "Several entries on one index key";
    E1 = "kubectl", "The `.dockerconfigjson` payload of `create secret docker-registry`";
    E2 = "kubectl", "HTML characters escaped in that payload";
    E3 = "kubectl", "`--docker-server` used verbatim";
    E4 = "kubectl", "Required flags, and `--from-file` stored verbatim";
    E5 = "kubectl", "The Secret object printed";
    E6 = "kubectl", "The `--append-hash` name suffix";
    E7 = "kubectl", "`create rolebinding` subjects";
    E8 = "kubectl", "A colon in the user name does not survive the round trip";
    E9 = "kubectl", "Where a new Secret's data comes from";
    C1 = "containers/image", "What is looked up, and when CRI-O searches auth files at all";
    C2 = "containers/image", "Auth files are searched in order";
    C3 = "containers/image", "Only `auths` and `credHelpers` are decoded";
    C4 = "containers/image", "A credential helper for the registry is asked first";
    C5 = "containers/image", "Exact keys, most specific first; the first that exists wins";
    C6 = "containers/image", "The fallback to keys that normalize to the registry";
    C7 = "containers/image", "No wildcards in auth files";
    C8 = "containers/image", "Decoding the selected entry";
    D1 = "docker CLI", "Only the registry host is looked up";
    D2 = "docker CLI", "The exact key, else the first key with that host";
    D3 = "docker CLI", "Credential helpers, and what happens when they fail";
    D4 = "docker CLI", "Every entry is decoded when the file loads";
    D5 = "docker CLI", "Plain user name and password, identity tokens";
    O1 = "oc", "`oc registry login` validates the registry key";
    O2 = "oc", "How `oc registry login --to` rewrites the file";
    O3 = "oc", "`oc secrets link`";
    O4 = "oc", "`oc policy add-role-to-user` and `add-role-to-group`";
    O5 = "oc", "`oc set data` and the API server's check of pull-secret data";
    O6 = "Machine Config Operator", "The node's `/var/lib/kubelet/config.json` from the global pull secret";
    O7 = "HyperShift", "HyperShift's global pull secret merge";
    O8 = "Insights and Telemetry", "Telemetry and Insights use the `cloud.openshift.com` entry";
    O9 = "openshift-controller-manager", "Each ServiceAccount's pull secret for the integrated registry";
    O10 = "integrated registry", "A pull from the integrated registry is authorized in the image's project";
    I1 = "openshift-install", "What `openshift-install` accepts as `pullSecret`";
    I2 = "assisted installer", "How the assisted installer parses a pull secret";
    I3 = "assisted installer", "Which registries the assisted installer requires";
    A1 = "ServiceAccount admission", "A pod gets its ServiceAccount's pull secrets once, when it is created, and only if it lists none";
    A2 = "RBAC", "Who a binding grants a role to, and which requests a rule allows";
}

impl Rule {
    /// Where the rule is explained, relative to the project root.
    pub fn doc(self) -> String {
        format!("docs/rules.md#{}", self.id().to_ascii_lowercase())
    }
}

impl std::fmt::Display for Rule {
    /// `rule K4`, as free text cites it.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "rule {}", self.id())
    }
}
