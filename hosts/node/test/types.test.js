// The TypeScript declarations (index.d.ts over jco's gen/*.d.ts) type-check test/types.ts,
// whose @ts-expect-error lines make sure they also reject what the API does not take.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import './lib/gen.js';

test('tsc --noEmit accepts the typed uses and rejects the wrong ones', () => {
  const tsc = fileURLToPath(new URL('../node_modules/typescript/bin/tsc', import.meta.url));
  const project = fileURLToPath(new URL('tsconfig.json', import.meta.url));
  const r = spawnSync(process.execPath, [tsc, '-p', project], { encoding: 'utf8' });
  assert.equal(r.error, undefined);
  assert.equal(r.status, 0, `tsc failed:\n${r.stdout}${r.stderr}`);
});
