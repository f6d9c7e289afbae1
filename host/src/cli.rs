//! Every flag, defined once: `--help`, the shell completions and the man page all come from
//! these definitions and their doc comments. Argument syntax (`KEY=FILE`, `user:password`)
//! is parsed here; what the values mean is the component's business.

use std::path::{Path, PathBuf};

use clap::{Args, CommandFactory, Parser, Subcommand, ValueEnum};

use crate::component::{Format, ManifestOutput, Prefer, Semantics, Shape};

/// Explain and check container image pull secrets, offline, exactly as the kubelet reads them.
///
/// All pull-secret logic runs in an embedded WebAssembly component that imports nothing: no
/// byte of a secret can leave this process. Exit codes: 0 ok, 1 `validate` found errors,
/// 2 usage, input or I/O error.
#[derive(Debug, Parser)]
#[command(name = "pullsecret", version, propagate_version = true)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

/// The command line as clap sees it. Installed or linked as `kubectl-pullsecret` or
/// `oc-pullsecret`, the binary is a kubectl or oc plugin (`kubectl pullsecret match ...`),
/// and its help and errors say so.
pub fn command() -> clap::Command {
    let command = Cli::command();
    let argv0 = std::env::args_os().next();
    let name = argv0
        .as_deref()
        .and_then(|a| Path::new(a).file_name())
        .and_then(|n| n.to_str());
    match name {
        Some("kubectl-pullsecret") => command.bin_name("kubectl pullsecret"),
        Some("oc-pullsecret") => command.bin_name("oc pullsecret"),
        _ => command,
    }
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Show what is in pull secrets: every registry entry, with secrets masked.
    Parse(ParseArgs),
    /// Which credentials the kubelet sends for an image, in the order it tries them.
    Match(MatchArgs),
    /// Why each entry of each pull secret is used or not, for every consumer side by side.
    Explain(ExplainArgs),
    /// Print the decoded `.dockerconfigjson` (or `.dockercfg`) of a Secret manifest, byte for
    /// byte, like `oc get secret --template='{{index .data ".dockerconfigjson" | base64decode}}'`.
    Extract(ExtractArgs),
    /// Add or replace one registry's credentials in a pull-secret file, like
    /// `oc registry login --to`, offline. Everything else in the file is kept unless
    /// `--compat oc`.
    Login(LoginArgs),
    /// Print what the Machine Config Operator writes to a node's
    /// `/var/lib/kubelet/config.json` from the global pull secret (a raw file or the
    /// `openshift-config/pull-secret` Secret manifest).
    NodeConfig(NodeConfigArgs),
    /// Merge pull secrets entry by entry (never deep-merging an entry), reporting every key
    /// present on both sides.
    Merge(MergeArgs),
    /// What changed between two versions of a pull secret, by entry, without printing secrets.
    Diff(DiffArgs),
    /// Create manifests offline, byte-identical to `kubectl create ... --dry-run=client`.
    #[command(subcommand)]
    Create(CreateCommand),
    /// Link secrets to ServiceAccounts offline, like `oc secrets link`.
    #[command(subcommand)]
    Secrets(SecretsCommand),
    /// Grant roles offline, like `oc policy`: prints the RoleBinding to apply.
    #[command(subcommand)]
    Policy(PolicyCommand),
    /// One-step recipes for the docs' pull scenarios: a manifest stream for `oc apply -f -`.
    #[command(subcommand)]
    Grant(GrantCommand),
    /// Update resources offline, like `oc set`: prints the updated manifest.
    #[command(subcommand)]
    Set(SetCommand),
    /// Check pull secrets for what each consumer rejects or misreads, and against policies
    /// (the installers' checks, required registries, allowed registries). Exit 0 when clean or
    /// warnings only, 1 when a finding is an error, 2 when an input or policy cannot be read.
    Validate(ValidateArgs),
    /// Audit a whole cluster offline from a dump (`oc get pods,serviceaccounts,secrets,
    /// rolebindings,clusterrolebindings,roles,clusterroles -A -o json`): for every pod and
    /// image, who answers the pull with which credential, and what is broken. Exit 0 when
    /// clean or warnings only, 1 when a pull fails as things stand, 2 when a dump cannot be
    /// read.
    Audit(AuditArgs),
    /// How the kubelet reads registry keys, and whether they match a lookup string.
    Key(KeyArgs),
    /// Write the embedded WebAssembly component, for other hosts (jco, wasmtime, Python).
    Component(ComponentArgs),
    /// Print a shell completion script: `source <(pullsecret completion bash)`.
    Completion(CompletionArgs),
    /// Print the manual page (roff): `pullsecret man > pullsecret.1`.
    Man,
}

#[derive(Debug, Args)]
pub struct CompletionArgs {
    /// The shell.
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
}

/// Options shared by every command that reads pull secrets.
#[derive(Debug, Args)]
pub struct InputArgs {
    /// Read raw config files as this format instead of detecting it. Secret manifests are
    /// never forced: their `type` decides, as in the kubelet.
    #[arg(long, value_enum)]
    pub format: Option<FormatArg>,
    /// Output format.
    #[arg(short = 'o', long = "output", value_enum, default_value_t = OutputArg::Text)]
    pub output: OutputArg,
    /// Print passwords instead of masking them.
    #[arg(long)]
    pub show_secrets: bool,
}

#[derive(Debug, Args)]
pub struct ParseArgs {
    /// Pull-secret files: a `.dockerconfigjson`/`config.json`, a legacy `.dockercfg`, or
    /// Secret manifests in JSON or YAML (`oc get secret -o yaml`). `-` reads standard input.
    #[arg(required = true, value_name = "FILE")]
    pub files: Vec<PathBuf>,
    #[command(flatten)]
    pub input: InputArgs,
}

/// What `match` and `explain` look up, and in which pull secrets.
#[derive(Debug, Args)]
pub struct LookupArgs {
    /// Image references as written in a pod spec (`busybox`, `quay.io/org/app:1`).
    #[arg(required = true, value_name = "IMAGE")]
    pub images: Vec<String>,
    /// A pull secret, in pod `imagePullSecrets` order; repeat for several. The kubelet merges
    /// them into one keyring, and one unreadable secret fails every pull of the pod.
    #[arg(
        short = 'f',
        long = "secret",
        visible_alias = "file",
        value_name = "FILE"
    )]
    pub secrets: Vec<PathBuf>,
    /// The node's `/var/lib/kubelet/config.json` (on OpenShift, the global pull secret). The
    /// kubelet tries its credentials after the pull secrets'; when the kubelet sends nothing,
    /// CRI-O picks one from it with containers/image rules, and the output says so.
    #[arg(long, value_name = "FILE")]
    pub node_config: Option<PathBuf>,
    /// Pass each IMAGE to the consumer verbatim instead of normalizing it first, as the
    /// kubelet's own unit tests do.
    #[arg(long)]
    pub raw: bool,
    #[command(flatten)]
    pub input: InputArgs,
}

#[derive(Debug, Args)]
pub struct MatchArgs {
    #[command(flatten)]
    pub lookup: LookupArgs,
    /// Whose rules answer: the kubelet (pod pull secrets; every match, tried in order), or
    /// containers/image (CRI-O, podman, skopeo) or the docker CLI, which pick one entry and
    /// read the files in order as auth files.
    #[arg(long, value_enum, default_value_t = SemanticsArg::Kubelet)]
    pub semantics: SemanticsArg,
}

#[derive(Debug, Args)]
pub struct ExplainArgs {
    #[command(flatten)]
    pub lookup: LookupArgs,
    /// Explain for this consumer only (default: all of them, side by side).
    #[arg(long, value_enum)]
    pub semantics: Option<SemanticsArg>,
}

#[derive(Debug, Args)]
pub struct ExtractArgs {
    /// A Secret manifest (JSON or YAML, one Secret or `oc get -o yaml` output); `-` reads
    /// standard input. It must hold exactly one pull secret.
    #[arg(value_name = "SECRET_MANIFEST")]
    pub manifest: PathBuf,
}

#[derive(Debug, Args)]
pub struct LoginArgs {
    /// The registry key to set: a host[:port], optionally with a namespace path
    /// (`quay.io/my-namespace`). Keys oc rejects are rejected with oc's reasons; without it
    /// oc would ask the cluster for its integrated registry, which needs a cluster.
    #[arg(long, value_name = "REGISTRY", default_value = "")]
    pub registry: String,
    /// Credentials as `user:password` (everything after the first colon is the password).
    #[arg(long, value_name = "USER:PASSWORD", conflicts_with_all = ["username", "password_stdin"])]
    pub auth_basic: Option<String>,
    /// The user name; the password is read from standard input (`--password-stdin`), so it
    /// never lands in shell history.
    #[arg(long, requires = "password_stdin")]
    pub username: Option<String>,
    /// Read the password from standard input (one line; the trailing newline is dropped).
    #[arg(long, requires = "username")]
    pub password_stdin: bool,
    /// The pull-secret file to edit; created (with missing directories, mode 0700) if absent.
    /// Written atomically with mode 0600.
    #[arg(
        long = "to",
        visible_alias = "registry-config",
        short = 'a',
        value_name = "FILE"
    )]
    pub to: PathBuf,
    /// Also write this `email` beside `auth` (preserve mode only).
    #[arg(long)]
    pub email: Option<String>,
    /// `oc`: write exactly what current oc writes (tab indent, sorted keys, emails and
    /// unknown members dropped, no trailing newline).
    #[arg(long, value_enum)]
    pub compat: Option<CompatArg>,
    /// Accepted for oc compatibility: pullsecret never contacts a registry.
    #[arg(long)]
    pub skip_check: bool,
}

#[derive(Debug, Args)]
pub struct NodeConfigArgs {
    /// The global pull secret; `-` reads standard input.
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
}

#[derive(Debug, Args)]
pub struct MergeArgs {
    /// The pull secret to start from (e.g. the cluster's original pull secret).
    #[arg(value_name = "BASE")]
    pub base: PathBuf,
    /// Pull secrets merged into it, in order.
    #[arg(required = true, value_name = "OVERLAY")]
    pub overlays: Vec<PathBuf>,
    /// Which side wins a key present in both. `base` is HyperShift's global pull secret
    /// rule (the original wins), and the output bytes are HyperShift's.
    #[arg(long, value_enum, default_value_t = PreferArg::Overlay)]
    pub prefer: PreferArg,
    /// Where to write the merged file (atomically, mode 0600); `-` for standard output.
    #[arg(short = 'o', long = "output", value_name = "FILE")]
    pub output: PathBuf,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum PreferArg {
    /// The base wins.
    Base,
    /// The overlays win, later over earlier.
    Overlay,
}

#[derive(Debug, Subcommand)]
pub enum CreateCommand {
    /// Secrets.
    #[command(subcommand)]
    Secret(CreateSecretCommand),
    /// A RoleBinding, as `kubectl create rolebinding` makes it.
    Rolebinding(RolebindingArgs),
    /// A ServiceAccount, as `kubectl create serviceaccount` makes it.
    Serviceaccount(ServiceaccountArgs),
}

#[derive(Debug, Args)]
pub struct RolebindingArgs {
    /// The binding's name.
    #[arg(value_name = "NAME")]
    pub name: String,
    /// Bind this ClusterRole.
    #[arg(long, required_unless_present = "role", conflicts_with = "role")]
    pub clusterrole: Option<String>,
    /// Bind this Role.
    #[arg(long)]
    pub role: Option<String>,
    /// Users (repeatable).
    #[arg(long)]
    pub user: Vec<String>,
    /// Groups (repeatable).
    #[arg(long)]
    pub group: Vec<String>,
    /// ServiceAccounts as NAMESPACE:NAME (repeatable).
    #[arg(long)]
    pub serviceaccount: Vec<String>,
    /// The namespace.
    #[arg(short = 'n', long, default_value = "")]
    pub namespace: String,
    #[command(flatten)]
    pub print: NewObjectArgs,
    /// Accepted for kubectl compatibility (`--dry-run=client`).
    #[arg(long, value_name = "STRATEGY", num_args = 0..=1, default_missing_value = "client")]
    pub dry_run: Option<String>,
}

#[derive(Debug, Args)]
pub struct ServiceaccountArgs {
    /// The ServiceAccount's name.
    #[arg(value_name = "NAME")]
    pub name: String,
    /// The namespace.
    #[arg(short = 'n', long, default_value = "")]
    pub namespace: String,
    #[command(flatten)]
    pub print: NewObjectArgs,
    /// Accepted for kubectl compatibility (`--dry-run=client`).
    #[arg(long, value_name = "STRATEGY", num_args = 0..=1, default_missing_value = "client")]
    pub dry_run: Option<String>,
}

#[derive(Debug, Subcommand)]
pub enum CreateSecretCommand {
    /// A `kubernetes.io/dockerconfigjson` Secret from registry credentials, as
    /// `kubectl create secret docker-registry` makes it.
    DockerRegistry(DockerRegistryArgs),
    /// A Secret from files, as `kubectl create secret generic` makes it.
    Generic(GenericArgs),
}

/// Flags every `create secret` shares.
#[derive(Debug, Args)]
pub struct CreateSecretArgs {
    /// The Secret's name.
    #[arg(value_name = "NAME")]
    pub name: String,
    /// The namespace (kubectl writes `metadata.namespace` only when given).
    #[arg(short = 'n', long)]
    pub namespace: Option<String>,
    /// Append a hash of the content to the name, as kubectl does.
    #[arg(long)]
    pub append_hash: bool,
    #[command(flatten)]
    pub print: NewObjectArgs,
    /// Accepted for kubectl compatibility (`--dry-run=client`): nothing is ever sent anywhere.
    #[arg(long, value_name = "STRATEGY", num_args = 0..=1, default_missing_value = "client")]
    pub dry_run: Option<String>,
}

#[derive(Debug, Args)]
pub struct DockerRegistryArgs {
    #[command(flatten)]
    pub common: CreateSecretArgs,
    /// The registry key, used verbatim (default `https://index.docker.io/v1/`).
    #[arg(long)]
    pub docker_server: Option<String>,
    /// The user name.
    #[arg(long, default_value = "")]
    pub docker_username: String,
    /// The password (prefer --from-file or a generated file: flags land in shell history).
    #[arg(long, default_value = "")]
    pub docker_password: String,
    /// The email (left out of the payload when empty).
    #[arg(long, default_value = "")]
    pub docker_email: String,
    /// `[KEY=]FILE`: store a docker config file verbatim (key `.dockerconfigjson` by default);
    /// comma-separated lists as kubectl reads them.
    #[arg(long, value_name = "[KEY=]FILE")]
    pub from_file: Vec<String>,
}

#[derive(Debug, Args)]
pub struct GenericArgs {
    #[command(flatten)]
    pub common: CreateSecretArgs,
    /// `[KEY=]PATH`: store the file verbatim under KEY (default: the file's base name), or
    /// each regular file of a directory under its name; comma-separated lists as kubectl
    /// reads them.
    #[arg(long, value_name = "[KEY=]PATH")]
    pub from_file: Vec<String>,
    /// `KEY=VALUE`: store VALUE under KEY.
    #[arg(long, value_name = "KEY=VALUE")]
    pub from_literal: Vec<String>,
    /// A file of `KEY=VALUE` lines (`KEY` alone takes the value from the environment).
    #[arg(long, value_name = "PATH")]
    pub from_env_file: Vec<String>,
    /// The Secret type; without it kubectl prints none and the API server stores `Opaque`.
    #[arg(long = "type")]
    pub secret_type: Option<String>,
}

#[derive(Debug, Subcommand)]
pub enum SecretsCommand {
    /// Add secrets to a ServiceAccount's `secrets` (`--for=mount`, the default) and/or
    /// `imagePullSecrets` (`--for=pull`), by oc's rules.
    Link(LinkArgs),
}

#[derive(Debug, Args)]
pub struct LinkArgs {
    /// The ServiceAccount.
    #[arg(value_name = "SA")]
    pub service_account: String,
    /// Secrets: `NAME` or `secret/NAME`.
    #[arg(required = true, value_name = "SECRET")]
    pub secrets: Vec<String>,
    /// `pull`, `mount` or `pull,mount` (default `mount`, as oc).
    #[arg(long = "for", value_name = "pull|mount")]
    pub for_values: Vec<String>,
    /// The ServiceAccount as it is now (`oc get sa SA -o yaml`): everything in it is kept.
    #[arg(long, value_name = "FILE")]
    pub sa_file: Option<PathBuf>,
    /// The namespace (for the minimal ServiceAccount printed without --sa-file).
    #[arg(short = 'n', long)]
    pub namespace: Option<String>,
    /// Print a JSON patch for `oc patch serviceaccount SA --type=json` instead: it appends,
    /// so no linked name is lost. Without --sa-file it assumes the lists exist (if one does
    /// not, oc patch fails and changes nothing).
    #[arg(long)]
    pub patch: bool,
    /// Output format.
    #[arg(short = 'o', long = "output", value_enum, default_value_t = ManifestFormat::Yaml)]
    pub output: ManifestFormat,
}

#[derive(Debug, Subcommand)]
pub enum PolicyCommand {
    /// Bind a ClusterRole to users (`system:serviceaccount:NS:NAME` is a ServiceAccount)
    /// and `-z` ServiceAccounts in a namespace.
    AddRoleToUser(AddRoleToUserArgs),
    /// Bind a ClusterRole to groups (`system:serviceaccounts:NS` is every ServiceAccount of NS).
    AddRoleToGroup(AddRoleArgs),
}

#[derive(Debug, Args)]
pub struct AddRoleToUserArgs {
    #[command(flatten)]
    pub common: AddRoleArgs,
    /// ServiceAccounts of the namespace, by short name.
    #[arg(short = 'z', long = "serviceaccount", value_name = "SA")]
    pub service_accounts: Vec<String>,
}

#[derive(Debug, Args)]
pub struct AddRoleArgs {
    /// The ClusterRole, then the users or groups.
    #[arg(value_name = "ROLE SUBJECT")]
    pub args: Vec<String>,
    /// The namespace the binding goes to.
    #[arg(short = 'n', long, required = true)]
    pub namespace: String,
    /// Add to (or create) the binding with this name.
    #[arg(long)]
    pub rolebinding_name: Option<String>,
    /// The namespace's RoleBindings (`oc get rolebindings -o yaml`), for oc's naming and
    /// no-op rules.
    #[arg(long, value_name = "FILE")]
    pub existing: Option<PathBuf>,
    #[command(flatten)]
    pub print: NewObjectArgs,
    /// Accepted for oc compatibility (`--dry-run=client`): nothing is ever sent anywhere.
    #[arg(long, value_name = "STRATEGY", num_args = 0..=1, default_missing_value = "client")]
    pub dry_run: Option<String>,
}

#[derive(Debug, Subcommand)]
pub enum GrantCommand {
    /// Let pods of one project pull images of another (`system:image-puller`).
    CrossProject(CrossProjectArgs),
    /// A secured registry: its Secret, linked for pull to a ServiceAccount.
    Registry(RegistryArgs),
    /// A registry with delegated authentication: the auth server's and the registry's
    /// Secrets, both linked for pull.
    Delegated(DelegatedArgs),
}

#[derive(Debug, Args)]
pub struct CrossProjectArgs {
    /// The project whose pods pull.
    #[arg(long)]
    pub from: String,
    /// The project whose images are pulled.
    #[arg(long)]
    pub to: String,
    /// One ServiceAccount of --from.
    #[arg(
        long,
        default_value = "default",
        conflicts_with = "all_service_accounts"
    )]
    pub service_account: String,
    /// Every ServiceAccount of --from (the group `system:serviceaccounts:FROM`).
    #[arg(long)]
    pub all_service_accounts: bool,
    #[command(flatten)]
    pub print: NewObjectArgs,
}

/// Credentials and link options shared by the registry recipes.
#[derive(Debug, Args)]
pub struct RecipeCredentials {
    /// The namespace of the Secrets and the ServiceAccount.
    #[arg(short = 'n', long)]
    pub namespace: String,
    /// The registry user name.
    #[arg(long)]
    pub docker_username: String,
    /// The password; prefer --password-stdin.
    #[arg(
        long,
        conflicts_with = "password_stdin",
        required_unless_present = "password_stdin"
    )]
    pub docker_password: Option<String>,
    /// Read the password from standard input.
    #[arg(long)]
    pub password_stdin: bool,
    /// The email (the docs use `unused`).
    #[arg(long, default_value = "")]
    pub docker_email: String,
    /// The ServiceAccount to link the Secrets to for pull.
    #[arg(long, default_value = "default")]
    pub service_account: String,
    /// The ServiceAccount as it is now (`oc get sa -o yaml`): the stream then includes it
    /// with the Secrets linked; without it, the `oc secrets link` command is printed instead.
    #[arg(long, value_name = "FILE")]
    pub sa_file: Option<PathBuf>,
    #[command(flatten)]
    pub print: NewObjectArgs,
}

#[derive(Debug, Args)]
pub struct RegistryArgs {
    /// The registry key.
    #[arg(long)]
    pub docker_server: String,
    /// The Secret's name.
    #[arg(long, default_value = "registry-pull-secret")]
    pub secret_name: String,
    #[command(flatten)]
    pub credentials: RecipeCredentials,
}

#[derive(Debug, Args)]
pub struct DelegatedArgs {
    /// The authentication server (the docs: `sso.redhat.com`).
    #[arg(long)]
    pub auth_server: String,
    /// The auth server's Secret name.
    #[arg(long, default_value = "redhat-connect-sso")]
    pub auth_secret_name: String,
    /// The registry (the docs: `privateregistry.example.com`).
    #[arg(long)]
    pub registry_server: String,
    /// The registry's Secret name.
    #[arg(long, default_value = "private-registry")]
    pub registry_secret_name: String,
    #[command(flatten)]
    pub credentials: RecipeCredentials,
}

#[derive(Debug, Subcommand)]
pub enum SetCommand {
    /// Replace a Secret's data key with a file's bytes, like `oc set data`; prints the
    /// updated Secret (YAML, or `-o json`) for `oc apply -f -`.
    Data(SetDataArgs),
}

#[derive(Debug, Args)]
pub struct SetDataArgs {
    /// The Secret, as `secret/NAME`.
    #[arg(value_name = "secret/NAME")]
    pub target: String,
    /// The namespace.
    #[arg(short = 'n', long)]
    pub namespace: Option<String>,
    /// `[KEY=]FILE`: the file's bytes, verbatim, become data[KEY] (`.dockerconfigjson=pull-secret.json`;
    /// the key defaults to the file's base name).
    #[arg(long, value_name = "[KEY=]FILE")]
    pub from_file: String,
    /// The Secret as it is now (`oc get secret NAME -o yaml`): everything else in it is kept.
    #[arg(long, value_name = "FILE")]
    pub secret_file: Option<PathBuf>,
    /// Write the value even where the API server would reject it for the Secret's type.
    #[arg(long)]
    pub force: bool,
    /// Output format of the manifest.
    #[arg(short = 'o', long = "output", value_enum, default_value_t = ManifestFormat::Yaml)]
    pub output: ManifestFormat,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ManifestFormat {
    Yaml,
    Json,
}

#[derive(Debug, Args)]
pub struct DiffArgs {
    /// The pull secret before the change.
    #[arg(value_name = "OLD")]
    pub old: PathBuf,
    /// The pull secret after the change.
    #[arg(value_name = "NEW")]
    pub new: PathBuf,
    /// Output format.
    #[arg(short = 'o', long = "output", value_enum, default_value_t = OutputArg::Text)]
    pub output: OutputArg,
}

#[derive(Debug, Args)]
pub struct ValidateArgs {
    /// Pull-secret files: raw configs or Secret manifests (JSON or YAML); `-` reads standard
    /// input.
    #[arg(required = true, value_name = "FILE")]
    pub files: Vec<PathBuf>,
    /// A shipped policy (openshift-installer, assisted-installer,
    /// openshift-global-pull-secret, strict) or a policy file (docs/policies.md). Repeatable;
    /// when several grade one code, the most severe wins.
    #[arg(long = "policy", value_name = "NAME|FILE")]
    pub policies: Vec<String>,
    /// Mirror registries that must have credentials, comma-separated (the mirrors of an
    /// ImageDigestMirrorSet or a disconnected install).
    #[arg(long, value_delimiter = ',', value_name = "REGISTRY,...")]
    pub mirrors: Vec<String>,
    /// An image the cluster pulls, such as the release image: the assisted-installer policy
    /// requires credentials for its registry unless that registry is public. Repeatable.
    #[arg(long = "image", value_name = "REF")]
    pub images: Vec<String>,
    /// Output format.
    #[arg(short = 'o', long = "output", value_enum, default_value_t = OutputArg::Text)]
    pub output: OutputArg,
}

#[derive(Debug, Args)]
pub struct AuditArgs {
    /// Dumps of the cluster (JSON or YAML; a `List`, several files, or a YAML stream); `-`
    /// reads standard input, so that `oc get ... -o json | pullsecret audit -` writes no
    /// Secret to disk.
    #[arg(required = true, value_name = "DUMP")]
    pub dumps: Vec<PathBuf>,
    /// The node's `/var/lib/kubelet/config.json` (a raw config or a Secret manifest), used
    /// instead of the dump's `openshift-config/pull-secret`.
    #[arg(long, value_name = "FILE")]
    pub node_config: Option<PathBuf>,
    /// Print the manifests that resolve the findings, as one YAML stream for
    /// `oc apply -f -`; the report goes to standard error.
    #[arg(long)]
    pub fix: bool,
    /// Also list every container that has no finding, with who answers its pull.
    #[arg(short, long)]
    pub all: bool,
    /// Output format.
    #[arg(short = 'o', long = "output", value_enum, default_value_t = OutputArg::Text)]
    pub output: OutputArg,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum CompatArg {
    /// Current oc (4.14 and later).
    Oc,
}

/// How a command that makes a new object prints it: the format, and which kubectl's shape.
#[derive(Debug, Args)]
pub struct NewObjectArgs {
    /// Output format.
    #[arg(short = 'o', long = "output", value_enum, default_value_t = ManifestFormat::Yaml)]
    pub output: ManifestFormat,
    /// Print as kubectl 1.33 and oc 4.20 and older do (`creationTimestamp: null`); by
    /// default, as current kubectl and oc do.
    #[arg(long, value_enum)]
    pub compat: Option<ShapeArg>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ShapeArg {
    /// kubectl 1.33 and older, and oc 4.20 and older (which vendor it).
    #[value(name = "kubectl-1.33", alias = "oc-4.20")]
    Kubectl133,
}

#[derive(Debug, Args)]
pub struct KeyArgs {
    /// Registry keys as written in a config (`https://quay.io/v2/org`, `*.example.com`).
    #[arg(required_unless_present = "against", value_name = "KEY")]
    pub keys: Vec<String>,
    /// A lookup string (an image name after normalization) to match each key against.
    #[arg(long, value_name = "LOOKUP")]
    pub against: Option<String>,
    /// Output format.
    #[arg(short = 'o', long = "output", value_enum, default_value_t = OutputArg::Text)]
    pub output: OutputArg,
}

#[derive(Debug, Args)]
pub struct ComponentArgs {
    /// Where to write the component (`-` for standard output).
    #[arg(long = "output", short = 'o', value_name = "FILE")]
    pub output: PathBuf,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FormatArg {
    /// `{"auths": {...}}`, as in a `.dockerconfigjson` or `config.json`.
    Dockerconfigjson,
    /// The legacy bare map of a `.dockercfg`.
    Dockercfg,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum OutputArg {
    /// Readable text.
    Text,
    /// JSON with a stable, documented schema.
    Json,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum SemanticsArg {
    /// The kubelet's keyring: pod `imagePullSecrets` and the node's `config.json`.
    Kubelet,
    /// containers/image: CRI-O with the node's global pull secret, podman, skopeo.
    Containers,
    /// The docker CLI (as docker 28 behaves).
    Docker,
}

impl From<SemanticsArg> for Semantics {
    fn from(arg: SemanticsArg) -> Self {
        match arg {
            SemanticsArg::Kubelet => Semantics::Kubelet,
            SemanticsArg::Containers => Semantics::Containers,
            SemanticsArg::Docker => Semantics::Docker,
        }
    }
}

impl From<FormatArg> for Format {
    fn from(arg: FormatArg) -> Self {
        match arg {
            FormatArg::Dockerconfigjson => Format::Dockerconfigjson,
            FormatArg::Dockercfg => Format::Dockercfg,
        }
    }
}

impl NewObjectArgs {
    pub fn output(&self) -> ManifestOutput {
        self.output.into()
    }

    pub fn shape(&self) -> Shape {
        match self.compat {
            None => Shape::Current,
            Some(ShapeArg::Kubectl133) => Shape::Kubectl133,
        }
    }
}

impl From<ManifestFormat> for ManifestOutput {
    fn from(arg: ManifestFormat) -> Self {
        match arg {
            ManifestFormat::Yaml => ManifestOutput::Yaml,
            ManifestFormat::Json => ManifestOutput::Json,
        }
    }
}

impl From<PreferArg> for Prefer {
    fn from(arg: PreferArg) -> Self {
        match arg {
            PreferArg::Base => Prefer::Base,
            PreferArg::Overlay => Prefer::Overlay,
        }
    }
}
