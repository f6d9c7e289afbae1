"""Every case of every suite file in tests/conformance, one pytest case each; and the
runner's own checks: its encoding on hand-written cases, and that it fails when it should."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest

import conformance

SUITES = conformance.suite_files()
CASES = conformance.load_cases(SUITES)
SELFTEST = Path(__file__).resolve().parent / "cases" / "selftest.json"


def _id(path: Path, case: dict) -> str:
    return f"{path.stem}:{case.get('name', '?')}"


def test_there_are_suite_files() -> None:
    assert SUITES, f"no suite files in {conformance.SUITE_DIR}"
    assert CASES, f"the suite files in {conformance.SUITE_DIR} hold no case"


@pytest.mark.parametrize(("path", "case"), CASES, ids=[_id(p, c) for p, c in CASES])
def test_case(runner: conformance.Runner, path: Path, case: dict) -> None:
    outcome = runner.run(case)
    assert outcome.passed, outcome.message


SELF_CASES = conformance.load_cases([SELFTEST])


@pytest.mark.parametrize(("path", "case"), SELF_CASES, ids=[_id(p, c) for p, c in SELF_CASES])
def test_runner_encoding(runner: conformance.Runner, path: Path, case: dict) -> None:
    outcome = runner.run(case)
    assert outcome.passed, outcome.message


def _selftest(name_part: str) -> dict:
    (case,) = [c for _, c in SELF_CASES if name_part in c["name"]]
    return copy.deepcopy(case)


def test_runner_fails_on_a_wrong_expectation(runner: conformance.Runner) -> None:
    case = _selftest("expands a returned docker-config")
    case["expect"]["ok"]["configs"][0]["entries"]["ok"][0]["username"] = "someone-else"
    outcome = runner.run(case)
    assert not outcome.passed
    assert "$.ok.configs[0].entries.ok[0].username" in outcome.message
    assert '"someone-else"' in outcome.message and '"u"' in outcome.message


def test_runner_fails_on_a_missing_key_a_longer_array_and_a_type_mismatch(runner: conformance.Runner) -> None:
    case = _selftest("expands a returned docker-config")
    case["expect"]["ok"]["configs"][0]["no-such-field"] = 1
    assert "no-such-field" in runner.run(case).message
    case = _selftest("expands a returned docker-config")
    case["expect"]["ok"]["notes"] = [{}]
    outcome = runner.run(case)
    assert not outcome.passed and "$.ok.notes" in outcome.message
    case = _selftest("options of strings and booleans")
    case["expect"]["keys"][0]["matches"] = 0  # false is not 0
    assert not runner.run(case).passed
    case = _selftest("an error variant under err")
    case["expect"] = {"ok": "docker.io/upper/case"}
    outcome = runner.run(case)
    assert not outcome.passed and "$.ok" in outcome.message


def test_runner_fails_a_known_failure_that_passes(runner: conformance.Runner) -> None:
    case = _selftest("node-config")
    case["known-failure"] = "for this test"
    outcome = runner.run(case)
    assert not outcome.passed and "known-failure" in outcome.message
    case["expect"] = {"ok": {"utf8": "something else"}}
    assert runner.run(case).passed


def test_runner_fails_a_case_it_cannot_run(runner: conformance.Runner) -> None:
    for broken in (
        {"name": "x", "call": "config.no-such-function", "args": [], "expect": None},
        {"name": "x", "call": "keyring.normalize-image", "args": [], "expect": None},
        {"name": "x", "call": "edit.node-config", "args": [{"$policy": "strict"}], "expect": None},
        {"name": "x", "call": "edit.node-config", "args": [{"$config": {"source": "a", "bytes": {"utf8": "{"}, "forced": None}}], "expect": None},
        {"name": "x", "call": "config.extract", "args": ["s", "not bytes"], "expect": None},
    ):
        outcome = runner.run(broken)
        assert not outcome.passed, broken
        assert "the call failed" in outcome.message


def test_patterns() -> None:
    diff = conformance.first_difference
    assert diff({"a": 1}, {"a": 1.0, "b": 2}) is None
    assert diff([1, 2], [1, 2]) is None
    assert diff([1], [1, 2]) == "at $: expected [1], got [1, 2]"
    assert diff({"a": {"rule-doc": "x"}}, {"a": {"rule-doc": "y"}}) == 'at $.a.rule-doc: expected "x", got "y"'
    assert diff({"a b": 1}, {"a b": 2}) == 'at $["a b"]: expected 1, got 2'
    assert diff(True, 1) is not None and diff(None, False) is not None and diff("1", 1) is not None
    assert diff({"a": None}, {}) == "at $.a: expected null, got no such key"


def test_command_line_counts(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    suite = json.loads(SELFTEST.read_text())
    wrong = copy.deepcopy(suite["cases"][0])
    wrong["name"] = "selftest/wrong on purpose"
    wrong["expect"] = {"err": None}
    suite["cases"] = suite["cases"][:2] + [wrong]
    path = tmp_path / "s.json"
    path.write_text(json.dumps(suite))
    assert conformance.main([str(path)]) == 1
    out = capsys.readouterr().out
    assert "FAIL selftest/wrong on purpose: at $.err: expected null, got no such key" in out
    assert out.rstrip().endswith("2 passed, 1 failed")
