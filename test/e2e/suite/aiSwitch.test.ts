// Per-zone switch-off: AI completions and chat's use of the open file go off at user level in a blocked zone, and the user's own
// value comes back exactly when the editor leaves it, including "was unset".
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { SWITCH_OFF_SETTINGS } from '../../../client/src/aiSwitch';
import { activate, closeAll, open, resetState, setUserValue, userValue, waitFor, waitForStatus } from './util';

const KEY = 'editor.inlineSuggest.enabled';
const IMPLICIT_CONTEXT = 'chat.implicitContext.enabled';
/** The switched settings this VS Code registers (the assistants' own are not installed). */
const registered = () =>
  SWITCH_OFF_SETTINGS.filter((s) => vscode.workspace.getConfiguration().inspect(s.key)?.defaultValue !== undefined);

async function roundTrip(before: unknown): Promise<void> {
  const a = await activate();
  await setUserValue(KEY, before);
  await open('src/app.ts');
  await waitForStatus(a, 'src/app.ts', '$(check) AI allowed');
  assert.equal(a.aiSwitch.isOff, false);

  await open('training/train.py');
  await waitForStatus(a, 'training/train.py', '$(shield) AI blocked · training · AI off');
  assert.equal(userValue(KEY), false, 'inline suggestions are off at user level');
  assert.equal(
    vscode.workspace.getConfiguration('editor').get('inlineSuggest.enabled'),
    false,
    'and that is the effective value',
  );
  assert.equal(a.aiSwitch.isOff, true);
  // VS Code's chat (registered in code-server too) no longer attaches the active editor.
  assert.deepEqual(userValue(IMPLICIT_CONTEXT), { panel: 'never' });

  await open('src/app.ts');
  await waitForStatus(a, 'src/app.ts', '$(check) AI allowed');
  await waitFor(`${KEY} back to ${JSON.stringify(before)}`, () => userValue(KEY) === before && !a.aiSwitch.isOff, {
    events: [vscode.workspace.onDidChangeConfiguration],
    describe: () => userValue(KEY),
  });
  await waitFor(`${IMPLICIT_CONTEXT} back to unset`, () => userValue(IMPLICIT_CONTEXT) === undefined, {
    events: [vscode.workspace.onDidChangeConfiguration],
  });
  // "Was unset" means no user value at all, not a written default.
  const inspected = vscode.workspace.getConfiguration().inspect(KEY)!;
  assert.equal('globalValue' in inspected && inspected.globalValue !== undefined, before !== undefined);
}

describe('per-zone AI switch-off', () => {
  before(resetState);
  afterEach(async () => {
    await closeAll();
    await setUserValue(KEY, undefined);
  });

  it('restores "was unset" when leaving training/', () => roundTrip(undefined));

  it('restores a value the user had set (true) when leaving training/', () => roundTrip(true));

  it('writes nothing when the user already had every switched setting off', async () => {
    const a = await activate();
    assert.deepEqual(
      registered().map((s) => s.key),
      [KEY, IMPLICIT_CONTEXT],
    );
    for (const s of registered()) await setUserValue(s.key, s.off);
    await open('training/train.py');
    // Nothing to switch off, so the status does not claim AI Fence did it.
    await waitForStatus(a, 'training/train.py', '$(shield) AI blocked · training');
    assert.equal(a.aiSwitch.isOff, false);
    await open('src/app.ts');
    await waitForStatus(a, 'src/app.ts', '$(check) AI allowed');
    assert.equal(userValue(KEY), false);
    assert.deepEqual(userValue(IMPLICIT_CONTEXT), { panel: 'never' });
    await setUserValue(IMPLICIT_CONTEXT, undefined);
  });

  it('the opt-out aiFence.switchOffAi=false leaves the settings alone', async () => {
    const a = await activate();
    await setUserValue('aiFence.switchOffAi', false);
    try {
      await open('training/train.py');
      await waitForStatus(a, 'training/train.py', '$(shield) AI blocked · training');
      assert.equal(userValue(KEY), undefined);
      assert.equal(a.aiSwitch.isOff, false);
    } finally {
      await setUserValue('aiFence.switchOffAi', undefined);
    }
  });
});
