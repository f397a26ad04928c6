// Stands in for the VS Code executable given to @vscode/test-electron's runTests({ vscodeExecutablePath }).
// It takes the desktop flags (--extensionDevelopmentPath=, --extensionTestsPath=, a folder or .code-workspace)
// and runs the same test in code-server + headless chromium, exiting with the test's exit code.
// Other desktop flags (--disable-extensions, --user-data-dir, --extensions-dir, ...) are ignored on purpose:
// each run gets a fresh, empty user-data and extensions dir anyway.
// Beyond desktop: a test can have its extension host killed and the suite continued in a fresh one (see mochaRunner.js).

import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { format } from 'node:util';
import { launchBrowser, openPage, screenshot } from './browser.mjs';
import { remoteUri, startCodeServer, tail, workbenchUrl } from './codeServer.mjs';

const DEADLINE_MS = Number(process.env.AIFENCE_E2E_DEADLINE_MS ?? 300_000); // the whole run
const MAX_PHASES = 3;
// Offline, the workbench's extension-gallery lookups fail with ENOTFOUND: harmless, and noisy.
const GALLERY_NOISE = /ENOTFOUND .*\n\s+at \S+\.queryRawGalleryExtensions/;
// Desktop flags that take their value as the next argument, so it is not mistaken for the folder.
const VALUE_FLAGS = new Set(['--user-data-dir', '--extensions-dir', '--locale', '--log', '--profile']);

function parse(argv) {
  const out = { devPaths: [], testsPath: undefined, target: undefined };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const [flag, value] = a.startsWith('--') ? [a.split('=')[0], a.slice(a.indexOf('=') + 1)] : [null, a];
    if (flag === '--extensionDevelopmentPath') out.devPaths.push(value);
    else if (flag === '--extensionTestsPath') out.testsPath = value;
    else if (flag && !a.includes('=') && VALUE_FLAGS.has(flag)) i++;
    else if (!flag) out.target = value;
  }
  return out;
}

/**
 * Keys named in AIFENCE_E2E_ENV_KEYS (set by runExtensionTests.mjs from extensionTestsEnv) go to the extension
 * host through the payload only: they are taken out of our env so code-server cannot pass them on by inheritance.
 */
function takeExtensionEnvironment() {
  const keys = (process.env.AIFENCE_E2E_ENV_KEYS ?? '').split(',').filter((k) => k in process.env);
  const env = Object.fromEntries(keys.map((k) => [k, process.env[k]]));
  for (const k of keys) delete process.env[k];
  return env;
}

async function main() {
  const { devPaths, testsPath, target } = parse(process.argv.slice(2));
  if (!testsPath) throw new Error('launcher: --extensionTestsPath= is required');
  const extensionEnvironment = takeExtensionEnvironment();
  const t0 = performance.now();
  const seconds = () => `${((performance.now() - t0) / 1000).toFixed(1)} s`;
  let server;
  let browser;
  let page;
  const cleanup = async () => {
    await browser?.close().catch(() => {});
    await server?.stop();
  };
  let ending = false;
  const bail = async (code, message) => {
    if (ending) return new Promise(() => {}); // the first reason to end wins
    ending = true;
    if (message) console.error(`launcher: ${message}${server ? `\n${tail(server.run.log)}` : ''}`);
    await cleanup();
    process.exit(code);
  };
  // One deadline for everything (server start, page load, tests): a hung run must still end and clean up.
  setTimeout(async () => {
    const shot = page && (await screenshot(page, 'launcher-timeout'));
    await bail(1, `no exit code within ${DEADLINE_MS} ms (screenshot: ${shot ?? 'none'})`);
  }, DEADLINE_MS);
  // runTests forwards Ctrl+C as SIGINT; never leave code-server behind.
  for (const sig of ['SIGINT', 'SIGTERM']) process.once(sig, () => bail(130));
  try {
    // In a browser, VS Code saves edits after a delay by default; desktop VS Code does not, and tests
    // that edit a file and check it before saving rely on the desktop behaviour.
    server = await startCodeServer({ settings: { 'files.autoSave': 'off' } });
    console.error(`launcher: code-server ready after ${seconds()}`);
    // A test may ask for its extension host to be killed (mochaRunner.js); the workbench is then loaded again
    // (same server, user data and browser storage), so a phase 2 can check what survives a crash.
    const restartFile = join(server.run.dir, 'restart.json');
    const payloadFor = (env) => [
      ...devPaths.map((p) => ['extensionDevelopmentPath', remoteUri(server.url, p)]),
      ['extensionTestsPath', remoteUri(server.url, testsPath)],
      ['extensionEnvironment', JSON.stringify(env)],
    ];
    let reportExit = null; // null between phases: a late report from the crashed phase is ignored
    const nextExit = () =>
      new Promise((r) => {
        reportExit = (code) => {
          reportExit = null;
          r(code);
        };
      });
    let reloading = false;
    let env = { ...extensionEnvironment, AIFENCE_E2E_PHASE: '1', AIFENCE_E2E_RESTART_FILE: restartFile };
    let exitCode = nextExit();
    browser = await launchBrowser();
    page = await openPage(browser, workbenchUrl(server.url, target, payloadFor(env)), {
      exposed: {
        codeAutomationExit: (code) => reportExit?.(code),
        // The extension host's console (mocha's reporter) arrives here, and so do workbench log lines.
        // args are console.log-style: a format string first.
        codeAutomationLog: (type, args) => {
          const text = format(...(Array.isArray(args) ? args : [args]));
          if (GALLERY_NOISE.test(text) && !process.env.AIFENCE_E2E_VERBOSE) return;
          // Once a test asked for a crash, the workbench only logs its lost connection: noise.
          if ((reloading || existsSync(restartFile)) && !process.env.AIFENCE_E2E_VERBOSE) return;
          (type === 'error' ? process.stderr : process.stdout).write(`${text}\n`);
        },
      },
    });
    let code = await exitCode;
    for (let phase = 2; existsSync(restartFile); phase++) {
      if (phase > MAX_PHASES) throw new Error(`more than ${MAX_PHASES - 1} extension host restarts requested`);
      reloading = true;
      const handover = readFileSync(restartFile, 'utf8');
      rmSync(restartFile);
      let summary = '';
      try {
        summary = `: ${JSON.parse(readFileSync(extensionEnvironment.AIFENCE_E2E_RESULTS, 'utf8')).summary} so far`;
      } catch {
        /* no results file configured */
      }
      console.error(
        `launcher: extension host killed on request after ${seconds()}${summary}; loading the workbench again for phase ${phase}`,
      );
      env = { ...env, AIFENCE_E2E_PHASE: String(phase), AIFENCE_E2E_HANDOVER: handover };
      await page.goto(workbenchUrl(server.url, target, payloadFor(env)));
      reloading = false;
      exitCode = nextExit();
      code = await exitCode;
    }
    console.error(`launcher: extension host exited with ${code} after ${seconds()}`);
    await bail(Number.isInteger(code) ? code : 1);
  } catch (e) {
    if (page) await screenshot(page, 'launcher-error');
    await bail(1, e.stack ?? String(e));
  }
}

await main();
