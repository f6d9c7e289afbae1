#!/usr/bin/env bash
# Regenerates the goldens from real binaries, run in this directory:
#   KUBECTL=kubectl OC=/path/to/oc bash regen.sh
# Each CASE.cmd holds a kubectl command line (arguments quoted with %q). kubectl (1.32 here)
# writes CASE.out / CASE.err / CASE.rc, the shape `--compat kubectl-1.33` prints; the current oc
# (it vendors kubectl 1.35) runs the same arguments and writes CASE.oc.out / .oc.err / .oc.rc,
# the default shape. Both need only a kubeconfig that names a namespace, never a server.
set -u
cd "$(dirname "$0")"
export KUBECONFIG="${KUBECONFIG:-$(mktemp)}"
[ -s "$KUBECONFIG" ] || cat >"$KUBECONFIG" <<'CFG'
apiVersion: v1
kind: Config
clusters: [{name: stub, cluster: {server: "https://127.0.0.1:1"}}]
contexts: [{name: stub, context: {cluster: stub, user: stub, namespace: default}}]
current-context: stub
users: [{name: stub, user: {token: stub}}]
CFG
for cmd in *.cmd; do
  case=${cmd%.cmd}
  args=$(sed 's/^kubectl //' "$cmd")
  for tool in ${KUBECTL:+kubectl} ${OC:+oc}; do
    bin=${KUBECTL:-kubectl}; suffix=
    if [ "$tool" = oc ]; then bin=$OC; suffix=.oc; fi
    eval "\"$bin\" $args" >"$case$suffix.out" 2>"$case$suffix.err"
    echo $? >"$case$suffix.rc"
    [ -s "$case$suffix.err" ] || rm -f "$case$suffix.err"
    [ -s "$case$suffix.out" ] || rm -f "$case$suffix.out"
  done
done
