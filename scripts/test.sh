#!/usr/bin/env bash
# Every test of the project, in one command (the README's): the Rust workspace (unit tests,
# the conformance suite through wasmtime, the CLI end to end, the Kubewarden policy on its
# runtime), then the same conformance suite in the Node package, the Python package and the
# browser page. Needs cargo, node/npm, python3 and chromium; a missing tool fails, under CI
# and outside it alike. Prints one summary line per suite and a total.
set -euo pipefail
cd "$(dirname "$0")/.."

log=$(mktemp -d)
trap 'rm -rf "$log"' EXIT

# RUSTUP_AUTO_INSTALL=0 on our machines: rust-toolchain.toml alone does not add the targets.
rustup target add wasm32-unknown-unknown wasm32-wasip1

cargo test --workspace --locked 2>&1 | tee "$log/rust"
# The CLI that `cargo test` just built writes the component for the other hosts: the bytes
# are the same as a release build's (build.rs always builds the guest one way).
export PULLSECRET_CLI="$PWD/target/debug/pullsecret"

(cd hosts/node && npm ci --no-audit --no-fund --loglevel=error && npm run --silent build && npm test) 2>&1 | tee "$log/node"
bash hosts/python/run-tests.sh -q 2>&1 | tee "$log/python"
(cd web && npm ci --no-audit --no-fund --loglevel=error && npm test) 2>&1 | tee "$log/web"

rust=$(awk '/^test result:/ { p += $4; f += $6 } END { printf "%d passed, %d failed", p, f }' "$log/rust")
node_counts() { awk '/^# pass / { p = $3 } /^# fail / { f = $3 } END { printf "%d passed, %d failed", p, f }' "$1"; }
python=$(grep -Eo '[0-9]+ passed' "$log/python" | tail -1)
echo
echo "rust:    $rust"
echo "node:    $(node_counts "$log/node")"
echo "python:  ${python:-0 passed}"
echo "browser: $(node_counts "$log/web")"
