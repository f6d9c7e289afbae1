// Builds gen/: the component bytes from the pullsecret CLI, transpiled by jco into an ES
// module (gen/pullsecret.js), its core wasm and TypeScript declarations.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const pkg = dirname(dirname(fileURLToPath(import.meta.url)));
const root = join(pkg, '..', '..');
// PULLSECRET_CLI names another build of the CLI (CI uses the one `cargo test` built).
const cli = process.env.PULLSECRET_CLI
  || join(root, 'target', 'release', process.platform === 'win32' ? 'pullsecret.exe' : 'pullsecret');
const gen = join(pkg, 'gen');
const wasm = join(gen, 'pullsecret.wasm');

function run(command, args) {
  const r = spawnSync(command, args, { cwd: pkg, stdio: 'inherit' });
  if (r.error) throw r.error;
  if (r.status !== 0) {
    console.error(`build: ${command} ${args.join(' ')} exited with ${r.status ?? r.signal}`);
    process.exit(1);
  }
}

if (!existsSync(cli)) {
  console.error(`build: ${cli} does not exist; running \`cargo build --release --locked\``);
  const r = spawnSync('cargo', ['build', '--release', '--locked'], { cwd: root, stdio: 'inherit' });
  if (r.error || r.status !== 0 || !existsSync(cli)) {
    console.error(`build: ${cli} is still missing: build the pullsecret CLI first (see README.md)`);
    process.exit(1);
  }
}

rmSync(gen, { recursive: true, force: true });
mkdirSync(gen);
run(cli, ['component', '-o', wasm]);

// The jco CLI of the pinned devDependency (its package exports only the API; the CLI sits beside it).
const jco = join(dirname(createRequire(import.meta.url).resolve('@bytecodealliance/jco')), 'jco.js');
// Defaults otherwise: an ES module that instantiates on import (top-level await), loads
// pullsecret.core.wasm beside it in Node and in browsers, and .d.ts declarations. The
// component imports nothing, so no WASI shim is involved.
run(process.execPath, [jco, 'transpile', wasm, '-o', gen, '--name', 'pullsecret', '--quiet']);

for (const f of ['pullsecret.js', 'pullsecret.d.ts', 'pullsecret.core.wasm']) {
  if (!existsSync(join(gen, f))) {
    console.error(`build: jco did not write gen/${f}`);
    process.exit(1);
  }
}
console.log('build: wrote gen/pullsecret.js, gen/pullsecret.core.wasm and TypeScript declarations');
