// Quick fixes through VS Code's code-action API, applied as a user would; the resulting text must be exact.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as vscode from 'vscode';
import {
  assertRecent,
  closeAll,
  fileUri,
  labelHash,
  markerFields,
  open,
  resetState,
  waitFor,
  waitForCodes,
} from './util';

async function actionsAt(uri: vscode.Uri, line: number, code: string): Promise<vscode.CodeAction[]> {
  const diagnostic = await waitFor(
    `${code} on line ${line}`,
    () =>
      vscode.languages
        .getDiagnostics(uri)
        .find((d) => d.range.start.line === line && (d.code as { value: string }).value === code),
    { events: [vscode.languages.onDidChangeDiagnostics] },
  );
  const actions = await vscode.commands.executeCommand<(vscode.CodeAction | vscode.Command)[]>(
    'vscode.executeCodeActionProvider',
    uri,
    diagnostic.range,
  );
  return actions.filter((a): a is vscode.CodeAction => 'kind' in a || 'edit' in a);
}

async function apply(editor: vscode.TextEditor, actions: vscode.CodeAction[], title: string): Promise<string> {
  const action = actions.find((a) => a.title === title);
  assert.ok(action?.edit, `no "${title}" among: ${actions.map((a) => a.title).join(' | ')}`);
  assert.ok(await vscode.workspace.applyEdit(action.edit), `"${title}" was not applied`);
  return editor.document.getText();
}

const lines = (rel: string) => fs.readFileSync(fileUri(rel).fsPath, 'utf8').split('\n');

describe('quick fixes', () => {
  before(resetState);
  afterEach(closeAll);

  it('AIF003 in training/: the zone strip (the one preferred fix) removes exactly the signature region', async () => {
    const uri = fileUri('training/train.py');
    const original = lines('training/train.py');
    const editor = await open('training/train.py');
    const actions = await actionsAt(uri, 7, 'AIF003');
    const strip = actions.find((a) => a.title === 'Strip AI code from restricted zone (lines 8–11)');
    assert.equal(strip?.isPreferred, true, 'strip is the preferred fix in a block zone');
    const text = await apply(editor, actions, 'Strip AI code from restricted zone (lines 8–11)');
    assert.equal(text, [...original.slice(0, 7), ...original.slice(11)].join('\n'));
    // Only the labelled block is left to complain about, now 4 lines higher.
    await waitForCodes(uri, ['8:AIF001']);
  });

  it('AIF003 in training/: "Label as AI output (ChatGPT)" wraps the region in markers', async () => {
    const since = Date.now();
    const uri = fileUri('training/train.py');
    const original = lines('training/train.py');
    const editor = await open('training/train.py');
    const text = await apply(editor, await actionsAt(uri, 7, 'AIF003'), 'Label as AI output (ChatGPT)');
    const begin = text.split('\n')[7];
    const f = markerFields(begin);
    assertRecent(f.at, since);
    assert.match(f.id, /^[0-9a-f]{8}$/);
    assert.equal(
      text,
      [
        ...original.slice(0, 7),
        `# ai-provenance: begin id=${f.id} tool=chatgpt at=${f.at} source=manual hash=${labelHash(original.slice(7, 11))}`,
        ...original.slice(7, 11),
        `# ai-provenance: end id=${f.id}`,
        ...original.slice(11),
      ].join('\n'),
    );
    // Labelled, it is still AI code in a blocked zone, but no longer unlabeled.
    await waitForCodes(uri, ['7:AIF001', '14:AIF001']);
  });

  it('AIF001 on a labelled block: "Strip AI code from restricted zone" removes the block and its markers', async () => {
    const uri = fileUri('training/train.py');
    const original = lines('training/train.py');
    const editor = await open('training/train.py');
    const actions = await actionsAt(uri, 12, 'AIF001');
    const text = await apply(editor, actions, 'Strip AI code from restricted zone (lines 13–16)');
    assert.equal(text, [...original.slice(0, 12), ...original.slice(16)].join('\n'));
  });

  it('AIF003 from the ledger in eval/: labelling (preferred in a warn zone) names the recorded tool', async () => {
    const since = Date.now();
    const uri = fileUri('eval/metrics.py');
    const original = lines('eval/metrics.py');
    const editor = await open('eval/metrics.py');
    const actions = await actionsAt(uri, 8, 'AIF003');
    assert.equal(actions.find((a) => a.title === 'Label as AI output (Claude Code)')?.isPreferred, true);
    assert.equal(actions.find((a) => a.title === 'Strip unlabeled AI code (lines 9–10)')?.isPreferred, false);
    const text = await apply(editor, actions, 'Label as AI output (Claude Code)');
    const f = markerFields(text.split('\n')[8]);
    assertRecent(f.at, since);
    assert.equal(
      text,
      [
        ...original.slice(0, 8),
        `# ai-provenance: begin id=${f.id} tool=claude-code at=${f.at} source=manual hash=${labelHash(original.slice(8, 10))}`,
        ...original.slice(8, 10),
        `# ai-provenance: end id=${f.id}`,
        ...original.slice(10),
      ].join('\n'),
    );
    await waitForCodes(uri, ['3:AIF002', '8:AIF002']);
  });
});
