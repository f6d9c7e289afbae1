#!/usr/bin/env node
// A tiny static server for the page, bound to 127.0.0.1. It serves the page's own files only
// (web/*.html|css|js|svg and web/gen/), with the Content-Security-Policy and the right MIME
// types (application/wasm for compileStreaming), gzip when the browser accepts it.
//   node serve.mjs [--port N]     (PORT in the environment works too; default 8080, 0: any)
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import zlib from 'node:zlib';

const web = path.dirname(fileURLToPath(import.meta.url));

/** The page's policy: its own files only; 'wasm-unsafe-eval' lets it compile the component. */
export const CSP = [
  "default-src 'self'",
  "script-src 'self' 'wasm-unsafe-eval'",
  "connect-src 'self'",
  "style-src 'self'",
  "img-src 'self'",
  "font-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.wasm': 'application/wasm',
};

/**
 * Which file a URL path names, or null. `mounts` maps a URL path to a file, or a URL prefix
 * ending in `/` to a folder whose files (of the types above) are served under it; the page
 * itself is web/'s top-level files and web/gen/.
 */
function resolve(urlPath, mounts) {
  let decoded;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  if (decoded.includes('\0') || decoded.split('/').some((s) => s === '..' || s.startsWith('.'))) return null;
  if (decoded === '/') decoded = '/index.html';
  for (const [prefix, target] of Object.entries(mounts)) {
    if (prefix.endsWith('/') ? decoded.startsWith(prefix) : decoded === prefix) {
      return prefix.endsWith('/') ? path.join(target, decoded.slice(prefix.length)) : target;
    }
  }
  if (/^\/[\w-]+\.(html|css|js|svg)$/.test(decoded)) return path.join(web, decoded);
  if (decoded.startsWith('/gen/')) return path.join(web, decoded);
  return null;
}

/**
 * Starts the server; resolves to {server, url}. `mounts` adds folders (tests use it for the
 * conformance runner); `log` receives one line per request.
 */
export function startServer({ port = 8080, host = '127.0.0.1', mounts = {}, log = () => {} } = {}) {
  const cache = new Map();
  const server = http.createServer((req, res) => {
    const url = new URL(req.url, 'http://localhost');
    const file = req.method === 'GET' || req.method === 'HEAD' ? resolve(url.pathname, mounts) : null;
    const type = file && TYPES[path.extname(file)];
    let body;
    try {
      body = type && fs.statSync(file).isFile() ? fs.readFileSync(file) : null;
    } catch {
      body = null;
    }
    const headers = {
      'Content-Security-Policy': CSP,
      'X-Content-Type-Options': 'nosniff',
      'Referrer-Policy': 'no-referrer',
      'Cross-Origin-Opener-Policy': 'same-origin',
      'Cross-Origin-Resource-Policy': 'same-origin',
      'Cache-Control': 'no-cache',
    };
    if (!body) {
      log(`${req.method} ${url.pathname} 404`);
      res.writeHead(req.method === 'GET' || req.method === 'HEAD' ? 404 : 405,
        { ...headers, 'Content-Type': 'text/plain; charset=utf-8' });
      res.end('not found\n');
      return;
    }
    const stat = fs.statSync(file);
    headers.ETag = `"${stat.size.toString(36)}-${Math.floor(stat.mtimeMs).toString(36)}"`;
    if (req.headers['if-none-match'] === headers.ETag) {
      log(`${req.method} ${url.pathname} 304`);
      res.writeHead(304, headers);
      res.end();
      return;
    }
    headers['Content-Type'] = type;
    headers.Vary = 'Accept-Encoding';
    if (/\bgzip\b/.test(req.headers['accept-encoding'] ?? '')) {
      const key = `${file}\0${headers.ETag}`;
      if (!cache.has(key)) cache.set(key, zlib.gzipSync(body, { level: 9 }));
      body = cache.get(key);
      headers['Content-Encoding'] = 'gzip';
    }
    headers['Content-Length'] = body.length;
    log(`${req.method} ${url.pathname} 200 ${body.length}`);
    res.writeHead(200, headers);
    res.end(req.method === 'HEAD' ? undefined : body);
  });
  return new Promise((done, failed) => {
    server.once('error', failed);
    server.listen(port, host, () => {
      server.off('error', failed);
      done({ server, url: `http://${host}:${server.address().port}/` });
    });
  });
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const i = process.argv.indexOf('--port');
  const port = Number(i > 0 ? process.argv[i + 1] : process.env.PORT ?? 8080);
  if (!fs.existsSync(path.join(web, 'gen', 'pullsecret.js'))) {
    console.error('web/serve.mjs: web/gen/ is not built: run `node web/build.mjs` (or web/serve.sh) first');
    process.exit(1);
  }
  const { url } = await startServer({ port }).catch((e) => {
    console.error(`web/serve.mjs: cannot listen on 127.0.0.1:${port}: ${e.message}`);
    process.exit(1);
  });
  console.log(`pullsecret page: ${url}  (serving web/ on 127.0.0.1 only; Ctrl-C stops)`);
}
