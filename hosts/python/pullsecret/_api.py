"""The Python API over the component: value conversion only; every answer is the component's."""

from __future__ import annotations

import functools
import inspect
import os
import stat
import threading
from pathlib import Path
from typing import Any, Callable, Iterable, List, Optional, Sequence, Tuple, Union

from . import _model as m
from ._runtime import Runtime

Data = Union[bytes, bytearray, memoryview, str]
InputLike = Union[m.Input, Tuple[str, Data], "os.PathLike[str]"]


def _bytes(data: Data) -> bytes:
    if isinstance(data, str):
        return data.encode("utf-8")
    if isinstance(data, (bytes, bytearray, memoryview)):
        return bytes(data)
    raise TypeError(f"expected bytes or str, got {type(data).__name__}")


def _input(item: InputLike) -> m.Input:
    if isinstance(item, m.Input):
        return item
    if isinstance(item, tuple):
        source, data = item
        return m.Input(source, _bytes(data))
    if isinstance(item, os.PathLike):
        return m.Input(os.fspath(item), Path(item).read_bytes())
    raise TypeError(f"an input is an Input, a (source, data) tuple or a path, not {type(item).__name__}")


def _go_reason(e: OSError) -> str:
    text = e.strerror or str(e)
    return text[:1].lower() + text[1:]


def found_path(path: str) -> m.FoundPath:
    """What is at a path a `--from-file` or `--from-env-file` names, looked at as kubectl does
    (`stat` following links; a directory's regular files in name order). Only looks: what
    kubectl makes of it is the component's business."""
    found: m.Found
    try:
        is_dir = stat.S_ISDIR(os.stat(path).st_mode)
    except OSError as e:
        return m.FoundPath(path, m.Missing(_go_reason(e)))
    if is_dir:
        try:
            with os.scandir(path) as listing:
                regular = sorted(e.name for e in listing if e.is_file(follow_symlinks=False))
        except OSError as e:
            return m.FoundPath(path, m.Unlistable(_go_reason(e)))
        files = []
        for name in regular:
            try:
                files.append(m.DirectoryFile(name, content=Path(path, name).read_bytes()))
            except OSError as e:
                files.append(m.DirectoryFile(name, error=_go_reason(e)))
        found = m.FoundDirectory(files)
    else:
        try:
            found = m.FoundFile(Path(path).read_bytes())
        except OSError as e:
            found = m.Unreadable(_go_reason(e))
    return m.FoundPath(path, found)


class Pullsecret:
    """One instance of the component.

    The compiled component is shared by every instance of the process (compiling takes most
    of a second; instantiating, a fraction of a millisecond). An instance serializes its calls
    with a lock, so threads may share one; for calls that run side by side, give each thread
    its own instance. Resources (configs, keyrings, policies) belong to the instance that made
    them and can only be passed back to it.

    `wasm` is the component file; without it `$PULLSECRET_WASM`, else the `pullsecret.wasm`
    inside this package.
    """

    def __init__(self, wasm: Union[str, "os.PathLike[str]", None] = None) -> None:
        self._rt = Runtime(wasm)

    def _call(self, name: str, *args: Any) -> Any:
        return self._rt.call(name, *[m.to_plain(a, self._rt) for a in args])

    def _result(self, hint: Any, name: str, *args: Any) -> Any:
        return m.from_plain(hint, m._ok(self._call(name, *args), self._rt), self._rt)

    # -- catalogue ------------------------------------------------------------------------

    def codes(self) -> List[m.CodeInfo]:
        """Every diagnostic code, in catalogue order."""
        return m.from_plain(List[m.CodeInfo], self._call("catalogue.codes"), self._rt)

    def rules(self) -> List[m.RuleInfo]:
        """Every rule that findings cite, in the order `docs/rules.md` documents them."""
        return m.from_plain(List[m.RuleInfo], self._call("catalogue.rules"), self._rt)

    # -- config ---------------------------------------------------------------------------

    def parse(self, data: Data, source: str = "input", format: Optional[m.Format] = None) -> m.Document:
        """Reads a pull-secret document: a raw docker config (format detected unless given)
        or Kubernetes Secret manifests in JSON or YAML. `source` labels findings."""
        return self._result(m.Document, "config.parse", source, _bytes(data), format)

    def parse_one(self, data: Data, source: str = "input", format: Optional[m.Format] = None) -> m.DockerConfig:
        """Like :meth:`parse`, for exactly one pull secret in the document."""
        return self._result(m.DockerConfig, "config.parse-one", source, _bytes(data), format)

    def extract(self, data: Data, source: str = "input") -> bytes:
        """The decoded payload of the one pull secret in a Secret manifest, byte for byte."""
        return self._result(bytes, "config.extract", source, _bytes(data))

    # -- keyring --------------------------------------------------------------------------

    def keyring(self, configs: Iterable[m.DockerConfig] = ()) -> m.Keyring:
        """A kubelet keyring holding `configs` in order."""
        ring = m.Keyring._wrap(self._rt, self._call("keyring.[constructor]keyring"))
        for config in configs:
            ring.add(config)
        return ring

    def match_images(
        self,
        images: Sequence[str],
        secrets: Sequence[m.DockerConfig] = (),
        node: Sequence[m.DockerConfig] = (),
        semantics: m.Semantics = "kubelet",
        raw: bool = False,
    ) -> m.Matches:
        """What `semantics` sends for each image, from the pod's pull `secrets` and the
        node's config files."""
        request = m.Request(list(secrets), list(node), list(images), raw)
        return self._result(m.Matches, "keyring.match-images", semantics, request)

    def explain(
        self,
        images: Sequence[str],
        secrets: Sequence[m.DockerConfig] = (),
        node: Sequence[m.DockerConfig] = (),
        only: Optional[m.Semantics] = None,
        raw: bool = False,
    ) -> List[m.Explained]:
        """Every consumer's answer for each image (or only `only`'s), with a verdict on
        every entry."""
        request = m.Request(list(secrets), list(node), list(images), raw)
        return self._result(List[m.Explained], "keyring.explain", request, only)

    def keys(self, keys: Sequence[str], target: Optional[str] = None) -> m.KeyReport:
        """How the kubelet reads each registry key and, with `target`, whether it matches."""
        return m.from_plain(m.KeyReport, self._call("keyring.keys", list(keys), target), self._rt)

    def normalize_image(self, image: str) -> str:
        """The string the kubelet looks up for an image."""
        return self._result(str, "keyring.normalize-image", image)

    # -- edit -----------------------------------------------------------------------------

    def login(
        self,
        registry: str,
        username: str,
        password: str,
        existing: Optional[Data] = None,
        email: Optional[str] = None,
        style: m.LoginStyle = "preserve",
        target: str = "config.json",
    ) -> m.LoggedIn:
        """The file after `login --to`: `existing` is its bytes (None: no file yet), `target`
        labels it in messages."""
        request = m.LoginRequest(registry, username, password, email, style)
        existing_bytes = None if existing is None else _bytes(existing)
        return self._result(m.LoggedIn, "edit.login", target, existing_bytes, request)

    def merge(self, base: m.DockerConfig, overlays: Sequence[m.DockerConfig], prefer: m.Prefer = "overlay") -> m.Merged:
        """Merges whole entries of `overlays` into `base`; `prefer` says which side wins a key."""
        return self._result(m.Merged, "edit.merge", base, list(overlays), prefer)

    def diff(self, old: m.DockerConfig, new: m.DockerConfig) -> m.Diff:
        """Entry-by-entry differences, and warnings."""
        changes, warnings = m._ok(self._call("edit.diff", old, new), self._rt)
        return m.Diff(
            [m.Change._from_wit(c, self._rt) for c in changes],
            m.from_plain(List[m.Diagnostic], warnings, self._rt),
        )

    def node_config(self, config: m.DockerConfig) -> bytes:
        """The node's `/var/lib/kubelet/config.json` the Machine Config Operator writes."""
        return self._result(bytes, "edit.node-config", config)

    # -- manifests ------------------------------------------------------------------------

    def source_paths(self, from_file: Sequence[str] = (), from_env_file: Sequence[str] = ()) -> List[str]:
        """The paths to look at (:func:`found_path`) for these flags, in order, each once."""
        return self._call("manifests.source-paths", list(from_file), list(from_env_file))

    def create_docker_registry_secret(self, request: m.DockerRegistrySecret) -> m.Created:
        """The Secret `kubectl create secret docker-registry` would create."""
        return self._result(m.Created, "manifests.create-docker-registry-secret", request)

    def create_generic_secret(self, request: m.GenericSecret) -> m.Created:
        """The Secret `kubectl create secret generic` would create."""
        return self._result(m.Created, "manifests.create-generic-secret", request)

    def secrets_link(self, request: m.LinkRequest) -> m.LinkResult:
        """`oc secrets link` by oc's rules."""
        return self._result(m.LinkResult, "manifests.secrets-link", request)

    def add_role(self, request: m.AddRoleRequest) -> m.AddRoleResult:
        """The RoleBinding `oc policy add-role-to-user|group` would create or update."""
        return self._result(m.AddRoleResult, "manifests.add-role", request)

    def create_rolebinding(self, request: m.RolebindingRequest) -> str:
        """The RoleBinding `kubectl create rolebinding --dry-run=client` prints."""
        return self._result(str, "manifests.create-rolebinding", request)

    def create_serviceaccount(
        self, name: str, namespace: str = "", shape: m.Shape = "current", output: m.Output = "yaml"
    ) -> str:
        """The ServiceAccount `kubectl create serviceaccount --dry-run=client` prints."""
        return self._call("manifests.create-serviceaccount", name, namespace, shape, output)

    def grant(self, recipe: m.Recipe, shape: m.Shape = "current", output: m.Output = "yaml") -> m.RecipeResult:
        """The manifests of a recipe (:class:`CrossProject` or :class:`Registries`)."""
        return self._result(m.RecipeResult, "manifests.grant", recipe, shape, output)

    def set_data(self, request: m.SetDataRequest) -> m.SetDataResult:
        """The Secret after `oc set data`, or the API server's reason for rejecting it."""
        return self._result(m.SetDataResult, "manifests.set-data", request)

    # -- policy ---------------------------------------------------------------------------

    def builtin_policies(self) -> List[str]:
        """The names of the shipped policies, in catalogue order."""
        return self._call("policy.builtin-names")

    def policy(self, name: str) -> m.Policy:
        """A shipped policy; `KeyError` when there is none by that name."""
        handle = self._call("policy.[static]policy.builtin", name)
        if handle is None:
            raise KeyError(f"no built-in policy {name!r}; builtin_policies() lists them")
        return m.Policy._wrap(self._rt, handle)

    def parse_policy(self, data: Data, source: str = "policy") -> m.Policy:
        """Reads a policy (JSON or YAML); raises :class:`PolicyError` with every problem."""
        plain = self._call("policy.[static]policy.parse", source, _bytes(data))
        if "err" in plain:
            raise m.PolicyError(m.from_plain(List[m.Diagnostic], plain["err"], self._rt))
        return m.Policy._wrap(self._rt, plain["ok"])

    def check_context(self, mirrors: Sequence[str] = (), images: Sequence[str] = ()) -> List[m.Diagnostic]:
        """What is wrong with the mirrors and images given (report before validating)."""
        return m.from_plain(
            List[m.Diagnostic], self._call("policy.check-context", m.Context(list(mirrors), list(images))), self._rt
        )

    def validate(
        self,
        inputs: Iterable[InputLike],
        policies: Iterable[Union[m.Policy, str]] = (),
        mirrors: Sequence[str] = (),
        images: Sequence[str] = (),
    ) -> List[m.Diagnostic]:
        """Every finding about the inputs under the policies (a :class:`Policy`, or the name
        of a shipped one). An input is an :class:`Input`, a `(source, data)` tuple or a path."""
        made: List[m.Policy] = []
        try:
            chosen = []
            for p in policies:
                if isinstance(p, str):
                    p = self.policy(p)
                    made.append(p)
                chosen.append(p)
            context = m.Context(list(mirrors), list(images))
            plain = self._call("policy.validate", [_input(i) for i in inputs], chosen, context)
            return m.from_plain(List[m.Diagnostic], plain, self._rt)
        finally:
            for p in made:
                p.close()


_default: Optional[Pullsecret] = None
_default_lock = threading.Lock()


def default() -> Pullsecret:
    """The process's shared instance, made on first use; the module-level functions use it."""
    global _default
    with _default_lock:
        if _default is None:
            _default = Pullsecret()
        return _default


def _module_function(name: str) -> Callable[..., Any]:
    method = getattr(Pullsecret, name)

    @functools.wraps(method)
    def call(*args: Any, **kwargs: Any) -> Any:
        return method(default(), *args, **kwargs)

    signature = inspect.signature(method)
    call.__signature__ = signature.replace(parameters=list(signature.parameters.values())[1:])  # type: ignore[attr-defined]
    return call

