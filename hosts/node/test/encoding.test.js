// The conformance runner itself: its value conversions agree with the WIT and with jco's
// declarations, it passes a hand-written suite and it reports every kind of mismatch.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { readWit } from './lib/wit.js';
import { bindings } from './lib/gen.js';
import {
  camelToKebab, kebabToCamel, fromJco, toJco, runSuite, runCase, firstDifference, selectCases, formatFailure,
} from '../conformance.js';

const wit = readWit();
const fixture = (name) => JSON.parse(readFileSync(new URL(`fixtures/${name}`, import.meta.url), 'utf8'));
const pascal = (kebab) => kebabToCamel(kebab).replace(/^./, (c) => c.toUpperCase());

/** `export interface NAME { field?: T, ... }` blocks of jco's declarations. */
function declaredInterfaces() {
  const dir = new URL('../gen/interfaces/', import.meta.url);
  const found = new Map();
  for (const file of readdirSync(dir)) {
    const iface = file.match(/^pullsecret-core-(.+)\.d\.ts$/)?.[1];
    if (!iface) continue;
    const text = readFileSync(new URL(file, dir), 'utf8');
    for (const m of text.matchAll(/export interface (\w+) \{\n([^}]*)\}/g)) {
      const fields = [...m[2].matchAll(/^\s+(\w+)\??:/gm)].map((f) => f[1]);
      found.set(`${iface}.${m[1]}`, fields);
    }
  }
  return found;
}

test('the WIT reader found the contract', () => {
  assert.ok(wit.records.size >= 30, `records: ${wit.records.size}`);
  assert.ok(wit.variants.size >= 4, `variants: ${wit.variants.size}`);
  assert.ok(wit.functions.size >= 25, `functions: ${wit.functions.size}`);
  assert.ok(wit.records.get('types.diagnostic').some((f) => f.name === 'rule-doc'));
  assert.equal(wit.functions.get('edit.diff').returns.startsWith('result<tuple<'), true);
});

test('record field names convert kebab <-> camel exactly as jco names them', () => {
  const declared = declaredInterfaces();
  for (const [name, fields] of wit.records) {
    const [iface, record] = name.split('.');
    const jcoFields = declared.get(`${iface}.${pascal(record)}`);
    assert.ok(jcoFields, `jco declares no interface for record ${name}`);
    assert.deepEqual(jcoFields, fields.map((f) => kebabToCamel(f.name)), `fields of ${name}`);
    for (const { name: field } of fields) {
      assert.equal(camelToKebab(kebabToCamel(field)), field, `${name}.${field} does not round-trip`);
    }
  }
});

test('no WIT value is ambiguous in the generic encoding', () => {
  const reserved = new Set(['ok', 'err', 'utf8', 'base64', 'tag', '$config', '$policy', '$policy-file']);
  for (const [name, fields] of wit.records) {
    // A one-field record named like a marker, or any record with a `tag`, would read as
    // bytes, a result, a resource or a variant.
    if (fields.length === 1) assert.ok(!reserved.has(fields[0].name), `record ${name} has only ${fields[0].name}`);
    assert.ok(!fields.some((f) => f.name === 'tag'), `record ${name} has a field named tag`);
  }
  for (const [name, cases] of wit.variants) {
    for (const c of cases) {
      assert.ok(c.name !== 'ok' && c.name !== 'err', `variant ${name} has a case ${c.name}`);
      // jco writes a none payload as a missing `val`, like a case without payload.
      assert.ok(!(c.payload ?? '').startsWith('option<'), `variant ${name}.${c.name} carries an option`);
    }
  }
  assert.doesNotMatch(wit.code, /option<option</, 'nested options');
  // Only list<u8> becomes a typed array in jco; other numeric lists would too.
  assert.doesNotMatch(wit.code, /list<(u16|u32|u64|s8|s16|s32|s64|f32|f64)>/, 'numeric lists other than list<u8>');
  assert.doesNotMatch(wit.code, /\b(u64|s64|flags)\b/, 'bigint or flags values');
});

test('bytes encode as utf8 when valid UTF-8, else base64, and decode back', () => {
  assert.deepEqual(fromJco(bindings, new Uint8Array([0x68, 0xc3, 0xa9])), { utf8: 'hé' });
  assert.deepEqual(fromJco(bindings, new Uint8Array([0xff, 0x00, 0x41])), { base64: '/wBB' });
  assert.deepEqual(fromJco(bindings, new Uint8Array([])), { utf8: '' });
  assert.deepEqual(toJco(bindings, { base64: '/wBB' }), new Uint8Array([0xff, 0x00, 0x41]));
  assert.deepEqual(toJco(bindings, { utf8: 'hé' }), new Uint8Array([0x68, 0xc3, 0xa9]));
});

test('records, options, variants and results convert both ways', () => {
  assert.deepEqual(
    toJco(bindings, { 'rule-doc': null, 'service-accounts': ['a'], kind: { tag: 'changed', val: ['user'] }, c: { ok: { utf8: 'v' } } }),
    { ruleDoc: undefined, serviceAccounts: ['a'], kind: { tag: 'changed', val: ['user'] }, c: { tag: 'ok', val: new Uint8Array([0x76]) } },
  );
  assert.deepEqual(toJco(bindings, { tag: 'added' }), { tag: 'added' });
  assert.deepEqual(
    fromJco(bindings, { ruleDoc: undefined, answeredBy: 'crio', kind: { tag: 'removed', val: undefined }, content: { tag: 'err', val: 'no' } }),
    { 'rule-doc': null, 'answered-by': 'crio', kind: { tag: 'removed' }, content: { err: 'no' } },
  );
  assert.throws(() => fromJco(bindings, new bindings.keyring.Keyring()), /cannot encode a Keyring/);
});

test('patterns: objects by their keys, arrays whole, scalars equal', () => {
  assert.equal(firstDifference({ a: 1 }, { a: 1, b: 2 }), null);
  assert.equal(firstDifference([1, { a: null }], [1, { a: null, z: 0 }]), null);
  assert.equal(firstDifference(1, 1.0), null);
  assert.deepEqual(firstDifference({ a: 1 }, { b: 1, c: 1 }), { path: '$.a', expected: 1, actual: undefined });
  assert.deepEqual(firstDifference({ ok: 1 }, { err: 2 }), { path: '$', expected: { ok: 1 }, actual: { err: 2 } });
  assert.deepEqual(firstDifference({ 'x y': [1] }, { 'x y': [2] }), { path: '$["x y"][0]', expected: 1, actual: 2 });
  assert.deepEqual(firstDifference([1], [1, 2]), { path: '$', expected: [1], actual: [1, 2] });
  assert.deepEqual(firstDifference(null, 0), { path: '$', expected: null, actual: 0 });
  assert.deepEqual(firstDifference('1', 1), { path: '$', expected: '1', actual: 1 });
  assert.deepEqual(firstDifference({}, []), { path: '$', expected: {}, actual: [] });
});

test('a hand-written suite passes, its known failure counted as such', () => {
  const report = runSuite(bindings, fixture('handwritten.json'));
  assert.deepEqual(report.failures.map(formatFailure), []);
  assert.equal(report.knownFailures, 1);
  assert.equal(report.passed, report.total - 1);
});

test('every kind of mismatch is reported at its first difference', () => {
  const suite = fixture('must-fail.json');
  const report = runSuite(bindings, suite);
  assert.equal(report.passed, 0);
  assert.equal(report.knownFailures, 0);
  assert.deepEqual(
    report.failures.map((f) => [f.name, f.path]),
    suite.cases.map((c) => [c.name, c['first-difference']]),
  );
});

test('the runner resolves each WIT function it is given', () => {
  for (const call of wit.functions.keys()) {
    const [iface, fn] = call.split('.');
    assert.equal(typeof bindings[iface]?.[kebabToCamel(fn)], 'function', call);
  }
});

test('a named subset runs only the cases named', () => {
  const suite = fixture('handwritten.json');
  const names = ['handwritten/keys', 'handwritten/diff'];
  assert.deepEqual(selectCases(suite, names).map((c) => c.name), names);
  const report = runSuite(bindings, suite, { only: new Set(names) });
  assert.equal(report.total, 2);
  assert.equal(report.passed, 2);
  assert.equal(runSuite(bindings, suite, { only: (c) => c.call === 'edit.diff' }).total, 1);
  assert.equal(runCase(bindings, suite.cases.find((c) => c.name === 'handwritten/keys')).passed, true);
});

test('conformance.js uses no Node-specific API (the browser page loads it too)', () => {
  const source = readFileSync(new URL('../conformance.js', import.meta.url), 'utf8');
  const code = source.replace(/\/\/.*$/gm, '');
  for (const nodeOnly of [/\bimport\b/, /\brequire\s*\(/, /\bprocess\./, /\bBuffer\b/, /\bnode:/, /\b__dirname\b/, /\bglobal\./]) {
    assert.doesNotMatch(code, nodeOnly);
  }
});
