"""Loading the component and calling its exports.

The component is compiled once per process and per file (compiling takes most of a second);
each :class:`Runtime` instantiates it in a store of its own (instantiating is cheap). A store is
not thread-safe, so every call into a runtime holds the runtime's lock: one runtime can be
shared by threads, which then take turns; threads that want to run side by side each make
their own runtime.

Nothing here knows about pull secrets: it finds functions by their WIT names and converts
values by their WIT types (:mod:`pullsecret._codec`).
"""

from __future__ import annotations

import os
import threading
from pathlib import Path
from typing import Any, Dict, List, NamedTuple, Optional, Tuple, Union

import wasmtime
from wasmtime import component as wc

from . import _codec

PACKAGE = "pullsecret:core"
VERSION = "0.2.0"

#: The environment variable naming the component file when no path is given.
WASM_ENV = "PULLSECRET_WASM"

#: Where the component is looked for when neither a path nor the environment names one.
DEFAULT_WASM = Path(__file__).resolve().parent / "pullsecret.wasm"

_BUILD_HINT = (
    "write it with `target/release/pullsecret component -o {path}` "
    "(build that CLI first with `cargo build --release --locked`), "
    "or name another file with the {env} environment variable"
)


class ComponentMissing(FileNotFoundError):
    """The component file is not where it was looked for."""


def wasm_path(path: Union[str, os.PathLike, None] = None) -> Path:
    """The component file to load: `path`, else `$PULLSECRET_WASM`, else the package's own."""
    if path is not None:
        return Path(path)
    env = os.environ.get(WASM_ENV)
    if env:
        return Path(env)
    return DEFAULT_WASM


_compile_lock = threading.Lock()
_engine: Optional[wasmtime.Engine] = None
_components: Dict[Path, wc.Component] = {}


def compiled(path: Union[str, os.PathLike, None] = None) -> Tuple[wasmtime.Engine, wc.Component]:
    """The process's engine and the compiled component at `path` (compiled on first use)."""
    global _engine
    resolved = wasm_path(path).resolve()
    with _compile_lock:
        if _engine is None:
            _engine = wasmtime.Engine()
        found = _components.get(resolved)
        if found is None:
            try:
                data = resolved.read_bytes()
            except FileNotFoundError:
                raise ComponentMissing(
                    f"the pullsecret component is not at {resolved}: "
                    + _BUILD_HINT.format(path=resolved, env=WASM_ENV)
                ) from None
            found = wc.Component(_engine, data)
            _components[resolved] = found
        return _engine, found


class Function(NamedTuple):
    """An export and its types."""

    name: str
    func: wc.Func
    params: List[Tuple[str, _codec.Shape]]
    result: Optional[_codec.Shape]


class Runtime:
    """One instance of the component in a store of its own.

    Every call into the store takes the runtime's lock. Resources it made belong to it: they
    are dropped when their owner calls :meth:`drop`, or at the runtime's next call after
    Python collects them (:meth:`drop_later`).
    """

    def __init__(self, wasm: Union[str, os.PathLike, None] = None) -> None:
        self.engine, self.component = compiled(wasm)
        self.lock = threading.RLock()
        self.store = wasmtime.Store(self.engine)
        self.instance = wc.Linker(self.engine).instantiate(self.store, self.component)
        self._funcs: Dict[str, Function] = {}
        self._pending: List[wc.ResourceAny] = []
        self._owned: Dict[int, wc.ResourceAny] = {}
        # Reentrant: a finalizer calling drop_later may run on a thread that holds it.
        self._pending_lock = threading.RLock()

    def function(self, name: str) -> "Function":
        """The export `INTERFACE.FUNCTION` (`config.parse`, `config.[method]docker-config.entries`),
        with its parameter and result types."""
        with self.lock:
            found = self._funcs.get(name)
            if found is not None:
                return found
            interface, _, function = name.partition(".")
            if not function:
                raise KeyError(f"{name!r} is not INTERFACE.FUNCTION")
            outer = self.instance.get_export_index(self.store, f"{PACKAGE}/{interface}@{VERSION}")
            index = None
            if outer is not None:
                index = self.instance.get_export_index(self.store, function, outer)
            func = self.instance.get_func(self.store, index) if index is not None else None
            if func is None:
                raise KeyError(f"the component exports no function {name!r}")
            ty = func.type(self.store)
            result = ty.result
            found = Function(
                name,
                func,
                [(p, _codec.shape(t)) for p, t in ty.params],
                None if result is None else _codec.shape(result),
            )
            self._funcs[name] = found
            return found

    def call_raw(self, name: str, *args: Any) -> Any:
        """Calls `name` with values already in wasmtime's representation."""
        with self.lock:
            self._drop_pending()
            func = self.function(name).func
            result = func(self.store, *args)
            func.post_return(self.store)
            return result

    def call(self, name: str, *args: Any) -> Any:
        """Calls `name` with plain values (:mod:`pullsecret._codec`) and returns a plain value."""
        with self.lock:
            f = self.function(name)
            if len(args) != len(f.params):
                raise TypeError(f"{name} takes {len(f.params)} arguments, not {len(args)}")
            lowered = [_codec.lower(s, arg) for (_, s), arg in zip(f.params, args)]
            raw = self.call_raw(name, *lowered)
            return None if f.result is None else _codec.lift(f.result, raw)

    def adopt(self, resource: wc.ResourceAny) -> wc.ResourceAny:
        """Keeps a reference to a resource a wrapper owns until it is dropped, so that Python
        never finalizes the handle before the wrapper's finalizer has asked for the drop
        (objects of a garbage cycle are finalized in no particular order)."""
        with self._pending_lock:
            self._owned[id(resource)] = resource
        return resource

    def drop(self, resource: wc.ResourceAny) -> None:
        """Runs the guest's destructor of an owned resource now."""
        with self.lock:
            with self._pending_lock:
                self._owned.pop(id(resource), None)
            resource.drop(self.store)

    def drop_later(self, resource: wc.ResourceAny) -> None:
        """Drops `resource` at the next call (safe from a finalizer on any thread)."""
        with self._pending_lock:
            self._pending.append(resource)

    def _drop_pending(self) -> None:
        with self._pending_lock:
            pending, self._pending = self._pending, []
            for resource in pending:
                self._owned.pop(id(resource), None)
        for resource in pending:
            resource.drop(self.store)
