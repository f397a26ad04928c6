// What a user sees, in code-server with the packaged .vsix installed through the CLI as a user installs it.
// Run: npm run package && node --test --test-reporter=spec test/e2e/ui/
// Screenshots of failures go to test-results/.

import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { waitFor } from '../harness/browser.mjs';
import {
  editorText,
  goToLine,
  openPackagedOnFixture,
  poll,
  quickOpen,
  statusBarItem,
  waitForText,
} from '../harness/workbench.mjs';

const STATUS = statusBarItem('ai-fence.ai-fence.aiFence.status');

const lines = (file) => readFileSync(file, 'utf8').split('\n');
const hash16 = (ls) => `sha256:${createHash('sha256').update(ls.join('\n')).digest('hex').slice(0, 16)}`;

describe('AI Fence in VS Code, installed from the .vsix', { timeout: 180_000 }, () => {
  let fixture;
  let wb;
  let ws;

  before(async () => {
    fixture = await openPackagedOnFixture({
      name: 'ui-startup',
      // autoSave off (the browser default is on) so the check after Ctrl+S is about that save.
      settings: { 'files.autoSave': 'off', 'aiFence.defaultTool': 'claude-code' },
    });
    ({ wb, ws } = fixture);
  });

  after(async () => {
    await fixture?.close();
  });

  /** Runs a check; a failure gets a screenshot in test-results/<name>.png. */
  const check = (name, fn) => async () => {
    try {
      await fn(wb.page);
    } catch (e) {
      await wb.fail(e, name);
    }
  };

  it(
    'the status bar says AI is blocked in training/ (and switched off there)',
    check('ui-status-blocked', async (page) => {
      await waitForText(page, STATUS, 'AI blocked · training · AI off');
      const label = await page.locator(`${STATUS} a`).getAttribute('aria-label');
      assert.match(label, /Training code must not be written by AI tools/);
    }),
  );

  it(
    'the status bar says AI is allowed in src/',
    check('ui-status-allowed', async (page) => {
      await quickOpen(page, 'src/app.ts');
      await waitForText(page, STATUS, /^\s*AI allowed\s*$/);
    }),
  );

  it(
    'a squiggle marks the AI code in training/, and the Problems panel lists it with its code',
    check('ui-problems', async (page) => {
      await quickOpen(page, 'training/train.py');
      await waitFor(page, '.part.editor .monaco-editor .squiggly-error');
      await page.keyboard.press('Control+Shift+M');
      const rows = page.locator('.markers-panel .monaco-list-row');
      await rows
        .filter({ hasText: 'AIF001' })
        .filter({ hasText: 'ChatGPT is not allowed in zone "training"' })
        .first()
        .waitFor();
      await rows.filter({ hasText: 'AIF003' }).first().waitFor();
      await page.keyboard.press('Control+Shift+M'); // toggles the panel closed again
      await waitFor(page, '.markers-panel', { state: 'hidden' });
    }),
  );

  it(
    'Ctrl+. "Strip unlabeled AI code" then Ctrl+S removes exactly that code from the file',
    check('ui-strip', async (page) => {
      const file = join(ws, 'training', 'train.py');
      const original = lines(file);
      const expected = [...original.slice(0, 7), ...original.slice(11)].join('\n');
      await quickOpen(page, 'training/train.py');
      await goToLine(page, 8);
      // The light bulb shows once VS Code has the code actions for the cursor line.
      await waitFor(page, '.part.editor .monaco-editor.focused .lightBulbWidget');
      await page.keyboard.press('Control+.');
      const strip = page
        .locator('.action-widget .monaco-list-row')
        .filter({ hasText: 'Strip AI code from restricted zone (lines 8–11)' });
      await strip.first().click();
      await page.waitForFunction(() => document.querySelector('.tabs-container .tab.active.dirty'));
      assert.equal(readFileSync(file, 'utf8'), original.join('\n'), 'nothing is written before saving');
      assert.equal(await editorText(page), expected);
      await page.keyboard.press('Control+S');
      await poll('train.py saved without the stripped lines', () => readFileSync(file, 'utf8') === expected);
      await waitFor(page, '.tabs-container .tab.active.dirty', { state: 'detached' });
    }),
  );

  it(
    '"Paste as AI Output" (Ctrl+Alt+V) inserts the clipboard text with provenance markers',
    check('ui-paste', async (page) => {
      const file = join(ws, 'src', 'app.ts');
      const original = lines(file);
      const pasted = 'export const answer = 42;';
      await quickOpen(page, 'src/app.ts');
      await goToLine(page, 4); // the empty line after greet()
      await page.evaluate((t) => navigator.clipboard.writeText(t), pasted);
      const since = Math.floor(Date.now() / 1000) * 1000;
      await page.keyboard.press('Control+Alt+V');
      await waitForText(page, '.part.editor .monaco-editor.focused .view-lines', 'ai-provenance: end');
      // The extension sees the pasted block as labelled AI code: the status tooltip counts 2 blocks (was 1).
      // (Waiting for it also lets the paste command finish: a Ctrl+S within ~50 ms of the text appearing was lost.)
      await page.waitForFunction(
        (sel) => /This file: 2 labelled AI blocks/.test(document.querySelector(sel)?.getAttribute('aria-label') ?? ''),
        `${STATUS} a`,
        { timeout: 15_000 },
      );
      await page.keyboard.press('Control+S');
      const saved = await poll('app.ts saved with the labelled paste', () => {
        const text = readFileSync(file, 'utf8');
        return text.includes(pasted) && text;
      });
      const begin = saved.split('\n')[3];
      const m = /^\/\/ ai-provenance: begin id=([0-9a-f]{8}) tool=claude-code at=(\S+Z) source=paste hash=(\S+)$/.exec(
        begin,
      );
      assert.ok(m, `begin marker: ${begin}`);
      assert.ok(Date.parse(m[2]) >= since && Date.parse(m[2]) <= Date.now(), `at=${m[2]} is the time of the paste`);
      assert.equal(
        saved,
        [
          ...original.slice(0, 3),
          `// ai-provenance: begin id=${m[1]} tool=claude-code at=${m[2]} source=paste hash=${hash16([pasted])}`,
          pasted,
          `// ai-provenance: end id=${m[1]}`,
          ...original.slice(4),
        ].join('\n'),
      );
      assert.equal(await editorText(page), saved);
    }),
  );
});
