// Stands in for the VS Code executable given to @vscode/test-electron's runTests({ vscodeExecutablePath }).
// It takes the desktop flags (--extensionDevelopmentPath=, --extensionTestsPath=, a folder or .code-workspace)
// and runs the same test in code-server + headless chromium, exiting with the test's exit code.
// Other desktop flags (--disable-extensions, --user-data-dir, --extensions-dir, ...) are ignored on purpose:
// each run gets a fresh, empty user-data and extensions dir anyway.
import { startCodeServer, remoteUri, tail, workbenchUrl } from './codeServer.mjs';
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
  const server = await startCodeServer();
  let browser;
  let page;
  const cleanup = async () => {
    await browser?.close().catch(() => {});
    await server.stop();
  };
  // runTests forwards Ctrl+C as SIGINT; never leave code-server behind.
  for (const sig of ['SIGINT', 'SIGTERM']) process.once(sig, () => cleanup().finally(() => process.exit(130)));
  try {
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
        // The extension host's console (mocha's reporter) arrives here, one message per call.
        // Workbench log lines arrive here too; args are console.log-style (format string first).
        codeAutomationLog: (type, args) => {
          const text = format(...(Array.isArray(args) ? args : [args]));
          if (GALLERY_NOISE.test(text) && !process.env.AIFENCE_E2E_VERBOSE) return;
          (type === 'error' ? process.stderr : process.stdout).write(`${text}\n`);
        },
      },
    });
    let timer;
    const timeout = new Promise((r) => { timer = setTimeout(() => r('timeout'), DEADLINE_MS); });
    const code = await Promise.race([exitCode, timeout]);
    clearTimeout(timer);
    if (code === 'timeout') {
      const shot = await screenshot(page, 'launcher-timeout');
      console.error(`launcher: no exit code within ${DEADLINE_MS} ms (screenshot: ${shot})\n${tail(server.run.log)}`);
      return 1;
    }
    return Number(code) || 0;
  } catch (e) {
    if (page) await screenshot(page, 'launcher-error');
    console.error(`launcher: ${e.stack ?? e}\n${tail(server.run.log)}`);
    return 1;
  } finally {
    await cleanup();
  }
}

process.exit(await main());
