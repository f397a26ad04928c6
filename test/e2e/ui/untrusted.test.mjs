// An untrusted workspace runs AI Fence in limited mode: it still reports,
// but switches no settings and writes nothing.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { waitFor } from '../harness/browser.mjs';
import { openPackagedOnFixture, statusBarItem, waitForText } from '../harness/workbench.mjs';

const STATUS = statusBarItem('ai-fence.ai-fence.aiFence.status');

describe('AI Fence in an untrusted workspace', { timeout: 180_000 }, () => {
  let fixture;
  let wb;

  before(async () => {
    fixture = await openPackagedOnFixture({
      name: 'ui-untrusted',
      workspaceTrust: true,
      // Open untrusted without the startup question.
      settings: { 'security.workspace.trust.startupPrompt': 'never', 'security.workspace.trust.enabled': true },
    });
    wb = fixture.wb;
  });

  after(async () => {
    await fixture?.close();
  });

  it('reports the blocked zone but does not switch AI off, and says it is in restricted mode', async () => {
    try {
      const page = wb.page;
      await waitForText(page, STATUS, 'AI blocked · training');
      await waitFor(page, `${STATUS} a[aria-label*="Restricted mode"]`);
      const text = await page.locator(STATUS).textContent();
      assert.doesNotMatch(text, /AI off/, 'no settings are switched in an untrusted workspace');
      const settings = JSON.parse(readFileSync(join(wb.server.run.userDataDir, 'User', 'settings.json'), 'utf8'));
      assert.equal(settings['editor.inlineSuggest.enabled'], undefined, 'user settings untouched');
      // Diagnostics still work: the problem counter shows errors for train.py.
      await page.waitForFunction(
        () => /Errors: [1-9]/.test(document.querySelector('#status\\.problems')?.getAttribute('aria-label') ?? ''),
        null,
        { timeout: 30_000 },
      );
    } catch (e) {
      await wb.fail(e, 'ui-untrusted');
    }
  });
});
