"""run-tests.sh refuses to run without python3 instead of passing by skipping."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

HOST = Path(__file__).resolve().parents[1]


def test_run_tests_fails_without_python3(tmp_path: Path) -> None:
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    for tool in ("bash", "dirname"):
        found = shutil.which(tool)
        assert found, tool
        (bin_dir / tool).symlink_to(found)
    run = subprocess.run(
        [str(bin_dir / "bash"), str(HOST / "run-tests.sh")],
        env={"PATH": str(bin_dir)},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert run.returncode != 0
    assert "python3 is not installed" in run.stderr
