// An untrusted workspace runs AI Fence in limited mode: it still reports,
// but switches no settings and writes nothing.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, existsSync, mkdtempSync, readFileSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { provisionOrExit } from '../../../scripts/provision.mjs';
import { waitFor } from '../harness/browser.mjs';
import { openWorkbench, statusBarItem, waitForText } from '../harness/workbench.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const { version } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
const VSIX = join(ROOT, `ai-fence-${version}.vsix`);
const STATUS = statusBarItem('ai-fence.ai-fence.aiFence.status');

describe('AI Fence in an untrusted workspace', { timeout: 180_000 }, () => {
  let wb;
  let tmp;
  let ws;

  before(async () => {
    await provisionOrExit();
    assert.ok(existsSync(VSIX), `${VSIX} is missing: run npm run package first`);
    tmp = realpathSync(mkdtempSync(join(tmpdir(), 'aifence-untrusted-')));
    ws = join(tmp, 'workspace');
    cpSync(join(ROOT, 'test', 'fixtures', 'workspaces', 'basic'), ws, { recursive: true });
    wb = await openWorkbench({
      vsix: VSIX, folder: ws, openFile: join(ws, 'training', 'train.py'), name: 'ui-untrusted', workspaceTrust: true,
      // Open untrusted without the startup question.
      settings: { 'security.workspace.trust.startupPrompt': 'never', 'security.workspace.trust.enabled': true },
    });
  });

  after(async () => {
    await wb?.close();
    if (tmp) rmSync(tmp, { recursive: true, force: true });
  });

  it('reports the blocked zone but does not switch AI off, and says it is in restricted mode', async () => {
    try {
      const page = wb.page;
      await waitForText(page, STATUS, 'AI blocked · training');
      await waitFor(page, `${STATUS} a[aria-label*="Restricted mode"]`);
      const text = await page.locator(STATUS).innerText();
      assert.doesNotMatch(text, /AI off/, 'no settings are switched in an untrusted workspace');
      const settings = JSON.parse(readFileSync(join(wb.server.run.userDataDir, 'User', 'settings.json'), 'utf8'));
      assert.equal(settings['editor.inlineSuggest.enabled'], undefined, 'user settings untouched');
      // Diagnostics still work: the problem counter shows errors for train.py.
      await page.waitForFunction(() => /Errors: [1-9]/.test(document.querySelector('#status\\.problems')?.getAttribute('aria-label') ?? ''), null, { timeout: 30_000 });
    } catch (e) {
      await wb.fail(e, 'ui-untrusted');
    }
  });
});
