// The idiomatic API over the jco bindings of the pullsecret component (gen/, `npm run build`).
//
// Everything the answers say comes from the component: this module only converts values
// (text to UTF-8 bytes, camelCase options with defaults to WIT records) and turns the
// component's errors into PullSecretError.

import * as bindings from './gen/pullsecret.js';

export { bindings };

const UTF8 = new TextEncoder();
const DISPOSE = Symbol.dispose ?? Symbol.for('dispose');

/** A failed call: the component's diagnostic, which never carries secret material. */
export class PullSecretError extends Error {
  constructor(diagnostic, { tag, diagnostics = [diagnostic] } = {}) {
    const where = [diagnostic.source, diagnostic.location].filter((s) => s).join(':');
    const more = diagnostics.length > 1 ? ` (and ${diagnostics.length - 1} more)` : '';
    super(`${where ? `${where}: ` : ''}${diagnostic.message}${more}`);
    this.name = new.target.name;
    /** The WIT error case, e.g. `invalid-input`; undefined for a policy's findings. */
    this.tag = tag;
    this.code = diagnostic.code;
    this.severity = diagnostic.severity;
    this.key = diagnostic.key;
    this.location = diagnostic.location;
    this.rule = diagnostic.rule;
    this.ruleDoc = diagnostic.ruleDoc;
    this.fix = diagnostic.fix;
    this.source = diagnostic.source;
    this.diagnostic = diagnostic;
    this.diagnostics = diagnostics;
  }
}

/** The WIT `error` case `invalid-input`: the input is malformed for the consumer named. */
export class InvalidInputError extends PullSecretError {}

/** A policy document that `Policy.parse` refused: every problem in `diagnostics`. */
export class PolicyError extends PullSecretError {}

function toError(payload) {
  if (Array.isArray(payload)) return new PolicyError(payload[0], { diagnostics: payload });
  if (payload?.tag === 'invalid-input') return new InvalidInputError(payload.val, { tag: payload.tag });
  return new PullSecretError(payload.val, { tag: payload.tag });
}

/** Calls into the component, turning jco's ComponentError into a PullSecretError. */
function call(fn) {
  try {
    return fn();
  } catch (e) {
    if (e instanceof Error && Object.prototype.hasOwnProperty.call(e, 'payload')) throw toError(e.payload);
    throw e;
  }
}

/** Text as UTF-8 bytes; bytes as they are. */
function bytesOf(data) {
  if (typeof data === 'string') return UTF8.encode(data);
  if (data instanceof Uint8Array) return data;
  if (data instanceof ArrayBuffer) return new Uint8Array(data);
  if (ArrayBuffer.isView(data)) return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  throw new TypeError('expected a string, a Uint8Array or an ArrayBuffer');
}

/** A WIT `input`: `{source, bytes}`, or bare text/bytes labelled `source`. */
function inputOf(data, source) {
  if (data === undefined || data === null) return undefined;
  if (typeof data === 'object' && 'bytes' in data) return { source: data.source ?? source, bytes: bytesOf(data.bytes) };
  return { source, bytes: bytesOf(data) };
}

const RAW = new WeakMap();

function raw(resource, Class) {
  const r = RAW.get(resource);
  if (r === undefined || !(resource instanceof Class)) throw new TypeError(`expected a ${Class.name}`);
  return r;
}

/** One parsed docker config (a raw file, or the payload of one Secret). */
export class DockerConfig {
  constructor(rawConfig) {
    if (!(rawConfig instanceof bindings.config.DockerConfig)) {
      throw new TypeError('DockerConfig objects come from parse() and parseOne()');
    }
    RAW.set(this, rawConfig);
  }

  /** `dockerconfigjson` or `dockercfg`. */
  get format() { return raw(this, DockerConfig).format(); }
  /** The label given at parse time. */
  get source() { return raw(this, DockerConfig).source(); }
  /** The Secret it came from (`{name, namespace, secretType, dataKey}`), or undefined. */
  get secret() { return raw(this, DockerConfig).secret(); }
  /** The config bytes exactly as stored. */
  get payload() { return raw(this, DockerConfig).payload(); }
  /** The entries the kubelet ends up with; throws when the kubelet rejects the config. */
  entries() { return call(() => raw(this, DockerConfig).entries()); }
  /** Frees the component's copy now rather than at garbage collection. */
  dispose() { raw(this, DockerConfig)[DISPOSE](); }
  [DISPOSE]() { this.dispose(); }
}

function configs(list) {
  return list.map((c) => raw(c, DockerConfig));
}

/** Reads a pull-secret document: a docker config, or Secret manifests (JSON or YAML). */
export function parse(data, { source = '-', format } = {}) {
  const doc = call(() => bindings.config.parse(source, bytesOf(data), format));
  return { configs: doc.configs.map((c) => new DockerConfig(c)), notes: doc.notes };
}

/** Like parse, for a document that must hold exactly one pull secret. */
export function parseOne(data, { source = '-', format } = {}) {
  return new DockerConfig(call(() => bindings.config.parseOne(source, bytesOf(data), format)));
}

/** The decoded payload of the one pull secret in a Secret manifest. */
export function extract(data, { source = '-' } = {}) {
  return call(() => bindings.config.extract(source, bytesOf(data)));
}

/** Configs merged in order, as the kubelet merges a pod's pull secrets. */
export class Keyring {
  constructor(configList = []) {
    RAW.set(this, new bindings.keyring.Keyring());
    for (const c of configList) this.add(c);
  }

  /** Adds a config's entries after those already added. */
  add(config) {
    call(() => raw(this, Keyring).add(raw(config, DockerConfig)));
    return this;
  }

  /** What the kubelet sends for a pod image. */
  lookupImage(image) { return call(() => raw(this, Keyring).lookupImage(image)); }
  /** What the kubelet sends for a string looked up verbatim. */
  lookupRaw(lookup) { return raw(this, Keyring).lookupRaw(lookup); }
  dispose() { raw(this, Keyring)[DISPOSE](); }
  [DISPOSE]() { this.dispose(); }
}

function request(images, { secrets = [], node = [], raw: verbatim = false }) {
  return { secrets: configs(secrets), node: configs(node), images, raw: verbatim };
}

/** What `semantics` (default `kubelet`) sends for each image. */
export function matchImages(images, { semantics = 'kubelet', ...options } = {}) {
  return call(() => bindings.keyring.matchImages(semantics, request(images, options)));
}

/** Every consumer's answer for each image (or only `only`'s), with a verdict on every entry. */
export function explain(images, { only, ...options } = {}) {
  return call(() => bindings.keyring.explain(request(images, options), only));
}

/** How the kubelet reads each key and, with `target`, whether it matches. */
export function keys(keyList, { target } = {}) {
  return bindings.keyring.keys(keyList, target);
}

/** The string the kubelet looks up for an image. */
export function normalizeImage(image) {
  return call(() => bindings.keyring.normalizeImage(image));
}

/**
 * The file after a login: `existing` is its current content (undefined when it does not
 * exist), `target` a label for messages.
 */
export function login({ registry, username, password, email, style = 'preserve', existing, target = '-' }) {
  const existingBytes = existing === undefined || existing === null ? undefined : bytesOf(existing);
  return call(() => bindings.edit.login(target, existingBytes, { registry, username, password, email, style }));
}

/** Merges whole entries of `overlays` into `base`; `prefer` says which side wins a key. */
export function merge(base, overlays, { prefer = 'overlay' } = {}) {
  return call(() => bindings.edit.merge(raw(base, DockerConfig), configs(overlays), prefer));
}

/** Entry-by-entry differences: `{changes, warnings}`. */
export function diff(oldConfig, newConfig) {
  const [changes, warnings] = call(() => bindings.edit.diff(raw(oldConfig, DockerConfig), raw(newConfig, DockerConfig)));
  return { changes, warnings };
}

/** The node's `config.json` the Machine Config Operator writes from the global pull secret. */
export function nodeConfig(config) {
  return call(() => bindings.edit.nodeConfig(raw(config, DockerConfig)));
}

/** The paths the host must look at for these flags. */
export function sourcePaths(fromFile = [], fromEnvFile = []) {
  return bindings.manifests.sourcePaths(fromFile, fromEnvFile);
}

function foundOf(found) {
  if (found.tag === 'file') return { tag: 'file', val: bytesOf(found.val) };
  if (found.tag === 'directory') {
    return {
      tag: 'directory',
      val: found.val.map(({ name, content }) => ({
        name,
        content: content.tag === 'ok' ? { tag: 'ok', val: bytesOf(content.val) } : content,
      })),
    };
  }
  return found;
}

function sourcesOf({ fromFile = [], fromLiteral = [], fromEnvFile = [], found = [], environment = [] } = {}) {
  return {
    fromFile,
    fromLiteral,
    fromEnvFile,
    found: found.map(({ path, found: f }) => ({ path, found: foundOf(f) })),
    environment,
  };
}

const PRINT = { shape: 'current', output: 'yaml' };

/** The Secret `kubectl create secret docker-registry` would create: `{manifest, warnings}`. */
export function createDockerRegistrySecret(req) {
  const r = { ...PRINT, email: '', appendHash: false, ...req, sources: sourcesOf(req.sources) };
  return call(() => bindings.manifests.createDockerRegistrySecret(r));
}

/** The Secret `kubectl create secret generic` would create: `{manifest, warnings}`. */
export function createGenericSecret(req) {
  const r = { ...PRINT, appendHash: false, ...req, sources: sourcesOf(req.sources) };
  return call(() => bindings.manifests.createGenericSecret(r));
}

/** `oc secrets link`: `{manifest, changed}`. */
export function secretsLink(req) {
  const r = { output: 'yaml', forValues: [], patch: false, ...req, current: inputOf(req.current, 'serviceaccount') };
  return call(() => bindings.manifests.secretsLink(r));
}

/** `oc policy add-role-to-user|group`: `{action, name, manifest}`. */
export function addRole(req) {
  const r = { ...PRINT, serviceAccounts: [], ...req, existing: inputOf(req.existing, 'rolebindings') };
  return call(() => bindings.manifests.addRole(r));
}

/** `kubectl create rolebinding`: the manifest. */
export function createRolebinding(req) {
  const r = { ...PRINT, namespace: '', users: [], groups: [], serviceAccounts: [], ...req };
  return call(() => bindings.manifests.createRolebinding(r));
}

/** `kubectl create serviceaccount`: the manifest. */
export function createServiceaccount(name, { namespace = '', shape = PRINT.shape, output = PRINT.output } = {}) {
  return bindings.manifests.createServiceaccount(name, namespace, shape, output);
}

/**
 * The manifests of a recipe: `{crossProject: {from, to, serviceAccount}}` or
 * `{registries: {namespace, secrets, username, password, email, serviceAccount, currentServiceAccount}}`
 * (or the WIT variant `{tag, val}` as jco writes it).
 */
export function grant(recipe, { shape = PRINT.shape, output = PRINT.output } = {}) {
  let variant = recipe;
  if (recipe.crossProject) variant = { tag: 'cross-project', val: recipe.crossProject };
  else if (recipe.registries) {
    const val = recipe.registries;
    variant = { tag: 'registries', val: { ...val, currentServiceAccount: inputOf(val.currentServiceAccount, 'serviceaccount') } };
  }
  return call(() => bindings.manifests.grant(variant, shape, output));
}

/** `oc set data`: `{manifest, name, changed}`. */
export function setData(req) {
  const r = { output: 'yaml', force: false, ...req, sources: sourcesOf(req.sources), current: inputOf(req.current, 'secret') };
  return call(() => bindings.manifests.setData(r));
}

/** A checked policy document. */
export class Policy {
  constructor(rawPolicy) {
    if (!(rawPolicy instanceof bindings.policy.Policy)) {
      throw new TypeError('Policy objects come from Policy.parse() and Policy.builtin()');
    }
    RAW.set(this, rawPolicy);
  }

  /** Reads a policy (JSON or YAML); throws a PolicyError listing every problem. */
  static parse(data, { source = '-' } = {}) {
    return new Policy(call(() => bindings.policy.Policy.parse(source, bytesOf(data))));
  }

  /** A shipped policy (see builtinPolicies()), or undefined. */
  static builtin(name) {
    const p = bindings.policy.Policy.builtin(name);
    return p === undefined ? undefined : new Policy(p);
  }

  get name() { return raw(this, Policy).name(); }
  get description() { return raw(this, Policy).description(); }
  dispose() { raw(this, Policy)[DISPOSE](); }
  [DISPOSE]() { this.dispose(); }
}

/** The names of the shipped policies. */
export function builtinPolicies() {
  return bindings.policy.builtinNames();
}

/** What is wrong with the mirrors and images given to validate. */
export function checkContext({ mirrors = [], images = [] } = {}) {
  return bindings.policy.checkContext({ mirrors, images });
}

/**
 * Every finding about `inputs` (`{source, bytes}` each, bytes as text or Uint8Array) under
 * `policies` (Policy objects or shipped policy names).
 */
export function validate(inputs, { policies = [], mirrors = [], images = [] } = {}) {
  const made = [];
  try {
    const rawPolicies = policies.map((p) => {
      if (typeof p !== 'string') return raw(p, Policy);
      const builtin = bindings.policy.Policy.builtin(p);
      if (builtin === undefined) throw new RangeError(`no shipped policy is named ${JSON.stringify(p)} (see builtinPolicies())`);
      made.push(builtin);
      return builtin;
    });
    const rawInputs = inputs.map((i, n) => inputOf(i, `input ${n + 1}`));
    return bindings.policy.validate(rawInputs, rawPolicies, { mirrors, images });
  } finally {
    for (const p of made) p[DISPOSE]();
  }
}

/** Every diagnostic code. */
export function codes() {
  return bindings.catalogue.codes();
}

/** Every rule findings cite. */
export function rules() {
  return bindings.catalogue.rules();
}
