// The conformance runner for jco bindings of the pullsecret component.
//
// A plain ES module with no Node-specific API: the Node tests and the browser page both load
// it. It takes the raw module namespace jco generates (the object whose `config`, `keyring`,
// `edit`, `manifests`, `policy` and `catalogue` members are the WIT interfaces) and a parsed
// suite file (tests/conformance/<suite>.json), calls each case's function and matches the
// result against the case's pattern, in the JSON encoding of WIT values that
// tests/conformance/README.md specifies.
//
// The encoding is converted without type information:
// - WIT names are kebab-case, jco's are camelCase: record fields and function names are
//   converted generically both ways (the Node tests check that this is a bijection for every
//   field of the WIT);
// - `{"utf8": …}` / `{"base64": …}` are byte lists, `{"tag", "val"?}` a variant, a lone
//   `{"ok": …}` / `{"err": …}` a result nested in a value, any other object a record;
// - whether a function returns a `result` is read off the case's pattern (`{"ok"}` or
//   `{"err"}`); the Node tests check that against the WIT for every case.

const UTF8_STRICT = new TextDecoder('utf-8', { fatal: true });
const UTF8_ENCODER = new TextEncoder();

/** `rule-doc` → `ruleDoc`, `match-images` → `matchImages`. */
export function kebabToCamel(name) {
  return name.replace(/-([a-z0-9])/g, (_, c) => c.toUpperCase());
}

/** `ruleDoc` → `rule-doc`. */
export function camelToKebab(name) {
  return name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
}

/** `docker-config` → `DockerConfig`. */
function kebabToPascal(name) {
  const camel = kebabToCamel(name);
  return camel.charAt(0).toUpperCase() + camel.slice(1);
}

export function bytesToBase64(bytes) {
  let binary = '';
  const chunk = 0x8000;
  for (let i = 0; i < bytes.length; i += chunk) {
    binary += String.fromCharCode.apply(null, bytes.subarray(i, i + chunk));
  }
  return btoa(binary);
}

export function base64ToBytes(text) {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

function isPlainObject(v) {
  return v !== null && typeof v === 'object' && !Array.isArray(v) && !(v instanceof Uint8Array);
}

function onlyKey(obj) {
  const keys = Object.keys(obj);
  return keys.length === 1 ? keys[0] : undefined;
}

/** A variant as jco and the JSON encoding write it: a `tag` and nothing but an optional `val`. */
function isVariantShape(obj) {
  const keys = Object.keys(obj);
  return typeof obj.tag === 'string' && keys.every((k) => k === 'tag' || k === 'val');
}

/** The error jco throws for a function's `result` err: it carries the payload. */
export function isComponentError(e) {
  return e instanceof Error && Object.prototype.hasOwnProperty.call(e, 'payload');
}

/** Whether a pattern is a `result`'s encoding. */
export function isResultPattern(pattern) {
  if (!isPlainObject(pattern)) return false;
  const key = onlyKey(pattern);
  return key === 'ok' || key === 'err';
}

function dispose(resource) {
  const method = resource[Symbol.dispose] ?? resource[Symbol.for('dispose')];
  if (typeof method === 'function') method.call(resource);
}

class SetupError extends Error {}

/**
 * JSON (suite encoding) → jco value. Resources the arguments name are made through
 * `bindings` and pushed onto `made`, for the caller to drop after the call.
 */
export function toJco(bindings, json, made = []) {
  if (json === null) return undefined;
  if (Array.isArray(json)) return json.map((v) => toJco(bindings, v, made));
  if (!isPlainObject(json)) return json;
  const key = onlyKey(json);
  if (key === 'utf8') return UTF8_ENCODER.encode(json.utf8);
  if (key === 'base64') return base64ToBytes(json.base64);
  if (key === 'ok' || key === 'err') return { tag: key, val: toJco(bindings, json[key], made) };
  if (key === '$config') {
    const { source, bytes, forced } = json.$config;
    const config = setup(`$config ${source}`, () =>
      bindings.config.parseOne(source, toJco(bindings, bytes), toJco(bindings, forced)));
    made.push(config);
    return config;
  }
  if (key === '$policy') {
    const policy = setup(`$policy ${json.$policy}`, () => bindings.policy.Policy.builtin(json.$policy));
    if (policy === undefined) throw new SetupError(`$policy ${json.$policy}: no such builtin policy`);
    made.push(policy);
    return policy;
  }
  if (key === '$policy-file') {
    const { source, bytes } = json['$policy-file'];
    const policy = setup(`$policy-file ${source}`, () =>
      bindings.policy.Policy.parse(source, toJco(bindings, bytes)));
    made.push(policy);
    return policy;
  }
  if (isVariantShape(json)) {
    return 'val' in json ? { tag: json.tag, val: toJco(bindings, json.val, made) } : { tag: json.tag };
  }
  const record = {};
  for (const [field, value] of Object.entries(json)) {
    record[kebabToCamel(field)] = toJco(bindings, value, made);
  }
  return record;
}

function setup(what, make) {
  try {
    return make();
  } catch (e) {
    const detail = isComponentError(e) ? JSON.stringify(fromJco(null, e.payload)) : String(e);
    throw new SetupError(`making ${what} failed: ${detail}`);
  }
}

/** Calls `fn` and encodes its `result`: `{"ok": …}`, or `{"err": …}` when jco throws the err. */
function encodeResult(bindings, fn, owned) {
  try {
    return { ok: fromJco(bindings, fn(), owned) };
  } catch (e) {
    if (isComponentError(e)) return { err: fromJco(bindings, e.payload, owned) };
    throw e;
  }
}

/**
 * jco value → JSON (suite encoding). A returned `docker-config` is expanded into the values
 * of its methods and pushed onto `owned`, for the caller to drop.
 */
export function fromJco(bindings, value, owned = []) {
  if (value === undefined || value === null) return null;
  if (value instanceof Uint8Array) {
    try {
      return { utf8: UTF8_STRICT.decode(value) };
    } catch {
      return { base64: bytesToBase64(value) };
    }
  }
  if (Array.isArray(value)) return value.map((v) => fromJco(bindings, v, owned));
  if (typeof value !== 'object') return value;
  const DockerConfig = bindings?.config?.DockerConfig;
  if (DockerConfig && value instanceof DockerConfig) {
    owned.push(value);
    return {
      format: value.format(),
      source: value.source(),
      secret: fromJco(bindings, value.secret(), owned),
      entries: encodeResult(bindings, () => value.entries(), owned),
    };
  }
  const proto = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) {
    throw new TypeError(`cannot encode a ${proto?.constructor?.name ?? 'resource'} returned by the component`);
  }
  if (isVariantShape(value)) {
    if (value.tag === 'ok' || value.tag === 'err') return { [value.tag]: fromJco(bindings, value.val, owned) };
    return value.val === undefined ? { tag: value.tag } : { tag: value.tag, val: fromJco(bindings, value.val, owned) };
  }
  const json = {};
  for (const [field, v] of Object.entries(value)) json[camelToKebab(field)] = fromJco(bindings, v, owned);
  return json;
}

function pathKey(path, key) {
  return /^[A-Za-z_$][\w$-]*$/.test(key) ? `${path}.${key}` : `${path}[${JSON.stringify(key)}]`;
}

/**
 * The first place where `actual` does not match `pattern` (README "Patterns"), as
 * `{path, expected, actual}`, or null when it matches. A key missing from an object is
 * reported with `actual: undefined`, except that a one-key pattern against a one-key value
 * (`{"ok"}` against `{"err"}`) is reported whole.
 */
export function firstDifference(pattern, actual, path = '$') {
  if (Array.isArray(pattern)) {
    if (!Array.isArray(actual) || actual.length !== pattern.length) return { path, expected: pattern, actual };
    for (let i = 0; i < pattern.length; i++) {
      const d = firstDifference(pattern[i], actual[i], `${path}[${i}]`);
      if (d) return d;
    }
    return null;
  }
  if (isPlainObject(pattern)) {
    if (!isPlainObject(actual)) return { path, expected: pattern, actual };
    for (const [key, sub] of Object.entries(pattern)) {
      const where = pathKey(path, key);
      if (!Object.prototype.hasOwnProperty.call(actual, key)) {
        // `{"ok"}` expected, `{"err"}` (or an exception) returned: show both whole.
        if (onlyKey(actual) !== undefined && onlyKey(pattern) !== undefined) return { path, expected: pattern, actual };
        return { path: where, expected: sub, actual: undefined };
      }
      const d = firstDifference(sub, actual[key], where);
      if (d) return d;
    }
    return null;
  }
  return pattern === actual ? null : { path, expected: pattern, actual };
}

/** The function a case calls: `INTERFACE.FUNCTION`, WIT names. */
function resolveCall(bindings, call) {
  const dot = call.indexOf('.');
  const iface = bindings[call.slice(0, dot)];
  const fn = iface?.[kebabToCamel(call.slice(dot + 1))];
  if (dot < 0 || typeof fn !== 'function') throw new SetupError(`no exported function ${call}`);
  return fn;
}

/**
 * Runs one case: `{name, passed, knownFailure, value, path, expected, actual}`: `value` is
 * the encoded result, `path`, `expected` and `actual` the first difference. `passed` tells
 * whether the result matched; for a case marked known-failure the caller decides.
 */
export function runCase(bindings, testCase) {
  const made = [];
  const owned = [];
  let actual;
  try {
    const fn = resolveCall(bindings, testCase.call);
    const args = testCase.args.map((a) => toJco(bindings, a, made));
    if (isResultPattern(testCase.expect)) {
      actual = encodeResult(bindings, () => fn(...args), owned);
    } else {
      try {
        actual = fromJco(bindings, fn(...args), owned);
      } catch (e) {
        if (!isComponentError(e)) throw e;
        actual = { err: fromJco(bindings, e.payload, owned) };
      }
    }
  } catch (e) {
    actual = { exception: e instanceof SetupError ? e.message : `${e?.name ?? 'Error'}: ${e?.message ?? e}` };
  } finally {
    for (const r of owned.concat(made)) {
      try { dispose(r); } catch { /* already dropped, or the instance trapped */ }
    }
  }
  const difference = firstDifference(testCase.expect, actual);
  return {
    name: testCase.name,
    passed: difference === null,
    knownFailure: testCase['known-failure'] ?? null,
    value: actual,
    ...(difference ?? { path: null, expected: testCase.expect, actual }),
  };
}

/** Keeps the cases `only` names (an array or a Set of case names) or accepts (a predicate). */
export function selectCases(suite, only) {
  if (only === undefined || only === null) return suite.cases;
  const keep = typeof only === 'function'
    ? only
    : ((names) => (c) => names.has(c.name))(only instanceof Set ? only : new Set(only));
  return suite.cases.filter((c) => keep(c));
}

/**
 * Runs a suite (or, with `options.only`, the cases it names or accepts):
 * `{suite, total, passed, knownFailures, failures: [{name, path, expected, actual}]}`.
 * A case marked known-failure counts in `knownFailures` when it fails and is a failure
 * when it passes.
 */
export function runSuite(bindings, suite, options = {}) {
  const cases = selectCases(suite, options.only);
  const report = { suite: suite.suite, total: cases.length, passed: 0, knownFailures: 0, failures: [] };
  for (const testCase of cases) {
    const r = runCase(bindings, testCase);
    if (r.knownFailure !== null) {
      if (r.passed) {
        report.failures.push({
          name: r.name,
          path: '$',
          expected: `a failure (known-failure: ${r.knownFailure})`,
          actual: 'the case passed: remove its known-failure mark',
        });
      } else {
        report.knownFailures++;
      }
    } else if (r.passed) {
      report.passed++;
    } else {
      report.failures.push({ name: r.name, path: r.path, expected: r.expected, actual: r.actual });
    }
  }
  return report;
}

/** One line per failure: `NAME at PATH: expected …, got …`. */
export function formatFailure(f) {
  const show = (v) => (v === undefined ? '(absent)' : JSON.stringify(v));
  return `${f.name} at ${f.path}: expected ${show(f.expected)}, got ${show(f.actual)}`;
}
