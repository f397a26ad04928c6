// The extensionTestsPath module: VS Code's extension host calls run() and exits 0 if it resolves, 1 if not.
// CommonJS plain JS because it is loaded inside the extension host; mocha 11 because mocha 12 is ESM-only.
// Env: AIFENCE_E2E_SUITE_DIR (required): folder searched recursively for *.test.js (compiled tests).
//      AIFENCE_E2E_RESULTS (optional): path of a JSON results file.
//      AIFENCE_E2E_TEST_TIMEOUT (optional): per-test timeout in ms, default 20000.
//      AIFENCE_E2E_GREP (optional): only tests whose full title matches.
//      AIFENCE_E2E_ORDER (optional): order of the test files: "name" (default), "reverse", or "shuffle" /
//        "shuffle:SEED" (the seed is printed, to repeat an order). Files must pass in any order.
// Restarts (set by the code-server launcher, see launcher.mjs):
//      AIFENCE_E2E_RESTART_FILE: a test that writes this file (util.ts requestCrash) asks for its extension host to be
//        killed right after it passes; the launcher then loads the workbench again, with the same user data, for phase 2.
//      AIFENCE_E2E_PHASE: 1, then 2 after such a crash. Phase 1 runs *.test.js except *.afterRestart.test.js, with
//        *.beforeRestart.test.js (the test that asks for the crash) last whatever the order; phase 2 runs only
//        *.afterRestart.test.js, and adds its results to phase 1's.

const fs = require('node:fs');
const path = require('node:path');
const Mocha = require('mocha');

const AFTER_RESTART = '.afterRestart.test.js';
const BEFORE_RESTART = '.beforeRestart.test.js';

/** A small seeded generator (mulberry32), so a shuffled order can be repeated. */
function random(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function ordered(files, order) {
  const sorted = [...files].sort();
  if (order === 'name') return sorted;
  if (order === 'reverse') return sorted.reverse();
  const m = /^shuffle(?::(\d+))?$/.exec(order);
  if (!m) throw new Error(`AIFENCE_E2E_ORDER must be name, reverse, shuffle or shuffle:SEED, not ${order}`);
  const seed = m[1] ? Number(m[1]) : Math.floor(Math.random() * 2 ** 31);
  console.log(`test file order: shuffle:${seed}`);
  const next = random(seed);
  for (let i = sorted.length - 1; i > 0; i--) {
    const j = Math.floor(next() * (i + 1));
    [sorted[i], sorted[j]] = [sorted[j], sorted[i]];
  }
  return sorted;
}

function findTests(dir, phase, order) {
  const files = fs
    .readdirSync(dir, { recursive: true })
    .map(String)
    .filter((f) => f.endsWith('.test.js') && f.endsWith(AFTER_RESTART) === phase > 1);
  const last = files.filter((f) => f.endsWith(BEFORE_RESTART));
  const rest = files.filter((f) => !f.endsWith(BEFORE_RESTART));
  return [...ordered(rest, order), ...last.sort()].map((f) => path.join(dir, f));
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
    let files;
    try {
      files = findTests(path.resolve(dir), phase, process.env.AIFENCE_E2E_ORDER || 'name');
    } catch (e) {
      return reject(e);
    }
    console.log(`test files (phase ${phase}): ${files.map((f) => path.basename(f)).join(', ')}`);
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
