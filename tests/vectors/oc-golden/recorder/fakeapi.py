#!/usr/bin/env python3
"""Minimal fake Kubernetes API server for recording `oc` goldens.

Usage: fakeapi.py --port P --fixtures fixtures.json --log-dir DIR [--openshift]

* Serves legacy (non-aggregated) discovery: /api, /api/v1, /apis, /apis/<g>/<v>, /version.
* Serves objects from a fixtures file (a JSON list of objects, served byte-order-preserving).
* GET collection / GET item, POST (create), PUT (update), PATCH (merge / strategic(approx) /
  json-patch), DELETE.  Honors ?dryRun=All (no store).
* Every request is appended to DIR/all_requests.jsonl; non-GET requests to DIR/requests.jsonl
  with the raw body and (if JSON) the parsed body.
* Unknown paths -> 404 Status object.
* --openshift additionally advertises user.openshift.io/v1 (users, groups) and
  image.openshift.io/v1 (imagestreams).
"""
import argparse
import copy
import json
import os
import sys
import threading
import uuid
from collections import OrderedDict
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit, parse_qs

# (group, version) -> list of resource descriptors
CORE = [
    dict(name="namespaces", singularName="namespace", namespaced=False, kind="Namespace",
         verbs=["create", "delete", "get", "list", "patch", "update", "watch"], shortNames=["ns"]),
    dict(name="serviceaccounts", singularName="serviceaccount", namespaced=True, kind="ServiceAccount",
         verbs=["create", "delete", "deletecollection", "get", "list", "patch", "update", "watch"], shortNames=["sa"]),
    dict(name="secrets", singularName="secret", namespaced=True, kind="Secret",
         verbs=["create", "delete", "deletecollection", "get", "list", "patch", "update", "watch"]),
    dict(name="configmaps", singularName="configmap", namespaced=True, kind="ConfigMap",
         verbs=["create", "delete", "deletecollection", "get", "list", "patch", "update", "watch"], shortNames=["cm"]),
]
RBAC = [
    dict(name="roles", singularName="role", namespaced=True, kind="Role",
         verbs=["create", "delete", "deletecollection", "get", "list", "patch", "update", "watch"]),
    dict(name="rolebindings", singularName="rolebinding", namespaced=True, kind="RoleBinding",
         verbs=["create", "delete", "deletecollection", "get", "list", "patch", "update", "watch"]),
    dict(name="clusterroles", singularName="clusterrole", namespaced=False, kind="ClusterRole",
         verbs=["create", "delete", "deletecollection", "get", "list", "patch", "update", "watch"]),
    dict(name="clusterrolebindings", singularName="clusterrolebinding", namespaced=False, kind="ClusterRoleBinding",
         verbs=["create", "delete", "deletecollection", "get", "list", "patch", "update", "watch"]),
]
USER = [
    dict(name="users", singularName="user", namespaced=False, kind="User",
         verbs=["create", "delete", "get", "list", "patch", "update", "watch"]),
    dict(name="groups", singularName="group", namespaced=False, kind="Group",
         verbs=["create", "delete", "get", "list", "patch", "update", "watch"]),
]
IMAGE = [
    dict(name="imagestreams", singularName="imagestream", namespaced=True, kind="ImageStream",
         verbs=["create", "delete", "get", "list", "patch", "update", "watch"], shortNames=["is"]),
]


class State:
    def __init__(self, fixtures, log_dir, openshift):
        self.lock = threading.Lock()
        self.log_dir = log_dir
        self.groups = OrderedDict()  # group -> (version, resources)
        self.groups[""] = ("v1", CORE)
        self.groups["rbac.authorization.k8s.io"] = ("v1", RBAC)
        if openshift:
            self.groups["user.openshift.io"] = ("v1", USER)
            self.groups["image.openshift.io"] = ("v1", IMAGE)
        self.store = OrderedDict()  # (group, resource, ns, name) -> obj
        self.rv = 1000
        for obj in fixtures:
            group, _, _ = self.split_api_version(obj.get("apiVersion", "v1"))
            res = self.resource_for_kind(group, obj["kind"])
            if res is None:
                raise SystemExit("fixture kind not served: %s %s" % (obj.get("apiVersion"), obj["kind"]))
            md = obj.get("metadata", {})
            ns = md.get("namespace", "") if res["namespaced"] else ""
            self.store[(group, res["name"], ns, md["name"])] = obj

    @staticmethod
    def split_api_version(av):
        if "/" in av:
            g, v = av.split("/", 1)
            return g, v, av
        return "", av, av

    def resource_for_kind(self, group, kind):
        if group not in self.groups:
            return None
        for r in self.groups[group][1]:
            if r["kind"] == kind:
                return r
        return None

    def resource(self, group, version, name):
        if group not in self.groups or self.groups[group][0] != version:
            return None
        for r in self.groups[group][1]:
            if r["name"] == name:
                return r
        return None

    def next_rv(self):
        self.rv += 1
        return str(self.rv)

    def log(self, entry):
        line = json.dumps(entry, ensure_ascii=False)
        with self.lock:
            with open(os.path.join(self.log_dir, "all_requests.jsonl"), "a") as f:
                f.write(line + "\n")
            if entry["method"] != "GET":
                with open(os.path.join(self.log_dir, "requests.jsonl"), "a") as f:
                    f.write(line + "\n")


def merge_patch(target, patch):
    """RFC 7386 JSON merge patch (strategic merge patch is approximated by this, ignoring $-directives)."""
    if not isinstance(patch, dict):
        return copy.deepcopy(patch)
    if not isinstance(target, dict):
        target = OrderedDict()
    result = OrderedDict(target)
    for k, v in patch.items():
        if k.startswith("$"):
            continue
        if v is None:
            result.pop(k, None)
        else:
            result[k] = merge_patch(result.get(k), v)
    return result


def json_patch(doc, ops):
    doc = copy.deepcopy(doc)

    def walk(path):
        parts = [p.replace("~1", "/").replace("~0", "~") for p in path.split("/")[1:]]
        cur = doc
        for p in parts[:-1]:
            cur = cur[int(p)] if isinstance(cur, list) else cur[p]
        return cur, parts[-1]

    for op in ops:
        parent, key = walk(op["path"])
        if op["op"] in ("add", "replace"):
            if isinstance(parent, list):
                if key == "-":
                    parent.append(op["value"])
                elif op["op"] == "add":
                    parent.insert(int(key), op["value"])
                else:
                    parent[int(key)] = op["value"]
            else:
                parent[key] = op["value"]
        elif op["op"] == "remove":
            if isinstance(parent, list):
                del parent[int(key)]
            else:
                del parent[key]
        elif op["op"] == "test":
            pass
    return doc


PBDECODE = os.environ.get("PBDECODE", os.path.join(os.path.dirname(os.path.abspath(__file__)), "pbdecode", "pbdecode"))


def decode_protobuf(raw):
    import subprocess
    try:
        p = subprocess.run([PBDECODE], input=raw.hex().encode(), capture_output=True, timeout=30)
    except OSError as e:
        sys.stderr.write("pbdecode unavailable: %r\n" % (e,))
        return None
    if p.returncode != 0:
        sys.stderr.write("pbdecode failed: %s\n" % p.stderr.decode(errors="replace"))
        return None
    return p.stdout.decode()


def make_handler(state):
    class H(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, fmt, *args):  # quiet
            pass

        # ---- helpers -------------------------------------------------
        def send_json(self, code, obj):
            body = json.dumps(obj, ensure_ascii=False).encode()
            self.send_response(code)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Cache-Control", "no-cache, private")
            self.end_headers()
            self.wfile.write(body)

        def status(self, code, reason, message, details=None):
            st = OrderedDict([("kind", "Status"), ("apiVersion", "v1"), ("metadata", {}),
                              ("status", "Failure" if code >= 400 else "Success"),
                              ("message", message), ("reason", reason)])
            if details is not None:
                st["details"] = details
            st["code"] = code
            self.send_json(code, st)

        def not_found_path(self):
            self.status(404, "NotFound", "the server could not find the requested resource",
                        {"causes": [{"reason": "UnexpectedServerResponse", "message": "404 page not found"}]})

        def qualified(self, group, resource):
            return resource if group == "" else "%s.%s" % (resource, group)

        def not_found_obj(self, group, resource, name):
            d = OrderedDict([("name", name)])
            if group:
                d["group"] = group
            d["kind"] = resource
            self.status(404, "NotFound", '%s "%s" not found' % (self.qualified(group, resource), name), d)

        # ---- request entry ------------------------------------------
        def handle_any(self):
            u = urlsplit(self.path)
            query = parse_qs(u.query, keep_blank_values=True)
            length = int(self.headers.get("Content-Length") or 0)
            raw = self.rfile.read(length) if length else b""
            entry = OrderedDict([("method", self.command), ("path", u.path), ("query", u.query)])
            entry["content_type"] = self.headers.get("Content-Type")
            entry["accept"] = self.headers.get("Accept")
            if raw:
                ct = (self.headers.get("Content-Type") or "").split(";")[0].strip()
                if ct == "application/vnd.kubernetes.protobuf":
                    # typed client-go clients send built-in kinds as protobuf; decode with the
                    # vendored k8s scheme (pbdecode) into the JSON the apiserver would see.
                    entry["body_raw_hex"] = raw.hex()
                    dec = decode_protobuf(raw)
                    if dec is not None:
                        entry["body_decoded_from_protobuf"] = json.loads(dec, object_pairs_hook=OrderedDict)
                        raw = dec.encode()
                else:
                    try:
                        entry["body_raw"] = raw.decode()
                        try:
                            entry["body"] = json.loads(raw, object_pairs_hook=OrderedDict)
                        except ValueError:
                            pass
                    except UnicodeDecodeError:
                        entry["body_raw_hex"] = raw.hex()
            state.log(entry)
            try:
                self.route(u.path, query, raw)
            except Exception as e:  # robust: never hang the client
                import traceback
                traceback.print_exc()
                self.status(500, "InternalError", "fakeapi: %r" % (e,))

        do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = handle_any

        def route(self, path, query, raw):
            parts = [p for p in path.split("/") if p]
            if path == "/version":
                return self.send_json(200, OrderedDict([
                    ("major", "1"), ("minor", "35"), ("gitVersion", "v1.35.0"),
                    ("gitCommit", "fake"), ("gitTreeState", "clean"), ("buildDate", "2025-01-01T00:00:00Z"),
                    ("goVersion", "go1.24"), ("compiler", "gc"), ("platform", "linux/amd64")]))
            if path == "/api":
                return self.send_json(200, OrderedDict([
                    ("kind", "APIVersions"), ("versions", ["v1"]),
                    ("serverAddressByClientCIDRs", [{"clientCIDR": "0.0.0.0/0", "serverAddress": self.headers.get("Host", "")}])]))
            if path == "/apis":
                groups = []
                for g, (v, _) in state.groups.items():
                    if g == "":
                        continue
                    gv = {"groupVersion": "%s/%s" % (g, v), "version": v}
                    groups.append(OrderedDict([("name", g), ("versions", [gv]), ("preferredVersion", gv)]))
                return self.send_json(200, OrderedDict([("kind", "APIGroupList"), ("apiVersion", "v1"), ("groups", groups)]))
            if len(parts) >= 2 and parts[0] == "api":
                group, version, rest = "", parts[1], parts[2:]
            elif len(parts) >= 3 and parts[0] == "apis":
                group, version, rest = parts[1], parts[2], parts[3:]
            elif len(parts) == 2 and parts[0] == "apis":
                g = parts[1]
                if g not in state.groups or g == "":
                    return self.not_found_path()
                v = state.groups[g][0]
                gv = {"groupVersion": "%s/%s" % (g, v), "version": v}
                return self.send_json(200, OrderedDict([("kind", "APIGroup"), ("apiVersion", "v1"), ("name", g),
                                                        ("versions", [gv]), ("preferredVersion", gv)]))
            else:
                return self.not_found_path()
            if group not in state.groups or state.groups[group][0] != version:
                return self.not_found_path()
            gvs = version if group == "" else "%s/%s" % (group, version)
            if not rest:
                if self.command != "GET":
                    return self.status(405, "MethodNotAllowed", "method not allowed")
                res = []
                for r in state.groups[group][1]:
                    d = OrderedDict([("name", r["name"]), ("singularName", r["singularName"]),
                                     ("namespaced", r["namespaced"]), ("kind", r["kind"]), ("verbs", r["verbs"])])
                    if r.get("shortNames"):
                        d["shortNames"] = r["shortNames"]
                    res.append(d)
                return self.send_json(200, OrderedDict([("kind", "APIResourceList"), ("apiVersion", "v1"),
                                                        ("groupVersion", gvs), ("resources", res)]))
            ns = ""
            if rest[0] == "namespaces" and len(rest) >= 3:
                ns = rest[1]
                rest = rest[2:]
            rname = rest[0]
            r = state.resource(group, version, rname)
            if r is None:
                return self.not_found_path()
            if r["namespaced"] != bool(ns) and not (r["namespaced"] and self.command == "GET" and len(rest) == 1):
                # cluster-scoped resource addressed with namespace (or vice versa)
                if len(rest) > 1 or self.command != "GET":
                    return self.not_found_path()
            name = rest[1] if len(rest) > 1 else None
            if len(rest) > 2:
                return self.not_found_path()  # subresources not served
            dry = "All" in query.get("dryRun", [])
            key = (group, rname, ns, name)
            m = self.command
            if m == "GET" and name is None:
                items = []
                fs = query.get("fieldSelector", [""])[0]
                want = fs[len("metadata.name="):] if fs.startswith("metadata.name=") else None
                for (g2, r2, ns2, n2), obj in state.store.items():
                    if g2 == group and r2 == rname and (ns == "" or ns2 == ns):
                        if want is None or n2 == want:
                            items.append(obj)
                return self.send_json(200, OrderedDict([("kind", r["kind"] + "List"), ("apiVersion", gvs),
                                                        ("metadata", {"resourceVersion": str(state.rv)}),
                                                        ("items", items)]))
            if m == "GET":
                obj = state.store.get(key)
                if obj is None:
                    return self.not_found_obj(group, rname, name)
                return self.send_json(200, obj)
            if m == "DELETE":
                if key not in state.store:
                    return self.not_found_obj(group, rname, name)
                if not dry:
                    del state.store[key]
                return self.send_json(200, OrderedDict([("kind", "Status"), ("apiVersion", "v1"), ("metadata", {}),
                                                        ("status", "Success"),
                                                        ("details", {"name": name, "group": group, "kind": rname})]))
            try:
                body = json.loads(raw or b"{}", object_pairs_hook=OrderedDict)
            except ValueError:
                body = None
            if m == "POST":
                if name is not None or not isinstance(body, dict):
                    return self.status(400, "BadRequest", "fakeapi: bad create")
                n = body.get("metadata", {}).get("name") or (body.get("metadata", {}).get("generateName", "x") + "abcde")
                key = (group, rname, ns, n)
                if key in state.store:
                    return self.status(409, "AlreadyExists", '%s "%s" already exists' % (self.qualified(group, rname), n),
                                       OrderedDict([("name", n), ("group", group), ("kind", rname)]))
                obj = copy.deepcopy(body)
                obj.setdefault("apiVersion", gvs)
                obj.setdefault("kind", r["kind"])
                md = obj.setdefault("metadata", OrderedDict())
                md["name"] = n
                if ns:
                    md["namespace"] = ns
                md["uid"] = str(uuid.uuid4())
                md["resourceVersion"] = state.next_rv()
                md["creationTimestamp"] = "2025-01-01T00:00:00Z"
                if not dry:
                    state.store[key] = obj
                return self.send_json(201, obj)
            if m in ("PUT", "PATCH"):
                cur = state.store.get(key)
                if cur is None:
                    return self.not_found_obj(group, rname, name)
                if m == "PUT":
                    if not isinstance(body, dict):
                        return self.status(400, "BadRequest", "fakeapi: bad update body")
                    want_rv = body.get("metadata", {}).get("resourceVersion")
                    have_rv = cur.get("metadata", {}).get("resourceVersion")
                    if want_rv and have_rv and want_rv != have_rv:
                        return self.status(409, "Conflict",
                                           'Operation cannot be fulfilled on %s "%s": the object has been modified; '
                                           'please apply your changes to the latest version and try again'
                                           % (self.qualified(group, rname), name))
                    obj = copy.deepcopy(body)
                else:
                    ct = (self.headers.get("Content-Type") or "").split(";")[0]
                    if ct == "application/json-patch+json":
                        obj = json_patch(cur, body)
                    else:
                        obj = merge_patch(cur, body)
                obj.setdefault("apiVersion", gvs)
                obj.setdefault("kind", r["kind"])
                md = obj.setdefault("metadata", OrderedDict())
                md["name"] = name
                if ns:
                    md["namespace"] = ns
                md["resourceVersion"] = state.next_rv()
                if not dry:
                    state.store[key] = obj
                return self.send_json(200, obj)
            return self.status(405, "MethodNotAllowed", "method not allowed")

    return H


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--port", type=int, required=True)
    ap.add_argument("--fixtures", required=True)
    ap.add_argument("--log-dir", required=True)
    ap.add_argument("--openshift", action="store_true")
    a = ap.parse_args()
    with open(a.fixtures) as f:
        fixtures = json.load(f, object_pairs_hook=OrderedDict)
    os.makedirs(a.log_dir, exist_ok=True)
    for fn in ("all_requests.jsonl", "requests.jsonl"):
        open(os.path.join(a.log_dir, fn), "w").close()
    state = State(fixtures, a.log_dir, a.openshift)
    srv = ThreadingHTTPServer(("127.0.0.1", a.port), make_handler(state))
    srv.daemon_threads = True
    print("ready", flush=True)
    srv.serve_forever()


if __name__ == "__main__":
    main()
