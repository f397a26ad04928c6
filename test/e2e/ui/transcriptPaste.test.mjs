// Ctrl+V with the real clipboard, as a user pastes: the home holds a Claude
// Code session that wrote sampleFunction() (installE2eHome), so pasting that
// text is labelled with its real origin, in a zone that blocks Claude Code it
// warns and Undo Paste puts the file back byte for byte, and other text is
// pasted as it is.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { goToLine, openPackagedOnFixture, poll, quickOpen, statusBarItem, waitForText } from '../harness/workbench.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const { E2E_SESSION_ID, installE2eHome, sampleFunction } = await import(
  join(ROOT, 'out', 'test', 'helpers', 'transcripts.js')
);
// The model of the Claude Code fixture session (test/fixtures/transcripts/claude-code/session.jsonl).
const MODEL = 'claude-sonnet-4-5-20250929';
const STATUS = statusBarItem('ai-fence.ai-fence.aiFence.status');

/**
 * Opens a workspace file, puts `text` on the browser's clipboard (which VS Code's Ctrl+V reads),
 * pastes it with Ctrl+V at the start of a 1-based line, and returns the file's text once saved.
 */
async function paste({ wb, ws }, relPath, line, text) {
  const file = join(ws, relPath);
  const before = readFileSync(file, 'utf8');
  await quickOpen(wb.page, relPath);
  await wb.page.evaluate((t) => navigator.clipboard.writeText(t), text);
  await goToLine(wb.page, line);
  await wb.page.keyboard.press('Control+V');
  return poll('the paste on disk', () => {
    const now = readFileSync(file, 'utf8');
    return now !== before && now;
  });
}

/** The key=value fields of a begin marker line. */
function markerFields(line) {
  const m = /^\/\/ ai-provenance: begin (.*)$/.exec(line);
  assert.ok(m, `not a begin marker: ${line}`);
  return Object.fromEntries(m[1].split(' ').map((kv) => kv.split('=')));
}

describe('paste with the real clipboard of text Claude Code wrote (transcripts)', { timeout: 240_000 }, () => {
  let home;
  let at;
  let fixture;

  before(async () => {
    home = realpathSync(mkdtempSync(join(tmpdir(), 'aifence-ui-home-')));
    at = installE2eHome(home);
    fixture = await openPackagedOnFixture({
      name: 'ui-paste',
      openFile: 'src/app.ts',
      env: { HOME: home, XDG_CACHE_HOME: join(home, '.cache') },
      // Saved soon after each change, so the file on disk is what the editor holds.
      settings: { 'files.autoSave': 'afterDelay', 'files.autoSaveDelay': 100 },
      // The warning is a toast, which the smoke-test driver would hide.
      smokeTestDriver: false,
    });
    // Paste only once the index knows the sessions: the status bar's tooltip says so.
    const page = fixture.wb.page;
    try {
      await waitForText(page, STATUS, 'AI allowed', { timeout: 90_000 });
      await page.locator(STATUS).hover();
      await waitForText(page, '.workbench-hover', /AI transcripts: [1-9]\d* sources indexed, [1-9]\d* sessions/);
      await page.keyboard.press('Escape');
    } catch (e) {
      await fixture.wb.fail(e, 'ui-paste-start');
    }
  });

  after(async () => {
    await fixture?.close();
    rmSync(home, { recursive: true, force: true });
  });

  it('labels a paste matching the session with tool=claude-code, its model and time', async () => {
    const { wb, ws } = fixture;
    try {
      const before = readFileSync(join(ws, 'src', 'app.ts'), 'utf8').split('\n');
      const after = (await paste(fixture, 'src/app.ts', 4, sampleFunction())).split('\n');
      const fields = markerFields(after[3]);
      assert.deepEqual(
        { tool: fields.tool, model: fields.model, at: fields.at, source: fields.source },
        { tool: 'claude-code', model: MODEL, at: at.replace(/\.\d{3}Z$/, 'Z'), source: 'paste' },
      );
      const body = sampleFunction().split('\n').slice(0, -1);
      assert.deepEqual(after, [
        ...before.slice(0, 3),
        after[3],
        ...body,
        `// ai-provenance: end id=${fields.id}`,
        ...before.slice(3),
      ]);
    } catch (e) {
      await wb.fail(e, 'ui-paste-labelled');
    }
  });

  it('warns when pasted into the zone that blocks claude-code, and Undo Paste restores the file exactly', async () => {
    const { wb, ws } = fixture;
    try {
      const page = wb.page;
      const file = join(ws, 'training', 'train.py');
      const original = readFileSync(file);
      const pasted = await paste(fixture, 'training/train.py', 3, sampleFunction());
      assert.match(pasted.split('\n')[2], /^# ai-provenance: begin .*tool=claude-code /, 'pasted with its label');
      const toast = page.locator('.notifications-toasts .notification-toast', { hasText: 'this paste matches' });
      await toast.waitFor({ timeout: 30_000 });
      assert.equal(
        await toast.locator('.notification-list-item-message').textContent(),
        `AI Fence: this paste matches claude-code output (session ${E2E_SESSION_ID} at ${at}), and zone "training" blocks claude-code. Training code must not be written by AI tools.`,
      );
      await toast.locator('.monaco-button', { hasText: 'Undo Paste' }).click();
      await poll('the file restored byte for byte', () => readFileSync(file).equals(original));
    } catch (e) {
      await wb.fail(e, 'ui-paste-blocked');
    }
  });

  it('pastes text that matches no transcript unchanged', async () => {
    const { wb, ws } = fixture;
    try {
      const before = readFileSync(join(ws, 'src', 'app.ts'), 'utf8').split('\n');
      const after = (await paste(fixture, 'src/app.ts', 1, 'export const answer = 42;\n')).split('\n');
      assert.deepEqual(after, ['export const answer = 42;', ...before]);
    } catch (e) {
      await wb.fail(e, 'ui-paste-unmatched');
    }
  });
});
