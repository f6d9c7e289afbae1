//! Every rule of another system that our output cites, in one table. An ID is a public
//! contract like a code: findings carry it in `rule`, and `docs/rules.md` explains each one
//! with its upstream source (a test checks that the two lists are the same).

/// Whose behaviour a rule describes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Consumer {
    Kubelet,
    Kubectl,
    Containers,
    Docker,
    OpenShift,
    Installer,
}

impl Consumer {
    /// How text output names the consumer: `(kubelet rule P3)`.
    pub fn label(self) -> &'static str {
        match self {
            Consumer::Kubelet => "kubelet",
            Consumer::Kubectl => "kubectl",
            Consumer::Containers => "containers/image",
            Consumer::Docker => "docker CLI",
            Consumer::OpenShift => "OpenShift",
            Consumer::Installer => "installer",
        }
    }
}

macro_rules! rules {
    ($($id:ident = $consumer:ident, $title:literal;)*) => {
        /// A rule ID: a letter for the consumer (K, N, P, S, M kubelet; E kubectl; C
        /// containers/image; D docker CLI; O oc and OpenShift; I installers) and a number.
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

            pub fn consumer(self) -> Consumer {
                match self {
                    $(Rule::$id => Consumer::$consumer,)*
                }
            }

            /// One line saying what the rule is about.
            pub fn title(self) -> &'static str {
                match self {
                    $(Rule::$id => $title,)*
                }
            }
        }
    };
}

rules! {
    M1 = Kubelet, "one keyring per pod: pull secrets in pod order, then the node's config.json";
    M2 = Kubelet, "one pull secret the kubelet cannot decode fails every pull of the pod";
    M3 = Kubelet, "credentials are tried in order; once there are any, no anonymous pull";
    N1 = Kubelet, "from an image reference to the string the keyring looks up";
    S1 = Kubelet, "which Secrets count as pull secrets";
    S2 = Kubelet, "the Secret type decides the format; the content is not sniffed";
    S3 = Kubelet, "a missing or null `auths` is zero entries";
    P1 = Kubelet, "Go's JSON decoding: a wrong type anywhere fails the secret";
    P2 = Kubelet, "`auth` wins over `username` and `password`";
    P3 = Kubelet, "the base64 in `auth`";
    P4 = Kubelet, "the decoded `auth` is split at its first colon";
    P5 = Kubelet, "`email` is kept but never used for a pull";
    P6 = Kubelet, "tokens are ignored; a token-only entry is an empty credential";
    P7 = Kubelet, "member names match in any case";
    P8 = Kubelet, "a repeated member: the last one wins";
    P9 = Kubelet, "`null` entries, fields and documents";
    K1 = Kubelet, "from a registry key to a URL";
    K2 = Kubelet, "the index key: `/v1/` and `/v2/` cut, host or host and path";
    K3 = Kubelet, "every key is tested and every match is returned";
    K4 = Kubelet, "how a key matches a lookup string";
    K6 = Kubelet, "the Docker Hub fallback to `index.docker.io`";
    K7 = Kubelet, "the order of the answer: reverse byte order of index keys";
    K8 = Kubelet, "several entries on one index key";
    E1 = Kubectl, "the `.dockerconfigjson` payload of `create secret docker-registry`";
    E2 = Kubectl, "HTML characters escaped in that payload";
    E3 = Kubectl, "`--docker-server` used verbatim";
    E4 = Kubectl, "required flags, and `--from-file` stored verbatim";
    E5 = Kubectl, "the Secret object printed";
    E6 = Kubectl, "the `--append-hash` name suffix";
    E7 = Kubectl, "`create rolebinding` subjects";
    E8 = Kubectl, "a colon in the user name does not survive the round trip";
    C1 = Containers, "what is looked up, and when CRI-O searches auth files at all";
    C2 = Containers, "auth files are searched in order";
    C3 = Containers, "only `auths` and `credHelpers` are decoded";
    C4 = Containers, "a credential helper for the registry is asked first";
    C5 = Containers, "exact keys, most specific first; the first that exists wins";
    C6 = Containers, "the fallback to keys that normalize to the registry";
    C7 = Containers, "no wildcards in auth files";
    C8 = Containers, "decoding the selected entry";
    D1 = Docker, "only the registry host is looked up";
    D2 = Docker, "the exact key, else the first key with that host";
    D3 = Docker, "credential helpers, and what happens when they fail";
    D4 = Docker, "every entry is decoded when the file loads";
    D5 = Docker, "plain user name and password, identity tokens";
    O1 = OpenShift, "`oc registry login` validates the registry key";
    O2 = OpenShift, "how `oc registry login --to` rewrites the file";
    O3 = OpenShift, "`oc secrets link`";
    O4 = OpenShift, "`oc policy add-role-to-user` and `add-role-to-group`";
    O5 = OpenShift, "`oc set data` and the API server's check of pull-secret data";
    O6 = OpenShift, "the node's `/var/lib/kubelet/config.json` from the global pull secret";
    O7 = OpenShift, "HyperShift's global pull secret merge";
    O8 = OpenShift, "Telemetry and Insights use the `cloud.openshift.com` entry";
    I1 = Installer, "what `openshift-install` accepts as `pullSecret`";
    I2 = Installer, "how the assisted installer parses a pull secret";
    I3 = Installer, "which registries the assisted installer requires";
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
