// The page in a real browser: Debian's chromium, headless, driven by playwright-core, against
// serve.mjs on 127.0.0.1. The expected values come from the pullsecret CLI run on the same
// files (another host of the same component), never from the page itself.
//
//   npm test            (builds web/gen/ first)
//   CHROMIUM=/path/to/chromium npm test
//
// Without chromium the test fails (one failing test says so); nothing passes by skipping.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const web = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const root = path.dirname(web);
const cli = process.env.PULLSECRET_CLI || path.join(root, 'target', 'release', 'pullsecret');
const shots = path.join(root, 'target', 'web');
const example = path.join(root, 'examples', 'pull-secret.json');
const suitesDir = path.join(root, 'tests', 'conformance');
const runner = path.join(root, 'hosts', 'node', 'conformance.js');
const chromiumPath = process.env.CHROMIUM ?? '/usr/bin/chromium';
const haveChromium = fs.existsSync(chromiumPath);
const IMAGE = 'quay.io/repository-main/app:1';
const POLICY = 'openshift-global-pull-secret';
const LOGIN = { registry: 'registry.example.com', username: 'page-user', password: 'page-Passw0rd' };

/** The CLI's JSON answer: the same component through another host (`validate` exits 1 on errors). */
function pullsecret(...args) {
  const r = spawnSync(cli, args, { encoding: 'utf8' });
  if (r.status !== 0 && !(args[0] === 'validate' && r.status === 1)) {
    throw new Error(`pullsecret ${args.join(' ')} exited with ${r.status}: ${r.stderr}`);
  }
  return JSON.parse(r.stdout);
}

// Without chromium the test fails: it never passes by skipping the browser.
if (!haveChromium) {
  test('chromium is installed', () => {
    assert.fail(`${chromiumPath} is missing: install it with \`apt-get install chromium\` (or set CHROMIUM)`);
  });
}
const skip = haveChromium ? false : `${chromiumPath} not found: the test above fails`;

describe('the page in chromium', { skip }, () => {
  let chromium;
  let server;
  let origin;
  let context;
  let page;
  let userDataDir;
  const requests = [];
  const failedResponses = [];
  const consoleErrors = [];
  const timings = {};

  before(async () => {
    assert.ok(fs.existsSync(path.join(web, 'gen', 'pullsecret.js')), 'web/gen/ is not built: run `node build.mjs` (npm test does)');
    assert.ok(fs.existsSync(cli), `${cli} is not built`);
    ({ chromium } = await import('playwright-core'));
    const { startServer } = await import('../serve.mjs');
    ({ server, url: origin } = await startServer({
      port: 0,
      mounts: { '/__test__/conformance.js': runner, '/__test__/suites/': suitesDir },
    }));
    origin = origin.replace(/\/$/, '');
    fs.mkdirSync(shots, { recursive: true });
    userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'pullsecret-chromium-'));
    context = await chromium.launchPersistentContext(userDataDir, {
      executablePath: chromiumPath,
      headless: true,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
        '--disable-background-networking', '--disable-component-update', '--disable-sync'],
      viewport: { width: 1200, height: 900 },
      acceptDownloads: true,
      permissions: ['clipboard-read', 'clipboard-write'],
    });
    context.on('request', (r) => requests.push(r.url()));
    context.on('response', (r) => { if (r.status() >= 400) failedResponses.push(`${r.status()} ${r.url()}`); });
    await context.addInitScript(() => {
      window.__violations = [];
      document.addEventListener('securitypolicyviolation', (e) => {
        window.__violations.push(`${e.effectiveDirective} blocked ${e.blockedURI}`);
      });
    });
    page = context.pages()[0] ?? await context.newPage();
    page.on('console', (m) => { if (m.type() === 'error') consoleErrors.push(m.text()); });
    page.on('pageerror', (e) => consoleErrors.push(String(e)));
  });

  after(async () => {
    await context?.close();
    server?.close();
    if (userDataDir) fs.rmSync(userDataDir, { recursive: true, force: true });
    if (Object.keys(timings).length) console.log(`page timings (ms): ${JSON.stringify(timings)}`);
  });

  /** Presses Tab (or `key`) until `selector` has the focus; fails when it never gets it. */
  async function tabTo(selector, max = 80, key = 'Tab') {
    for (let i = 0; i < max; i++) {
      if (await page.evaluate((s) => document.activeElement?.matches(s) ?? false, selector)) return;
      await page.keyboard.press(key);
    }
    assert.fail(`Tab never reached ${selector}`);
  }

  test('serves the page with a strict Content-Security-Policy and application/wasm', async () => {
    const index = await fetch(`${origin}/`);
    const csp = index.headers.get('content-security-policy');
    for (const directive of ["default-src 'self'", "script-src 'self' 'wasm-unsafe-eval'", "connect-src 'self'"]) {
      assert.ok(csp.includes(directive), `CSP ${csp} lacks ${directive}`);
    }
    assert.doesNotMatch(csp, /'unsafe-inline'|'unsafe-eval'|\*|https?:|blob:|data:/, 'the CSP allows nothing but the page itself');
    const wasm = await fetch(`${origin}/gen/pullsecret.core.wasm`);
    assert.equal(wasm.headers.get('content-type'), 'application/wasm');
    for (const hidden of ['/package.json', '/build.mjs', '/node_modules/playwright-core/package.json', '/gen/../package.json', '/test/page.test.mjs']) {
      assert.equal((await fetch(`${origin}${hidden}`)).status, 404, `${hidden} must not be served`);
    }
  });

  test('loads, and the component starts', async () => {
    await page.goto(`${origin}/`);
    await page.waitForSelector('html[data-state="ready"]', { timeout: 30_000 });
    timings.componentReady = Math.round(await page.evaluate(() => performance.getEntriesByName('pullsecret:ready')[0].startTime));
    const bytes = await page.evaluate(() => [...performance.getEntriesByType('navigation'), ...performance.getEntriesByType('resource')]
      .reduce((t, r) => ({ files: t.files + 1, gzip: t.gzip + r.encodedBodySize, raw: t.raw + r.decodedBodySize }), { files: 0, gzip: 0, raw: 0 }));
    console.log(`the page downloaded ${bytes.files} files: ${bytes.raw} bytes, ${bytes.gzip} over the wire (gzip)`);
    const names = await page.locator('#policies input[type=checkbox]').evaluateAll((xs) => xs.map((x) => x.value));
    const shipped = fs.readdirSync(path.join(root, 'policies')).map((f) => f.replace(/\.ya?ml$/, '')).sort();
    assert.deepEqual([...names].sort(), shipped, 'every shipped policy can be picked');
    await page.screenshot({ path: path.join(shots, 'start.png') });
  });

  test('pasting the docs\' example shows its entries, secrets masked, each revealable', async () => {
    const text = fs.readFileSync(example, 'utf8');
    const expected = pullsecret('parse', example, '-o', 'json', '--show-secrets');
    await page.evaluate((t) => navigator.clipboard.writeText(t), text);
    await tabTo('#paste');
    const start = await page.evaluate(() => performance.now());
    await page.keyboard.press('ControlOrMeta+V');
    await page.waitForSelector('#entries-out table.entries tbody tr');
    timings.pasteToEntries = Math.round(await page.evaluate((t0) => performance.getEntriesByName('pullsecret:first-answer')[0].startTime - t0, start));
    timings.navigationToFirstAnswer = Math.round(await page.evaluate(() => performance.getEntriesByName('pullsecret:first-answer')[0].startTime));
    assert.equal(await page.inputValue('#paste'), text, 'the paste area holds the pasted file');

    const rows = await page.locator('#entries-out table.entries tbody tr').evaluateAll((trs) =>
      trs.map((tr) => [...tr.cells].map((td) => td.textContent)));
    const want = expected[0].entries;
    assert.equal(rows.length, want.length);
    want.forEach((e, i) => {
      assert.equal(rows[i][0], e.key);
      assert.equal(rows[i][1], e.username);
      assert.equal(rows[i][2], `${e.credential} ******** Reveal`);
      assert.equal(rows[i][3], e.email);
      assert.equal(rows[i][4], e.location);
    });
    const body = await page.locator('body').innerText();
    const html = await page.content();
    for (const e of want) {
      assert.ok(!body.includes(e.password) && !html.includes(e.password), `the password of ${e.key} is shown or in the DOM`);
    }
    for (const auth of Object.values(JSON.parse(text).auths).map((x) => x.auth)) {
      assert.ok(!body.includes(auth.slice(4)), 'no auth value outside the paste area');
    }
    // Reveal one entry with the keyboard, then hide it again.
    const quay = want.findIndex((e) => e.key === 'quay.io');
    const reveal = page.locator('#entries-out tbody tr').nth(quay).locator('button.reveal');
    await tabTo(`#entries-out tbody tr:nth-child(${quay + 1}) button.reveal`);
    await page.keyboard.press('Enter');
    assert.equal(await reveal.getAttribute('aria-pressed'), 'true');
    assert.equal(await page.locator('#entries-out tbody tr').nth(quay).locator('.secret').textContent(), want[quay].password);
    const others = await page.locator('#entries-out .secret').evaluateAll((xs) => xs.map((x) => x.textContent));
    assert.equal(others.filter((s) => s === '********').length, want.length - 1, 'only that entry is revealed');
    await page.locator('#entries').screenshot({ path: path.join(shots, 'entries-revealed.png') });
    await page.keyboard.press('Enter');
    assert.equal(await page.locator('#entries-out tbody tr').nth(quay).locator('.secret').textContent(), '********');
    await page.locator('#entries').screenshot({ path: path.join(shots, 'entries.png') });
  });

  test('validate: findings with code, location, fix and a local link to the code\'s entry', async () => {
    const check = async (policies) => {
      const want = pullsecret('validate', example, ...policies.flatMap((p) => ['--policy', p]), '-o', 'json').findings;
      const got = await page.locator('#validate-out li.finding').evaluateAll((lis) => lis.map((li) => ({
        code: li.dataset.code,
        severity: li.querySelector('.badge').textContent,
        place: li.querySelector('.place')?.textContent ?? null,
        key: li.querySelector('.key')?.textContent ?? null,
        fix: li.querySelector('.fix')?.textContent ?? null,
        href: li.querySelector('a.code')?.getAttribute('href') ?? null,
      })));
      assert.deepEqual(got.map((f) => f.code), want.map((f) => f.code), `findings with policies ${policies}`);
      want.forEach((w, i) => {
        assert.equal(got[i].severity, w.severity === 'info' ? 'note' : w.severity);
        assert.equal(got[i].place, w.location ? `pasted:${w.location}` : null);
        assert.equal(got[i].key, w.key ?? null);
        assert.equal(got[i].fix, w.fix ? `Fix: ${w.fix.replace(/`/g, '')}` : null);
        assert.equal(got[i].href, `gen/docs/diagnostics.html#${w.code}`);
      });
      return got;
    };
    await check([]);
    await tabTo(`#policy-${POLICY}`);
    await page.keyboard.press('Space');
    await page.waitForSelector('#validate-out li.finding[data-code="required-registry-missing"]');
    const got = await check([POLICY]);
    // The link leads to the code's own entry in the docs shipped with the page.
    const doc = await (await fetch(new URL(got.at(-1).href, `${origin}/`))).text();
    assert.ok(doc.includes(`id="${got.at(-1).code}"`), `gen/docs/diagnostics.html has no entry #${got.at(-1).code}`);
    await page.locator('#validate').screenshot({ path: path.join(shots, 'findings.png') });
  });

  test('explain: which credential each consumer sends for a typed image, and why', async () => {
    const want = pullsecret('explain', IMAGE, '--secret', example, '-o', 'json')[0].consumers;
    await tabTo('#image');
    await page.keyboard.type(IMAGE);
    await page.waitForSelector('#explain-out article.consumer');
    const got = await page.locator('#explain-out article.consumer').evaluateAll((cards) => cards.map((c) => ({
      semantics: c.dataset.semantics,
      lookup: c.querySelector('.lookup code').textContent,
      credentials: [...c.querySelectorAll('ol.credentials li')].map((li) => li.querySelector('.mono').textContent),
      verdicts: [...c.querySelectorAll('table.verdicts tbody tr')].map((tr) => [...tr.cells].map((td) => td.textContent)),
    })));
    assert.deepEqual(got.map((c) => c.semantics), want.map((c) => c.semantics));
    want.forEach((w, i) => {
      assert.equal(got[i].lookup, w.lookup);
      assert.deepEqual(got[i].credentials, w.answer.map((a) => a.key), `${w.semantics} sends`);
      assert.deepEqual(got[i].verdicts.map((v) => v[0]), w.verdicts.map((v) => v.key));
      assert.deepEqual(got[i].verdicts.map((v) => v[2]), w.verdicts.map((v) => (v.used ? `used, #${v.rank}` : 'not used')));
      assert.deepEqual(got[i].verdicts.map((v) => v[3]), w.verdicts.map((v) => v.reason.replace(/`/g, '')));
    });
    const text = await page.locator('#explain-out').innerText();
    for (const e of pullsecret('parse', example, '-o', 'json', '--show-secrets')[0].entries) {
      assert.ok(!text.includes(e.password), 'explain masks the passwords');
    }
    await page.locator('#explain').screenshot({ path: path.join(shots, 'explain.png') });
  });

  test('edit: add a registry\'s credentials, see the diff, download the new file', async () => {
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'pullsecret-web-login-'));
    try {
      const file = path.join(tmp, 'pull-secret.json');
      fs.copyFileSync(example, file);
      execFileSync(cli, ['login', '--registry', LOGIN.registry, '--auth-basic', `${LOGIN.username}:${LOGIN.password}`, '--to', file]);
      const wantBytes = fs.readFileSync(file);
      const wantDiff = pullsecret('diff', example, file, '-o', 'json');

      assert.equal(await page.locator('#edit-target option:checked').getAttribute('value'), '0', 'the pasted file is the one edited');
      await tabTo('#edit-registry');
      await page.keyboard.type(LOGIN.registry);
      await page.keyboard.press('Tab');
      await page.keyboard.type(LOGIN.username);
      await page.keyboard.press('Tab');
      await page.keyboard.type(LOGIN.password);
      await page.keyboard.press('Enter');
      await page.waitForSelector('#download');
      assert.equal(await page.inputValue('#edit-password'), '', 'the password field is cleared');
      const changes = await page.locator('#edit-out table.diff tbody tr').evaluateAll((trs) =>
        trs.map((tr) => [...tr.cells].map((td) => td.textContent)));
      assert.deepEqual(changes, wantDiff.changes.map((c) => [c.key, c.fields ? `changed: ${c.fields.join(', ')}` : c.change]));
      assert.ok(!(await page.locator('#edit').innerText()).includes(LOGIN.password), 'the new password is not shown');
      await page.locator('#edit').screenshot({ path: path.join(shots, 'edit.png') });

      const [download] = await Promise.all([page.waitForEvent('download'), page.locator('#download').click()]);
      assert.equal(download.suggestedFilename(), 'pull-secret.json');
      const got = fs.readFileSync(await download.path());
      assert.ok(got.equals(wantBytes), `downloaded bytes differ from \`pullsecret login\`'s:\n${got}\n---\n${wantBytes}`);
    } finally {
      fs.rmSync(tmp, { recursive: true, force: true });
    }
    await page.screenshot({ path: path.join(shots, 'page.png'), fullPage: true });
  });

  test('several files dropped at once: every Secret\'s entries, and explain reads them all', async () => {
    const names = ['sa-dockercfg.yaml', 'openshift-config-pull-secret.yaml'];
    const files = names.map((name) => ({ name, text: fs.readFileSync(path.join(root, 'examples', name), 'utf8') }));
    const want = pullsecret('parse', ...names.map((n) => path.join(root, 'examples', n)), '-o', 'json');
    const dataTransfer = await page.evaluateHandle((fs) => {
      const dt = new DataTransfer();
      for (const f of fs) dt.items.add(new File([f.text], f.name));
      return dt;
    }, files);
    await page.dispatchEvent('#drop', 'drop', { dataTransfer });
    await page.waitForFunction((n) => document.querySelectorAll('#entries-out article.config').length === n, 1 + want.length);
    assert.deepEqual(await page.locator('#file-list li .mono').allTextContents(), names);
    const articles = (await page.locator('#entries-out article.config').evaluateAll((as) => as.map((a) => ({
      source: a.querySelector('h3').firstChild.textContent,
      keys: [...a.querySelectorAll('tbody tr td:first-child')].map((td) => td.textContent),
      where: [...a.querySelectorAll('tbody tr td:last-child')].map((td) => td.textContent),
    })))).slice(1);
    want.forEach((w, i) => {
      assert.equal(articles[i].source, path.basename(w.source));
      assert.deepEqual(articles[i].keys, w.entries.map((e) => e.key));
      assert.deepEqual(articles[i].where, w.entries.map((e) => e.location));
    });
    // The kubelet now tries the pasted file's credentials, then each dropped Secret's.
    const kubelet = pullsecret('explain', IMAGE, '--secret', example, ...names.flatMap((n) => ['--secret', path.join(root, 'examples', n)]), '-o', 'json')[0].consumers[0];
    const sent = await page.locator('#explain-out article[data-semantics="kubelet"] ol.credentials li').evaluateAll((lis) =>
      lis.map((li) => [li.querySelector('.mono').textContent, li.querySelector('.from').textContent.trim()]));
    assert.deepEqual(sent, kubelet.answer.map((a) => [a.key, `from ${a.source === example ? 'pasted' : path.basename(a.source)}`]));
    await page.locator('#input').screenshot({ path: path.join(shots, 'dropped.png') });
  });

  test('every control has a label; text contrast meets WCAG AA in light and dark', async () => {
    // Run on the filled page: entries, findings, explain and the edit result are all shown.
    const cdp = await context.newCDPSession(page);
    const { nodes } = await cdp.send('Accessibility.getFullAXTree');
    await cdp.detach();
    const roles = new Set(['textbox', 'button', 'checkbox', 'combobox', 'link']);
    const controls = nodes.filter((n) => !n.ignored && roles.has(n.role?.value));
    assert.ok(controls.length >= 20, `only ${controls.length} controls found`);
    const unnamed = controls.filter((n) => !n.name?.value?.trim()).map((n) => n.role.value);
    assert.deepEqual(unnamed, [], 'controls without an accessible name');
    for (const colorScheme of ['light', 'dark']) {
      await page.emulateMedia({ colorScheme });
      const low = await page.evaluate(() => {
        const rgb = (s) => s.match(/[\d.]+/g).map(Number);
        const lum = ([r, g, b]) => [r, g, b].map((v) => {
          const c = v / 255;
          return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
        }).reduce((a, c, i) => a + c * [0.2126, 0.7152, 0.0722][i], 0);
        const background = (el) => {
          for (let e = el; e; e = e.parentElement) {
            const c = rgb(getComputedStyle(e).backgroundColor);
            if (c.length < 4 || c[3] > 0) return c;
          }
          return rgb(getComputedStyle(document.documentElement).backgroundColor);
        };
        const bad = [];
        const texts = 'h1, h2, h3, p, label, legend, button, a, th, td, li, code, caption, .badge, .origin, .desc, .hint, .status, .place, .key, .from, .used, .unused, .secret, .form';
        for (const el of document.querySelectorAll(texts)) {
          if (!el.textContent.trim() || !el.getClientRects().length) continue;
          const fg = lum(rgb(getComputedStyle(el).color));
          const bg = lum(background(el));
          const ratio = (Math.max(fg, bg) + 0.05) / (Math.min(fg, bg) + 0.05);
          if (ratio < 4.5) bad.push(`${el.tagName}.${el.className} "${el.textContent.slice(0, 30)}" ${ratio.toFixed(2)}`);
        }
        return bad;
      });
      assert.deepEqual(low, [], `text below 4.5:1 contrast (${colorScheme})`);
    }
    await page.screenshot({ path: path.join(shots, 'page-dark.png'), fullPage: true });
    await page.emulateMedia({ colorScheme: 'light' });
    await page.setViewportSize({ width: 420, height: 900 });
    await page.screenshot({ path: path.join(shots, 'page-narrow.png'), fullPage: true });
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    assert.ok(overflow <= 0, `the page scrolls sideways by ${overflow}px at 420px`);
    await page.setViewportSize({ width: 1200, height: 900 });
  });

  test('Clear empties the page; the example button (by keyboard) loads the docs\' example', async () => {
    await tabTo('#clear');
    await page.keyboard.press('Enter');
    await page.waitForSelector('#entries-out p.hint');
    assert.equal(await page.inputValue('#paste'), '');
    assert.equal(await page.locator('#file-list li').count(), 0);
    assert.equal(await page.locator('#validate-out li.finding').count(), 0);
    await tabTo('#example', 5, 'Shift+Tab');
    await page.keyboard.press('Enter');
    await page.waitForSelector('#entries-out table.entries tbody tr');
    assert.equal(await page.inputValue('#paste'), fs.readFileSync(example, 'utf8'));
    const keys = await page.locator('#entries-out table.entries tbody tr td:first-child').allTextContents();
    assert.deepEqual(keys, pullsecret('parse', example, '-o', 'json')[0].entries.map((e) => e.key));
  });

  test('the conformance suites pass through the page\'s own module', async () => {
    assert.ok(fs.existsSync(runner), `${runner} is missing`);
    const suites = fs.readdirSync(suitesDir).filter((f) => f.endsWith('.json')).sort();
    assert.ok(suites.length > 0, 'no tests/conformance/*.json');
    const reports = await page.evaluate(async (names) => {
      const { load } = await import('/component.js');
      const { runSuite, formatFailure } = await import('/__test__/conformance.js');
      const bindings = await load();
      const out = [];
      for (const name of names) {
        const suite = await (await fetch(`/__test__/suites/${name}`)).json();
        const t0 = performance.now();
        const r = runSuite(bindings, suite);
        out.push({ ...r, ms: Math.round(performance.now() - t0), failures: r.failures.map(formatFailure) });
      }
      return out;
    }, suites);
    let total = 0;
    for (const r of reports) {
      console.log(`conformance in chromium: ${r.suite}: ${r.passed} passed, ${r.knownFailures} known failures, ${r.failures.length} failed of ${r.total} (${r.ms} ms)`);
      total += r.total;
      assert.deepEqual(r.failures, [], `${r.suite}: failing cases`);
      assert.equal(r.passed + r.knownFailures, r.total);
    }
    assert.ok(total > 0, 'no conformance case ran');
  });

  test('nothing but the page\'s own files was requested; no console error, no CSP violation', async () => {
    const foreign = requests.filter((u) => !u.startsWith(`${origin}/`) && !u.startsWith(`blob:${origin}/`));
    assert.deepEqual(foreign, [], 'requests that left the local server');
    assert.ok(requests.some((u) => u.endsWith('.wasm')), 'the wasm was requested from the local server');
    assert.deepEqual(failedResponses, []);
    assert.deepEqual(await page.evaluate(() => window.__violations), []);
    assert.deepEqual(consoleErrors, []);
  });

  test('the policy blocks a request elsewhere (control)', async () => {
    // Another origin on this machine, counting what reaches it.
    let hits = 0;
    const other = http.createServer((req, res) => { hits++; res.end('x'); });
    await new Promise((done) => other.listen(0, '127.0.0.1', done));
    const elsewhere = `http://127.0.0.1:${other.address().port}/collect`;
    const control = await context.newPage();
    const seen = [];
    control.on('request', (r) => seen.push(r.url()));
    try {
      await control.goto(`${origin}/`);
      const outcome = await control.evaluate(async (u) => {
        try {
          await fetch(u);
          return 'sent';
        } catch {
          return 'blocked';
        }
      }, elsewhere);
      assert.equal(outcome, 'blocked');
      assert.ok((await control.evaluate(() => window.__violations)).some((v) => v.startsWith('connect-src')),
        'the violation is reported');
      assert.ok(!seen.includes(elsewhere), 'the blocked request never left');
      assert.equal(hits, 0);
    } finally {
      await control.close();
      other.close();
    }
  });
});
