// Stands in for the VS Code executable given to @vscode/test-electron's runTests({ vscodeExecutablePath }).
// It takes the desktop flags (--extensionDevelopmentPath=, --extensionTestsPath=, a folder or .code-workspace)
// and runs the same test in code-server + headless chromium, exiting with the test's exit code.
// Other desktop flags (--disable-extensions, --user-data-dir, --extensions-dir, ...) are ignored on purpose:
// each run gets a fresh, empty user-data and extensions dir anyway.
import { remoteUri, startCodeServer, tail, workbenchUrl } from './codeServer.mjs';
import { launchBrowser, openPage, screenshot } from './browser.mjs';
import { format } from 'node:util';

const DEADLINE_MS = Number(process.env.AIFENCE_E2E_DEADLINE_MS ?? 300_000); // the whole run
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
  keys.forEach((k) => delete process.env[k]);
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
    const shot = page && await screenshot(page, 'launcher-timeout');
    await bail(1, `no exit code within ${DEADLINE_MS} ms (screenshot: ${shot ?? 'none'})`);
  }, DEADLINE_MS);
  // runTests forwards Ctrl+C as SIGINT; never leave code-server behind.
  for (const sig of ['SIGINT', 'SIGTERM']) process.once(sig, () => bail(130));
  try {
    server = await startCodeServer();
    console.error(`launcher: code-server ready after ${seconds()}`);
    const payload = [
      ...devPaths.map((p) => ['extensionDevelopmentPath', remoteUri(server.url, p)]),
      ['extensionTestsPath', remoteUri(server.url, testsPath)],
      ['extensionEnvironment', JSON.stringify(extensionEnvironment)],
    ];
    let reportExit;
    const exitCode = new Promise((r) => { reportExit = r; });
    browser = await launchBrowser();
    page = await openPage(browser, workbenchUrl(server.url, target, payload), {
      exposed: {
        codeAutomationExit: (code) => reportExit(code),
        // The extension host's console (mocha's reporter) arrives here, and so do workbench log lines.
        // args are console.log-style: a format string first.
        codeAutomationLog: (type, args) => {
          const text = format(...(Array.isArray(args) ? args : [args]));
          if (GALLERY_NOISE.test(text) && !process.env.AIFENCE_E2E_VERBOSE) return;
          (type === 'error' ? process.stderr : process.stdout).write(`${text}\n`);
        },
      },
    });
    const code = await exitCode;
    console.error(`launcher: extension host exited with ${code} after ${seconds()}`);
    await bail(Number.isInteger(code) ? code : 1);
  } catch (e) {
    if (page) await screenshot(page, 'launcher-error');
    await bail(1, e.stack ?? String(e));
  }
}

await main();
