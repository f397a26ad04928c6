// One UI-check fixture: code-server with the extension installed, and a chromium page on the workbench.
//   const wb = await openWorkbench({ vsix, folder, name: 'status bar' });
//   try { await waitFor(wb.page, statusBarItem('ai-fence.ai-fence.demo')); } catch (e) { await wb.fail(e); } finally { await wb.close(); }
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { provisionOrExit } from '../../../scripts/provision.mjs';
import { failWithScreenshot, launchBrowser, openPage, screenshot, waitFor } from './browser.mjs';
import { installVsix, makeRunDir, remoteUri, startCodeServer, workbenchUrl } from './codeServer.mjs';

/** Selector of a status bar item; its DOM id is `<publisher>.<name>.<itemId>`. */
export const statusBarItem = (id) => `.statusbar-item[id="${id}"]`;

/**
 * vsix: installs the packaged extension (what users get); devPath: loads an unpacked extension folder instead.
 * folder: workspace folder to open; openFile: a file to open in an editor; settings: merged into User/settings.json.
 * env: added to the server's environment, which the extension host and the language server inherit.
 * smokeTestDriver: see startCodeServer.
 */
export async function openWorkbench({
  vsix,
  devPath,
  folder,
  openFile,
  settings,
  env,
  name = 'workbench',
  workspaceTrust = false,
  smokeTestDriver,
} = {}) {
  const run = makeRunDir();
  try {
    if (vsix) await installVsix(run, vsix);
  } catch (e) {
    rmSync(run.dir, { recursive: true, force: true });
    throw e;
  }
  const server = await startCodeServer({ run, settings, env, workspaceTrust, smokeTestDriver });
  let browser;
  let page;
  try {
    const payload = [];
    if (devPath) payload.push(['extensionDevelopmentPath', remoteUri(server.url, devPath)]);
    if (openFile) payload.push(['openFile', remoteUri(server.url, openFile)]);
    browser = await launchBrowser();
    page = await openPage(browser, workbenchUrl(server.url, folder, payload));
    await waitFor(page, '.monaco-workbench');
    return {
      page,
      server,
      /** Adds a screenshot (test-results/<shot>.png) to the error and rethrows it. */
      fail: (e, shot = name) => failWithScreenshot(page, shot, e),
      close: async () => {
        await browser.close().catch(() => {});
        await server.stop();
      },
    };
  } catch (e) {
    if (page) await screenshot(page, name);
    await browser?.close().catch(() => {});
    await server.stop();
    throw e;
  }
}

/** Waits until the text of `selector` (first match) satisfies `test` (a substring or a RegExp); returns the text. */
export async function waitForText(page, selector, test, { timeout = 30_000 } = {}) {
  const [source, flags] = test instanceof RegExp ? [test.source, test.flags] : [null, null];
  const handle = await page
    .waitForFunction(
      ({ selector, substring, source, flags }) => {
        // Monaco renders spaces as U+00A0.
        const text = (document.querySelector(selector)?.textContent ?? '').replace(/\u00a0/g, ' ');
        return (source ? new RegExp(source, flags).test(text) : text.includes(substring)) && text;
      },
      { selector, substring: source ? null : test, source, flags },
      { timeout },
    )
    .catch(async (e) => {
      const seen = await page
        .locator(selector)
        .first()
        .textContent({ timeout: 1000 })
        .catch(() => '(not found)');
      throw new Error(
        `${selector} never showed ${test} within ${timeout} ms; it shows ${JSON.stringify(seen)}\n${e.message}`,
      );
    });
  return handle.jsonValue();
}

/** Opens a workspace file with Quick Open (Control+P), as a user does, and waits for its tab to be active. */
export async function quickOpen(page, relPath) {
  const name = relPath.split('/').pop();
  const dir = relPath.split('/').slice(0, -1).join('/');
  await page.keyboard.press('Control+P');
  const input = await waitFor(page, '.quick-input-widget .quick-input-box input');
  await input.fill(relPath);
  // The first result row is the file (its aria-label is "<name> <dir>, file results").
  await waitFor(page, `.quick-input-widget .monaco-list-row[aria-label^="${name}${dir ? ` ${dir}` : ''},"]`);
  await page.keyboard.press('Enter');
  await waitFor(page, `.tabs-container .tab.active[data-resource-name="${name}"]`);
  await waitFor(page, '.part.editor .monaco-editor.focused');
}

/** Moves the cursor to a 1-based line with Go to Line (Control+G). */
export async function goToLine(page, line) {
  await page.keyboard.press('Control+G');
  const input = await waitFor(page, '.quick-input-widget .quick-input-box input');
  await input.fill(`:${line}`);
  await page.keyboard.press('Enter');
  await waitFor(page, '.quick-input-widget', { state: 'hidden' });
  await waitForText(page, '.statusbar-item[id="status.editor.selection"]', `Ln ${line},`);
}

/** The text of the active editor as rendered (all lines must be in view): lines in order, spaces normalised. */
export function editorText(page) {
  return page
    .locator('.part.editor .monaco-editor.focused .view-lines')
    .first()
    .evaluate((el) =>
      [...el.querySelectorAll('.view-line')]
        .sort((a, b) => parseFloat(a.style.top) - parseFloat(b.style.top))
        .map((l) => l.textContent.replace(/\u00a0/g, ' '))
        .join('\n'),
    );
}

/** Polls fn() until it returns a truthy value, at most timeout ms; returns that value. For state outside the page. */
export async function poll(what, fn, { timeout = 15_000, interval = 100 } = {}) {
  const deadline = Date.now() + timeout;
  let last;
  for (;;) {
    last = await fn();
    if (last) return last;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeout} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, interval));
  }
}

/**
 * The packaged .vsix installed the way a user installs it, on a temp copy of
 * the `basic` fixture workspace with `openFile` (relative to it) open.
 * files: { relPath: text } written into the workspace copy before it opens.
 * env, devPath, smokeTestDriver: see openWorkbench. Returns { wb, ws, close() }.
 */
export async function openPackagedOnFixture({
  name,
  settings = {},
  files = {},
  env,
  devPath,
  openFile = 'training/train.py',
  workspaceTrust = false,
  smokeTestDriver,
}) {
  const root = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
  const { version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  const vsix = join(root, `ai-fence-${version}.vsix`);
  await provisionOrExit();
  if (!existsSync(vsix)) throw new Error(`${vsix} is missing: run npm run package first`);
  const tmp = realpathSync(mkdtempSync(join(tmpdir(), 'aifence-ui-')));
  const ws = join(tmp, 'workspace');
  cpSync(join(root, 'test', 'fixtures', 'workspaces', 'basic'), ws, { recursive: true });
  try {
    for (const [rel, text] of Object.entries(files)) {
      mkdirSync(dirname(join(ws, rel)), { recursive: true });
      writeFileSync(join(ws, rel), text);
    }
    const wb = await openWorkbench({
      vsix,
      devPath,
      folder: ws,
      openFile: join(ws, openFile),
      name,
      settings,
      env,
      workspaceTrust,
      smokeTestDriver,
    });
    return {
      wb,
      ws,
      close: async () => {
        await wb.close();
        rmSync(tmp, { recursive: true, force: true });
      },
    };
  } catch (e) {
    rmSync(tmp, { recursive: true, force: true });
    throw e;
  }
}
