// The jco bindings under test, with a clear message when `npm run build` has not run.
import { existsSync } from 'node:fs';

const generated = new URL('../../gen/pullsecret.js', import.meta.url);
if (!existsSync(generated)) {
  throw new Error('hosts/node/gen/pullsecret.js is missing: run `npm run build` first');
}

export const bindings = await import(generated.href);
export const api = await import('../../index.js');
