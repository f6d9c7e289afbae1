// The idiomatic API over the bindings: values in and out, errors, resources.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { api } from './lib/gen.js';

const {
  parse, parseOne, extract, Keyring, matchImages, explain, keys, normalizeImage, login, merge, diff,
  nodeConfig, sourcePaths, createDockerRegistrySecret, createGenericSecret, createServiceaccount, createRolebinding,
  secretsLink, addRole, grant, setData, validate, checkContext, builtinPolicies, Policy, codes, rules,
  PullSecretError, InvalidInputError, PolicyError, DockerConfig, bindings,
} = api;

const examplePath = new URL('../../../examples/pull-secret.json', import.meta.url);
const example = readFileSync(examplePath);
const exampleJson = JSON.parse(example.toString('utf8'));
// What the example's `auth` values hold, decoded here independently of the component.
const decoded = Object.fromEntries(Object.entries(exampleJson.auths).map(([key, { auth }]) => {
  const pair = Buffer.from(auth, 'base64').toString('utf8');
  const colon = pair.indexOf(':');
  return [key, { username: pair.slice(0, colon), password: pair.slice(colon + 1) }];
}));
const text = (bytes) => new TextDecoder().decode(bytes);

test('parse reads the example pull secret: one config, every entry in file order', () => {
  const { configs, notes } = parse(example, { source: 'examples/pull-secret.json' });
  assert.equal(configs.length, 1);
  assert.deepEqual(notes, []);
  const [config] = configs;
  assert.ok(config instanceof DockerConfig);
  assert.equal(config.format, 'dockerconfigjson');
  assert.equal(config.source, 'examples/pull-secret.json');
  assert.equal(config.secret, undefined);
  assert.deepEqual(config.payload, new Uint8Array(example));
  const entries = config.entries();
  assert.deepEqual(entries.map((e) => e.key), Object.keys(exampleJson.auths));
  for (const e of entries) {
    assert.equal(e.username, decoded[e.key].username);
    assert.equal(e.password, decoded[e.key].password);
    assert.equal(e.form, 'auth');
    assert.match(e.location, /^\d+:\d+$/);
  }
});

test('text, Uint8Array, a Buffer slice and an ArrayBuffer read the same', () => {
  const big = Buffer.concat([Buffer.from('garbage'), example]);
  const views = [example.toString('utf8'), new Uint8Array(example), big.subarray(7), example.buffer.slice(example.byteOffset, example.byteOffset + example.length)];
  const results = views.map((v) => parseOne(v).entries());
  for (const r of results) assert.deepEqual(r, results[0]);
});

test('a lookup: the kubelet tries the most specific key, then the host', () => {
  const config = parseOne(example, { source: 'ps.json' });
  const ring = new Keyring([config]);
  const answer = ring.lookupImage('quay.io/repository-main/app:1');
  assert.equal(answer.semantics, 'kubelet');
  assert.deepEqual(answer.credentials.map((c) => [c.key, c.username, c.source]), [
    ['quay.io/repository-main', decoded['quay.io/repository-main'].username, 'ps.json'],
    ['quay.io', decoded['quay.io'].username, 'ps.json'],
  ]);
  assert.equal(ring.lookupRaw('registry.redhat.io').credentials[0].password, decoded['registry.redhat.io'].password);
  const matched = matchImages(['quay.io/repository-main/app:1', 'docker.io/library/busybox'], { secrets: [config], semantics: 'containers' });
  assert.deepEqual(matched.results.map((r) => r.answer.credentials.map((c) => c.key)), [['quay.io/repository-main'], []]);
  const explained = explain(['quay.io/other/app'], { secrets: [config] });
  assert.deepEqual(explained[0].consumers.map((a) => a.semantics), ['kubelet', 'containers', 'docker']);
  assert.deepEqual(explain(['quay.io/other/app'], { secrets: [config], only: 'docker' })[0].consumers.map((a) => a.semantics), ['docker']);
  ring.dispose();
  assert.throws(() => ring.lookupRaw('quay.io'));
});

test('errors are PullSecretErrors with the diagnostic: code, location, rule, fix', () => {
  let error;
  try { parse('{"auths":', { source: 'broken.json' }); } catch (e) { error = e; }
  assert.ok(error instanceof InvalidInputError);
  assert.ok(error instanceof PullSecretError);
  assert.ok(error instanceof Error);
  assert.equal(error.name, 'InvalidInputError');
  assert.equal(error.tag, 'invalid-input');
  assert.equal(error.code, 'invalid-json');
  assert.equal(error.location, '1:10');
  assert.equal(error.rule, 'P1');
  assert.equal(error.source, 'broken.json');
  assert.equal(typeof error.fix, 'string');
  assert.equal(error.diagnostic.code, 'invalid-json');
  assert.match(error.message, /^broken\.json:1:10: /);

  assert.throws(() => normalizeImage('UPPER/Case'), (e) => e instanceof InvalidInputError && e.rule === 'N1');
  assert.throws(() => Policy.parse('{}', { source: 'p.json' }), (e) => e instanceof PolicyError && e.diagnostics.length > 1 && e.code === 'policy-invalid');
  assert.throws(() => parse(42), TypeError);
});

test('an error about a secret never carries the secret', () => {
  const secret = 'Sup3rS3cretNoColon';
  const auth = Buffer.from(secret).toString('base64');
  const config = parseOne(JSON.stringify({ auths: { 'quay.io': { auth } } }));
  let error;
  try { config.entries(); } catch (e) { error = e; }
  assert.ok(error instanceof InvalidInputError, String(error));
  assert.equal(error.code, 'auth-no-colon');
  assert.equal(error.key, 'quay.io');
  const everything = JSON.stringify({ message: error.message, stack: error.stack, ...error });
  assert.ok(!everything.includes(secret) && !everything.includes(auth), everything);
  // And the lookup that needs it fails the same way (M2), without it too.
  assert.throws(() => matchImages(['quay.io/a'], { secrets: [config] }), (e) => e.code === 'auth-no-colon' && !e.message.includes(secret));
});

test('Secrets in a manifest, extract and node-config', () => {
  const payload = JSON.stringify({ auths: { 'r.io': { auth: Buffer.from('u:p').toString('base64') } } });
  const manifest = `apiVersion: v1\nkind: Secret\nmetadata:\n  name: pull\n  namespace: ns\ntype: kubernetes.io/dockerconfigjson\ndata:\n  .dockerconfigjson: ${Buffer.from(payload).toString('base64')}\n`;
  const { configs } = parse(manifest, { source: 's.yaml' });
  assert.deepEqual(configs[0].secret, { name: 'pull', namespace: 'ns', secretType: 'kubernetes.io/dockerconfigjson', dataKey: '.dockerconfigjson' });
  assert.equal(text(extract(manifest)), payload);
  assert.equal(text(nodeConfig(configs[0])), `${payload}\n`);
});

test('keys, login, merge and diff', () => {
  const report = keys(['quay.io', 'https://index.docker.io/v1/'], { target: 'quay.io/a' });
  assert.equal(report.target, 'quay.io/a');
  assert.deepEqual(report.keys.map((k) => k.matches), [true, false]);
  assert.equal(keys(['quay.io']).target, undefined);

  const { bytes, warnings } = login({ registry: 'quay.io', username: 'u', password: 'p', style: 'oc' });
  assert.deepEqual(warnings, []);
  assert.deepEqual(JSON.parse(text(bytes)), { auths: { 'quay.io': { auth: Buffer.from('u:p').toString('base64') } } });
  const again = login({ registry: 'r.io', username: 'v', password: 'q', existing: bytes, email: 'e@x' });
  assert.deepEqual(parseOne(again.bytes).entries().map((e) => [e.key, e.username, e.email]), [['quay.io', 'u', ''], ['r.io', 'v', 'e@x']]);

  const a = parseOne('{"auths":{"a.io":{"auth":"dTpw"},"b.io":{"auth":"dTpw"}}}');
  const b = parseOne('{"auths":{"b.io":{"auth":"dTpx"},"c.io":{"auth":"dTpw"}}}');
  const merged = merge(a, [b]);
  assert.deepEqual(merged.conflicts, [{ key: 'b.io', winner: 'overlay', credentialsDiffer: true }]);
  assert.equal(merge(a, [b], { prefer: 'base' }).conflicts[0].winner, 'base');
  assert.deepEqual(parseOne(merged.bytes).entries().map((e) => [e.key, e.password]), [['a.io', 'p'], ['b.io', 'q'], ['c.io', 'p']]);
  const { changes } = diff(a, b);
  assert.deepEqual(changes, [
    { key: 'a.io', kind: { tag: 'removed' } },
    { key: 'b.io', kind: { tag: 'changed', val: ['password'] } },
    { key: 'c.io', kind: { tag: 'added' } },
  ]);
});

test('manifests: defaults filled in, text sources as bytes', () => {
  const created = createDockerRegistrySecret({ name: 's', username: 'u', password: 'p', server: 'quay.io', output: 'json' });
  const secret = JSON.parse(created.manifest);
  assert.equal(secret.type, 'kubernetes.io/dockerconfigjson');
  const payload = JSON.parse(Buffer.from(secret.data['.dockerconfigjson'], 'base64').toString('utf8'));
  assert.equal(payload.auths['quay.io'].username, 'u');

  assert.deepEqual(sourcePaths(['k=f.txt']), ['f.txt']);
  const generic = createGenericSecret({ name: 'g', sources: { fromFile: ['k=f.txt'], found: [{ path: 'f.txt', found: { tag: 'file', val: 'v' } }] }, output: 'json' });
  assert.equal(JSON.parse(generic.manifest).data.k, Buffer.from('v').toString('base64'));

  assert.match(createServiceaccount('builder', { namespace: 'ns' }), /name: builder\n\s+namespace: ns/);
  assert.match(createRolebinding({ name: 'rb', roleKind: 'cluster-role', role: 'view', users: ['alice'] }), /kind: RoleBinding/);
  const linked = secretsLink({ serviceAccount: 'default', secrets: ['pull'], forValues: ['pull'] });
  assert.equal(linked.changed, true);
  assert.match(linked.manifest, /imagePullSecrets:\n- name: pull/);
  assert.equal(addRole({ kind: 'user', args: ['system:image-puller', 'alice'], namespace: 'ns' }).action, 'created');
  assert.match(grant({ crossProject: { from: 'a', to: 'b' } }).manifests, /system:image-puller/);
  const current = 'apiVersion: v1\nkind: Secret\nmetadata:\n  name: pull\ntype: Opaque\ndata: {}\n';
  const set = setData({ target: 'secret/pull', sources: { fromFile: ['k=f'], found: [{ path: 'f', found: { tag: 'file', val: 'x' } }] }, current });
  assert.equal(set.name, 'pull');
  assert.equal(set.changed, true);
});

test('validate under shipped and parsed policies', () => {
  const names = builtinPolicies();
  assert.ok(names.includes('strict'));
  const strict = Policy.builtin('strict');
  assert.equal(strict.name, 'strict');
  assert.equal(Policy.builtin('no-such-policy'), undefined);
  const mine = Policy.parse('apiVersion: pullsecret/v1\nkind: PullSecretPolicy\nname: mine\n', { source: 'mine.yaml' });
  assert.equal(mine.name, 'mine');
  const findings = validate([{ source: 'ps.json', bytes: example }], { policies: [strict, mine, 'openshift-installer'], mirrors: ['mirror.example.com'] });
  assert.ok(findings.some((d) => d.code === 'mirror-missing' && d.key === 'mirror.example.com'), JSON.stringify(findings));
  assert.throws(() => validate([], { policies: ['no-such-policy'] }), RangeError);
  assert.deepEqual(checkContext({ mirrors: ['mirror.example.com'] }), []);
  assert.ok(checkContext({ images: ['NOT A REFERENCE'] }).length > 0);
});

test('the catalogue lists codes and rules', () => {
  const all = codes();
  assert.ok(all.some((c) => c.code === 'auth-not-base64' && c.rule === 'P3'));
  for (const c of all) assert.equal(c.doc, `docs/diagnostics.md#${c.code}`);
  assert.ok(rules().some((r) => r.id === 'K4'));
  assert.equal(bindings.catalogue.codes().length, all.length);
});
