// Runs the extension-host test suite with @vscode/test-electron's standard runTests().
//   node test/e2e/runExtensionTests.mjs [--extension DIR] [--suite DIR] [--workspace DIR] [--results FILE]
// The workspace is copied to a temp dir for each run (tests edit and save files there), then removed.
// Which VS Code:
//   default                        code-server + headless chromium via harness/code-server-launcher (offline)
//   AIFENCE_VSCODE_EXECUTABLE=...  that executable, e.g. a desktop VS Code (Linux needs a display: xvfb-run)
//   AIFENCE_VSCODE_VERSION=stable  let test-electron download that desktop VS Code (needs internet)
import { cpSync, mkdtempSync, readFileSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { runTests } from '@vscode/test-electron';
import { provisionOrExit } from '../../scripts/provision.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const HARNESS = join(ROOT, 'test', 'e2e', 'harness');
// Defaults the lead may edit: the extension (package.json main = dist/client.js), compiled tests, fixture workspace.
const DEFAULTS = {
  extension: ROOT,
  suite: join(ROOT, 'out', 'test', 'e2e', 'suite'),
  workspace: join(ROOT, 'test', 'fixtures', 'workspaces', 'basic'),
  results: join(ROOT, 'test-results', 'e2e-results.json'),
};

const { values } = parseArgs({
  options: Object.fromEntries(Object.keys(DEFAULTS).map((k) => [k, { type: 'string' }])),
});
const opt = Object.fromEntries(Object.entries(DEFAULTS).map(([k, v]) => [k, resolve(values[k] ?? v)]));

async function vscodeOptions() {
  if (process.env.AIFENCE_VSCODE_EXECUTABLE) return { vscodeExecutablePath: process.env.AIFENCE_VSCODE_EXECUTABLE };
  if (process.env.AIFENCE_VSCODE_VERSION) return { version: process.env.AIFENCE_VSCODE_VERSION };
  await provisionOrExit(); // fails loudly here rather than inside the launcher
  return { vscodeExecutablePath: join(HARNESS, 'code-server-launcher') };
}

// A home holding the AI tools' transcripts (the fixtures, and a Claude Code session that
// wrote sampleFunction()), so the language server matches pastes against known sessions.
const transcriptsHome = realpathSync(mkdtempSync(join(tmpdir(), 'aifence-e2e-home-')));
const transcripts = await import(join(ROOT, 'out', 'test', 'helpers', 'transcripts.js'));
const sessionAt = transcripts.installE2eHome(transcriptsHome);

const extensionTestsEnv = {
  HOME: transcriptsHome,
  XDG_CACHE_HOME: join(transcriptsHome, '.cache'),
  AIFENCE_E2E_SESSION_AT: sessionAt,
  AIFENCE_E2E_SUITE_DIR: opt.suite,
  AIFENCE_E2E_RESULTS: opt.results,
  // The pristine workspace, so each test file can reset the copy it runs in.
  AIFENCE_E2E_FIXTURE: opt.workspace,
  ...Object.fromEntries(
    ['AIFENCE_E2E_GREP', 'AIFENCE_E2E_ORDER'].filter((k) => process.env[k]).map((k) => [k, process.env[k]]),
  ),
};
// The code-server launcher forwards exactly these keys to the extension host (desktop VS Code inherits them).
extensionTestsEnv.AIFENCE_E2E_ENV_KEYS = Object.keys(extensionTestsEnv).join(',');

rmSync(opt.results, { force: true }); // a stale file must not report a previous run
// realpath: VS Code and the server must agree on the folder's path (tmp may be a symlink).
const workspace = join(realpathSync(mkdtempSync(join(tmpdir(), 'aifence-ws-'))), 'workspace');
cpSync(opt.workspace, workspace, { recursive: true });
const t0 = performance.now();
let exitCode = 0;
try {
  await runTests({
    ...(await vscodeOptions()),
    extensionDevelopmentPath: opt.extension,
    extensionTestsPath: join(HARNESS, 'mochaRunner.js'),
    launchArgs: [workspace, '--disable-extensions'],
    extensionTestsEnv,
  });
} catch (e) {
  console.error(`extension-host tests failed: ${e.message}`);
  exitCode = 1;
}
rmSync(dirname(workspace), { recursive: true, force: true });
rmSync(transcriptsHome, { recursive: true, force: true });
console.log(`extension-host suite: ${((performance.now() - t0) / 1000).toFixed(1)} s`);
// Repeat the runner's summary as the very last line (runTests prints "Exit code:" after it).
try {
  console.log(JSON.parse(readFileSync(opt.results, 'utf8')).summary);
} catch {
  console.error(`no results file at ${opt.results}: the suite did not run`);
  exitCode = 1;
}
process.exit(exitCode);
