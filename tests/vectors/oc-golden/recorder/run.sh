#!/bin/sh
# Records the oc goldens again, then copies the chosen cases into ../ (each with our CLI's
# equivalent command): OC_BIN=/path/to/oc OC_GIT_DIR=/path/to/openshift-oc.git ./run.sh
# Needs python3 and Go (to build the protobuf decoder of request bodies from oc's own vendored
# Kubernetes libraries). Works in a scratch directory beside this script (.record/).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
work="$here/.record"
mkdir -p "$work/pbdecode/src/hack/pbdecode"
cp "$here"/fakeapi.py "$here"/driver.py "$work"/
if [ ! -x "$work/pbdecode/pbdecode" ]; then
  git --git-dir="$OC_GIT_DIR" archive HEAD go.mod go.sum vendor | tar -x -C "$work/pbdecode/src"
  cp "$here/pbdecode.go" "$work/pbdecode/src/hack/pbdecode/main.go"
  (cd "$work/pbdecode/src" && GOFLAGS=-mod=vendor GOTOOLCHAIN=local go build -o ../pbdecode ./hack/pbdecode)
fi
(cd "$work" && OC_BIN="$OC_BIN" python3 ./driver.py)
OC_CASES="$work/cases" OC_GOLDEN="$here/.." python3 "$here/export.py"
