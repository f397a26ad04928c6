// The extensionTestsPath module: VS Code's extension host calls run() and exits 0 if it resolves, 1 if not.
// CommonJS plain JS because it is loaded inside the extension host; mocha 11 because mocha 12 is ESM-only.
// Env: AIFENCE_E2E_SUITE_DIR (required): folder searched recursively for *.test.js (compiled tests).
//      AIFENCE_E2E_RESULTS (optional): path of a JSON results file.
//      AIFENCE_E2E_TEST_TIMEOUT (optional): per-test timeout in ms, default 20000.
//      AIFENCE_E2E_GREP (optional): only tests whose full title matches.
// Restarts (set by the code-server launcher, see launcher.mjs):
//      AIFENCE_E2E_RESTART_FILE: a test that writes this file (util.ts requestCrash) asks for its extension host to be
//        killed right after it passes; the launcher then loads the workbench again, with the same user data, for phase 2.
//      AIFENCE_E2E_PHASE: 1, then 2 after such a crash. Phase 1 runs *.test.js except *.afterRestart.test.js; phase 2
//        runs only those, and adds its results to phase 1's.

const fs = require('node:fs');
const path = require('node:path');
const Mocha = require('mocha');

const AFTER_RESTART = '.afterRestart.test.js';

function findTests(dir, phase) {
  return fs
    .readdirSync(dir, { recursive: true })
    .map(String)
    .filter((f) => f.endsWith('.test.js') && f.endsWith(AFTER_RESTART) === phase > 1)
    .sort()
    .map((f) => path.join(dir, f));
}

function readResults(file) {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch {
    return undefined;
  }
}

function writeResults(file, results) {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, JSON.stringify(results, null, 2));
}

exports.run = function run() {
  return new Promise((resolve, reject) => {
    const dir = process.env.AIFENCE_E2E_SUITE_DIR;
    if (!dir || !fs.existsSync(dir)) return reject(new Error(`AIFENCE_E2E_SUITE_DIR is not a folder: ${dir}`));
    const phase = Number(process.env.AIFENCE_E2E_PHASE || 1);
    const restartFile = process.env.AIFENCE_E2E_RESTART_FILE;
    const resultsFile = process.env.AIFENCE_E2E_RESULTS;
    const files = findTests(path.resolve(dir), phase);
    // An empty suite is a mistake (wrong folder, tests not compiled), never a pass.
    if (files.length === 0) return reject(new Error(`no *.test.js files for phase ${phase} under ${dir}`));

    const mocha = new Mocha({
      ui: 'bdd',
      color: false, // the output travels as plain text through the browser to a log
      reporter: 'spec',
      timeout: Number(process.env.AIFENCE_E2E_TEST_TIMEOUT || 20000),
      grep: process.env.AIFENCE_E2E_GREP || undefined,
    });
    for (const f of files) mocha.addFile(f);

    // Phase 2 continues phase 1's results, so the summary covers the whole run.
    const previous = phase > 1 && resultsFile ? readResults(resultsFile) : undefined;
    const results = { passed: [], failed: [], pending: [], durationMs: 0, ...previous, phase };
    const started = Date.now();
    const save = () => {
      results.summary = `${results.passed.length} passed, ${results.failed.length} failed`;
      if (resultsFile)
        writeResults(resultsFile, { ...results, durationMs: (previous?.durationMs ?? 0) + Date.now() - started });
    };
    let runner;
    try {
      runner = mocha.run(() => {
        save();
        console.log(results.summary);
        results.failed.length > 0 ? reject(new Error(`${results.failed.length} test(s) failed`)) : resolve();
      });
    } catch (e) {
      return reject(e); // a test file that throws while loading
    }
    runner.on('pass', (t) => results.passed.push({ title: t.fullTitle(), durationMs: t.duration }));
    runner.on('pending', (t) => results.pending.push({ title: t.fullTitle() }));
    runner.on('fail', (t, err) => results.failed.push({ title: t.fullTitle(), error: String(err?.stack || err) }));
    // A crash request is honoured as soon as its test has passed, before any afterEach hook can undo its state.
    let ended = 0;
    runner.on('test end', (t) => {
      ended++;
      if (!restartFile || !fs.existsSync(restartFile)) return;
      if (t.state !== 'passed') {
        fs.rmSync(restartFile, { force: true }); // a failed setup: no phase 2, the failure is reported normally
        return;
      }
      if (ended < runner.total) {
        results.failed.push({
          title: t.fullTitle(),
          error: 'a crash was requested before the last test of the phase; later tests would not run',
        });
      }
      save();
      console.log(
        `${results.summary} (phase ${phase}); killing this extension host (pid ${process.pid}) as requested by "${t.fullTitle()}"`,
      );
      process.kill(process.pid, 'SIGKILL');
    });
  });
};
