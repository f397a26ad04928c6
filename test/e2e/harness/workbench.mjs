// One UI-check fixture: code-server with the extension installed, and a chromium page on the workbench.
//   const wb = await openWorkbench({ vsix, folder, name: 'status bar' });
//   try { await waitFor(wb.page, statusBarItem('ai-fence.ai-fence.demo')); } catch (e) { await wb.fail(e); } finally { await wb.close(); }
import { rmSync } from 'node:fs';
import { installVsix, makeRunDir, remoteUri, startCodeServer, workbenchUrl } from './codeServer.mjs';
import { failWithScreenshot, launchBrowser, openPage, screenshot, waitFor } from './browser.mjs';

/** Selector of a status bar item; its DOM id is `<publisher>.<name>.<itemId>`. */
export const statusBarItem = (id) => `.statusbar-item[id="${id}"]`;

/**
 * vsix: installs the packaged extension (what users get); devPath: loads an unpacked extension folder instead.
 * folder: workspace folder to open; openFile: a file to open in an editor; settings: merged into User/settings.json.
 */
export async function openWorkbench({ vsix, devPath, folder, openFile, settings, name = 'workbench' } = {}) {
  const run = makeRunDir();
  try {
    if (vsix) await installVsix(run, vsix);
  } catch (e) {
    rmSync(run.dir, { recursive: true, force: true });
    throw e;
  }
  const server = await startCodeServer({ run, settings });
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
      /** Adds a screenshot to the error and rethrows it. */
      fail: (e) => failWithScreenshot(page, name, e),
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
