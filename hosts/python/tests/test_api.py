"""The Python API: values in and out of the component, errors, secrets kept out of messages."""

from __future__ import annotations

import base64
import dataclasses
import gc
import inspect
import json
import threading
from pathlib import Path
from typing import List

import pytest

import pullsecret
from pullsecret import _model
from pullsecret._runtime import Runtime, compiled

from conftest import EXAMPLES

EXAMPLE = EXAMPLES / "pull-secret.json"


def _example_users() -> dict:
    """key -> (user, password) decoded from the example file here, independently of the component."""
    auths = json.loads(EXAMPLE.read_text())["auths"]
    return {k: tuple(base64.b64decode(v["auth"]).decode().split(":", 1)) for k, v in auths.items()}


def test_parse_the_example() -> None:
    doc = pullsecret.parse(EXAMPLE.read_bytes(), source="examples/pull-secret.json")
    assert doc.notes == []
    (config,) = doc.configs
    assert config.format == "dockerconfigjson"
    assert config.source == "examples/pull-secret.json"
    assert config.secret is None
    assert config.payload == EXAMPLE.read_bytes()
    entries = config.entries()
    users = _example_users()
    assert [e.key for e in entries] == list(users)
    assert [(e.username, e.password) for e in entries] == list(users.values())
    assert {e.form for e in entries} == {"auth"}
    assert all(isinstance(e, pullsecret.Entry) for e in entries)
    # the key's own line and column in the file
    lines = EXAMPLE.read_text().splitlines()
    for e in entries:
        line, column = map(int, e.location.split(":"))
        assert lines[line - 1][column - 1 :].startswith(json.dumps(e.key))


def test_str_data_and_forced_format() -> None:
    config = pullsecret.parse_one('{"quay.io": {"auth": "dTpw"}}', source="legacy", format="dockercfg")
    assert config.format == "dockercfg"
    assert [(e.key, e.username) for e in config.entries()] == [("quay.io", "u")]


def test_kubelet_lookup_for_repository_main() -> None:
    doc = pullsecret.parse(EXAMPLE.read_bytes(), source="pull-secret.json")
    with pullsecret.keyring(doc.configs) as ring:
        answer = ring.lookup_image("quay.io/repository-main/app:1")
        raw = ring.lookup_raw("quay.io/repository-main/app")
    users = _example_users()
    assert answer.semantics == "kubelet"
    assert answer.lookup == "quay.io/repository-main/app"
    # the kubelet tries every matching key, the longest path first
    assert [c.key for c in answer.credentials] == ["quay.io/repository-main", "quay.io"]
    assert [(c.username, c.password) for c in answer.credentials] == [users["quay.io/repository-main"], users["quay.io"]]
    assert {c.source for c in answer.credentials} == {"pull-secret.json"}
    assert answer.docker_hub_fallback is False and answer.failure is None
    assert raw.credentials == answer.credentials


def test_match_images_and_explain() -> None:
    doc = pullsecret.parse(EXAMPLE.read_bytes(), source="pull-secret.json")
    image = "quay.io/repository-main/app:1"
    kubelet = pullsecret.match_images([image], secrets=doc.configs)
    (matched,) = kubelet.results
    assert matched.image == image
    assert [c.key for c in matched.answer.credentials] == ["quay.io/repository-main", "quay.io"]
    containers = pullsecret.match_images([image], secrets=doc.configs, semantics="containers")
    assert [c.key for c in containers.results[0].answer.credentials] == ["quay.io/repository-main"]
    (explained,) = pullsecret.explain([image], secrets=doc.configs)
    assert [a.semantics for a in explained.consumers] == ["kubelet", "containers", "docker"]
    assert all(len(a.verdicts) == len(_example_users()) for a in explained.consumers)
    (only,) = pullsecret.explain([image], secrets=doc.configs, only="docker")
    assert [a.semantics for a in only.consumers] == ["docker"]


def test_keys_and_normalize_image() -> None:
    report = pullsecret.keys(["quay.io:443", "https://index.docker.io/v1/"], target="quay.io/x")
    assert report.target == "quay.io/x"
    assert [(k.host, k.port) for k in report.keys] == [("quay.io", "443"), ("index.docker.io", "")]
    assert [k.matches for k in report.keys] == [False, False]  # a port must be equal
    assert pullsecret.keys(["quay.io"]).keys[0].matches is None
    assert pullsecret.normalize_image("busybox") == "docker.io/library/busybox"


def test_an_error_has_code_location_and_the_rest() -> None:
    text = '{"auths": {"quay.io": {"auth": "!!"}}}'
    config = pullsecret.parse_one(text, source="bad.json")
    with pytest.raises(pullsecret.PullSecretError) as caught:
        config.entries()
    e = caught.value
    assert e.code == "auth-not-base64"
    assert e.kind == "invalid-input"
    assert e.key == "quay.io"
    column = text.index('"!!"') + 1
    assert e.location == f"1:{column}"
    assert e.rule and e.rule_doc == f"docs/rules.md#{e.rule.lower()}"
    assert e.fix
    assert isinstance(e.diagnostic, pullsecret.Diagnostic) and e.diagnostic.code == e.code
    assert str(e).startswith(f"bad.json:{e.location}: quay.io: ")
    assert str(e).endswith("[auth-not-base64]")

    with pytest.raises(pullsecret.PullSecretError) as caught:
        pullsecret.parse("{", source="broken.json")
    assert (caught.value.code, caught.value.location) == ("invalid-json", "1:2")

    with pytest.raises(pullsecret.PullSecretError) as caught:
        pullsecret.normalize_image("UPPER/Case")
    assert caught.value.code == "invalid-image-reference" and caught.value.location is None


SECRETS = ["s3cr3t-Passw0rd", "t0ken-XYZZY-secret"]


@pytest.mark.parametrize(
    "config",
    [
        # not base64: the auth value itself is the secret
        '{"auths": {"r.example": {"auth": "s3cr3t-Passw0rd!"}}}',
        # base64 of a pair without a colon
        json.dumps({"auths": {"r.example": {"auth": base64.b64encode(SECRETS[0].encode()).decode()}}}),
        # a password of the wrong type, a token of the wrong type
        '{"auths": {"r.example": {"username": "u", "password": ["s3cr3t-Passw0rd"]}}}',
        '{"auths": {"r.example": {"auth": "", "identitytoken": "t0ken-XYZZY-secret", "password": 7}}}',
        # broken JSON right after a secret
        '{"auths": {"r.example": {"auth": "s3cr3t-Passw0rd',
        '{"auths": {"r.example": {"password": "s3cr3t-Passw0rd" "x"}}}',
    ],
)
def test_no_secret_in_error_messages(config: str) -> None:
    texts: List[str] = []
    try:
        for c in pullsecret.parse(config, source="s.json").configs:
            c.entries()
    except pullsecret.PullSecretError as e:
        texts += [str(e), repr(e), e.message, e.fix or "", repr(e.diagnostic)]
    else:
        pytest.fail("the config was accepted")
    texts += [repr(d) for d in pullsecret.validate([("s.json", config)], policies=["strict"])]
    for text in texts:
        for secret in SECRETS:
            assert secret not in text


def test_no_secret_in_reprs() -> None:
    doc = pullsecret.parse(EXAMPLE.read_bytes())
    users = _example_users()
    passwords = [p for _, p in users.values()]
    auths = [v["auth"] for v in json.loads(EXAMPLE.read_text())["auths"].values()]
    ring = pullsecret.keyring(doc.configs)
    shown = [
        repr(doc),
        repr(doc.configs[0].entries()),
        repr(ring.lookup_image("quay.io/repository-main/app:1")),
        repr(pullsecret.explain(["quay.io/x"], secrets=doc.configs)),
        repr(pullsecret.login("quay.io", "u", passwords[0], existing=EXAMPLE.read_bytes())),
        repr(pullsecret.merge(doc.configs[0], [])),
        repr(pullsecret.create_docker_registry_secret(pullsecret.DockerRegistrySecret("s", "u", passwords[0]))),
        repr(pullsecret.DockerRegistrySecret("s", "u", passwords[0])),
    ]
    for text in shown:
        for secret in passwords + auths:
            assert secret not in text


def test_login_merge_diff_node_config() -> None:
    logged = pullsecret.login("quay.io", "me", "pw", email="me@example.com")
    added = pullsecret.parse_one(logged.data, source="new.json")
    assert [(e.key, e.username, e.password, e.email) for e in added.entries()] == [("quay.io", "me", "pw", "me@example.com")]

    base = pullsecret.parse_one(EXAMPLE.read_bytes(), source="base.json")
    merged = pullsecret.merge(base, [added], prefer="overlay")
    assert [(c.key, c.winner, c.credentials_differ) for c in merged.conflicts] == [("quay.io", "overlay", True)]
    result = {e.key: e.username for e in pullsecret.parse_one(merged.data).entries()}
    assert result == {**{k: u for k, (u, _) in _example_users().items()}, "quay.io": "me"}

    diff = pullsecret.diff(base, added)
    kinds = {c.key: (c.kind, c.fields) for c in diff.changes}
    assert kinds["quay.io"][0] == "changed" and "password" in kinds["quay.io"][1]
    assert kinds["registry.redhat.io"] == ("removed", [])
    assert [w.code for w in diff.warnings] == ["telemetry-entry-changed"]  # cloud.openshift.com removed

    node = pullsecret.node_config(base)
    assert node.endswith(b"\n") and json.loads(node) == json.loads(EXAMPLE.read_bytes())


def test_docker_registry_secret_round_trip() -> None:
    created = pullsecret.create_docker_registry_secret(
        pullsecret.DockerRegistrySecret("pull", "me", "pw", server="quay.io", namespace="ns", output="json")
    )
    manifest = json.loads(created.manifest)
    assert (manifest["kind"], manifest["metadata"]["name"], manifest["metadata"]["namespace"]) == ("Secret", "pull", "ns")
    payload = pullsecret.extract(created.manifest, source="secret.json")
    assert json.loads(payload) == json.loads(base64.b64decode(manifest["data"][".dockerconfigjson"]))
    config = pullsecret.parse_one(created.manifest)
    assert config.secret == pullsecret.SecretOrigin("pull", "ns", "kubernetes.io/dockerconfigjson", ".dockerconfigjson")
    assert [(e.key, e.username, e.password) for e in config.entries()] == [("quay.io", "me", "pw")]


def test_generic_secret_from_an_env_file(tmp_path: Path) -> None:
    env = tmp_path / "app.env"
    env.write_text("FROM_ENV\nB=2\n")
    paths = pullsecret.source_paths(from_env_file=[str(env)])
    assert paths == [str(env)]
    sources = pullsecret.Sources(
        from_env_file=[str(env)], found=[pullsecret.found_path(p) for p in paths], environment=[("FROM_ENV", "1")]
    )
    created = pullsecret.create_generic_secret(pullsecret.GenericSecret("g", sources=sources, output="json"))
    data = json.loads(created.manifest)["data"]
    assert {k: base64.b64decode(v).decode() for k, v in data.items()} == {"FROM_ENV": "1", "B": "2"}


def test_found_path(tmp_path: Path) -> None:
    (tmp_path / "b").write_bytes(b"\xff")
    (tmp_path / "a").write_text("x")
    (tmp_path / "sub").mkdir()
    (tmp_path / "link").symlink_to(tmp_path / "a")
    assert pullsecret.found_path(str(tmp_path / "b")).found == pullsecret.FoundFile(b"\xff")
    listing = pullsecret.found_path(str(tmp_path)).found
    assert listing == pullsecret.FoundDirectory([pullsecret.DirectoryFile("a", b"x"), pullsecret.DirectoryFile("b", b"\xff")])
    assert pullsecret.found_path(str(tmp_path / "none")).found == pullsecret.Missing("no such file or directory")


def test_recipes_rolebindings_links() -> None:
    result = pullsecret.grant(pullsecret.CrossProject("team-a", "team-b"), output="json")
    (binding,) = json.loads(result.manifests)["items"]
    assert binding["metadata"]["namespace"] == "team-b"
    assert binding["subjects"][0]["name"] == "system:serviceaccounts:team-a"
    registries = pullsecret.Registries(
        "ns", [pullsecret.RegistrySecret("reg", "registry.example.com")], "u", "pw", service_account="default"
    )
    (secret,) = pullsecret.parse(pullsecret.grant(registries).manifests).configs
    assert secret.secret.name == "reg"
    assert [(e.key, e.username, e.password) for e in secret.entries()] == [("registry.example.com", "u", "pw")]
    rb = pullsecret.create_rolebinding(
        pullsecret.RolebindingRequest("rb", "view", namespace="ns", users=["alice"], output="json")
    )
    assert json.loads(rb)["subjects"] == [{"kind": "User", "apiGroup": "rbac.authorization.k8s.io", "name": "alice"}]
    link = pullsecret.secrets_link(pullsecret.LinkRequest("default", ["secret/pull"], for_values=["pull"], output="json"))
    assert link.changed and json.loads(link.manifest)["imagePullSecrets"] == [{"name": "pull"}]
    role = pullsecret.add_role(pullsecret.AddRoleRequest("user", ["view", "alice"], "ns"))
    assert role.action == "created"
    sa = pullsecret.create_serviceaccount("robot", "ns", output="json")
    assert json.loads(sa)["metadata"] == {"name": "robot", "namespace": "ns"}


def test_set_data() -> None:
    current = json.dumps({"apiVersion": "v1", "kind": "Secret", "metadata": {"name": "s"}, "type": "Opaque", "data": {}})
    sources = pullsecret.Sources(from_file=["k=v.txt"], found=[pullsecret.FoundPath("v.txt", pullsecret.FoundFile(b"v"))])
    result = pullsecret.set_data(
        pullsecret.SetDataRequest("secret/s", sources=sources, current=pullsecret.Input("s.json", current.encode()), output="json")
    )
    assert result.changed and result.name == "s"
    assert json.loads(result.manifest)["data"] == {"k": base64.b64encode(b"v").decode()}


def test_policies_and_validate(tmp_path: Path) -> None:
    names = pullsecret.builtin_policies()
    assert "strict" in names
    with pullsecret.policy("strict") as strict:
        assert strict.name == "strict" and strict.description
    with pytest.raises(KeyError):
        pullsecret.policy("no-such-policy")
    team = pullsecret.parse_policy(
        "apiVersion: pullsecret/v1\nkind: PullSecretPolicy\nname: team\nrequired: [registry.example.com]\n", "team.yaml"
    )
    path = tmp_path / "p.json"
    path.write_bytes(EXAMPLE.read_bytes())
    for inputs in ([path], [("p.json", EXAMPLE.read_bytes())], [pullsecret.Input("p.json", EXAMPLE.read_bytes())]):
        findings = pullsecret.validate(inputs, policies=[team])
        assert [(d.code, d.key) for d in findings if d.severity == "error"] == [
            ("required-registry-missing", "registry.example.com")
        ]
    mirrored = pullsecret.validate([path], policies=[], mirrors=["mirror.example.com"])
    assert any(d.key == "mirror.example.com" for d in mirrored)
    with pytest.raises(pullsecret.PolicyError) as caught:
        pullsecret.parse_policy('{"kind": "PullSecretPolicy", "extra": 1}', source="bad.json")
    assert caught.value.code == "policy-invalid"
    assert {d.location for d in caught.value.diagnostics} >= {"$.extra"}
    bad = pullsecret.check_context(mirrors=["not a mirror"], images=["@@"])
    assert len(bad) == 2 and {d.severity for d in bad} == {"error"}


def test_catalogue() -> None:
    codes = pullsecret.codes()
    rules = pullsecret.rules()
    assert codes and rules
    assert len({c.code for c in codes}) == len(codes)
    assert all(c.doc == f"docs/diagnostics.md#{c.code}" for c in codes)
    ids = {r.id for r in rules}
    assert all(c.rule in ids for c in codes if c.rule)


def _wit_records() -> dict:
    engine, component = compiled()
    records = {}
    for name, ext in component.type.exports(engine).items():
        interface = name.split("/")[1].split("@")[0]
        for item, sub in ext.ty.exports(engine).items():
            ty = sub.ty
            if hasattr(ty, "fields") and not callable(ty.fields):
                records[f"{interface}/{item}"] = [n for n, _ in ty.fields]
    return records


def test_dataclasses_match_the_wit_records() -> None:
    records = _wit_records()
    classes = [c for c in vars(_model).values() if isinstance(c, type) and "__wit__" in vars(c)]
    assert len(classes) > 30
    for cls in classes:
        assert cls.__wit__ in records, cls
        assert sorted(_model.wit_name(f) for f in dataclasses.fields(cls)) == sorted(records[cls.__wit__]), cls


def test_every_method_has_a_module_function() -> None:
    methods = {n for n, _ in inspect.getmembers(pullsecret.Pullsecret, inspect.isfunction) if not n.startswith("_")}
    assert methods <= set(pullsecret.__all__)
    for name in methods:
        function = getattr(pullsecret, name)
        assert list(inspect.signature(function).parameters) == list(inspect.signature(getattr(pullsecret.Pullsecret, name)).parameters)[1:]


def test_resources_belong_to_their_instance_and_close() -> None:
    mine = pullsecret.Pullsecret()
    assert mine._rt.component is pullsecret.default()._rt.component  # compiled once
    config = mine.parse_one(EXAMPLE.read_bytes())
    with pytest.raises(ValueError, match="another Pullsecret instance"):
        pullsecret.node_config(config)
    assert mine.node_config(config)
    config.close()
    with pytest.raises(ValueError, match="closed"):
        config.entries()
    config.close()  # twice is fine


def test_collected_resources_are_dropped() -> None:
    mine = pullsecret.Pullsecret()
    docs = [mine.parse(EXAMPLE.read_bytes()) for _ in range(3)]
    configs = [c for d in docs for c in d.configs]
    assert len(mine._rt._owned) == 3 and mine._rt._pending == []
    del docs, configs
    assert len(mine._rt._pending) == 3  # collected: dropped at the next call
    mine.normalize_image("busybox")
    assert mine._rt._pending == [] and mine._rt._owned == {}


def test_resources_in_garbage_cycles_are_dropped() -> None:
    mine = pullsecret.Pullsecret()
    for _ in range(20):
        cycle: list = [mine.parse(EXAMPLE.read_bytes()), mine.keyring()]
        cycle.append(cycle)
        del cycle
    gc.collect()
    assert mine.normalize_image("busybox") == "docker.io/library/busybox"
    assert mine._rt._owned == {} and mine._rt._pending == []


def test_threads_share_an_instance() -> None:
    doc = pullsecret.parse(EXAMPLE.read_bytes())
    ring = pullsecret.keyring(doc.configs)
    expected = [c.key for c in ring.lookup_image("quay.io/repository-main/app:1").credentials]
    errors: List[BaseException] = []

    def work() -> None:
        try:
            for _ in range(30):
                assert [c.key for c in ring.lookup_image("quay.io/repository-main/app:1").credentials] == expected
                assert len(pullsecret.parse(EXAMPLE.read_bytes()).configs) == 1
        except BaseException as e:  # noqa: BLE001 - reported below
            errors.append(e)

    threads = [threading.Thread(target=work) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []


def test_a_missing_component_says_how_to_make_it(tmp_path: Path) -> None:
    with pytest.raises(pullsecret.ComponentMissing, match=r"cargo build --release --locked"):
        pullsecret.Pullsecret(wasm=tmp_path / "none.wasm")


def test_runtime_rejects_unknown_functions_and_bad_values(runtime: Runtime) -> None:
    with pytest.raises(KeyError):
        runtime.function("config.nothing")
    with pytest.raises(TypeError):
        runtime.call("keyring.normalize-image", b"bytes")
    with pytest.raises(TypeError):
        pullsecret.parse(42)
