// Editing .aifence.json (a WorkspaceEdit, then save) changes diagnostics and the status bar without a restart.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { activate, byLine, closeAll, codesOf, fileUri, open, resetState, waitForCodes, waitForStatus } from './util';

const TRAINING = ['7:AIF001', '7:AIF003', '12:AIF001'];

/** Replaces the first `from` in the policy file with `to`, through the editor API, and saves. */
async function editPolicy(from: string, to: string): Promise<void> {
  const uri = fileUri('.aifence.json');
  const doc = await vscode.workspace.openTextDocument(uri);
  const at = doc.getText().indexOf(from);
  assert.ok(at >= 0, `"${from}" not in the policy`);
  const edit = new vscode.WorkspaceEdit();
  edit.replace(uri, new vscode.Range(doc.positionAt(at), doc.positionAt(at + from.length)), to);
  assert.ok(await vscode.workspace.applyEdit(edit));
  assert.ok(await doc.save(), 'policy saved');
}

describe('live policy', () => {
  before(resetState);
  afterEach(closeAll);

  it('turning training/ from block to allow clears AIF001, restores AI, and back', async () => {
    const a = await activate();
    const train = fileUri('training/train.py');
    await open('training/train.py');
    await waitForStatus(a, 'training/train.py', '$(shield) AI blocked · training · AI off');
    await waitForCodes(train, TRAINING);

    await editPolicy('"ai": "block"', '"ai": "allow"');
    // Unlabeled AI code is still reported (provenance is optional, so as a warning); nothing is blocked.
    await waitForCodes(train, ['7:AIF003']);
    await waitForStatus(a, 'training/train.py', '$(check) AI allowed');
    assert.equal(a.aiSwitch.isOff, false);
    // Files that are not open follow too (eval/ is unchanged).
    await waitForCodes(fileUri('eval/metrics.py'), ['3:AIF002', '8:AIF002', '8:AIF003']);

    await editPolicy('"ai": "allow"', '"ai": "block"');
    await waitForCodes(train, TRAINING);
    await waitForStatus(a, 'training/train.py', '$(shield) AI blocked · training · AI off');
  });

  it('an invalid policy shows AIF005 and "policy invalid" while the last valid policy keeps applying', async () => {
    const a = await activate();
    const train = fileUri('training/train.py');
    const policy = fileUri('.aifence.json');
    await open('training/train.py');
    await waitForStatus(a, 'training/train.py', '$(shield) AI blocked · training · AI off');

    await editPolicy('"ai": "block"', '"ai": "forbid"');
    await waitForStatus(a, 'training/train.py', '$(error) AI Fence: policy invalid');
    await waitForCodes(policy, [
      `${(await vscode.workspace.openTextDocument(policy))
        .getText()
        .split('\n')
        .findIndex((l) => l.includes('forbid'))}:AIF005`,
    ]);
    assert.deepEqual(codesOf(train), byLine(TRAINING), 'the last valid policy still applies');

    await editPolicy('"ai": "forbid"', '"ai": "block"');
    await waitForCodes(policy, []);
    await waitForStatus(a, 'training/train.py', '$(shield) AI blocked · training · AI off');
  });
});
