"""The conformance runner of the Python host: runs the cases of `tests/conformance/*.json`
against the component through wasmtime-py, in the JSON encoding `tests/conformance/README.md`
specifies.

Arguments are decoded by the called function's own parameter types (read from the
component), so a `list<u8>` is `{"utf8"}`/`{"base64"}` and a `borrow<docker-config>` or
`borrow<policy>` is the `$config`/`$policy`/`$policy-file` call that makes it. Those resources
are made before the call and dropped after it; a returned `docker-config` is encoded as the
values of its `format`, `source`, `secret` and `entries` methods and then dropped.

    python tests/conformance.py [SUITE.json ...]   # default: every suite file

prints each failing case (name, JSON path of the first difference, expected and actual) and
`N passed, N failed`; it exits non-zero when a case fails or there is no suite file.
"""

from __future__ import annotations

import base64
import json
import re
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Dict, Iterator, List, Optional, Sequence, Tuple

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from pullsecret._codec import Shape  # noqa: E402
from pullsecret._runtime import Runtime  # noqa: E402

#: Where the generated suites live.
SUITE_DIR = HERE.parents[2] / "tests" / "conformance"

_CONFIG = "config.[method]docker-config."


def suite_files(directory: Path = SUITE_DIR) -> List[Path]:
    """Every suite file, sorted."""
    return sorted(directory.glob("*.json"))


def load_cases(paths: Sequence[Path]) -> List[Tuple[Path, Dict[str, Any]]]:
    """Every case of every file, in order."""
    cases = []
    for path in paths:
        suite = json.loads(path.read_text(encoding="utf-8"))
        if not isinstance(suite.get("cases"), list):
            raise ValueError(f"{path}: not a suite file (no \"cases\" list)")
        cases.extend((path, case) for case in suite["cases"])
    return cases


class CaseError(Exception):
    """The case cannot be run as written (a bad encoding, a resource that cannot be made)."""


# --- JSON -> plain values ---------------------------------------------------------------------


def _json_bytes(value: Any) -> bytes:
    if isinstance(value, dict) and set(value) == {"utf8"} and isinstance(value["utf8"], str):
        return value["utf8"].encode("utf-8")
    if isinstance(value, dict) and set(value) == {"base64"} and isinstance(value["base64"], str):
        return base64.b64decode(value["base64"], validate=True)
    raise CaseError(f"a list<u8> is {{\"utf8\": TEXT}} or {{\"base64\": B64}}, not {value!r:.80}")


@dataclass
class Outcome:
    """One case's result: `passed` is what the suite wants (a known failure that fails passes)."""

    name: str
    passed: bool
    message: str = ""


class Runner:
    """Runs cases in one runtime (one instance of the component)."""

    def __init__(self, runtime: Optional[Runtime] = None) -> None:
        self.rt = runtime or Runtime()
        self._config_type = self.rt.function(_CONFIG + "format").params[0][1].resource
        self._policy_type = self.rt.function("policy.[method]policy.name").params[0][1].resource

    # arguments

    def _make(self, s: Shape, value: Any, made: List[Any]) -> Any:
        if not isinstance(value, dict) or len(value) != 1:
            raise CaseError(f"a resource argument is {{\"$config\"|\"$policy\"|\"$policy-file\": ...}}, not {value!r:.80}")
        (how, spec), = value.items()
        if how == "$config":
            want, made_by = self._config_type, "config.parse-one"
            args = [spec["source"], _json_bytes(spec["bytes"]), spec.get("forced")]
        elif how == "$policy":
            want, made_by, args = self._policy_type, "policy.[static]policy.builtin", [spec]
        elif how == "$policy-file":
            want, made_by = self._policy_type, "policy.[static]policy.parse"
            args = [spec["source"], _json_bytes(spec["bytes"])]
        else:
            raise CaseError(f"unknown resource maker {how!r}")
        if s.resource != want:
            raise CaseError(f"{how} given where the parameter takes another resource")
        result = self.rt.call(made_by, *args)
        if how == "$policy":
            if result is None:
                raise CaseError(f"$policy: no built-in policy {spec!r}")
            handle = result
        elif "err" in result:
            raise CaseError(f"{how}: {made_by} failed: {result['err']!r:.300}")
        else:
            handle = result["ok"]
        made.append(handle)
        return handle

    def decode(self, s: Shape, value: Any, made: List[Any]) -> Any:
        """A JSON-encoded argument as a plain value of type `s`."""
        kind = s.kind
        if kind == "bytes":
            return _json_bytes(value)
        if kind == "list":
            if not isinstance(value, list):
                raise CaseError(f"expected a JSON array, got {value!r:.80}")
            assert s.element is not None
            return [self.decode(s.element, v, made) for v in value]
        if kind == "tuple":
            if not isinstance(value, list) or len(value) != len(s.fields):
                raise CaseError(f"expected an array of {len(s.fields)}, got {value!r:.80}")
            return tuple(self.decode(f, v, made) for (_, f), v in zip(s.fields, value))
        if kind == "record":
            names = [n for n, _ in s.fields]
            if not isinstance(value, dict) or set(value) != set(names):
                raise CaseError(f"expected a record with fields {names}, got {value!r:.120}")
            return {n: self.decode(f, value[n], made) for n, f in s.fields}
        if kind == "option":
            return None if value is None else self.decode(s.case("some")[1], value, made)  # type: ignore[arg-type]
        if kind == "result":
            if not isinstance(value, dict) or len(value) != 1:
                raise CaseError(f"expected {{\"ok\": ...}} or {{\"err\": ...}}, got {value!r:.80}")
            (tag, payload), = value.items()
            case = s.case(tag)[1]
            return {tag: None if case is None else self.decode(case, payload, made)}
        if kind == "variant":
            if not isinstance(value, dict) or "tag" not in value:
                raise CaseError(f"expected {{\"tag\": ...}}, got {value!r:.80}")
            case = s.case(value["tag"])[1]
            if case is None:
                return {"tag": value["tag"]}
            return {"tag": value["tag"], "val": self.decode(case, value.get("val"), made)}
        if kind in ("own", "borrow"):
            return self._make(s, value, made)
        return value

    # results

    def encode(self, s: Shape, value: Any) -> Any:
        """A plain value of type `s` in the JSON encoding (owned configs expanded, then dropped)."""
        kind = s.kind
        if kind == "bytes":
            try:
                return {"utf8": value.decode("utf-8")}
            except UnicodeDecodeError:
                return {"base64": base64.b64encode(value).decode("ascii")}
        if kind == "list":
            assert s.element is not None
            return [self.encode(s.element, v) for v in value]
        if kind == "tuple":
            return [self.encode(f, v) for (_, f), v in zip(s.fields, value)]
        if kind == "record":
            return {n: self.encode(f, value[n]) for n, f in s.fields}
        if kind == "option":
            return None if value is None else self.encode(s.case("some")[1], value)  # type: ignore[arg-type]
        if kind == "result":
            (tag, payload), = value.items()
            case = s.case(tag)[1]
            return {tag: None if case is None else self.encode(case, payload)}
        if kind == "variant":
            case = s.case(value["tag"])[1]
            if case is None:
                return {"tag": value["tag"]}
            return {"tag": value["tag"], "val": self.encode(case, value["val"])}
        if kind == "own":
            try:
                if s.resource != self._config_type:
                    raise CaseError("the encoding has no form for a returned resource other than docker-config")
                return self._expand_config(value)
            finally:
                self.rt.drop(value)
        if kind == "borrow":
            raise CaseError("a function returned a borrow")
        return value

    def _expand_config(self, handle: Any) -> Dict[str, Any]:
        expanded = {}
        for method in ("format", "source", "secret", "entries"):
            f = self.rt.function(_CONFIG + method)
            assert f.result is not None
            expanded[method] = self.encode(f.result, self.rt.call(f.name, handle))
        return expanded

    # cases

    def call(self, case: Dict[str, Any]) -> Any:
        """The JSON-encoded return value of the case's call."""
        try:
            f = self.rt.function(case["call"])
        except KeyError as e:
            raise CaseError(str(e)) from None
        args = case["args"]
        if len(args) != len(f.params):
            raise CaseError(f"{case['call']} takes {len(f.params)} arguments, the case gives {len(args)}")
        made: List[Any] = []
        try:
            plain_args = [self.decode(s, a, made) for (_, s), a in zip(f.params, args)]
            result = self.rt.call(f.name, *plain_args)
            return None if f.result is None else self.encode(f.result, result)
        finally:
            for handle in made:
                self.rt.drop(handle)

    def run(self, case: Dict[str, Any]) -> Outcome:
        name = case.get("name", "?")
        known = case.get("known-failure")
        try:
            actual = self.call(case)
            difference = first_difference(case["expect"], actual)
        except Exception as e:  # a case that cannot run fails, with the reason
            difference = f"the call failed: {type(e).__name__}: {e}"
        if known is not None:
            if difference is None:
                return Outcome(name, False, f"{name}: marked known-failure ({known}) but it passes")
            return Outcome(name, True, f"{name}: known failure ({known}): {difference}")
        if difference is None:
            return Outcome(name, True)
        return Outcome(name, False, f"{name}: {difference}")


# --- patterns ---------------------------------------------------------------------------------

_IDENT = re.compile(r"^[A-Za-z_][A-Za-z0-9_-]*$")


def _step(path: str, key: str) -> str:
    return f"{path}.{key}" if _IDENT.match(key) else f"{path}[{json.dumps(key)}]"


_MISSING = object()


def _show(value: Any) -> str:
    if value is _MISSING:
        return "no such key"
    text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= 400 else text[:400] + "..."


def _differs(pattern: Any, actual: Any) -> bool:
    """Whether two scalars differ: strings byte for byte, numbers numerically, a boolean only
    equal to a boolean."""
    if isinstance(pattern, bool) or isinstance(actual, bool):
        return not (isinstance(pattern, bool) and isinstance(actual, bool) and pattern == actual)
    if isinstance(pattern, (int, float)) and isinstance(actual, (int, float)):
        return pattern != actual
    return type(pattern) is not type(actual) or pattern != actual


def first_difference(pattern: Any, actual: Any, path: str = "$") -> Optional[str]:
    """None when `actual` matches `pattern` (README, "Patterns"); else where and how not."""
    for where, expected, got in _differences(pattern, actual, path):
        return f"at {where}: expected {_show(expected)}, got {_show(got)}"
    return None


def _differences(pattern: Any, actual: Any, path: str) -> Iterator[Tuple[str, Any, Any]]:
    if isinstance(pattern, dict):
        if not isinstance(actual, dict):
            yield path, pattern, actual
            return
        for key, value in pattern.items():
            if key not in actual:
                yield _step(path, key), value, _MISSING
                return
            yield from _differences(value, actual[key], _step(path, key))
        return
    if isinstance(pattern, list):
        if not isinstance(actual, list) or len(actual) != len(pattern):
            yield path, pattern, actual
            return
        for i, (p, a) in enumerate(zip(pattern, actual)):
            yield from _differences(p, a, f"{path}[{i}]")
        return
    if _differs(pattern, actual):
        yield path, pattern, actual


def run_files(paths: Sequence[Path], runner: Optional[Runner] = None) -> List[Outcome]:
    runner = runner or Runner()
    return [runner.run(case) for _, case in load_cases(paths)]


def main(argv: Sequence[str]) -> int:
    paths = [Path(a) for a in argv] or suite_files()
    if not paths:
        print(f"no suite files in {SUITE_DIR}", file=sys.stderr)
        return 1
    outcomes = run_files(paths)
    failed = [o for o in outcomes if not o.passed]
    for o in failed:
        print(f"FAIL {o.message}")
    print(f"{len(outcomes) - len(failed)} passed, {len(failed)} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
