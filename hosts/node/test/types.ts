// Type-checked by `tsc -p test/tsconfig.json` (test/types.test.js): the declarations in
// index.d.ts and gen/ accept what the API takes and describe what it returns.
import {
  parse, parseOne, Keyring, matchImages, explain, keys, normalizeImage, login, merge, diff,
  nodeConfig, createDockerRegistrySecret, createGenericSecret, createServiceaccount, grant,
  validate, builtinPolicies, Policy, codes, rules, PullSecretError, InvalidInputError, bindings,
} from '../index.js';
import type { Answer, Diagnostic, Entry, Matches, Semantics } from '../index.js';

const doc = parse('{"auths":{}}', { source: 'x', format: 'dockerconfigjson' });
const config = parseOne(new Uint8Array([123, 125]));
const entries: Entry[] = doc.configs[0].entries();
const username: string = entries[0].username;
const form: 'auth' | 'plain' | 'token-only' | 'empty' = entries[0].form;
const ring = new Keyring(doc.configs).add(config);
const answer: Answer = ring.lookupImage('quay.io/a');
const helper: string | undefined = answer.credentialHelper;
const semantics: Semantics = answer.semantics;
const matches: Matches = matchImages(['a'], { secrets: [config], semantics: 'containers' });
const answeredBy: 'kubelet' | 'crio' | 'nobody' | undefined = matches.results[0].answeredBy;
explain(['a'], { only: 'docker', node: [config] })[0].consumers.map((a) => a.verdicts);
keys(['quay.io'], { target: 'quay.io/a' }).keys[0].normalized?.toUpperCase();
normalizeImage('busybox').toUpperCase();
const written: Uint8Array = login({ registry: 'r', username: 'u', password: 'p', existing: null }).bytes;
merge(config, [config], { prefer: 'base' }).conflicts[0].credentialsDiffer;
const { changes, warnings } = diff(config, config);
const kind = changes[0].kind;
if (kind.tag === 'changed') kind.val.join(',');
const notes: Diagnostic[] = warnings;
nodeConfig(config).byteLength;
createDockerRegistrySecret({ name: 's', username: 'u', password: 'p' }).manifest;
createGenericSecret({
  name: 'g',
  sources: { fromFile: ['k=f'], found: [{ path: 'f', found: { tag: 'file', val: 'text' } }] },
}).warnings;
createServiceaccount('sa', { shape: 'kubectl-1-33', output: 'json' });
grant({ crossProject: { from: 'a', to: 'b' } }).manifests;
const policy = Policy.builtin(builtinPolicies()[0]);
validate([{ source: 'x', bytes: '{}' }], { policies: [policy!, 'strict'], mirrors: ['m'] });
codes()[0].adjustable;
rules()[0].consumer;
bindings.config.parse('x', new Uint8Array(), undefined).configs[0].format();
try {
  parse('{');
} catch (e) {
  if (e instanceof InvalidInputError) {
    const tag: 'invalid-input' = e.tag;
    const location: string | undefined = e.location;
  } else if (e instanceof PullSecretError) {
    e.diagnostics.map((d) => d.code);
  }
}
{
  using disposable = parseOne('{"auths":{}}');
  disposable.format;
}

// The declarations must reject what the API does not take.
// @ts-expect-error a number is not a document
parse(42);
// @ts-expect-error not a semantics
matchImages(['a'], { semantics: 'podman' });
// @ts-expect-error the password is required
createDockerRegistrySecret({ name: 's', username: 'u' });
// @ts-expect-error entries are not strings
const wrong: string[] = doc.configs[0].entries();
