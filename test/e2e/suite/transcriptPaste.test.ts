// Pasting text an AI tool produced: the language server finds it in the tool's
// transcript (the suite's home holds a Claude Code session that wrote
// sampleFunction(), see runExtensionTests.mjs), so the paste is labelled with
// its real origin by default, and a zone that blocks the tool warns. "Show
// Transcript Matches" lists the same matches and selects the one picked.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as vscode from 'vscode';
import { COMMANDS } from '../../../client/src/commandIds';
import type { AiFenceApi } from '../../../client/src/extension';
import {
  TranscriptMatchesRequest,
  TranscriptOriginRequest,
  TranscriptStatusRequest,
} from '../../../server/src/protocol';
import { E2E_SESSION_ID, sampleFunction } from '../../helpers/transcripts';
import { closeAll, fileUri, markerFields, open, resetState, waitFor } from './util';

const AT = process.env.AIFENCE_E2E_SESSION_AT ?? '';
const MODEL = 'claude-sonnet-4-5-20250929';

/** What VS Code asks the provider for on a paste of `text` at the selection. */
async function pasteEdits(api: AiFenceApi, editor: vscode.TextEditor, text: string) {
  const data = new vscode.DataTransfer();
  data.set('text/plain', new vscode.DataTransferItem(text));
  const edits = await api.pasteProvider.provideDocumentPasteEdits(editor.document, [editor.selection], data);
  assert.ok(edits?.length === 1, 'one paste edit');
  return edits[0];
}

/** The active editor's selection as [anchor line, character, active line, character]. */
function activeSelection(): number[] | undefined {
  const s = vscode.window.activeTextEditor?.selection;
  return s && [s.anchor.line, s.anchor.character, s.active.line, s.active.character];
}

/** Runs "Show Transcript Matches" and accepts its first row, retrying until the QuickPick was there to accept it. */
async function acceptFirstTranscriptMatch(): Promise<void> {
  let done = false;
  const command = Promise.resolve(vscode.commands.executeCommand(COMMANDS.showTranscriptMatches)).finally(() => {
    done = true;
  });
  await waitFor('the transcript matches QuickPick to be accepted', async () => {
    await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
    return done;
  });
  await command;
}

/** Applies a paste edit the way the editor does: its text replaces the selection. */
async function applyPaste(editor: vscode.TextEditor, edit: vscode.DocumentPasteEdit): Promise<void> {
  const text = typeof edit.insertText === 'string' ? edit.insertText : edit.insertText.value;
  assert.ok(await editor.edit((b) => b.replace(editor.selection, text)));
}

describe('paste of text an AI tool produced (transcripts)', () => {
  let api: AiFenceApi;
  const showWarning = vscode.window.showWarningMessage;
  let warnings: string[] = [];
  let answer: string | undefined;

  before(async () => {
    api = await resetState();
    assert.match(AT, /^\d{4}-/, 'AIFENCE_E2E_SESSION_AT is set by runExtensionTests.mjs');
    // The index is built in the background at start; a paste does not wait for it longer than a second.
    const status = await api.client.sendRequest(TranscriptStatusRequest.type);
    assert.deepEqual([status.enabled, status.stores > 0], [true, true]);
    // A lookup waits for the first load, unbounded: wait it out once, so the tests see a loaded index.
    await api.client.sendRequest(TranscriptOriginRequest.method, { uri: fileUri('src/app.ts').toString(), text: '' });
    // Opening the first TypeScript file activates VS Code's TypeScript extension in this extension host,
    // which holds it up for most of a second on a loaded machine: the first paste's lookup, answered by
    // the server at once, would reach the provider after its 1 s deadline. Have it active before pasting.
    await vscode.extensions.getExtension('vscode.typescript-language-features')?.activate();
    // The warning's buttons cannot be clicked from the extension host: answer for the user.
    (vscode.window as { showWarningMessage: unknown }).showWarningMessage = async (message: string) => {
      warnings.push(message);
      return answer;
    };
  });
  after(() => {
    (vscode.window as { showWarningMessage: unknown }).showWarningMessage = showWarning;
  });
  beforeEach(() => {
    warnings = [];
    answer = undefined;
  });
  afterEach(closeAll);

  it('labels a paste matching the Claude Code session with its tool, model and time, by default', async () => {
    const editor = await open('src/app.ts');
    editor.selection = new vscode.Selection(3, 0, 3, 0);
    const edit = await pasteEdits(api, editor, sampleFunction());
    assert.equal(edit.yieldTo, undefined, 'the labelled paste is the default edit');
    assert.equal(edit.title, `Paste as AI output (claude-code, ${MODEL}, with provenance)`);
    await applyPaste(editor, edit);
    const f = markerFields(editor.document.lineAt(3).text);
    assert.deepEqual(
      { tool: f.tool, model: f.model, at: f.at, source: f.source },
      { tool: 'claude-code', model: MODEL, at: AT.replace(/\.\d{3}Z$/, 'Z'), source: 'paste' },
    );
    assert.deepEqual(warnings, [], 'src/ allows AI: no warning');
  });

  it('warns in a zone that blocks the tool, and Undo Paste restores the file exactly', async () => {
    const original = fs.readFileSync(fileUri('training/train.py').fsPath, 'utf8');
    const editor = await open('training/train.py');
    editor.selection = new vscode.Selection(2, 0, 2, 0);
    answer = 'Undo Paste';
    await applyPaste(editor, await pasteEdits(api, editor, sampleFunction()));
    await waitFor('the warning', () => warnings.length > 0);
    assert.equal(
      warnings[0],
      `AI Fence: this paste matches claude-code output (session ${E2E_SESSION_ID} at ${AT}), and zone "training" blocks claude-code. Training code must not be written by AI tools.`,
    );
    await waitFor('the paste to be undone', () => editor.document.getText() === original, {
      events: [vscode.workspace.onDidChangeTextDocument],
    });
  });

  it('leaves a paste that matches no transcript as before: plain paste first, the user’s tool', async () => {
    const editor = await open('src/app.ts');
    editor.selection = new vscode.Selection(3, 0, 3, 0);
    const edit = await pasteEdits(api, editor, 'export const answer = 42;\n');
    assert.deepEqual(edit.yieldTo, [vscode.DocumentDropOrPasteEditKind.Text]);
    assert.equal(edit.title, 'Paste as AI output (other, with provenance)');
    assert.deepEqual(warnings, []);
  });

  it('Show Transcript Matches lists the matched function, and picking it selects exactly its lines', async () => {
    const editor = await open('src/app.ts');
    assert.ok(await editor.edit((b) => b.insert(new vscode.Position(3, 0), sampleFunction())));
    const uri = editor.document.uri.toString();
    // The server sees the edit and matches it against the index in the background.
    await waitFor('the server to match the inserted function', async () => {
      const matches: readonly TranscriptMatchesRequest.Match[] | null = await api.client.sendRequest(
        TranscriptMatchesRequest.method,
        { uri },
      );
      return matches?.length === 1;
    });
    editor.selection = new vscode.Selection(0, 0, 0, 0);
    await acceptFirstTranscriptMatch();
    // sampleFunction() is 13 lines inserted at line 3: lines 3–15, the last one `}`.
    assert.deepEqual(activeSelection(), [3, 0, 15, 1]);
  });

  it('Show Transcript Matches on a file with no match leaves the selection as it was', async () => {
    const editor = await open('src/app.ts');
    editor.selection = new vscode.Selection(1, 2, 1, 8);
    await vscode.commands.executeCommand(COMMANDS.showTranscriptMatches);
    assert.deepEqual(activeSelection(), [1, 2, 1, 8]);
  });
});
