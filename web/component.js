// Loads the pullsecret component (transpiled by jco into gen/) once, for the page and its tests.
// The component imports nothing, so it is instantiated with an empty import object.

let loading;

async function compile(url) {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${url.pathname}: HTTP ${response.status}`);
  try {
    return await WebAssembly.compileStreaming(response.clone());
  } catch (e) {
    // A server that does not send application/wasm: compile the bytes instead.
    if (!(e instanceof TypeError)) throw e;
    return WebAssembly.compile(await response.arrayBuffer());
  }
}

/** The component's exports (`config`, `keyring`, `policy`, ...), loaded on first call. */
export function load() {
  if (!loading) {
    // The big core module is fetched and compiled while the bindings load, not after.
    const modules = new Map();
    const module = (name) => {
      if (!modules.has(name)) modules.set(name, compile(new URL(`./gen/${name}`, import.meta.url)));
      return modules.get(name);
    };
    module('pullsecret.core.wasm').catch(() => {});
    loading = import('./gen/pullsecret.js').then(({ instantiate }) => instantiate(module, {}));
  }
  return loading;
}

/** Calls `f`; a WIT `error` (jco throws it with `payload`) becomes `{err: diagnostic}`. */
export function attempt(f) {
  try {
    return { ok: f() };
  } catch (e) {
    if (e?.payload?.tag === 'invalid-input') return { err: e.payload.val };
    throw e;
  }
}

/** Frees a resource now instead of when it is garbage-collected. */
export function drop(resource) {
  resource?.[Symbol.dispose ?? Symbol.for('dispose')]?.();
}
