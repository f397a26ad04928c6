// Accepting an inline suggestion from a provider the test registers, through
// the commands AI Fence binds to Tab and Ctrl+Right (they run VS Code's own
// accept): the text is inserted and the inserted lines are recorded as one
// Agent Trace range (contributor "ai") in the workspace's ledger.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as vscode from 'vscode';
import { COMMANDS } from '../../../client/src/commandIds';
import { closeAll, fileUri, open, resetState, setUserValue, waitFor } from './util';

const LEDGER = '.agent-trace/traces.jsonl';
const SUGGESTION = 'export const total = items.reduce((sum, item) => sum + item.price, 0);';

interface TraceRecord {
  tool: { name: string };
  files: {
    path: string;
    conversations: { contributor: { type: string }; ranges: { start_line: number; end_line: number }[] }[];
  }[];
  metadata?: Record<string, unknown>;
}

const ledgerText = () => fs.readFileSync(fileUri(LEDGER).fsPath, 'utf8');
/** The ledger records appended since `before` (the ledger's text then). */
const appended = (before: string): TraceRecord[] =>
  ledgerText()
    .slice(before.length)
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as TraceRecord);

describe('accepting an inline suggestion records it', () => {
  let provider: vscode.Disposable;
  let offered = 0;

  before(async () => {
    await resetState();
    // Offers the suggestion at the end of an empty line 4 of src/app.ts, once per request.
    provider = vscode.languages.registerInlineCompletionItemProvider(
      { pattern: '**/src/app.ts' },
      {
        provideInlineCompletionItems: (document, position) => {
          if (document.lineAt(position.line).text.trim() !== '') return [];
          offered++;
          return [new vscode.InlineCompletionItem(SUGGESTION, new vscode.Range(position, position))];
        },
      },
    );
  });
  after(() => provider.dispose());
  afterEach(closeAll);

  /** Opens src/app.ts with the cursor on empty line 4 and waits until the suggestion is offered. */
  async function suggestionShown(): Promise<vscode.TextEditor> {
    const editor = await open('src/app.ts');
    assert.equal(editor.document.lineAt(3).text, '');
    editor.selection = new vscode.Selection(3, 0, 3, 0);
    const asked = offered;
    await vscode.commands.executeCommand('editor.action.inlineSuggest.trigger');
    await waitFor('the provider to be asked', () => offered > asked);
    return editor;
  }

  /** Runs the command bound to Tab until the suggestion (shown asynchronously) is inserted on `line`. */
  async function acceptAll(editor: vscode.TextEditor, line: number): Promise<void> {
    await waitFor(`the suggestion on line ${line + 1}`, async () => {
      await vscode.commands.executeCommand(COMMANDS.acceptInlineSuggestion);
      return editor.document.lineAt(line).text === SUGGESTION;
    });
  }

  it('Tab (accept) inserts the suggestion and records its line as AI code', async () => {
    const editor = await suggestionShown();
    const before = ledgerText();
    await acceptAll(editor, 3);
    const records = await waitFor('the ledger record', () => appended(before).length > 0 && appended(before));
    assert.equal(records.length, 1);
    assert.deepEqual(
      records[0].files.map((f) => ({
        path: f.path,
        conversations: f.conversations.map((c) => ({
          type: c.contributor.type,
          ranges: c.ranges.map((r) => [r.start_line, r.end_line]),
        })),
      })),
      [{ path: 'src/app.ts', conversations: [{ type: 'ai', ranges: [[4, 4]] }] }],
    );
    assert.deepEqual(records[0].metadata, { 'dev.ai-fence': { source: 'completion' } });
  });

  it('accepting word by word, then the rest, records one range, not one per word', async () => {
    const editor = await suggestionShown();
    const before = ledgerText();
    await waitFor('a word to be accepted', async () => {
      await vscode.commands.executeCommand(COMMANDS.acceptInlineSuggestionWord);
      return editor.document.lineAt(3).text !== '';
    });
    const firstWord = editor.document.lineAt(3).text;
    assert.ok(SUGGESTION.startsWith(firstWord) && firstWord.length < SUGGESTION.length, `a word: ${firstWord}`);
    await vscode.commands.executeCommand(COMMANDS.acceptInlineSuggestionWord);
    assert.ok(editor.document.lineAt(3).text.length > firstWord.length, 'a second word');
    await vscode.commands.executeCommand(COMMANDS.acceptInlineSuggestion);
    assert.equal(editor.document.lineAt(3).text, SUGGESTION);
    const records = await waitFor('the ledger record', () => appended(before).length > 0 && appended(before));
    assert.deepEqual(
      records.map((r) => r.files[0].conversations[0].ranges.map((x) => [x.start_line, x.end_line])),
      [[[4, 4]]],
    );
  });

  it('with aiFence.completions.record off, the accept still inserts and records nothing', async () => {
    await setUserValue('aiFence.completions.record', false);
    const editor = await suggestionShown();
    const before = ledgerText();
    await acceptAll(editor, 3);
    // Switched on again, the next accept is the only record: the first sent none.
    await setUserValue('aiFence.completions.record', undefined);
    assert.ok(await editor.edit((b) => b.insert(new vscode.Position(3, SUGGESTION.length), '\n')));
    editor.selection = new vscode.Selection(4, 0, 4, 0);
    await vscode.commands.executeCommand('editor.action.inlineSuggest.trigger');
    await acceptAll(editor, 4);
    const records = await waitFor('the ledger record', () => appended(before).length > 0 && appended(before));
    assert.deepEqual(
      records.map((r) => r.files[0].conversations[0].ranges.map((x) => [x.start_line, x.end_line])),
      [[[5, 5]]],
    );
  });
});
