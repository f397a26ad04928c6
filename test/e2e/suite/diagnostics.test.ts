// Diagnostics for files in the block, warn and allowed zones of the fixture workspace.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { activate, closeAll, codesOf, fileUri, open, resetState, waitFor, waitForCodes } from './util';

// 0-based lines: the signature region and the labelled block in training/, the labelled block and the
// ledger-recorded (unlabeled) range in eval/.
const TRAINING = ['7:AIF001', '7:AIF003', '12:AIF001'];
const EVAL = ['3:AIF002', '8:AIF002', '8:AIF003'];

describe('diagnostics', () => {
  before(resetState);
  afterEach(closeAll);

  it('the workspace scan reports files that are not open', async () => {
    await waitForCodes(fileUri('training/train.py'), TRAINING);
    await waitForCodes(fileUri('eval/metrics.py'), EVAL);
  });

  it('training/ (block): AIF001 for the signature region and the labelled block, AIF003 for the unlabeled code', async () => {
    const uri = fileUri('training/train.py');
    await open('training/train.py');
    await waitForCodes(uri, TRAINING);
    const byCode = (code: string, line: number) =>
      vscode.languages
        .getDiagnostics(uri)
        .find((d) => d.range.start.line === line && (typeof d.code === 'object' ? d.code.value : d.code) === code)!;
    const blocked = byCode('AIF001', 7);
    assert.equal(blocked.severity, vscode.DiagnosticSeverity.Error);
    assert.equal(blocked.source, 'AI Fence');
    assert.match(
      blocked.message,
      /ChatGPT is not allowed in zone "training"\. Training code must not be written by AI tools\./,
    );
    assert.deepEqual([blocked.range.start.line, blocked.range.end.line], [7, 10]);
    const code = blocked.code as { value: string; target: vscode.Uri };
    assert.match(code.target.toString(), /#aif001-ai-code-in-blocked-zone$/);
    // Provenance is optional in training/, so unlabeled code is a warning there.
    assert.equal(byCode('AIF003', 7).severity, vscode.DiagnosticSeverity.Warning);
  });

  it('eval/ (warn, provenance required): AIF002 for AI code, AIF003 as an error for the ledger range', async () => {
    const uri = fileUri('eval/metrics.py');
    await open('eval/metrics.py');
    await waitForCodes(uri, EVAL);
    const diagnostics = vscode.languages.getDiagnostics(uri);
    const unlabeled = diagnostics.find((d) => (d.code as { value: string }).value === 'AIF003')!;
    assert.equal(unlabeled.severity, vscode.DiagnosticSeverity.Error);
    assert.match(unlabeled.message, /recorded in the Agent Trace ledger for Claude Code/);
    assert.deepEqual([unlabeled.range.start.line, unlabeled.range.end.line], [8, 9]);
    assert.ok(
      diagnostics
        .filter((d) => (d.code as { value: string }).value === 'AIF002')
        .every((d) => d.severity === vscode.DiagnosticSeverity.Warning),
    );
  });

  it('src/ (allowed): a labelled AI block gives no diagnostic', async () => {
    const a = await activate();
    const uri = fileUri('src/app.ts');
    await open('src/app.ts');
    // The server has analysed the open document once its status counts the labelled block.
    await waitFor(
      'the analysis of src/app.ts',
      () => a.policy.status?.uri === uri.toString() && a.policy.status.aiBlocks === 1,
      { events: [a.policy.onDidRefresh], describe: () => a.policy.status },
    );
    assert.deepEqual(codesOf(uri), []);
  });
});
