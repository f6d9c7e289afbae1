"""Converting between wasmtime-py's component values and plain Python values, by WIT type.

wasmtime-py represents a `record` as a `wasmtime.component.Record` whose attributes are the
WIT field names (kebab-case, so only `getattr` reaches them), a `list<u8>` as `bytes`, an
`enum` as its case name, and a `variant`, `option` or `result` either as
`Variant(tag, payload)` or, when the Python classes of its cases do not overlap, as the bare
payload (`None` for a case without one). That last rule loses the case name: `result<_, error>`
comes back as `None` or as the error's payload. The plain values here keep it, so that every
caller sees one shape per WIT type:

| WIT | plain value |
|---|---|
| `bool`, integers, `string`, `char` | `bool`, `int`, `str` |
| `list<u8>` | `bytes` |
| other `list<T>` / `tuple<...>` | `list` / `tuple` |
| `record` | `dict` keyed by the WIT (kebab-case) field names |
| `enum` | the case name |
| `variant` | `{"tag": CASE}` or `{"tag": CASE, "val": VALUE}` |
| `option<T>` | `None` or the value |
| `result<T, E>` | `{"ok": VALUE}` or `{"err": VALUE}` (`None` for a missing type) |
| `own<R>`, `borrow<R>` | `wasmtime.component.ResourceAny` |

The types are read once per function into :class:`Shape` trees (wasmtime-py's type objects
call into the engine on every property access).
"""

from __future__ import annotations

from typing import Any, List, Optional, Set, Tuple

from wasmtime import component as wc

_PRIMITIVES = (wc.Bool, wc.U8, wc.U16, wc.U32, wc.U64, wc.S8, wc.S16, wc.S32, wc.S64, wc.Char, wc.String)
_FLOATS = (wc.F32, wc.F64)


class Shape:
    """A WIT type, read once.

    `kind` is one of `bool`, `int`, `float`, `string`, `bytes`, `list`, `tuple`, `record`,
    `enum`, `variant`, `option`, `result`, `own`, `borrow`.
    """

    __slots__ = ("kind", "element", "fields", "names", "cases", "tagged", "resource")

    def __init__(self, kind: str) -> None:
        self.kind = kind
        self.element: Optional[Shape] = None
        self.fields: List[Tuple[str, Shape]] = []
        self.names: List[str] = []
        # (case name, payload shape or None, Python classes wasmtime-py uses for the case)
        self.cases: List[Tuple[str, Optional[Shape], Tuple[type, ...]]] = []
        self.tagged = False
        self.resource: Optional[wc.ResourceType] = None

    def case(self, tag: str) -> Tuple[str, Optional["Shape"], Tuple[type, ...]]:
        for case in self.cases:
            if case[0] == tag:
                return case
        raise ValueError(f"no case {tag!r} in {self.kind} of {[c[0] for c in self.cases]}")

    def __repr__(self) -> str:
        return f"Shape({self.kind})"


def shape(ty: wc.ValType) -> Shape:
    """Reads a wasmtime-py type into a :class:`Shape`."""
    if isinstance(ty, wc.Bool):
        return Shape("bool")
    if isinstance(ty, (wc.String, wc.Char)):
        return Shape("string")
    if isinstance(ty, _PRIMITIVES):
        return Shape("int")
    if isinstance(ty, _FLOATS):
        return Shape("float")
    if isinstance(ty, wc.ListType):
        element = ty.element
        if isinstance(element, wc.U8):
            return Shape("bytes")
        s = Shape("list")
        s.element = shape(element)
        return s
    if isinstance(ty, wc.TupleType):
        s = Shape("tuple")
        s.fields = [(str(i), shape(e)) for i, e in enumerate(ty.elements)]
        return s
    if isinstance(ty, wc.RecordType):
        s = Shape("record")
        s.fields = [(name, shape(t)) for name, t in ty.fields]
        return s
    if isinstance(ty, wc.EnumType):
        s = Shape("enum")
        s.names = ty.names
        return s
    if isinstance(ty, (wc.VariantType, wc.OptionType, wc.ResultType)):
        if isinstance(ty, wc.VariantType):
            s, cases = Shape("variant"), ty.cases
        elif isinstance(ty, wc.OptionType):
            s, cases = Shape("option"), [("none", None), ("some", ty.payload)]
        else:
            s, cases = Shape("result"), [("ok", ty.ok), ("err", ty.err)]
        seen: Set[type] = set()
        for name, payload in cases:
            classes: Set[type] = set()
            if payload is None:
                classes.add(object)
            else:
                payload.add_classes(classes)
            # wasmtime-py's rule: tagged (a `Variant`) as soon as two cases share a class.
            if classes & seen:
                s.tagged = True
            seen |= classes
            s.cases.append((name, None if payload is None else shape(payload), tuple(classes)))
        return s
    if isinstance(ty, wc.OwnType):
        s = Shape("own")
        s.resource = ty.ty
        return s
    if isinstance(ty, wc.BorrowType):
        s = Shape("borrow")
        s.resource = ty.ty
        return s
    raise TypeError(f"the contract uses no {type(ty).__name__}")


def _plain_case(s: Shape, plain: Any) -> Tuple[str, Any]:
    if s.kind == "option":
        return ("none", None) if plain is None else ("some", plain)
    if s.kind == "result":
        if not isinstance(plain, dict) or len(plain) != 1 or next(iter(plain)) not in ("ok", "err"):
            raise TypeError(f"expected {{'ok': ...}} or {{'err': ...}}, got {type(plain).__name__}")
        return next(iter(plain.items()))
    if not isinstance(plain, dict) or "tag" not in plain or set(plain) - {"tag", "val"}:
        raise TypeError(f"expected {{'tag': ..., 'val': ...}}, got {plain!r:.80}")
    return plain["tag"], plain.get("val")


def lower(s: Shape, plain: Any) -> Any:
    """A plain value as wasmtime-py takes it for type `s`."""
    kind = s.kind
    if kind == "bool":
        if not isinstance(plain, bool):
            raise TypeError(f"expected bool, got {type(plain).__name__}")
        return plain
    if kind == "int":
        if not isinstance(plain, int) or isinstance(plain, bool):
            raise TypeError(f"expected int, got {type(plain).__name__}")
        return plain
    if kind == "float":
        return float(plain)
    if kind == "string":
        if not isinstance(plain, str):
            raise TypeError(f"expected str, got {type(plain).__name__}")
        return plain
    if kind == "bytes":
        if not isinstance(plain, (bytes, bytearray, memoryview)):
            raise TypeError(f"expected bytes, got {type(plain).__name__}")
        return bytes(plain)
    if kind == "list":
        if not isinstance(plain, (list, tuple)):
            raise TypeError(f"expected list, got {type(plain).__name__}")
        assert s.element is not None
        return [lower(s.element, v) for v in plain]
    if kind == "tuple":
        if not isinstance(plain, (list, tuple)) or len(plain) != len(s.fields):
            raise TypeError(f"expected a tuple of {len(s.fields)}, got {plain!r:.80}")
        return tuple(lower(f, v) for (_, f), v in zip(s.fields, plain))
    if kind == "record":
        if not isinstance(plain, dict):
            raise TypeError(f"expected a record (dict), got {type(plain).__name__}")
        names = [name for name, _ in s.fields]
        unknown = set(plain) - set(names)
        missing = [n for n in names if n not in plain]
        if unknown or missing:
            raise TypeError(f"record fields {names}: missing {missing}, unknown {sorted(unknown)}")
        record = wc.Record()
        for name, f in s.fields:
            setattr(record, name, lower(f, plain[name]))
        return record
    if kind == "enum":
        if plain not in s.names:
            raise ValueError(f"expected one of {s.names}, got {plain!r:.80}")
        return plain
    if kind in ("variant", "option", "result"):
        tag, payload = _plain_case(s, plain)
        _, case, _ = s.case(tag)
        value = None if case is None else lower(case, payload)
        return wc.Variant(tag, value) if s.tagged else value
    if kind in ("own", "borrow"):
        if not isinstance(plain, (wc.ResourceAny, wc.ResourceHost)):
            raise TypeError(f"expected a resource, got {type(plain).__name__}")
        return plain
    raise TypeError(f"cannot lower {kind}")


def _raw_case(s: Shape, raw: Any) -> Tuple[str, Optional[Shape], Any]:
    if s.tagged:
        name, case, _ = s.case(raw.tag)
        return name, case, raw.payload
    # Untagged: the case whose classes hold the value's class (exact class first, so that
    # `bool` is not taken for `int` nor anything for a case holding `object`).
    for exact in (True, False):
        for name, case, classes in s.cases:
            if case is None:
                if raw is None:
                    return name, None, None
            elif (type(raw) in classes) if exact else isinstance(raw, classes):
                return name, case, raw
    raise TypeError(f"no case of {s.kind} {[c[0] for c in s.cases]} holds a {type(raw).__name__}")


def lift(s: Shape, raw: Any) -> Any:
    """A value wasmtime-py returned for type `s`, as a plain value."""
    kind = s.kind
    if kind in ("bool", "int", "float", "string", "enum", "own", "borrow"):
        return raw
    if kind == "bytes":
        return bytes(raw)
    if kind == "list":
        assert s.element is not None
        return [lift(s.element, v) for v in raw]
    if kind == "tuple":
        return tuple(lift(f, v) for (_, f), v in zip(s.fields, raw))
    if kind == "record":
        return {name: lift(f, getattr(raw, name)) for name, f in s.fields}
    if kind in ("variant", "option", "result"):
        name, case, payload = _raw_case(s, raw)
        value = None if case is None else lift(case, payload)
        if kind == "option":
            return None if name == "none" else value
        if kind == "result":
            return {name: value}
        return {"tag": name} if case is None else {"tag": name, "val": value}
    raise TypeError(f"cannot lift {kind}")
