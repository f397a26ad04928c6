// AI Fence binds Tab to "accept the inline suggestion and record it", but only while an inline suggestion is
// shown and aiFence.completions.record is on. Real key presses in one workbench, recording on, show that Tab
// still does what VS Code (or another extension) makes it do everywhere else, and records nothing there:
// indentation, snippet tabstops, the suggest widget, another extension's Tab binding. On a real inline
// suggestion Tab accepts and records; with the setting off, Tab still accepts and records nothing.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { waitFor } from '../harness/browser.mjs';
import { goToLine, openPackagedOnFixture, poll, quickOpen, statusBarItem, waitForText } from '../harness/workbench.mjs';

// The neighbour extension (test/fixtures/extensions/tab-neighbour): its Tab inserts MARK in neighbour.txt, and
// it offers SUGGESTION inline on empty lines of inline.txt.
const NEIGHBOUR = resolve(dirname(fileURLToPath(import.meta.url)), '../../fixtures/extensions/tab-neighbour');
const MARK = '[neighbour]';
const SUGGESTION = 'suggested_by_the_test_provider = 42';
const INLINE = 'notes/inline.txt';

const SETTINGS = {
  'files.autoSave': 'off',
  'editor.detectIndentation': false,
  'editor.tabSize': 4,
  // Suggestions open only when a case asks (Control+Space), never while it types.
  'editor.quickSuggestions': { other: 'off', comments: 'off', strings: 'off' },
  'editor.suggestOnTriggerCharacters': false,
  // train.py is in a blocked zone: keep the AI switch from toggling inline suggestions between the cases.
  'aiFence.switchOffAi': false,
};

const FILES = {
  '.vscode/tab.code-snippets': JSON.stringify({
    // biome-ignore lint/suspicious/noTemplateCurlyInString: VS Code snippet tabstops, not a template.
    pair: { scope: 'plaintext', prefix: 'pair', body: 'pair(${1:first}, ${2:second})$0' },
  }),
  'notes/snippet.txt': '\n',
  'notes/words.txt': 'alphabetical\n\n',
  'notes/neighbour.txt': '\n',
  [INLINE]: 'first line\n\n',
};

describe('Tab with AI Fence installed and recording on', { timeout: 300_000 }, () => {
  let fixture;
  let ledger;
  let ledgerAtStart;

  before(async () => {
    fixture = await openPackagedOnFixture({ name: 'ui-tab', settings: SETTINGS, files: FILES, devPath: NEIGHBOUR });
    ledger = join(fixture.ws, '.agent-trace', 'traces.jsonl');
    ledgerAtStart = readFileSync(ledger, 'utf8');
  });

  after(async () => {
    await fixture?.close();
  });

  /** Runs `act` in a failure screenshot named after the case. */
  const step = (shot, act) => async () => {
    try {
      await act(fixture.wb.page);
    } catch (e) {
      await fixture.wb.fail(e, `ui-tab-${shot}`);
    }
  };

  /** A case that starts in `rel` with the cursor at the start of `line`; act(page, save), save() as saved() says. */
  const stepIn = (shot, rel, line, act) =>
    step(shot, async (page) => {
      const before = await openAt(page, rel, line);
      await act(page, () => saved(page, rel, before));
    });

  /**
   * Saves the active editor (Control+S) until the file on disk differs from `before`; returns its lines. Saving
   * again covers an edit an extension command makes after the key press returned (it runs in the extension host).
   */
  async function saved(page, rel, before) {
    const file = join(fixture.ws, rel);
    return poll(
      `the save of ${rel}`,
      async () => {
        await page.keyboard.press('Control+S');
        const text = readFileSync(file, 'utf8');
        if (text === before) return false;
        // A save truncates, then writes: only a text that holds still is the saved one (CI once read '').
        await new Promise((resolve) => setTimeout(resolve, 150));
        return readFileSync(file, 'utf8') === text && text.split('\n');
      },
      { interval: 300 },
    );
  }

  /** Opens `rel` with the cursor at the start of `line`; returns the file's text then. */
  async function openAt(page, rel, line) {
    await quickOpen(page, rel);
    await goToLine(page, line);
    return readFileSync(join(fixture.ws, rel), 'utf8');
  }

  /** Ledger records appended since the workbench opened: [path, [[start, end], ...]] each. */
  const recorded = () =>
    readFileSync(ledger, 'utf8')
      .slice(ledgerAtStart.length)
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l))
      .flatMap((r) => r.files.map((f) => [f.path, f.conversations[0].ranges.map((x) => [x.start_line, x.end_line])]));

  /** Types `prefix`, opens the suggest widget (Control+Space) and waits until the item `label` is focused in it. */
  async function suggestionFocused(page, prefix, label) {
    await page.keyboard.type(prefix);
    await page.keyboard.press('Control+Space');
    await waitFor(page, `.suggest-widget .monaco-list-row.focused[aria-label*="${label}"]`);
  }

  /** Runs a command by its title from the command palette (F1). */
  async function runCommand(page, title) {
    await page.keyboard.press('F1');
    const input = await waitFor(page, '.quick-input-widget .quick-input-box input');
    await input.fill(`>${title}`);
    await waitFor(page, `.quick-input-widget .monaco-list-row.focused[aria-label*="${title}"]`);
    await page.keyboard.press('Enter');
    await waitFor(page, '.quick-input-widget', { state: 'hidden' });
  }

  /** Triggers the inline suggestion until its ghost text shows; the provider answers asynchronously. */
  async function inlineSuggestionShown(page) {
    await poll('the inline suggestion', async () => {
      await runCommand(page, 'Trigger Inline Suggestion');
      return page
        .locator('.part.editor .monaco-editor.focused .ghost-text-decoration')
        .first()
        .waitFor({ timeout: 2000 })
        .then(() => true)
        .catch(() => false);
    });
  }

  /**
   * Presses Tab and returns the command VS Code dispatched it to, as its Keyboard Shortcuts Troubleshooting log
   * (on, in the Output panel) says: the `matched <command>` entry after the last `Resolving [Tab]`.
   */
  async function tabDispatchedTo(page) {
    await page.keyboard.press('Tab');
    const matched = await page.waitForFunction(
      () => {
        const lines = [...document.querySelectorAll('.part.panel .monaco-editor .view-lines .view-line')]
          .sort((a, b) => parseFloat(a.style.top) - parseFloat(b.style.top))
          .map((l) => l.textContent.replace(/\u00a0/g, ' '));
        const at = lines.findLastIndex((l) => l.includes('| Resolving '));
        if (at < 0 || !lines[at].endsWith('| Resolving [Tab]')) return false;
        // The panel wraps long entries over several view lines.
        return (
          lines
            .slice(at + 1)
            .join('')
            .match(/matched ([\w.]+),/)?.[1] ?? false
        );
      },
      null,
      { timeout: 15_000 },
    );
    return matched.jsonValue();
  }

  /** Switches aiFence.completions.record in the Settings editor, as a user does, and returns to the editor. */
  async function setRecording(page, record) {
    await page.keyboard.press('Control+Comma');
    await waitFor(page, '.settings-editor .suggest-input-container .monaco-editor.focused');
    await page.keyboard.type('aiFence.completions.record');
    await waitForText(page, '.settings-editor .settings-count-widget', /^1 Setting Found/);
    await page.locator('.settings-editor .setting-item-bool .setting-value-checkbox').first().click();
    await waitFor(page, `.settings-editor .setting-item-bool .setting-value-checkbox[aria-checked="${record}"]`);
    await page.keyboard.press('Control+W');
    await waitFor(page, '.settings-editor', { state: 'detached' });
    await page.locator('.part.editor .monaco-editor .view-lines').first().click();
  }

  it(
    'indents when no inline suggestion is shown',
    step('indent', async (page) => {
      // training/train.py is open; line 17 is the empty line before print("done").
      const rel = 'training/train.py';
      const before = readFileSync(join(fixture.ws, rel), 'utf8');
      await page.locator('.part.editor .monaco-editor .view-lines').first().click();
      await goToLine(page, 17);
      await page.keyboard.press('Tab');
      await page.keyboard.type('x');
      const lines = before.split('\n');
      assert.deepEqual(await saved(page, rel, before), [...lines.slice(0, 16), '    x', ...lines.slice(17)]);
    }),
  );

  it(
    'moves to the next tabstop of a snippet',
    stepIn('snippet', 'notes/snippet.txt', 1, async (page, save) => {
      await suggestionFocused(page, 'pair', 'pair');
      await page.keyboard.press('Enter');
      // The first placeholder is selected: typing replaces it, Tab selects the second.
      await page.keyboard.type('A');
      await page.keyboard.press('Tab');
      await page.keyboard.type('B');
      assert.deepEqual(await save(), ['pair(A, B)', '']);
    }),
  );

  it(
    'accepts the focused suggestion of the suggest widget',
    stepIn('suggest', 'notes/words.txt', 2, async (page, save) => {
      await suggestionFocused(page, 'alp', 'alphabetical');
      await page.keyboard.press('Tab');
      assert.deepEqual(await save(), ['alphabetical', 'alphabetical', '']);
    }),
  );

  it(
    "runs another extension's Tab binding",
    stepIn('neighbour', 'notes/neighbour.txt', 1, async (page, save) => {
      // The neighbour shows this item while its Tab binding's context key is set.
      await waitFor(page, statusBarItem('ai-fence-test.tab-neighbour.armed'));
      await page.keyboard.press('Tab');
      assert.deepEqual(await save(), [MARK, '']);
    }),
  );

  it(
    'accepts a shown inline suggestion and records it, and only it',
    stepIn('inline', INLINE, 2, async (page, save) => {
      await inlineSuggestionShown(page);
      await page.keyboard.press('Tab');
      assert.deepEqual(await save(), ['first line', SUGGESTION, '']);
      // Every Tab of the cases before this one recorded nothing.
      assert.deepEqual(await poll('the ledger record', () => recorded().length && recorded()), [[INLINE, [[2, 2]]]]);
    }),
  );

  it(
    'with aiFence.completions.record off, still accepts a shown inline suggestion and records nothing',
    step('inline-off', async (page) => {
      const before = readFileSync(join(fixture.ws, INLINE), 'utf8');
      await runCommand(page, 'Toggle Keyboard Shortcuts Troubleshooting');
      await setRecording(page, false);
      await goToLine(page, 3);
      await inlineSuggestionShown(page);
      // VS Code's own accept, not AI Fence's: its binding is off with the setting, not merely silent.
      assert.equal(await tabDispatchedTo(page), 'editor.action.inlineSuggest.commit');
      await page.keyboard.press('Enter');
      const offText = await saved(page, INLINE, before);
      assert.deepEqual(offText, ['first line', SUGGESTION, SUGGESTION, '']);
      // Switched on again, the next accept is the only new record: the one with the setting off sent none.
      await setRecording(page, true);
      await goToLine(page, 4);
      await inlineSuggestionShown(page);
      assert.equal(await tabDispatchedTo(page), 'aiFence.acceptInlineSuggestion');
      assert.deepEqual(await saved(page, INLINE, offText.join('\n')), [
        'first line',
        SUGGESTION,
        SUGGESTION,
        SUGGESTION,
      ]);
      assert.deepEqual(await poll('the ledger record', () => recorded().length > 1 && recorded()), [
        [INLINE, [[2, 2]]],
        [INLINE, [[4, 4]]],
      ]);
    }),
  );
});
