"""Shared fixtures: one runtime for the conformance cases, the repository's examples."""

from __future__ import annotations

from pathlib import Path

import pytest

from pullsecret._runtime import Runtime

ROOT = Path(__file__).resolve().parents[3]
EXAMPLES = ROOT / "examples"


@pytest.fixture(scope="session")
def runtime() -> Runtime:
    return Runtime()


@pytest.fixture(scope="session")
def runner(runtime: Runtime):
    from conformance import Runner

    return Runner(runtime)
