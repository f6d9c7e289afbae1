#!/usr/bin/env bash
# Builds the page (npm ci when node_modules is missing, then build.mjs) and serves web/ on
# 127.0.0.1, printing the URL. PORT=N picks the port (default 8080).
set -euo pipefail
cd "$(dirname "$0")"
command -v node >/dev/null || { echo "web/serve.sh: node (Node.js 20 or later) is needed" >&2; exit 1; }
[ -d node_modules/@bytecodealliance/jco ] || npm ci --no-audit --no-fund
node build.mjs
exec node serve.mjs
