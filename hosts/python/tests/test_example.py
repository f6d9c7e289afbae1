"""example.py runs and prints user names, never passwords."""

from __future__ import annotations

import base64
import json
import subprocess
import sys
from pathlib import Path

from conftest import EXAMPLES

HOST = Path(__file__).resolve().parents[1]


def test_example_prints_usernames_only() -> None:
    run = subprocess.run(
        [sys.executable, str(HOST / "example.py")], cwd=HOST, capture_output=True, text=True, timeout=120
    )
    assert run.returncode == 0, run.stderr
    auths = json.loads((EXAMPLES / "pull-secret.json").read_text())["auths"]
    pairs = {k: base64.b64decode(v["auth"]).decode().split(":", 1) for k, v in auths.items()}
    lines = run.stdout.splitlines()
    assert lines[0] == "the kubelet looks up quay.io/repository-main/app and tries, in order:"
    tried = [line.split()[0] for line in lines[1:]]
    assert tried == [pairs["quay.io/repository-main"][0], pairs["quay.io"][0]]
    for key, (_, password) in pairs.items():
        assert password not in run.stdout and auths[key]["auth"] not in run.stdout
