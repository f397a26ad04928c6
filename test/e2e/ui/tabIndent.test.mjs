// AI Fence binds Tab to "accept the inline suggestion and record it", but only
// while a suggestion is shown: with none shown, Tab must still indent, and
// nothing is recorded.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { goToLine, openPackagedOnFixture, poll } from '../harness/workbench.mjs';

describe('Tab with AI Fence installed', { timeout: 180_000 }, () => {
  let fixture;

  before(async () => {
    fixture = await openPackagedOnFixture({
      name: 'ui-tab',
      settings: { 'files.autoSave': 'off', 'editor.detectIndentation': false, 'editor.tabSize': 4 },
    });
  });

  after(async () => {
    await fixture?.close();
  });

  it('indents when no inline suggestion is shown, and records nothing', async () => {
    const { wb, ws } = fixture;
    try {
      const page = wb.page;
      // training/train.py is open; line 17 is the empty line before print("done").
      const file = join(ws, 'training', 'train.py');
      const ledger = join(ws, '.agent-trace', 'traces.jsonl');
      const ledgerBefore = readFileSync(ledger, 'utf8');
      const before = readFileSync(file, 'utf8').split('\n');
      await page.locator('.part.editor .monaco-editor .view-lines').first().click();
      await goToLine(page, 17);
      await page.keyboard.press('Tab');
      await page.keyboard.type('x');
      await page.keyboard.press('Control+S');
      const after = await poll('the save', () => {
        const text = readFileSync(file, 'utf8').split('\n');
        return text[16] !== before[16] && text;
      });
      assert.deepEqual(after, [...before.slice(0, 16), '    x', ...before.slice(17)]);
      assert.equal(readFileSync(ledger, 'utf8'), ledgerBefore, 'nothing recorded');
    } catch (e) {
      await fixture.wb.fail(e, 'ui-tab');
    }
  });
});
