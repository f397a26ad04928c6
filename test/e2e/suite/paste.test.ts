// "Paste as AI Output": the clipboard text goes in wrapped in provenance markers from the engine.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as vscode from 'vscode';
import { assertRecent, closeAll, fileUri, labelHash, markerFields, open, resetState, waitFor } from './util';

describe('paste as AI output', () => {
  before(async () => {
    await resetState();
    // A configured tool means no picker shows.
    await vscode.workspace
      .getConfiguration('aiFence')
      .update('defaultTool', 'claude-code', vscode.ConfigurationTarget.Global);
  });
  after(async () => {
    await vscode.workspace
      .getConfiguration('aiFence')
      .update('defaultTool', undefined, vscode.ConfigurationTarget.Global);
  });
  afterEach(closeAll);

  it("labels the pasted text in the file's comment syntax, on lines of its own", async () => {
    const since = Date.now();
    const original = fs.readFileSync(fileUri('src/app.ts').fsPath, 'utf8').split('\n');
    const editor = await open('src/app.ts');
    const pasted = 'export const answer = 42;';
    await vscode.env.clipboard.writeText(`${pasted}\n`);
    assert.equal(await vscode.env.clipboard.readText(), `${pasted}\n`);
    // The empty line after greet().
    editor.selection = new vscode.Selection(3, 0, 3, 0);
    await vscode.commands.executeCommand('aiFence.pasteAsAiOutput');
    const text = await waitFor(
      'the labelled paste',
      () => editor.document.getText().includes(pasted) && editor.document.getText(),
      { events: [vscode.workspace.onDidChangeTextDocument] },
    );
    const f = markerFields(text.split('\n')[3]);
    assertRecent(f.at, since);
    assert.equal(
      text,
      [
        ...original.slice(0, 3),
        `// ai-provenance: begin id=${f.id} tool=claude-code at=${f.at} source=paste hash=${labelHash([pasted])}`,
        pasted,
        `// ai-provenance: end id=${f.id}`,
        // The clipboard text ended with a line break, so the empty line stays.
        ...original.slice(3),
      ].join('\n'),
    );
  });

  it("re-indents multi-line text under the cursor's indentation", async () => {
    const original = fs.readFileSync(fileUri('src/app.ts').fsPath, 'utf8').split('\n');
    const editor = await open('src/app.ts');
    await vscode.env.clipboard.writeText('if (loud) {\n  return name;\n}');
    editor.selection = new vscode.Selection(6, 2, 6, 2);
    await vscode.commands.executeCommand('aiFence.pasteAsAiOutput');
    const text = await waitFor(
      'the labelled paste',
      () => editor.document.getText().includes('if (loud)') && editor.document.getText(),
      { events: [vscode.workspace.onDidChangeTextDocument] },
    );
    const f = markerFields(text.split('\n')[6]);
    const body = ['  if (loud) {', '    return name;', '  }'];
    assert.equal(
      text,
      [
        ...original.slice(0, 6),
        `  // ai-provenance: begin id=${f.id} tool=claude-code at=${f.at} source=paste hash=${labelHash(body)}`,
        ...body,
        `  // ai-provenance: end id=${f.id}`,
        ...original.slice(6),
      ].join('\n'),
    );
  });

  it('keeps the indentation of the cursor line', async () => {
    const since = Date.now();
    const original = fs.readFileSync(fileUri('src/app.ts').fsPath, 'utf8').split('\n');
    const editor = await open('src/app.ts');
    await vscode.env.clipboard.writeText('const loud = name.length > 3;');
    // Before "return greet(...)" inside shout(): the text goes above it, indented like it.
    editor.selection = new vscode.Selection(6, 2, 6, 2);
    await vscode.commands.executeCommand('aiFence.pasteAsAiOutput');
    const text = await waitFor(
      'the labelled paste',
      () => editor.document.getText().includes('const loud') && editor.document.getText(),
      { events: [vscode.workspace.onDidChangeTextDocument] },
    );
    const f = markerFields(text.split('\n')[6]);
    assertRecent(f.at, since);
    const body = ['  const loud = name.length > 3;'];
    assert.equal(
      text,
      [
        ...original.slice(0, 6),
        `  // ai-provenance: begin id=${f.id} tool=claude-code at=${f.at} source=paste hash=${labelHash(body)}`,
        ...body,
        `  // ai-provenance: end id=${f.id}`,
        ...original.slice(6),
      ].join('\n'),
    );
  });
});
