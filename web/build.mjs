#!/usr/bin/env node
// Builds the page's generated files into web/gen/ (gitignored):
//   gen/pullsecret.js, gen/pullsecret.core*.wasm  the component, transpiled by jco
//   gen/docs/*.html                               docs/*.md rendered, for the findings' links
//   gen/examples/pull-secret.json                 the docs' example, for the "example" button
// The component comes from the CLI (`pullsecret component -o`), built with cargo when missing.
// Prints what the browser downloads, raw and gzip.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import zlib from 'node:zlib';
import { Marked } from 'marked';

const web = path.dirname(fileURLToPath(import.meta.url));
const root = path.dirname(web);
const gen = path.join(web, 'gen');
// PULLSECRET_CLI names another build of the CLI (CI uses the one `cargo test` built).
const cli = process.env.PULLSECRET_CLI || path.join(root, 'target', 'release', 'pullsecret');

function fail(message) {
  console.error(`web/build.mjs: ${message}`);
  process.exit(1);
}

function run(command, args, options = {}) {
  const r = spawnSync(command, args, { stdio: 'inherit', ...options });
  if (r.error) fail(`cannot run ${command}: ${r.error.message}`);
  if (r.status !== 0) fail(`${command} ${args.join(' ')} exited with ${r.status ?? r.signal}`);
}

// 1. The component's bytes, from the CLI that embeds them.
if (!fs.existsSync(cli)) {
  console.error('web/build.mjs: target/release/pullsecret is not built; running `cargo build --release --locked`');
  const r = spawnSync('cargo', ['build', '--release', '--locked'], { cwd: root, stdio: 'inherit' });
  if (r.error || r.status !== 0 || !fs.existsSync(cli)) {
    fail('target/release/pullsecret is missing and `cargo build --release --locked` did not make it: '
      + 'build the CLI first (see README.md), then run this again');
  }
}
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'pullsecret-web-'));
try {
  const component = path.join(tmp, 'pullsecret.wasm');
  run(cli, ['component', '-o', component]);

  // 2. jco transpile. `--instantiation async`: the page compiles the core modules itself
  // (WebAssembly.compileStreaming, so 'wasm-unsafe-eval' is all the CSP allows beyond 'self'),
  // can time the start and report a failure instead of a module that never loads.
  // The component imports nothing: no WASI shim.
  const jcoDir = path.join(web, 'node_modules', '@bytecodealliance', 'jco');
  if (!fs.existsSync(path.join(jcoDir, 'package.json'))) fail('jco is not installed: run `npm ci` in web/ first');
  const jcoBin = path.join(jcoDir, JSON.parse(fs.readFileSync(path.join(jcoDir, 'package.json'), 'utf8')).bin.jco);
  const out = path.join(tmp, 'gen');
  run(process.execPath, [jcoBin, 'transpile', component, '-o', out, '--name', 'pullsecret',
    '--instantiation', 'async', '--minify', '--no-typescript', '--no-nodejs-compat', '--quiet']);

  // 3. The docs, rendered to HTML with an id on every heading (docs/X.md#id → gen/docs/X.html#id).
  fs.mkdirSync(path.join(out, 'docs'));
  for (const name of fs.readdirSync(path.join(root, 'docs')).filter((n) => n.endsWith('.md')).sort()) {
    const md = fs.readFileSync(path.join(root, 'docs', name), 'utf8');
    fs.writeFileSync(path.join(out, 'docs', name.replace(/\.md$/, '.html')), renderDoc(name, md));
  }

  // 4. The docs' example pull secret.
  fs.mkdirSync(path.join(out, 'examples'));
  fs.copyFileSync(path.join(root, 'examples', 'pull-secret.json'), path.join(out, 'examples', 'pull-secret.json'));

  fs.rmSync(gen, { recursive: true, force: true });
  fs.cpSync(out, gen, { recursive: true });
} finally {
  fs.rmSync(tmp, { recursive: true, force: true });
}

// 5. What the browser downloads for the page.
const shipped = ['index.html', 'style.css', 'favicon.svg',
  ...fs.readdirSync(web).filter((n) => n.endsWith('.js')).sort(),
  ...fs.readdirSync(gen).filter((n) => /\.(js|wasm)$/.test(n)).sort().map((n) => `gen/${n}`)];
let rawTotal = 0;
let gzipTotal = 0;
const rows = shipped.map((rel) => {
  const bytes = fs.readFileSync(path.join(web, rel));
  const gz = zlib.gzipSync(bytes, { level: 9 }).length;
  rawTotal += bytes.length;
  gzipTotal += gz;
  return [rel, bytes.length, gz];
});
rows.push(['total', rawTotal, gzipTotal]);
const width = Math.max(...rows.map((r) => r[0].length));
console.log(`web/build.mjs: built web/gen/; the page downloads:`);
console.log(`  ${'file'.padEnd(width)}  ${'raw'.padStart(9)}  ${'gzip'.padStart(9)}`);
for (const [rel, raw, gz] of rows) console.log(`  ${rel.padEnd(width)}  ${String(raw).padStart(9)}  ${String(gz).padStart(9)}`);

// GitHub's heading ids: lower case, punctuation but `-` and `_` dropped, spaces to `-`.
function slug(text, seen) {
  let id = text.toLowerCase().trim().replace(/<[^>]*>/g, '').replace(/[^\p{L}\p{N}\s_-]/gu, '').replace(/\s/g, '-');
  const n = seen.get(id) ?? 0;
  seen.set(id, n + 1);
  if (n > 0) id = `${id}-${n}`;
  return id;
}

function escapeHtml(text) {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function renderDoc(name, md) {
  const seen = new Map();
  const marked = new Marked({
    gfm: true,
    renderer: {
      heading({ tokens, depth, text }) {
        const id = slug(text.replace(/`/g, ''), seen);
        return `<h${depth} id="${id}"><a class="anchor" href="#${id}">${this.parser.parseInline(tokens)}</a></h${depth}>\n`;
      },
      link({ href, title, tokens }) {
        // Links between the docs stay local; anything else is shown as text with its address,
        // so the page never sends a reader elsewhere by accident.
        const local = /^([a-z0-9-]+)\.md(#[\w-]*)?$/i.exec(href) ?? /^(#[\w-]*)$/.exec(href);
        const inner = this.parser.parseInline(tokens);
        if (!local) return `${inner} (<code>${escapeHtml(href)}</code>)`;
        const target = local[0].startsWith('#') ? href : `${local[1]}.html${local[2] ?? ''}`;
        return `<a href="${escapeHtml(target)}"${title ? ` title="${escapeHtml(title)}"` : ''}>${inner}</a>`;
      },
      html({ text }) {
        return escapeHtml(text);
      },
    },
  });
  const title = /^# (.*)$/m.exec(md)?.[1] ?? name;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'self'; script-src 'none'; style-src 'self'; img-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'">
<meta name="referrer" content="no-referrer">
<title>${escapeHtml(title)} · pullsecret</title>
<link rel="stylesheet" href="../../style.css">
<link rel="icon" href="../../favicon.svg" type="image/svg+xml">
</head>
<body class="doc">
<nav class="doc-nav" aria-label="Documents"><a href="../../index.html">← pullsecret</a> · <a href="diagnostics.html">diagnostics</a> · <a href="rules.html">rules</a> · <a href="policies.html">policies</a></nav>
<main>
${marked.parse(md)}
</main>
</body>
</html>
`;
}
