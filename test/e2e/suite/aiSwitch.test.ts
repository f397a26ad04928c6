// Per-zone switch-off: inline AI suggestions go off at user level in a blocked zone, and the user's own
// value comes back exactly when the editor leaves it, including "was unset".
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { activate, closeAll, open, resetState, setUserValue, userValue, waitFor, waitForStatus } from './util';

const KEY = 'editor.inlineSuggest.enabled';

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

  await open('src/app.ts');
  await waitForStatus(a, 'src/app.ts', '$(check) AI allowed');
  await waitFor(`${KEY} back to ${JSON.stringify(before)}`, () => userValue(KEY) === before && !a.aiSwitch.isOff, {
    events: [vscode.workspace.onDidChangeConfiguration],
    describe: () => userValue(KEY),
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

  it('writes nothing when the user already had suggestions off', async () => {
    const a = await activate();
    await setUserValue(KEY, false);
    await open('training/train.py');
    // Nothing to switch off, so the status does not claim AI Fence did it.
    await waitForStatus(a, 'training/train.py', '$(shield) AI blocked · training');
    assert.equal(a.aiSwitch.isOff, false);
    await open('src/app.ts');
    await waitForStatus(a, 'src/app.ts', '$(check) AI allowed');
    assert.equal(userValue(KEY), false);
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
