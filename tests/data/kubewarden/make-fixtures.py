#!/usr/bin/env python3
"""Writes the Kubewarden policy's fixtures beside this file: each `<kind>_<scenario>.json` is
the ValidationRequest policy-server sends to `validate` (settings and the admission request,
its Secret's data base64-encoded as the API server sends it); `settings_*.json` are settings
alone, for `validate_settings`. The expected answers live in tests/e2e/kubewarden.rs.
Run it again after changing a scenario: python3 tests/data/kubewarden/make-fixtures.py"""

import base64
import copy
import json
import os

out = os.path.dirname(os.path.abspath(__file__)) + "/"

def b64(s): return base64.b64encode(s.encode()).decode()
def auth(u, p): return b64(f"{u}:{p}")

def secret(name, ns, typ, payload, annotations=None, uid="7a4f2c1e-2b1d-4c55-9a0e-5b7d9f2c6a11"):
    key = ".dockercfg" if typ == "kubernetes.io/dockercfg" else ".dockerconfigjson"
    meta = {"name": name, "namespace": ns, "uid": uid, "resourceVersion": "48213",
            "creationTimestamp": "2026-11-01T09:30:12Z"}
    if annotations: meta["annotations"] = annotations
    meta["managedFields"] = [{"manager": "kubectl-client-side-apply", "operation": "Update", "apiVersion": "v1",
        "time": "2026-11-01T09:30:12Z", "fieldsType": "FieldsV1",
        "fieldsV1": {"f:data": {".": {}, f"f:{key}": {}}, "f:type": {}}}]
    s = {"apiVersion": "v1", "kind": "Secret", "metadata": meta, "type": typ}
    if payload is not None:
        s["data"] = {key: b64(payload)}
    return s

def request(obj, settings, operation="CREATE", kind="Secret", resource="secrets", old=None, name=None, ns=None):
    meta = (obj or old)["metadata"]
    r = {
        "uid": "0d9b5a7e-1c1f-4f38-8f6e-2f4f8c3b7e01",
        "kind": {"group": "", "version": "v1", "kind": kind},
        "resource": {"group": "", "version": "v1", "resource": resource},
        "requestKind": {"group": "", "version": "v1", "kind": kind},
        "requestResource": {"group": "", "version": "v1", "resource": resource},
        "name": name or meta["name"],
        "namespace": ns or meta["namespace"],
        "operation": operation,
        "userInfo": {"username": "kube:admin", "groups": ["system:cluster-admins", "system:authenticated"]},
        "object": obj,
        "oldObject": old,
        "dryRun": False,
        "options": {"kind": {"CREATE": "CreateOptions", "UPDATE": "UpdateOptions", "DELETE": "DeleteOptions"}[operation], "apiVersion": "meta.k8s.io/v1"},
    }
    return {"settings": settings, "request": r}

def cfgjson(entries):
    return json.dumps({"auths": entries}, indent=2)

def write(name, value):
    with open(out + name, "w") as f:
        json.dump(value, f, indent=2)
        f.write("\n")

team_policy = {"apiVersion": "pullsecret/v1", "kind": "PullSecretPolicy", "name": "team",
               "description": "our registries only; no Docker Hub",
               "allowed": ["quay.io/myorg", "*.example.com"], "forbidden": ["docker.io"]}
everywhere = {"policies": [team_policy]}
global_ps = {"policies": ["openshift-global-pull-secret"], "namespaces": ["openshift-config"], "names": ["pull-secret"]}

good = cfgjson({
    "quay.io/myorg": {"auth": auth("myorg+ci", "Qu4yR0bot"), "email": "ci@example.com"},
    "registry.example.com": {"auth": auth("builder", "Bu1lderPass")},
})
# The README's cluster-wide policy beside the team's: the note about path prefixes is off.
cluster_policy = {"apiVersion": "pullsecret/v1", "kind": "PullSecretPolicy", "name": "cluster",
                  "description": "no Docker Hub credentials in this cluster",
                  "forbidden": ["docker.io"], "severity": {"key-path-prefix": "off"}}
write("secret_good.json", request(secret("team-pull", "team", "kubernetes.io/dockerconfigjson", good), {"policies": [team_policy, cluster_policy]}))

warn = cfgjson({
    "quay.io/myorg": {"auth": auth("myorg+ci", "Qu4yR0bot").rstrip("=") if auth("myorg+ci", "Qu4yR0bot").endswith("=") else auth("myorg+cix", "Qu4yR0bot").rstrip("=")},
    "https://registry.example.com/team": {"auth": auth("builder", "Bu1lderPass")},
    "mirror.example.com": {"username": "mirror", "password": "M1rrorPass"},
})
write("secret_warnings.json", request(secret("team-pull", "team", "kubernetes.io/dockerconfigjson", warn), everywhere))

undecodable = cfgjson({
    "quay.io/myorg": {"auth": "myorg+ci:Qu4yR0bot"},
    "registry.example.com": {"auth": auth("builder", "Bu1lderPass")},
})
write("secret_undecodable.json", request(secret("team-pull", "team", "kubernetes.io/dockerconfigjson", undecodable), {}))

forbidden = cfgjson({
    "quay.io/myorg": {"auth": auth("myorg+ci", "Qu4yR0bot")},
    "docker.io": {"auth": auth("dockeruser", "D0ckerHubPass")},
})
write("secret_forbidden-registry.json", request(secret("team-pull", "team", "kubernetes.io/dockerconfigjson", forbidden), everywhere))

old_global = cfgjson({
    "cloud.openshift.com": {"auth": auth("cloud-user", "c1oudT0ken"), "email": "you@example.com"},
    "quay.io": {"auth": auth("myuser", "quayPassw0rd"), "email": "you@example.com"},
    "registry.connect.redhat.com": {"auth": auth("rh-user", "rhPassw0rd"), "email": "you@example.com"},
    "registry.redhat.io": {"auth": auth("rh-user", "rhPassw0rd"), "email": "you@example.com"},
})
new_global = cfgjson({
    "quay.io": {"auth": auth("myuser", "quayPassw0rd"), "email": "you@example.com"},
    "registry.connect.redhat.com": {"auth": auth("rh-user", "rhPassw0rd"), "email": "you@example.com"},
    "registry.redhat.io": {"auth": auth("rh-user", "rhPassw0rd"), "email": "you@example.com"},
    "registry.example.com": {"auth": auth("myuser", "myPassw0rd")},
})
old = secret("pull-secret", "openshift-config", "kubernetes.io/dockerconfigjson", old_global, uid="3c1e9a52-8d7b-4f0a-b6b1-1f2e3d4c5b6a")
new = secret("pull-secret", "openshift-config", "kubernetes.io/dockerconfigjson", new_global, uid="3c1e9a52-8d7b-4f0a-b6b1-1f2e3d4c5b6a")
write("secret_missing-required-registry.json", request(new, global_ps, operation="UPDATE", old=old))
write("secret_global-pull-secret-good.json", request(old, global_ps, operation="UPDATE", old=old))

# The same settings; another namespace's pull secret without the Telemetry entry: the policy
# does not apply there, the kubelet's checks do.
write("secret_not-selected.json", request(secret("pull-secret", "team", "kubernetes.io/dockerconfigjson", new_global), global_ps))

legacy = json.dumps({"registry.example.com": {"auth": auth("builder", "Bu1lderPass"), "email": "ci@example.com"},
                     "quay.io/myorg": {"username": "myorg+ci", "password": "Qu4yR0bot"}})
write("secret_dockercfg-warnings.json", request(secret("legacy-pull", "team", "kubernetes.io/dockercfg", legacy), everywhere))

not_json = '{"auths": {"quay.io/myorg": {"auth": "' + auth("myorg+ci", "Qu4yR0bot") + '"}'
write("secret_payload-not-json.json", request(secret("team-pull", "team", "kubernetes.io/dockerconfigjson", not_json), {}))

opaque = secret("app-config", "team", "Opaque", None)
opaque["data"] = {"password": b64("hunter2"), ".dockerconfigjson": b64("not json at all")}
write("secret_opaque-ignored.json", request(opaque, everywhere))

deleted = secret("team-pull", "team", "kubernetes.io/dockerconfigjson", undecodable)
write("secret_delete-ignored.json", request(None, everywhere, operation="DELETE", old=deleted))

# OpenShift's own pull secret for the ServiceAccount `builder` (4.16 and later): it holds the
# internal registry only, so a cluster-wide `required` list would refuse it.
sa_cfg = json.dumps({
    "image-registry.openshift-image-registry.svc:5000": {"username": "<token>", "password": "eyJhbGciOiJSUzI1NiJ9.e30.c2lnbmF0dXJl", "auth": b64("<token>:eyJhbGciOiJSUzI1NiJ9.e30.c2lnbmF0dXJl")},
    "image-registry.openshift-image-registry.svc.cluster.local:5000": {"username": "<token>", "password": "eyJhbGciOiJSUzI1NiJ9.e30.c2lnbmF0dXJl", "auth": b64("<token>:eyJhbGciOiJSUzI1NiJ9.e30.c2lnbmF0dXJl")},
})
sa = secret("builder-dockercfg-x7k2p", "team", "kubernetes.io/dockercfg", sa_cfg, annotations={
    "openshift.io/internal-registry-auth-token.binding": "bound",
    "openshift.io/internal-registry-auth-token.service-account": "builder",
})
sa["metadata"]["ownerReferences"] = [{"apiVersion": "v1", "kind": "ServiceAccount", "name": "builder", "uid": "5e6f7a8b-9c0d-4e1f-a2b3-c4d5e6f7a8b9", "controller": True, "blockOwnerDeletion": False}]
cluster_required = {"policies": [{"apiVersion": "pullsecret/v1", "kind": "PullSecretPolicy", "name": "cluster", "required": ["quay.io/myorg"]}]}
write("secret_service-account-dockercfg-ignored.json", request(sa, cluster_required))
# The same Secret without OpenShift's annotation is checked like any other.
plain = copy.deepcopy(sa)
del plain["metadata"]["annotations"]
plain["metadata"]["name"] = "builder-pull"
write("secret_unannotated-dockercfg.json", request(plain, cluster_required))

cm = {"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "pull-config", "namespace": "team", "uid": "9f8e7d6c-5b4a-4392-8170-6f5e4d3c2b1a"},
      "data": {".dockerconfigjson": '{"auths": {"docker.io": {"auth": "!!"}}}'}}
write("configmap_ignored.json", request(cm, everywhere, kind="ConfigMap", resource="configmaps"))

write("settings_bad.json", {
    "policies": [
        "openshift-global-pull-secret",
        "no-such-policy",
        {"apiVersion": "pullsecret/v1", "kind": "PullSecretPolicy", "name": "team",
         "required": ["https://quay.io/myorg"], "allowed": ["quay.io/myorg"], "forbidden": ["quay.io/myorg"],
         "severity": {"auth-not-base64": "off"}},
        42,
    ],
    "namespaces": "openshift-config",
    "names": ["pull-secret", ""],
    "mode": "enforce",
})
# YAML 1.1, which Kubernetes reads manifests with, makes a plain `off` false.
yaml_off = dict(cluster_policy, severity={"key-path-prefix": False})
write("settings_good.json", {"policies": ["strict", team_policy, yaml_off], "namespaces": ["team", "openshift-config"], "names": ["pull-secret"]})
