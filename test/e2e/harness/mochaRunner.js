// The extensionTestsPath module: VS Code's extension host calls run() and exits 0 if it resolves, 1 if not.
// CommonJS plain JS because it is loaded inside the extension host; mocha 11 because mocha 12 is ESM-only.
// Env: AIFENCE_E2E_SUITE_DIR (required): folder searched recursively for *.test.js (compiled tests).
//      AIFENCE_E2E_RESULTS (optional): path of a JSON results file.
//      AIFENCE_E2E_TEST_TIMEOUT (optional): per-test timeout in ms, default 20000.
//      AIFENCE_E2E_GREP (optional): only tests whose full title matches.
'use strict';
const fs = require('fs');
const path = require('path');
const Mocha = require('mocha');

function findTests(dir) {
  return fs.readdirSync(dir, { recursive: true })
    .map(String)
    .filter((f) => f.endsWith('.test.js'))
    .sort()
    .map((f) => path.join(dir, f));
}

function writeResults(file, results) {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, JSON.stringify(results, null, 2));
}

exports.run = function run() {
  return new Promise((resolve, reject) => {
    const dir = process.env.AIFENCE_E2E_SUITE_DIR;
    if (!dir || !fs.existsSync(dir)) return reject(new Error(`AIFENCE_E2E_SUITE_DIR is not a folder: ${dir}`));
    const files = findTests(path.resolve(dir));
    // An empty suite is a mistake (wrong folder, tests not compiled), never a pass.
    if (files.length === 0) return reject(new Error(`no *.test.js files under ${dir}`));

    const mocha = new Mocha({
      ui: 'bdd',
      color: false, // the output travels as plain text through the browser to a log
      reporter: 'spec',
      timeout: Number(process.env.AIFENCE_E2E_TEST_TIMEOUT || 20000),
      grep: process.env.AIFENCE_E2E_GREP || undefined,
    });
    files.forEach((f) => mocha.addFile(f));

    const results = { passed: [], failed: [], pending: [] };
    const started = Date.now();
    let runner;
    try {
      runner = mocha.run((failures) => {
        const summary = `${results.passed.length} passed, ${results.failed.length} failed`;
        if (process.env.AIFENCE_E2E_RESULTS) {
          writeResults(process.env.AIFENCE_E2E_RESULTS, { ...results, durationMs: Date.now() - started, summary });
        }
        console.log(summary);
        failures > 0 ? reject(new Error(`${failures} test(s) failed`)) : resolve();
      });
    } catch (e) {
      return reject(e); // a test file that throws while loading
    }
    runner.on('pass', (t) => results.passed.push({ title: t.fullTitle(), durationMs: t.duration }));
    runner.on('pending', (t) => results.pending.push({ title: t.fullTitle() }));
    runner.on('fail', (t, err) => results.failed.push({ title: t.fullTitle(), error: String(err && err.stack || err) }));
  });
};
