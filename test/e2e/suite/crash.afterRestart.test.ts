// Phase 2 of the crash-recovery check (see crash.beforeRestart.test.ts): a new extension host, the same window and user data.
// The setting is still off on disk; the journal AI Fence kept in globalState must bring the user's value back.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { activate, closeAll, handover, open, userValue, waitFor, waitForStatus } from './util';

describe('crash recovery (phase 2, after the extension host was killed)', () => {
  it('restores the user\'s exact value from the journal ("was unset")', async () => {
    const { key, before } = handover();
    const expected = before ?? undefined;
    const a = await activate();
    await open('src/app.ts');
    await waitForStatus(a, 'src/app.ts', '$(check) AI allowed');
    await waitFor(
      `${key} back to ${JSON.stringify(expected)} at user level`,
      () => userValue(key) === expected && !a.aiSwitch.isOff,
      {
        events: [vscode.workspace.onDidChangeConfiguration],
        describe: () => ({ value: userValue(key), off: a.aiSwitch.isOff }),
      },
    );
    assert.equal(vscode.workspace.getConfiguration().inspect(key)?.globalValue, undefined);
  });

  it('and switches off again when a blocked file is active, like before the crash', async () => {
    const a = await activate();
    await open('training/train.py');
    await waitForStatus(a, 'training/train.py', '$(shield) AI blocked · training · AI off');
    await closeAll();
    await waitFor(
      'AI back on after closing the editors',
      () => !a.aiSwitch.isOff && userValue('editor.inlineSuggest.enabled') === undefined,
      { events: [vscode.workspace.onDidChangeConfiguration] },
    );
  });
});
