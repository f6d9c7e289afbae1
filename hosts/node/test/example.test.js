// example.mjs runs and prints usernames, never passwords.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import './lib/gen.js';

test('example.mjs prints who the kubelet tries for quay.io/repository-main/app:1, without passwords', () => {
  const script = fileURLToPath(new URL('../example.mjs', import.meta.url));
  const r = spawnSync(process.execPath, [script], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  const { auths } = JSON.parse(readFileSync(new URL('../../../examples/pull-secret.json', import.meta.url), 'utf8'));
  const pair = (key) => Buffer.from(auths[key].auth, 'base64').toString('utf8').split(':');
  const [mainUser] = pair('quay.io/repository-main');
  const [hostUser] = pair('quay.io');
  const lines = r.stdout.trim().split('\n');
  assert.deepEqual(lines.slice(1), [`  quay.io/repository-main: user ${mainUser}`, `  quay.io: user ${hostUser}`]);
  for (const key of Object.keys(auths)) {
    const [, password] = pair(key);
    assert.ok(!r.stdout.includes(password), `the password of ${key} was printed`);
    assert.ok(!r.stdout.includes(auths[key].auth), `the auth of ${key} was printed`);
  }
});
