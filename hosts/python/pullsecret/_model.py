"""The Python shapes of the contract's values: dataclasses with snake_case fields.

Each record class names its WIT record in `__wit__` (`INTERFACE/RECORD`); a test compares
every such class with the component's own type, so a field added to the contract and not here
fails it. A field's WIT name is its Python name with `_` turned into `-` and a trailing `_`
dropped (`from_` is `from`), unless its metadata says otherwise (`Input.data` is `bytes`).

Enums are their WIT case names as strings. Secrets (passwords, identity tokens, the bytes of
a config) are left out of every `repr`.
"""

from __future__ import annotations

import dataclasses
import sys
import typing
from dataclasses import dataclass, field
from typing import Any, ClassVar, Dict, List, Literal, Optional, Tuple, TypeVar, Union

Format = Literal["dockerconfigjson", "dockercfg"]
Semantics = Literal["kubelet", "containers", "docker"]
Severity = Literal["error", "warning", "info"]
CredentialForm = Literal["auth", "plain", "token-only", "empty"]
Answerer = Literal["kubelet", "crio", "nobody"]
LoginStyle = Literal["preserve", "oc"]
Prefer = Literal["base", "overlay"]
Output = Literal["yaml", "json"]
Shape = Literal["current", "kubectl-1-33"]
SubjectKind = Literal["user", "group"]
BindingAction = Literal["created", "updated", "unchanged"]
RoleKind = Literal["cluster-role", "role"]

_SECRET = {"repr": False}


def _wit(name: str, **kwargs: Any) -> Any:
    """A field whose WIT name is not its Python name turned to kebab-case."""
    metadata = dict(kwargs.pop("metadata", {}))
    metadata["wit"] = name
    return field(metadata=metadata, **kwargs)


def wit_name(f: dataclasses.Field) -> str:
    """The WIT (kebab-case) name of a dataclass field."""
    return f.metadata.get("wit") or f.name.rstrip("_").replace("_", "-")


# ---------------------------------------------------------------------------------------------
# types, catalogue


@dataclass(frozen=True)
class Diagnostic:
    """A finding about an input; it never carries secret material."""

    __wit__: ClassVar[str] = "types/diagnostic"
    code: str
    severity: Severity
    message: str
    key: Optional[str] = None
    location: Optional[str] = None
    rule: Optional[str] = None
    rule_doc: Optional[str] = None
    fix: Optional[str] = None
    source: Optional[str] = None


@dataclass(frozen=True)
class Input:
    """One document: a label for findings (usually the file path) and its bytes."""

    __wit__: ClassVar[str] = "types/input"
    source: str
    data: bytes = _wit("bytes", repr=False)


@dataclass(frozen=True)
class CodeInfo:
    """One diagnostic code of the catalogue."""

    __wit__: ClassVar[str] = "catalogue/code-info"
    code: str
    severity: Severity
    rule: Optional[str]
    adjustable: bool
    fix: Optional[str]
    doc: str


@dataclass(frozen=True)
class RuleInfo:
    """One rule of another system that findings cite."""

    __wit__: ClassVar[str] = "catalogue/rule-info"
    id: str
    consumer: str
    title: str
    doc: str


# ---------------------------------------------------------------------------------------------
# config


@dataclass(frozen=True)
class Entry:
    """One registry entry as the kubelet decodes it (the password is left out of `repr`)."""

    __wit__: ClassVar[str] = "config/entry"
    key: str
    username: str
    password: str = field(**_SECRET)
    email: str = ""
    form: CredentialForm = "empty"
    location: str = ""


@dataclass(frozen=True)
class SecretOrigin:
    """The Kubernetes Secret a config came from."""

    __wit__: ClassVar[str] = "config/secret-origin"
    name: str
    namespace: str
    secret_type: str
    data_key: str


@dataclass(frozen=True)
class Document:
    """What a document held: its usable configs, and notes about what was skipped."""

    __wit__: ClassVar[str] = "config/document"
    configs: List["DockerConfig"]
    notes: List[Diagnostic]


# ---------------------------------------------------------------------------------------------
# keyring


@dataclass(frozen=True)
class Credential:
    """One credential a consumer would send (password and token left out of `repr`)."""

    __wit__: ClassVar[str] = "keyring/credential"
    key: str
    normalized: str
    username: str
    password: str = field(**_SECRET)
    email: str = ""
    identity_token: str = field(default="", **_SECRET)
    source: str = ""


@dataclass(frozen=True)
class Verdict:
    """What one consumer made of one entry."""

    __wit__: ClassVar[str] = "keyring/verdict"
    key: str
    source: str
    rank: Optional[int]
    reason: str


@dataclass(frozen=True)
class Answer:
    """One consumer's answer for one lookup string."""

    __wit__: ClassVar[str] = "keyring/answer"
    semantics: Semantics
    lookup: str
    credentials: List[Credential]
    docker_hub_fallback: bool
    credential_helper: Optional[str]
    failure: Optional[Diagnostic]
    verdicts: List[Verdict]
    notes: List[Diagnostic]


@dataclass(frozen=True)
class ParsedKey:
    """How the kubelet reads one registry key."""

    __wit__: ClassVar[str] = "keyring/parsed-key"
    key: str
    normalized: Optional[str]
    host: str
    port: str
    path: str
    matches: Optional[bool]


@dataclass(frozen=True)
class KeyReport:
    """How the kubelet reads several keys, and matches them against a lookup string."""

    __wit__: ClassVar[str] = "keyring/key-report"
    target: Optional[str]
    default_registry: Optional[bool]
    keys: List[ParsedKey]


@dataclass(frozen=True)
class Request:
    """The pull secrets, node files and images of one question."""

    __wit__: ClassVar[str] = "keyring/request"
    secrets: List["DockerConfig"] = field(default_factory=list)
    node: List["DockerConfig"] = field(default_factory=list)
    images: List[str] = field(default_factory=list)
    raw: bool = False


@dataclass(frozen=True)
class Matched:
    """One image's answer."""

    __wit__: ClassVar[str] = "keyring/matched"
    image: str
    answer: Answer
    answered_by: Optional[Answerer]
    crio: Optional[Answer]


@dataclass(frozen=True)
class Matches:
    """The answers in image order, and every note of every answer once."""

    __wit__: ClassVar[str] = "keyring/matches"
    results: List[Matched]
    notes: List[Diagnostic]


@dataclass(frozen=True)
class Explained:
    """One image, explained by every consumer asked."""

    __wit__: ClassVar[str] = "keyring/explained"
    image: str
    lookup: str
    consumers: List[Answer]
    answered_by: Optional[Answerer]


# ---------------------------------------------------------------------------------------------
# edit


@dataclass(frozen=True)
class LoginRequest:
    """One `login --to` (the password is left out of `repr`)."""

    __wit__: ClassVar[str] = "edit/login-request"
    registry: str
    username: str
    password: str = field(**_SECRET)
    email: Optional[str] = None
    style: LoginStyle = "preserve"


@dataclass(frozen=True)
class LoggedIn:
    """The file after a login (its bytes hold the credential: left out of `repr`)."""

    __wit__: ClassVar[str] = "edit/logged-in"
    data: bytes = _wit("bytes", repr=False)
    warnings: List[Diagnostic] = field(default_factory=list)


@dataclass(frozen=True)
class Conflict:
    """A key present on both sides of a merge."""

    __wit__: ClassVar[str] = "edit/conflict"
    key: str
    winner: Prefer
    credentials_differ: bool


@dataclass(frozen=True)
class Merged:
    """The merged file (bytes left out of `repr`) and what happened on the way."""

    __wit__: ClassVar[str] = "edit/merged"
    data: bytes = _wit("bytes", repr=False)
    conflicts: List[Conflict] = field(default_factory=list)
    notes: List[Diagnostic] = field(default_factory=list)


@dataclass(frozen=True)
class Change:
    """One changed entry: `kind` is `added`, `removed` or `changed`; `fields` says which of
    `user`, `password`, `token`, `email`, `other` changed (empty unless `changed`)."""

    key: str
    kind: Literal["added", "removed", "changed"]
    fields: List[str] = field(default_factory=list)

    @classmethod
    def _from_wit(cls, plain: Dict[str, Any], runtime: Any) -> "Change":
        kind = plain["kind"]
        return cls(plain["key"], kind["tag"], list(kind.get("val") or []))


@dataclass(frozen=True)
class Diff:
    """Entry-by-entry differences, and warnings."""

    changes: List[Change]
    warnings: List[Diagnostic]


# ---------------------------------------------------------------------------------------------
# manifests


@dataclass(frozen=True)
class DirectoryFile:
    """One regular file of a directory: its bytes, or the OS's reason it cannot be read."""

    name: str
    content: Optional[bytes] = field(default=None, repr=False)
    error: Optional[str] = None

    def _to_wit(self, runtime: Any) -> Dict[str, Any]:
        if (self.content is None) == (self.error is None):
            raise ValueError(f"DirectoryFile {self.name!r}: give exactly one of content and error")
        content = {"ok": self.content} if self.error is None else {"err": self.error}
        return {"name": self.name, "content": content}


@dataclass(frozen=True)
class FoundFile:
    """What is at a path: a file's bytes."""

    tag: ClassVar[str] = "file"
    data: bytes = field(repr=False)


@dataclass(frozen=True)
class FoundDirectory:
    """What is at a path: a directory's regular files, sorted by name."""

    tag: ClassVar[str] = "directory"
    files: List[DirectoryFile]


@dataclass(frozen=True)
class Missing:
    """Nothing can be found at a path: the OS's reason as Go prints it."""

    tag: ClassVar[str] = "missing"
    reason: str


@dataclass(frozen=True)
class Unreadable:
    """A file that cannot be read: the OS's reason."""

    tag: ClassVar[str] = "unreadable"
    reason: str


@dataclass(frozen=True)
class Unlistable:
    """A directory that cannot be listed: the OS's reason."""

    tag: ClassVar[str] = "unlistable"
    reason: str


Found = Union[FoundFile, FoundDirectory, Missing, Unreadable, Unlistable]


@dataclass(frozen=True)
class FoundPath:
    """One path and what is there."""

    __wit__: ClassVar[str] = "manifests/found-path"
    path: str
    found: Found

    def _to_wit(self, runtime: Any) -> Dict[str, Any]:
        (payload,) = [getattr(self.found, f.name) for f in dataclasses.fields(self.found)]
        return {"path": self.path, "found": {"tag": self.found.tag, "val": to_plain(payload, runtime)}}


@dataclass(frozen=True)
class Sources:
    """The sources of a new Secret's data, as the flags were given, and what the host found
    at the paths they name (`source_paths`, `found_path`)."""

    __wit__: ClassVar[str] = "manifests/sources"
    from_file: List[str] = field(default_factory=list)
    from_literal: List[str] = field(default_factory=list, repr=False)
    from_env_file: List[str] = field(default_factory=list)
    found: List[FoundPath] = field(default_factory=list)
    environment: List[Tuple[str, str]] = field(default_factory=list, repr=False)


@dataclass(frozen=True)
class SetDataRequest:
    """One `oc set data secret/NAME --from-file=[KEY=]FILE`."""

    __wit__: ClassVar[str] = "manifests/set-data-request"
    target: str
    namespace: Optional[str] = None
    sources: Sources = field(default_factory=Sources)
    current: Optional[Input] = None
    force: bool = False
    output: Output = "yaml"


@dataclass(frozen=True)
class SetDataResult:
    """What `set_data` produced."""

    __wit__: ClassVar[str] = "manifests/set-data-result"
    manifest: str
    name: str
    changed: bool


@dataclass(frozen=True)
class DockerRegistrySecret:
    """`kubectl create secret docker-registry` (the password is left out of `repr`)."""

    __wit__: ClassVar[str] = "manifests/docker-registry-secret"
    name: str
    username: str = ""
    password: str = field(default="", repr=False)
    email: str = ""
    server: Optional[str] = None
    namespace: Optional[str] = None
    sources: Sources = field(default_factory=Sources)
    append_hash: bool = False
    shape: Shape = "current"
    output: Output = "yaml"


@dataclass(frozen=True)
class GenericSecret:
    """`kubectl create secret generic`."""

    __wit__: ClassVar[str] = "manifests/generic-secret"
    name: str
    namespace: Optional[str] = None
    secret_type: Optional[str] = None
    sources: Sources = field(default_factory=Sources)
    append_hash: bool = False
    shape: Shape = "current"
    output: Output = "yaml"


@dataclass(frozen=True)
class Created:
    """A printed manifest, with warnings (the manifest may hold a credential: not in `repr`)."""

    __wit__: ClassVar[str] = "manifests/created"
    manifest: str = field(repr=False)
    warnings: List[Diagnostic] = field(default_factory=list)


@dataclass(frozen=True)
class LinkRequest:
    """One `oc secrets link SA SECRET...`."""

    __wit__: ClassVar[str] = "manifests/link-request"
    service_account: str
    secrets: List[str]
    namespace: Optional[str] = None
    for_values: List[str] = field(default_factory=list)
    current: Optional[Input] = None
    patch: bool = False
    output: Output = "yaml"


@dataclass(frozen=True)
class LinkResult:
    """The updated ServiceAccount (or the patch), and whether any name was added."""

    __wit__: ClassVar[str] = "manifests/link-result"
    manifest: str
    changed: bool


@dataclass(frozen=True)
class AddRoleRequest:
    """One `oc policy add-role-to-user` / `add-role-to-group`."""

    __wit__: ClassVar[str] = "manifests/add-role-request"
    kind: SubjectKind
    args: List[str]
    namespace: str
    service_accounts: List[str] = field(default_factory=list)
    rolebinding_name: Optional[str] = None
    existing: Optional[Input] = None
    shape: Shape = "current"
    output: Output = "yaml"


@dataclass(frozen=True)
class AddRoleResult:
    """The binding to apply."""

    __wit__: ClassVar[str] = "manifests/add-role-result"
    action: BindingAction
    name: str
    manifest: str


@dataclass(frozen=True)
class RolebindingRequest:
    """`kubectl create rolebinding NAME --clusterrole|--role ...`."""

    __wit__: ClassVar[str] = "manifests/rolebinding-request"
    name: str
    role: str
    role_kind: RoleKind = "cluster-role"
    namespace: str = ""
    users: List[str] = field(default_factory=list)
    groups: List[str] = field(default_factory=list)
    service_accounts: List[str] = field(default_factory=list)
    shape: Shape = "current"
    output: Output = "yaml"


@dataclass(frozen=True)
class RegistrySecret:
    """A registry Secret of a recipe."""

    __wit__: ClassVar[str] = "manifests/registry-secret"
    name: str
    server: str


@dataclass(frozen=True)
class CrossProject:
    """Recipe: pods of project `from_` pull images of project `to`."""

    __wit__: ClassVar[str] = "manifests/cross-project-request"
    tag: ClassVar[str] = "cross-project"
    from_: str
    to: str
    service_account: Optional[str] = None


@dataclass(frozen=True)
class Registries:
    """Recipe: registry Secrets linked for pull to a ServiceAccount."""

    __wit__: ClassVar[str] = "manifests/registries-request"
    tag: ClassVar[str] = "registries"
    namespace: str
    secrets: List[RegistrySecret]
    username: str
    password: str = field(repr=False)
    service_account: str
    email: str = "unused"
    current_service_account: Optional[Input] = None


Recipe = Union[CrossProject, Registries]


@dataclass(frozen=True)
class RecipeResult:
    """A recipe's manifests (they may hold credentials: not in `repr`) and what is left to do."""

    __wit__: ClassVar[str] = "manifests/recipe-result"
    manifests: str = field(repr=False)
    notes: List[Diagnostic] = field(default_factory=list)


@dataclass(frozen=True)
class Context:
    """Facts about the target cluster that policies need."""

    __wit__: ClassVar[str] = "policy/context"
    mirrors: List[str] = field(default_factory=list)
    images: List[str] = field(default_factory=list)


# ---------------------------------------------------------------------------------------------
# conversion


class Resource:
    """A guest resource held by a runtime; subclasses wrap its methods."""

    _handle: Any
    _runtime: Any

    def _wit_handle(self, runtime: Any) -> Any:
        if self._runtime is not runtime:
            raise ValueError(
                f"this {type(self).__name__} belongs to another Pullsecret instance; "
                "resources of one instance cannot be passed to another"
            )
        if self._handle is None:
            raise ValueError(f"this {type(self).__name__} was closed")
        return self._handle


def to_plain(value: Any, runtime: Any) -> Any:
    """A Python value of this module as a plain value (:mod:`pullsecret._codec`)."""
    if isinstance(value, Resource):
        return value._wit_handle(runtime)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        custom = getattr(value, "_to_wit", None)
        if custom is not None:
            return custom(runtime)
        plain = {wit_name(f): to_plain(getattr(value, f.name), runtime) for f in dataclasses.fields(value)}
        tag = getattr(type(value), "tag", None)
        return plain if tag is None else {"tag": tag, "val": plain}
    if isinstance(value, list):
        return [to_plain(v, runtime) for v in value]
    if isinstance(value, tuple):
        return tuple(to_plain(v, runtime) for v in value)
    return value


_hints_cache: Dict[type, Dict[str, Any]] = {}


def _hints(cls: type) -> Dict[str, Any]:
    hints = _hints_cache.get(cls)
    if hints is None:
        hints = typing.get_type_hints(cls, vars(sys.modules[__name__]))
        _hints_cache[cls] = hints
    return hints


def from_plain(hint: Any, plain: Any, runtime: Any) -> Any:
    """A plain value as the Python type `hint` of this module."""
    origin = typing.get_origin(hint)
    if origin is Union:
        args = [a for a in typing.get_args(hint) if a is not type(None)]
        if plain is None:
            return None
        (inner,) = args
        return from_plain(inner, plain, runtime)
    if origin is list:
        (inner,) = typing.get_args(hint)
        return [from_plain(inner, v, runtime) for v in plain]
    if origin is tuple:
        return tuple(from_plain(a, v, runtime) for a, v in zip(typing.get_args(hint), plain))
    if isinstance(hint, type) and issubclass(hint, Resource):
        return hint._wrap(runtime, plain)
    if isinstance(hint, type) and dataclasses.is_dataclass(hint):
        custom = getattr(hint, "_from_wit", None)
        if custom is not None:
            return custom(plain, runtime)
        hints = _hints(hint)
        fields = dataclasses.fields(hint)
        names = {wit_name(f) for f in fields}
        if set(plain) != names:
            raise TypeError(f"{hint.__name__}: the component sent {sorted(plain)}, expected {sorted(names)}")
        return hint(**{f.name: from_plain(hints[f.name], plain[wit_name(f)], runtime) for f in fields})
    return plain


# ---------------------------------------------------------------------------------------------
# errors and resources


def _place(d: Diagnostic) -> str:
    """`FILE:LINE:COLUMN`, `FILE: LOCATION`, or what of it is known."""
    place = d.source or ""
    if d.location:
        if place and d.location[:1].isdigit():
            place += ":" + d.location
        else:
            place += (": " if place else "") + d.location
    return place


class PullSecretError(Exception):
    """A call failed: the WIT `error` variant. Its message never holds secret material.

    Attributes: `kind` (the variant's case, `invalid-input`), `diagnostic` (a
    :class:`Diagnostic`), and the diagnostic's `code`, `severity`, `message`, `key`,
    `location`, `rule`, `rule_doc`, `fix` and `source`.
    """

    def __init__(self, diagnostic: Diagnostic, kind: str = "invalid-input") -> None:
        self.kind = kind
        self.diagnostic = diagnostic
        self.code = diagnostic.code
        self.severity = diagnostic.severity
        self.message = diagnostic.message
        self.key = diagnostic.key
        self.location = diagnostic.location
        self.rule = diagnostic.rule
        self.rule_doc = diagnostic.rule_doc
        self.fix = diagnostic.fix
        self.source = diagnostic.source
        text = diagnostic.message if diagnostic.key is None else f"{diagnostic.key}: {diagnostic.message}"
        place = _place(diagnostic)
        super().__init__(f"{place}: {text} [{diagnostic.code}]" if place else f"{text} [{diagnostic.code}]")

    @classmethod
    def _from_wit(cls, plain: Any, runtime: Any) -> "PullSecretError":
        return cls(from_plain(Diagnostic, plain["val"], runtime), plain["tag"])


class PolicyError(PullSecretError):
    """A policy document was refused; `diagnostics` holds every problem (each at a JSON path),
    `diagnostic` the first."""

    def __init__(self, diagnostics: List[Diagnostic]) -> None:
        super().__init__(diagnostics[0])
        self.diagnostics = diagnostics
        if len(diagnostics) > 1:
            self.args = (f"{self.args[0]} (and {len(diagnostics) - 1} more)",)


def _ok(plain: Any, runtime: Any) -> Any:
    if "err" in plain:
        raise PullSecretError._from_wit(plain["err"], runtime)
    return plain["ok"]


R = TypeVar("R", bound="_Resource")


class _Resource(Resource):
    """Owns one guest resource: `close()` (or `with`) drops it; otherwise it is dropped at
    its runtime's next call after Python collects this object."""

    _handle: Any = None

    @classmethod
    def _wrap(cls: type, runtime: Any, handle: Any) -> Any:
        self = cls.__new__(cls)
        self._runtime = runtime
        self._handle = runtime.adopt(handle)
        return self

    def _call(self, method: str, *args: Any) -> Any:
        return self._runtime.call(method, self._wit_handle(self._runtime), *args)

    def close(self) -> None:
        """Drops the guest resource now; the object cannot be used afterwards."""
        handle, self._handle = self._handle, None
        if handle is not None:
            self._runtime.drop(handle)

    def __enter__(self: R) -> R:
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()

    def __del__(self) -> None:
        handle = getattr(self, "_handle", None)
        if handle is not None:
            self._runtime.drop_later(handle)


class DockerConfig(_Resource):
    """One parsed docker config: a raw file, or the payload of one Secret."""

    @property
    def format(self) -> Format:
        """The format the config was read as: `dockerconfigjson` or `dockercfg`."""
        return self._call("config.[method]docker-config.format")

    @property
    def source(self) -> str:
        """The label given at parse time (usually the file path)."""
        return self._call("config.[method]docker-config.source")

    @property
    def secret(self) -> Optional[SecretOrigin]:
        """The Kubernetes Secret this config came from, if any."""
        return from_plain(Optional[SecretOrigin], self._call("config.[method]docker-config.secret"), self._runtime)

    @property
    def payload(self) -> bytes:
        """The config bytes exactly as stored (for a Secret, its decoded data value)."""
        return self._call("config.[method]docker-config.payload")

    def entries(self) -> List[Entry]:
        """The entries the kubelet ends up with, in file order; raises
        :class:`PullSecretError` when the kubelet rejects the config."""
        plain = _ok(self._call("config.[method]docker-config.entries"), self._runtime)
        return from_plain(List[Entry], plain, self._runtime)

    def __repr__(self) -> str:
        if self._handle is None:
            return "<DockerConfig (closed)>"
        return f"<DockerConfig source={self.source!r} format={self.format!r}>"


class Keyring(_Resource):
    """Several configs merged in order, as the kubelet merges pod pull secrets: parse once,
    look up many times."""

    def add(self, config: DockerConfig) -> None:
        """Adds a config's entries after those already added; raises :class:`PullSecretError`
        when the kubelet cannot decode it (which fails every lookup of the pod)."""
        _ok(self._call("keyring.[method]keyring.add", config._wit_handle(self._runtime)), self._runtime)

    def lookup_image(self, image: str) -> Answer:
        """The credentials the kubelet sends for a pod image (normalized first)."""
        plain = _ok(self._call("keyring.[method]keyring.lookup-image", image), self._runtime)
        return from_plain(Answer, plain, self._runtime)

    def lookup_raw(self, lookup: str) -> Answer:
        """The credentials for a string looked up verbatim."""
        return from_plain(Answer, self._call("keyring.[method]keyring.lookup-raw", lookup), self._runtime)

    def __repr__(self) -> str:
        return "<Keyring>" if self._handle is not None else "<Keyring (closed)>"


class Policy(_Resource):
    """A checked policy document."""

    @property
    def name(self) -> str:
        return self._call("policy.[method]policy.name")

    @property
    def description(self) -> str:
        return self._call("policy.[method]policy.description")

    def __repr__(self) -> str:
        return f"<Policy {self.name!r}>" if self._handle is not None else "<Policy (closed)>"
