// Every suite of tests/conformance through conformance.js, against the transpiled component.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { readWit, returnsResult } from './lib/wit.js';
import { bindings } from './lib/gen.js';
import { runSuite, formatFailure, isResultPattern } from '../conformance.js';

import { pathToFileURL } from 'node:url';

// PULLSECRET_CONFORMANCE_DIR runs another folder's suites (e.g. to try a broken copy).
const dir = process.env.PULLSECRET_CONFORMANCE_DIR
  ? pathToFileURL(`${process.env.PULLSECRET_CONFORMANCE_DIR.replace(/\/$/, '')}/`)
  : new URL('../../../tests/conformance/', import.meta.url);
const files = readdirSync(dir).filter((f) => f.endsWith('.json')).sort();
const wit = readWit();

test('there are conformance suites to run', () => {
  assert.ok(files.length > 0, `no suite files (*.json) in ${dir.pathname}`);
});

for (const file of files) {
  test(`conformance suite ${file}`, (t) => {
    const suite = JSON.parse(readFileSync(new URL(file, dir), 'utf8'));
    assert.ok(Array.isArray(suite.cases) && suite.cases.length > 0, `${file} has no cases`);
    // The runner reads a result-returning function off the pattern; hold it to the WIT.
    for (const c of suite.cases) {
      assert.equal(isResultPattern(c.expect), returnsResult(wit, c.call),
        `${c.name}: the pattern of ${c.call} ${returnsResult(wit, c.call) ? 'must' : 'must not'} be {"ok"} or {"err"}`);
    }
    const report = runSuite(bindings, suite);
    const line = `${suite.suite}: ${report.total} cases, ${report.passed} passed, ${report.knownFailures} known failures, ${report.failures.length} failed`;
    t.diagnostic(line);
    assert.equal(report.passed + report.knownFailures + report.failures.length, suite.cases.length);
    assert.ok(report.failures.length === 0, `${file}: ${report.failures.length} failing:\n${report.failures.map(formatFailure).join('\n')}`);
  });
}
