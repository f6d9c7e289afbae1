#!/usr/bin/env bash
# Tests of the Python host: makes hosts/python/.venv if missing, installs the pinned
# requirements into it, writes pullsecret/pullsecret.wasm with the CLI (building the CLI first
# if it is missing), and runs pytest (arguments are passed on to it). Fails when python3 is
# missing: nothing here is skipped.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
# PULLSECRET_CLI names another build of the CLI (CI uses the one `cargo test` built).
CLI="${PULLSECRET_CLI:-$ROOT/target/release/pullsecret}"
WASM="$HERE/pullsecret/pullsecret.wasm"

if ! command -v python3 >/dev/null 2>&1; then
    echo "hosts/python: python3 is not installed; the Python host's tests need it (3.9 or later)" >&2
    exit 1
fi

if [ ! -x "$HERE/.venv/bin/python" ]; then
    echo "hosts/python: creating .venv" >&2
    python3 -m venv "$HERE/.venv" || {
        echo "hosts/python: 'python3 -m venv' failed (on Debian: apt-get install python3-venv)" >&2
        exit 1
    }
fi
"$HERE/.venv/bin/python" -m pip install --disable-pip-version-check --quiet -r "$HERE/requirements.txt"

if [ ! -x "$CLI" ]; then
    if ! command -v cargo >/dev/null 2>&1; then
        echo "hosts/python: $CLI is missing and cargo is not installed to build it (cargo build --release --locked)" >&2
        exit 1
    fi
    echo "hosts/python: building the CLI: cargo build --release --locked" >&2
    (cd "$ROOT" && cargo build --release --locked)
fi
"$CLI" component -o "$WASM"

cd "$HERE"
exec "$HERE/.venv/bin/python" -m pytest "$@"
