#!/usr/bin/env python3
"""Run the real `oc` against fakeapi.py for every case and record goldens under cases/<name>/."""
import base64
import hashlib
import json
import os
import shutil
import subprocess
import sys
import time
from collections import OrderedDict

ROOT = os.path.dirname(os.path.abspath(__file__))
OC = os.environ["OC_BIN"]
KUBECTL = os.environ.get("KUBECTL_BIN", "/usr/bin/kubectl")
PORT = int(os.environ.get("FAKEAPI_PORT", "18765"))
CASES_DIR = os.path.join(ROOT, "cases")
WORK = os.path.join(ROOT, ".work")
HOME = os.path.join(ROOT, ".home")
KUBECONFIG = os.path.join(ROOT, "kubeconfig")

KUBECONFIG_TEXT = """apiVersion: v1
kind: Config
clusters:
- cluster:
    server: http://127.0.0.1:%d
  name: fake
contexts:
- context:
    cluster: fake
    namespace: kc-ns
    user: fake-user
  name: fake
current-context: fake
users:
- name: fake-user
  user:
    token: fake-token
""" % PORT


def b64(s):
    return base64.b64encode(s.encode() if isinstance(s, str) else s).decode()


# --------------------------------------------------------------------------- fixtures
def clusterrole(name="system:image-puller"):
    return OrderedDict([("apiVersion", "rbac.authorization.k8s.io/v1"), ("kind", "ClusterRole"),
                        ("metadata", OrderedDict([("name", name), ("uid", "cr-uid"), ("resourceVersion", "10")])),
                        ("rules", [{"apiGroups": ["image.openshift.io"], "resources": ["imagestreams/layers"], "verbs": ["get"]}])])


def role(ns, name):
    return OrderedDict([("apiVersion", "rbac.authorization.k8s.io/v1"), ("kind", "Role"),
                        ("metadata", OrderedDict([("name", name), ("namespace", ns), ("uid", "role-uid"), ("resourceVersion", "11")])),
                        ("rules", [])])


def rb(ns, name, role_kind, role_name, subjects, rv="100"):
    o = OrderedDict([("apiVersion", "rbac.authorization.k8s.io/v1"), ("kind", "RoleBinding"),
                     ("metadata", OrderedDict([("name", name), ("namespace", ns), ("uid", "rb-uid-" + name),
                                               ("resourceVersion", rv), ("creationTimestamp", "2024-01-01T00:00:00Z")])),
                     ("roleRef", OrderedDict([("apiGroup", "rbac.authorization.k8s.io"), ("kind", role_kind), ("name", role_name)]))])
    if subjects is not None:
        o["subjects"] = subjects
    return o


def user_subj(name):
    return OrderedDict([("kind", "User"), ("apiGroup", "rbac.authorization.k8s.io"), ("name", name)])


def sa_subj(ns, name):
    return OrderedDict([("kind", "ServiceAccount"), ("name", name), ("namespace", ns)])


def sa(ns, name, secrets=None, pull=None):
    o = OrderedDict([("apiVersion", "v1"), ("kind", "ServiceAccount"),
                     ("metadata", OrderedDict([("name", name), ("namespace", ns), ("uid", "sa-uid-" + name),
                                               ("resourceVersion", "200"), ("creationTimestamp", "2024-01-01T00:00:00Z")]))])
    if secrets is not None:
        o["secrets"] = [{"name": s} for s in secrets]
    if pull is not None:
        o["imagePullSecrets"] = [{"name": s} for s in pull]
    return o


def secret(ns, name, typ="Opaque", data=None):
    return OrderedDict([("apiVersion", "v1"), ("kind", "Secret"),
                        ("metadata", OrderedDict([("name", name), ("namespace", ns), ("uid", "s-uid-" + name),
                                                  ("resourceVersion", "300"), ("creationTimestamp", "2024-01-01T00:00:00Z")])),
                        ("data", data or {"k": b64("v")}), ("type", typ)])


OLD_DCJ = '{"auths":{"quay.io":{"auth":"b2xkOm9sZA=="}}}'
NEW_DCJ = '{"auths":{"quay.io":{"auth":"bmV3Om5ldw=="},"registry.example.com":{"auth":"dTpw"}}}\n'


def pull_secret(data_value_b64=None, ns="openshift-config"):
    """The 'current' pull-secret with odd metadata and unknown members, in a deliberately odd key order."""
    return OrderedDict([
        ("kind", "Secret"),
        ("apiVersion", "v1"),
        ("type", "kubernetes.io/dockerconfigjson"),
        ("metadata", OrderedDict([
            ("uid", "0f0e0d0c-0000-4000-8000-000000000001"),
            ("resourceVersion", "12345"),
            ("name", "pull-secret"),
            ("namespace", ns),
            ("labels", OrderedDict()),
            ("annotations", OrderedDict([("zz-note", "line1\nline2\n"), ("bool-like", "Yes"), ("aa-num", "0123")])),
            ("creationTimestamp", "2024-05-01T10:00:00Z"),
            ("managedFields", [OrderedDict([
                ("manager", "cluster-bootstrap"), ("operation", "Update"), ("apiVersion", "v1"),
                ("time", "2024-05-01T10:00:00Z"), ("fieldsType", "FieldsV1"),
                ("fieldsV1", {"f:data": {".": {}, "f:.dockerconfigjson": {}}, "f:type": {}})])]),
        ])),
        ("data", OrderedDict([(".dockerconfigjson", data_value_b64 if data_value_b64 is not None else b64(OLD_DCJ))])),
        ("extra", 1),
        ("status", OrderedDict([("phase", "Active"), ("conditions", [])])),
        ("immutable", False),
    ])


PULL_SECRET_YAML = """kind: Secret
apiVersion: v1
type: kubernetes.io/dockerconfigjson
metadata:
  uid: 0f0e0d0c-0000-4000-8000-000000000001
  resourceVersion: "12345"
  name: pull-secret
  namespace: openshift-config
  labels: {}
  annotations:
    zz-note: |
      line1
      line2
    bool-like: "Yes"
    aa-num: "0123"
  creationTimestamp: "2024-05-01T10:00:00Z"
  managedFields:
  - manager: cluster-bootstrap
    operation: Update
    apiVersion: v1
    time: "2024-05-01T10:00:00Z"
    fieldsType: FieldsV1
    fieldsV1:
      f:data:
        .: {}
        f:.dockerconfigjson: {}
      f:type: {}
data:
  .dockerconfigjson: %s
extra: 1
status:
  phase: Active
  conditions: []
immutable: false
""" % b64(OLD_DCJ)


# --------------------------------------------------------------------------- cases
CASES = []


NAMESPACES = ["p", "project-a", "project-b", "openshift-config", "openshift", "kc-ns"]


def namespace(name):
    return OrderedDict([("apiVersion", "v1"), ("kind", "Namespace"),
                        ("metadata", OrderedDict([("name", name), ("uid", "ns-uid-" + name), ("resourceVersion", "1")])),
                        ("spec", {"finalizers": ["kubernetes"]}), ("status", {"phase": "Active"})])


def case(name, argv, fixtures=(), files=None, openshift=False, server=True, note="", namespaces=True, mkxdg=False, binary="oc"):
    fx = list(fixtures)
    if namespaces:
        fx = [namespace(n) for n in NAMESPACES] + fx
    CASES.append(dict(name=name, argv=[binary] + argv, fixtures=fx, files=files or {},
                      openshift=openshift, server=server, note=note, mkxdg=mkxdg))


def policy_cases():
    base = [clusterrole()]
    p_sas = [sa("p", "builder"), sa("p", "default")]
    b_sas = [sa("project-b", "builder"), sa("project-b", "default"), sa("project-a", "default")]
    modes = [("dry_yaml", ["--dry-run=client", "-o", "yaml"]),
             ("dry_json", ["--dry-run=client", "-o", "json"]),
             ("dry_name", ["--dry-run=client"]),
             ("real", []),
             ("real_yaml", ["-o", "yaml"])]

    # 1a duplicates
    for tag, args in [("user_dup", ["add-role-to-user", "system:image-puller", "alice", "alice", "-n", "p"]),
                      ("sa_dup", ["add-role-to-user", "system:image-puller", "-z", "builder", "-z", "builder", "-n", "p"]),
                      ("sa_dup_comma", ["add-role-to-user", "system:image-puller", "-z", "builder,builder", "-n", "p"]),
                      ("group_dup", ["add-role-to-group", "system:image-puller", "g1", "g1", "-n", "p"]),
                      ("user_and_sa_same", ["add-role-to-user", "system:image-puller", "system:serviceaccount:p:builder", "-z", "builder", "-n", "p"])]:
        for m, extra in modes:
            case("1a_%s_%s" % (tag, m), ["policy"] + args + extra, base + p_sas)

    # 1b existing binding named system:image-puller referencing a *Role*
    role_rb = rb("p", "system:image-puller", "Role", "system:image-puller", [user_subj("bob")])
    fx = base + p_sas + [role("p", "system:image-puller"), role_rb]
    for m, extra in modes:
        case("1b_role_binding_exists_%s" % m, ["policy", "add-role-to-user", "system:image-puller", "alice", "-n", "p"] + extra, fx)
    for m, extra in [("real", []), ("dry_yaml", ["--dry-run=client", "-o", "yaml"])]:
        case("1b_rolebinding_name_kind_mismatch_%s" % m,
             ["policy", "add-role-to-user", "system:image-puller", "alice", "-n", "p", "--rolebinding-name", "system:image-puller"] + extra, fx)
        case("1b_role_namespace_p_%s" % m,
             ["policy", "add-role-to-user", "system:image-puller", "alice", "-n", "p", "--role-namespace", "p"] + extra, fx)
    case("1b_rolebinding_name_role_mismatch_real",
         ["policy", "add-role-to-user", "system:image-builder", "alice", "-n", "p", "--rolebinding-name", "system:image-puller"],
         fx + [clusterrole("system:image-builder")])
    case("1b_role_namespace_other_real",
         ["policy", "add-role-to-user", "system:image-puller", "alice", "-n", "p", "--role-namespace", "q"], fx)
    # 1b variant: Role-ref binding AND a ClusterRole-ref binding named system:image-puller-0 already exist
    case("1b_role_binding_and_dash0_exist_dry_yaml",
         ["policy", "add-role-to-user", "system:image-puller", "alice", "-n", "p", "--dry-run=client", "-o", "yaml"],
         fx + [rb("p", "system:image-puller-0", "ClusterRole", "other-role", [user_subj("x")])])

    # 1c already granted
    granted = rb("p", "system:image-puller", "ClusterRole", "system:image-puller", [user_subj("alice")])
    fx = base + p_sas + [granted]
    for m, extra in modes:
        case("1c_already_granted_%s" % m, ["policy", "add-role-to-user", "system:image-puller", "alice", "-n", "p"] + extra, fx)
    # subject present but without apiGroup -> does oc still consider it granted?
    nogrp = rb("p", "system:image-puller", "ClusterRole", "system:image-puller", [OrderedDict([("kind", "User"), ("name", "alice")])])
    case("1c_already_granted_no_apigroup_real", ["policy", "add-role-to-user", "system:image-puller", "alice", "-n", "p"], base + p_sas + [nogrp])
    # partial: alice already granted, bob new
    for m, extra in [("dry_yaml", ["--dry-run=client", "-o", "yaml"]), ("real", [])]:
        case("1c_partially_granted_%s" % m, ["policy", "add-role-to-user", "system:image-puller", "alice", "bob", "-n", "p"] + extra, fx)
    # already granted via an explicit --rolebinding-name
    for m, extra in [("dry_yaml", ["--dry-run=client", "-o", "yaml"]), ("real", [])]:
        case("1c_already_granted_rbname_%s" % m,
             ["policy", "add-role-to-user", "system:image-puller", "alice", "-n", "p", "--rolebinding-name", "system:image-puller"] + extra, fx)

    # 1d plain cases
    plain = [("d1_sa_user", ["add-role-to-user", "system:image-puller", "system:serviceaccount:project-a:default", "-n", "project-b"]),
             ("d2_sa_group", ["add-role-to-group", "system:image-puller", "system:serviceaccounts:project-a", "-n", "project-b"]),
             ("d3_mixed", ["add-role-to-user", "system:image-puller", "alice", "system:serviceaccount:project-a:default", "-z", "builder", "-n", "project-b"])]
    fx = base + b_sas
    for tag, args in plain:
        for m, extra in modes:
            case("1d_%s_%s" % (tag, m), ["policy"] + args + extra, fx)
    # warnings: SA missing / role missing / user API present
    case("1d_d1_sa_missing_real", ["policy"] + plain[0][1], base)
    case("1d_d1_role_missing_dry_yaml", ["policy"] + plain[0][1] + ["--dry-run=client", "-o", "yaml"], b_sas)
    case("1d_d3_openshift_userapi_real", ["policy"] + plain[2][1], fx, openshift=True)
    case("1d_d2_openshift_userapi_real", ["policy"] + plain[1][1], fx, openshift=True)
    # d4: existing system:image-puller binding holding SA project-a/default; add the group
    existing = rb("project-b", "system:image-puller", "ClusterRole", "system:image-puller", [sa_subj("project-a", "default")])
    for m, extra in modes:
        case("1d_d4_existing_sa_binding_add_group_%s" % m,
             ["policy", "add-role-to-group", "system:image-puller", "system:serviceaccounts:project-a", "-n", "project-b"] + extra,
             fx + [existing])
    # d4b: both system:image-puller and system:image-puller-0 taken
    case("1d_d4b_dash0_taken_dry_yaml",
         ["policy", "add-role-to-group", "system:image-puller", "system:serviceaccounts:project-a", "-n", "project-b", "--dry-run=client", "-o", "yaml"],
         fx + [existing, rb("project-b", "system:image-puller-0", "ClusterRole", "system:image-puller", [user_subj("zed")])])
    # d5: --rolebinding-name=image-pullers appending to existing binding
    pullers = rb("project-b", "image-pullers", "ClusterRole", "system:image-puller", [sa_subj("project-a", "default")], rv="555")
    pullers["metadata"]["labels"] = OrderedDict([("app", "x")])
    pullers["metadata"]["annotations"] = OrderedDict([("note", "keep me")])
    for m, extra in modes:
        case("1d_d5_rolebinding_name_append_%s" % m,
             ["policy", "add-role-to-group", "system:image-puller", "system:serviceaccounts:project-a", "-n", "project-b",
              "--rolebinding-name=image-pullers"] + extra, fx + [pullers])
    for m, extra in [("dry_yaml", ["--dry-run=client", "-o", "yaml"]), ("real", [])]:
        case("1d_d5b_rolebinding_name_append_user_%s" % m,
             ["policy", "add-role-to-user", "system:image-puller", "alice", "-z", "builder", "-n", "project-b",
              "--rolebinding-name=image-pullers"] + extra, fx + [pullers])
        # --rolebinding-name that does not exist yet -> created with that name
        case("1d_d6_rolebinding_name_new_%s" % m,
             ["policy", "add-role-to-group", "system:image-puller", "system:serviceaccounts:project-a", "-n", "project-b",
              "--rolebinding-name=image-pullers"] + extra, fx)
    # server dry run
    case("1d_d1_dry_server", ["policy"] + plain[0][1] + ["--dry-run=server"], fx)
    # usage errors
    case("1e_no_subject", ["policy", "add-role-to-user", "system:image-puller", "-n", "p"], base)
    case("1e_group_no_subject", ["policy", "add-role-to-group", "system:image-puller", "-n", "p"], base)
    case("1e_z_fullname", ["policy", "add-role-to-user", "system:image-puller", "-z", "system:serviceaccount:p:builder", "-n", "p"], base)
    case("1e_z_invalid", ["policy", "add-role-to-user", "system:image-puller", "-z", "Bad_Name", "-n", "p"], base)


def secrets_cases():
    fx = [sa("p", "default", secrets=["default-dockercfg-abc"], pull=["default-dockercfg-abc"]),
          secret("p", "default-dockercfg-abc", "kubernetes.io/dockercfg", {".dockercfg": b64("{}")}),
          secret("p", "zeta"), secret("p", "alpha")]
    L = ["secrets", "link", "default"]
    case("2a_link_pull", L + ["zeta", "alpha", "--for=pull", "-n", "p"], fx)
    case("2b_link_pull_mount", L + ["zeta", "alpha", "--for=pull,mount", "-n", "p"], fx)
    case("2b_link_mount_pull_two_flags", L + ["zeta", "alpha", "--for=mount", "--for=pull", "-n", "p"], fx)
    case("2c_link_default_mount", L + ["zeta", "alpha", "-n", "p"], fx)
    case("2d_link_already_linked_pull", L + ["default-dockercfg-abc", "--for=pull", "-n", "p"], fx)
    case("2d_link_already_linked_pull_mount", L + ["default-dockercfg-abc", "--for=pull,mount", "-n", "p"], fx)
    case("2d_link_already_and_new_pull", L + ["default-dockercfg-abc", "zeta", "--for=pull", "-n", "p"], fx)
    case("2d_link_dup_args_pull", L + ["zeta", "zeta", "--for=pull", "-n", "p"], fx)
    case("2e_link_missing_only", L + ["missing", "--for=pull", "-n", "p"], fx)
    case("2e_link_missing_and_existing", L + ["zeta", "missing", "--for=pull", "-n", "p"], fx)
    case("2e_link_missing_and_already_linked", L + ["default-dockercfg-abc", "missing", "--for=pull", "-n", "p"], fx)
    case("2f_link_dry_run_flag", L + ["zeta", "--for=pull", "-n", "p", "--dry-run=client"], fx)
    case("2f_link_output_flag", L + ["zeta", "--for=pull", "-n", "p", "-o", "yaml"], fx)
    case("2g_link_sa_missing", ["secrets", "link", "nosuchsa", "zeta", "--for=pull", "-n", "p"], fx)
    case("2g_link_sa_missing_ns_missing", ["secrets", "link", "nosuchsa", "zeta", "--for=pull", "-n", "p"], fx, namespaces=False)
    case("2e_link_missing_only_ns_missing", L + ["missing", "--for=pull", "-n", "p"], fx, namespaces=False)
    case("2h_link_secret_slash_form", L + ["secret/zeta", "secrets/alpha", "--for=pull", "-n", "p"], fx)
    case("2h_link_wrong_resource_form", L + ["configmap/zeta", "--for=pull", "-n", "p"], fx)
    case("2i_link_bad_for", L + ["zeta", "--for=bogus", "-n", "p"], fx)
    case("2i_link_for_upper", L + ["zeta", "--for=PULL", "-n", "p"], fx)
    case("2i_link_for_empty", L + ["zeta", "--for=", "-n", "p"], fx)
    case("2j_link_no_secret_args", ["secrets", "link", "default", "-n", "p"], fx)
    # SA with no secrets/imagePullSecrets members at all
    case("2k_link_bare_sa_pull", ["secrets", "link", "bare", "zeta", "--for=pull", "-n", "p"], fx + [sa("p", "bare")])


def set_data_cases():
    cur = pull_secret()
    files = {"new.json": NEW_DCJ, "old.json": OLD_DCJ, "secret.yaml": PULL_SECRET_YAML,
             "secret.json": json.dumps(pull_secret(), indent=2) + "\n"}
    S = ["set", "data", "secret/pull-secret", "-n", "openshift-config", "--from-file=.dockerconfigjson=new.json"]
    case("3a_set_data_dry_yaml", S + ["--dry-run=client", "-o", "yaml"], [cur], files)
    case("3b_set_data_dry_json", S + ["--dry-run=client", "-o", "json"], [cur], files)
    case("3b_set_data_dry_name", S + ["--dry-run=client"], [cur], files)
    case("3c_set_data_real", S, [cur], files)
    case("3c_set_data_real_yaml", S + ["-o", "yaml"], [cur], files)
    case("3c_set_data_dry_server", S + ["--dry-run=server"], [cur], files)
    L = ["set", "data", "--local", "-f", "secret.yaml", "--from-file=.dockerconfigjson=new.json"]
    case("3d_local_yaml_dry_yaml", L + ["--dry-run=client", "-o", "yaml"], [], files)
    case("3d_local_yaml_o_yaml", L + ["-o", "yaml"], [], files)
    case("3d_local_yaml_o_json", L + ["-o", "json"], [], files)
    case("3d_local_yaml_no_o", L, [], files)
    case("3d_local_json_o_json", ["set", "data", "--local", "-f", "secret.json", "--from-file=.dockerconfigjson=new.json", "-o", "json"], [], files)
    case("3d_local_yaml_n_same", L + ["-n", "openshift-config", "-o", "yaml"], [], files)
    case("3d_local_with_resource_arg", ["set", "data", "secret/pull-secret", "--local", "-f", "secret.yaml",
                                        "--from-file=.dockerconfigjson=new.json", "-o", "yaml"], [], files)
    case("3d_local_no_server", L + ["-o", "yaml"], [], files, server=False)
    case("3e_local_n_other", L + ["-n", "other", "-o", "yaml"], [], files)
    case("3e_local_n_other_no_server", L + ["-n", "other", "-o", "yaml"], [], files, server=False)
    # manifest without namespace + -n other
    nons = PULL_SECRET_YAML.replace("  namespace: openshift-config\n", "")
    case("3e_local_manifest_no_ns_n_other", ["set", "data", "--local", "-f", "nons.yaml", "--from-file=.dockerconfigjson=new.json",
                                             "-n", "other", "-o", "yaml"], [], dict(files, **{"nons.yaml": nons}))
    # invalid base64 in the current (served) secret
    bad = pull_secret(data_value_b64="not*base64!")
    case("3f_server_bad_base64_dry_yaml", S + ["--dry-run=client", "-o", "yaml"], [bad], files)
    case("3f_server_bad_base64_real", S, [bad], files)
    badyaml = PULL_SECRET_YAML.replace(b64(OLD_DCJ), "not*base64!")
    case("3f_local_bad_base64", ["set", "data", "--local", "-f", "bad.yaml", "--from-file=.dockerconfigjson=new.json", "-o", "yaml"],
         [], dict(files, **{"bad.yaml": badyaml}))
    # unchanged (same bytes)
    U = ["set", "data", "secret/pull-secret", "-n", "openshift-config", "--from-file=.dockerconfigjson=old.json"]
    case("3g_unchanged_real", U, [cur], files)
    case("3g_unchanged_real_yaml", U + ["-o", "yaml"], [cur], files)
    case("3g_unchanged_dry_yaml", U + ["--dry-run=client", "-o", "yaml"], [cur], files)
    case("3g_unchanged_dry_name", U + ["--dry-run=client"], [cur], files)
    case("3g_unchanged_local_no_o", ["set", "data", "--local", "-f", "secret.yaml", "--from-file=.dockerconfigjson=old.json"], [], files)
    # secret missing on server
    case("3h_not_found", ["set", "data", "secret/nope", "-n", "openshift-config", "--from-file=.dockerconfigjson=new.json"], [cur], files)
    case("3h_not_found_ns_missing", ["set", "data", "secret/nope", "-n", "openshift-config", "--from-file=.dockerconfigjson=new.json"],
         [cur], files, namespaces=False)
    case("3h_missing_file", ["set", "data", "secret/pull-secret", "-n", "openshift-config", "--from-file=.dockerconfigjson=nofile.json"], [cur], files)
    # secret with two data keys: only the changed key is in the patch; removing a key
    two = pull_secret()
    two["data"]["other"] = b64("x")
    case("3j_two_keys_real", S, [two], files)
    case("3j_remove_key_real", ["set", "data", "secret/pull-secret", "-n", "openshift-config", "other-"], [two], files)
    case("3j_remove_missing_key_real", ["set", "data", "secret/pull-secret", "-n", "openshift-config", "nokey-"], [two], files)
    case("3j_set_and_remove_real", S + ["other-"], [two], files)
    # secret with no data at all, with stringData
    nodata = pull_secret()
    del nodata["data"]
    case("3i_no_data_member_dry_yaml", S + ["--dry-run=client", "-o", "yaml"], [nodata], files)
    case("3i_no_data_member_real", S, [nodata], files)


def registry_cases():
    R = "r.example.com"
    LG = ["registry", "login", "--registry", R, "--auth-basic", "u:p", "--skip-check"]
    credhelp = '{"auths":{},"credHelpers":{"%s":"nonexistent-helper"}}' % R
    case("4a_credhelper_skip_check", LG + ["--to", "auth.json"], [], {"auth.json": credhelp})
    case("4a_credhelper_no_skip_check", ["registry", "login", "--registry", R, "--auth-basic", "u:p", "--to", "auth.json"], [], {"auth.json": credhelp})
    case("4a_credhelper_other_registry", ["registry", "login", "--registry", "other.example.com", "--auth-basic", "u:p", "--skip-check",
                                           "--to", "auth.json"], [], {"auth.json": credhelp})
    case("4b_registry_empty", ["registry", "login", "--registry", "", "--auth-basic", "u:p", "--skip-check", "--to", "auth.json"],
         [], {"auth.json": '{"auths":{}}'})
    case("4b_registry_empty_openshift_no_is", ["registry", "login", "--registry", "", "--auth-basic", "u:p", "--skip-check", "--to", "auth.json"],
         [], {"auth.json": '{"auths":{}}'}, openshift=True)
    isobj = OrderedDict([("apiVersion", "image.openshift.io/v1"), ("kind", "ImageStream"),
                         ("metadata", {"name": "cli", "namespace": "openshift"}),
                         ("status", {"dockerImageRepository": "image-registry.openshift-image-registry.svc:5000/openshift/cli",
                                     "publicDockerImageRepository": "default-route-openshift-image-registry.apps.example.com/openshift/cli"})])
    case("4b_registry_empty_openshift_with_is", ["registry", "login", "--registry", "", "--auth-basic", "u:p", "--skip-check", "--to", "auth.json"],
         [isobj], {"auth.json": '{"auths":{}}'}, openshift=True)
    case("4b_registry_omitted_no_server", ["registry", "login", "--auth-basic", "u:p", "--skip-check", "--to", "auth.json"],
         [], {"auth.json": '{"auths":{}}'}, server=False)
    case("4c_legacy_dockercfg", LG + ["--to", "auth.json"], [], {"auth.json": '{"a.io":{"auth":"dTpw"}}'})
    case("4d_entry_is_string", LG + ["--to", "auth.json"], [], {"auth.json": '{"auths":{"a.io":"str"}}'})
    case("4e_to_dash", LG + ["--to", "-"], [], {})
    case("4f_baseline_existing", LG + ["--to", "auth.json"], [],
         {"auth.json": '{"auths":{"z.io":{"auth":"dTpw","email":"e@x"},"a.io":{"auth":"dTpw"}},"HttpHeaders":{"User-Agent":"x"},"zzz":1}'})
    case("4f_baseline_missing_file", LG + ["--to", "sub/dir/auth.json"], [], {})
    case("4f_baseline_empty_file", LG + ["--to", "auth.json"], [], {"auth.json": ""})
    case("4f_baseline_overwrite_same_registry", LG + ["--to", "auth.json"], [],
         {"auth.json": '{"auths":{"%s":{"auth":"b2xkOm9sZA==","identitytoken":"tok"}}}' % R})
    case("4f_registry_with_path", ["registry", "login", "--registry", R + "/ns/repo", "--auth-basic", "u:p", "--skip-check", "--to", "auth.json"],
         [], {"auth.json": '{"auths":{}}'})
    case("4f_registry_with_scheme", ["registry", "login", "--registry", "https://" + R, "--auth-basic", "u:p", "--skip-check", "--to", "auth.json"],
         [], {"auth.json": '{"auths":{}}'})
    case("4g_auth_basic_no_colon", ["registry", "login", "--registry", R, "--auth-basic", "up", "--skip-check", "--to", "auth.json"],
         [], {"auth.json": '{"auths":{}}'})
    case("4g_auth_basic_empty_password", ["registry", "login", "--registry", R, "--auth-basic", "u:", "--skip-check", "--to", "auth.json"],
         [], {"auth.json": '{"auths":{}}'})
    case("4g_invalid_json", LG + ["--to", "auth.json"], [], {"auth.json": '{not json'})
    case("4g_auths_null", LG + ["--to", "auth.json"], [], {"auth.json": '{"auths":null}'})
    case("4h_no_skip_check_plain", ["registry", "login", "--registry", R, "--auth-basic", "u:p", "--to", "auth.json"],
         [], {"auth.json": '{"auths":{}}'})
    case("4h_no_skip_check_refused", ["registry", "login", "--registry", "127.0.0.1:1", "--auth-basic", "u:p", "--to", "auth.json"],
         [], {"auth.json": '{"auths":{}}'})
    case("4h_no_skip_check_fakeapi_port", ["registry", "login", "--registry", "127.0.0.1:%d" % PORT, "--auth-basic", "u:p", "--to", "auth.json"],
         [], {"auth.json": '{"auths":{}}'})
    case("4i_credhelpers_empty_string", LG + ["--to", "auth.json"], [], {"auth.json": '{"auths":{},"credHelpers":{"%s":""}}' % R})
    case("4i_credsstore", LG + ["--to", "auth.json"], [], {"auth.json": '{"auths":{},"credsStore":"nonexistent-store"}'})
    case("4i_auth_and_other_fields", LG + ["--to", "auth.json"], [],
         {"auth.json": '{"auths":{"a.io":{"auth":"dTpw","identitytoken":"tok","username":"x","password":"y","email":"e"}}}'})
    case("4i_key_with_scheme_existing", LG + ["--to", "auth.json"], [], {"auth.json": '{"auths":{"https://a.io/v1/":{"auth":"dTpw"}}}'})
    case("4i_auth_not_base64", LG + ["--to", "auth.json"], [], {"auth.json": '{"auths":{"a.io":{"auth":"!!!"}}}'})
    case("4i_default_location_xdg_missing", ["registry", "login", "--registry", R, "--auth-basic", "u:p", "--skip-check"], [], {})
    case("4i_default_location_xdg", ["registry", "login", "--registry", R, "--auth-basic", "u:p", "--skip-check"], [], {}, mkxdg=True)
    case("4g_top_level_array", LG + ["--to", "auth.json"], [], {"auth.json": '[]'})


# --------------------------------------------------------------------------- runner
def sha(b):
    return hashlib.sha256(b).hexdigest()


def snapshot(d):
    out = {}
    for root, _, fns in os.walk(d):
        for fn in fns:
            p = os.path.join(root, fn)
            rel = os.path.relpath(p, d)
            with open(p, "rb") as f:
                out[rel] = (f.read(), oct(os.stat(p).st_mode & 0o777))
    return out


def run_case(c):
    cdir = os.path.join(CASES_DIR, c["name"])
    shutil.rmtree(cdir, ignore_errors=True)
    os.makedirs(cdir)
    wdir = os.path.join(WORK, c["name"])
    shutil.rmtree(wdir, ignore_errors=True)
    os.makedirs(wdir)
    shutil.rmtree(HOME, ignore_errors=True)
    os.makedirs(HOME)
    with open(os.path.join(cdir, "cmd"), "w") as f:
        f.write("\n".join(c["argv"]) + "\n")
    with open(os.path.join(cdir, "fixtures.json"), "w") as f:
        json.dump(c["fixtures"], f, indent=2, ensure_ascii=False)
        f.write("\n")
    with open(os.path.join(cdir, "server.json"), "w") as f:
        json.dump({"server": c["server"], "openshift": c["openshift"], "port": PORT,
                   "kubeconfig_namespace": "kc-ns", "cwd": "work dir containing files_before/*"}, f, indent=2)
        f.write("\n")
    for rel, content in c["files"].items():
        p = os.path.join(wdir, rel)
        os.makedirs(os.path.dirname(p), exist_ok=True)
        with open(p, "w") as f:
            f.write(content)
    if c.get("mkxdg"):
        os.makedirs(os.path.join(wdir, "xdg-run"))
    before = snapshot(wdir)
    srv = None
    if c["server"]:
        cmd = [sys.executable, os.path.join(ROOT, "fakeapi.py"), "--port", str(PORT),
               "--fixtures", os.path.join(cdir, "fixtures.json"), "--log-dir", cdir]
        if c["openshift"]:
            cmd.append("--openshift")
        srv = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=open(os.path.join(cdir, "fakeapi.stderr"), "w"))
        line = srv.stdout.readline()
        if b"ready" not in line:
            raise SystemExit("fakeapi failed to start for %s" % c["name"])
    env = {"PATH": "/usr/bin:/bin", "HOME": HOME, "KUBECONFIG": KUBECONFIG, "LANG": "C.UTF-8",
           "XDG_RUNTIME_DIR": os.path.join(wdir, "xdg-run")}
    try:
        exe = {"oc": OC, "kubectl": KUBECTL}[c["argv"][0]]
        p = subprocess.run([exe] + c["argv"][1:], cwd=wdir, env=env, capture_output=True, timeout=120)
    finally:
        if srv is not None:
            srv.terminate()
            srv.wait()
    with open(os.path.join(cdir, "stdout"), "wb") as f:
        f.write(p.stdout)
    with open(os.path.join(cdir, "stderr"), "wb") as f:
        f.write(p.stderr)
    with open(os.path.join(cdir, "rc"), "w") as f:
        f.write("%d\n" % p.returncode)
    if not c["server"]:
        for fn in ("requests.jsonl", "all_requests.jsonl"):
            open(os.path.join(cdir, fn), "w").close()
    else:
        fe = os.path.join(cdir, "fakeapi.stderr")
        if os.path.getsize(fe) == 0:
            os.remove(fe)
    after = snapshot(wdir)
    if before or after:
        lines = []
        for rel in sorted(set(before) | set(after)):
            b = before.get(rel)
            a = after.get(rel)
            if b is not None:
                bp = os.path.join(cdir, "files_before", rel)
                os.makedirs(os.path.dirname(bp), exist_ok=True)
                with open(bp, "wb") as f:
                    f.write(b[0])
            if a is not None:
                ap = os.path.join(cdir, "files_after", rel)
                os.makedirs(os.path.dirname(ap), exist_ok=True)
                with open(ap, "wb") as f:
                    f.write(a[0])
            lines.append("%s before=%s after=%s mode_before=%s mode_after=%s changed=%s" % (
                rel, sha(b[0]) if b else "-", sha(a[0]) if a else "-", b[1] if b else "-", a[1] if a else "-",
                "no" if (a and b and a[0] == b[0]) else "yes"))
        with open(os.path.join(cdir, "files.sha256"), "w") as f:
            f.write("\n".join(lines) + "\n")
    return p.returncode


def compare_cases():
    # creationTimestamp: null is printed by kubectl 1.32 but not by oc (kubectl 1.35 libs)
    args = ["create", "rolebinding", "x", "--clusterrole=y", "--user=a", "-n", "p", "--dry-run=client", "-o", "yaml"]
    case("5_create_rolebinding_dry_yaml_oc", args)
    case("5_create_rolebinding_dry_yaml_kubectl132", args, binary="kubectl")
    sargs = ["create", "secret", "docker-registry", "s", "--docker-server=r.example.com", "--docker-username=u",
             "--docker-password=p", "-n", "p", "--dry-run=client", "-o", "yaml"]
    case("5_create_secret_docker_registry_dry_yaml_oc", sargs)
    case("5_create_secret_docker_registry_dry_yaml_kubectl132", sargs, binary="kubectl")


def main():
    compare_cases()
    policy_cases()
    secrets_cases()
    set_data_cases()
    registry_cases()
    only = sys.argv[1:]
    with open(KUBECONFIG, "w") as f:
        f.write(KUBECONFIG_TEXT)
    os.makedirs(CASES_DIR, exist_ok=True)
    for c in CASES:
        if only and not any(c["name"].startswith(o) for o in only):
            continue
        rc = run_case(c)
        print("%-60s rc=%d" % (c["name"], rc))


if __name__ == "__main__":
    main()
