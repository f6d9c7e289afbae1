"""pullsecret for Python: how the kubelet, CRI-O/podman, the docker CLI, kubectl and oc read
and write container image pull secrets, answered by the pullsecret WebAssembly component.

This package only moves values in and out of the component (through wasmtime); every answer
is the component's.

    import pullsecret

    doc = pullsecret.parse(open("pull-secret.json", "rb").read(), source="pull-secret.json")
    with pullsecret.keyring(doc.configs) as ring:
        for cred in ring.lookup_image("quay.io/repository-main/app:1").credentials:
            print(cred.key, cred.username)

The module-level functions use one shared :class:`Pullsecret` instance (:func:`default`),
whose calls take turns under a lock: safe from any thread. A thread that wants its calls to
run beside others' makes its own ``Pullsecret()``; the compiled component is shared.

The component file is ``pullsecret.wasm`` in this package unless ``$PULLSECRET_WASM`` or
``Pullsecret(wasm=PATH)`` names another (write it with
``target/release/pullsecret component -o PATH``).

Failures raise :class:`PullSecretError` (`code`, `location`, `key`, `fix`, `rule`,
`diagnostic`); no message holds a password, `auth` value or token, and no ``repr`` of a
result shows one.
"""

from ._api import Pullsecret, default, found_path
from ._api import _module_function
from ._model import (
    AddRoleRequest,
    AddRoleResult,
    Answer,
    CodeInfo,
    Change,
    Conflict,
    Created,
    Credential,
    CrossProject,
    Diagnostic,
    Diff,
    DirectoryFile,
    DockerConfig,
    DockerRegistrySecret,
    Document,
    Entry,
    Explained,
    FoundDirectory,
    FoundFile,
    FoundPath,
    GenericSecret,
    Input,
    Keyring,
    KeyReport,
    LinkRequest,
    LinkResult,
    LoggedIn,
    Matched,
    Matches,
    Merged,
    Missing,
    ParsedKey,
    Policy,
    PolicyError,
    PullSecretError,
    RecipeResult,
    Registries,
    RegistrySecret,
    RolebindingRequest,
    RuleInfo,
    SecretOrigin,
    SetDataRequest,
    SetDataResult,
    Sources,
    Unlistable,
    Unreadable,
    Verdict,
)
from ._runtime import WASM_ENV, ComponentMissing

codes = _module_function("codes")
rules = _module_function("rules")
parse = _module_function("parse")
parse_one = _module_function("parse_one")
extract = _module_function("extract")
keyring = _module_function("keyring")
match_images = _module_function("match_images")
explain = _module_function("explain")
keys = _module_function("keys")
normalize_image = _module_function("normalize_image")
login = _module_function("login")
merge = _module_function("merge")
diff = _module_function("diff")
node_config = _module_function("node_config")
source_paths = _module_function("source_paths")
create_docker_registry_secret = _module_function("create_docker_registry_secret")
create_generic_secret = _module_function("create_generic_secret")
secrets_link = _module_function("secrets_link")
add_role = _module_function("add_role")
create_rolebinding = _module_function("create_rolebinding")
create_serviceaccount = _module_function("create_serviceaccount")
grant = _module_function("grant")
set_data = _module_function("set_data")
builtin_policies = _module_function("builtin_policies")
policy = _module_function("policy")
parse_policy = _module_function("parse_policy")
check_context = _module_function("check_context")
validate = _module_function("validate")

__all__ = [
    "Pullsecret", "default", "found_path", "DockerConfig", "Keyring", "Policy", "PullSecretError",
    "PolicyError", "ComponentMissing", "WASM_ENV",
    "codes", "rules", "parse", "parse_one", "extract", "keyring", "match_images", "explain", "keys",
    "normalize_image", "login", "merge", "diff", "node_config", "source_paths",
    "create_docker_registry_secret", "create_generic_secret", "secrets_link", "add_role",
    "create_rolebinding", "create_serviceaccount", "grant", "set_data", "builtin_policies", "policy",
    "parse_policy", "check_context", "validate",
    "AddRoleRequest", "AddRoleResult", "Answer", "CodeInfo", "Change", "Conflict", "Created",
    "Credential", "CrossProject", "Diagnostic", "Diff", "DirectoryFile", "DockerRegistrySecret",
    "Document", "Entry", "Explained", "FoundDirectory", "FoundFile", "FoundPath", "GenericSecret",
    "Input", "KeyReport", "LinkRequest", "LinkResult", "LoggedIn", "Matched", "Matches", "Merged",
    "Missing", "ParsedKey", "RecipeResult", "Registries", "RegistrySecret", "RolebindingRequest",
    "RuleInfo", "SecretOrigin", "SetDataRequest", "SetDataResult", "Sources", "Unlistable",
    "Unreadable", "Verdict",
]  # fmt: skip
