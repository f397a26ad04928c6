// Accepting an inline suggestion from a provider the test registers, through
// the commands AI Fence binds to Tab and Ctrl+Right (they run VS Code's own
// accept): the text is inserted and the inserted lines are recorded as one
// Agent Trace range (contributor "ai") in the workspace's ledger. Where the
// zone requires provenance (eval/), a multi-line accept is also labelled.
import * as assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as vscode from 'vscode';
import { COMMANDS } from '../../../client/src/commandIds';
import { closeAll, fileUri, open, resetState, setUserValue, waitFor } from './util';

const LEDGER = '.agent-trace/traces.jsonl';
const SUGGESTION = 'export const total = items.reduce((sum, item) => sum + item.price, 0);';
const MULTI_LINE = [
  'export function mean(xs: number[]): number {',
  '  const sum = xs.reduce((a, b) => a + b, 0);',
  '  return sum / xs.length;',
  '}',
].join('\n');

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
  /** What the provider offers. */
  let suggestion = SUGGESTION;

  before(async () => {
    await resetState();
    // Offers the suggestion at the end of an empty line 4 of src/app.ts or eval/score.ts, once per request.
    provider = vscode.languages.registerInlineCompletionItemProvider(
      { pattern: '**/{src/app.ts,eval/score.ts}' },
      {
        provideInlineCompletionItems: (document, position) => {
          if (document.lineAt(position.line).text.trim() !== '') return [];
          offered++;
          return [new vscode.InlineCompletionItem(suggestion, new vscode.Range(position, position))];
        },
      },
    );
  });
  after(() => provider.dispose());
  afterEach(async () => {
    suggestion = SUGGESTION;
    await closeAll();
  });

  /** Opens `file` with the cursor on empty line 4 and waits until the suggestion is offered. */
  async function suggestionShown(file = 'src/app.ts'): Promise<vscode.TextEditor> {
    const editor = await open(file);
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

  /** Accepts the multi-line suggestion shown on line 4 of `file`; returns the text before it and the ledger records. */
  async function acceptMultiLine(
    file: string,
  ): Promise<{ before: string; editor: vscode.TextEditor; records: TraceRecord[] }> {
    suggestion = MULTI_LINE;
    const editor = await suggestionShown(file);
    const before = editor.document.getText();
    const ledgerBefore = ledgerText();
    await waitFor('the multi-line suggestion', async () => {
      await vscode.commands.executeCommand(COMMANDS.acceptInlineSuggestion);
      return editor.document.getText().includes(MULTI_LINE);
    });
    const records = await waitFor(
      'the ledger record',
      () => appended(ledgerBefore).length > 0 && appended(ledgerBefore),
    );
    return { before, editor, records };
  }

  const recordedRanges = (records: TraceRecord[]) =>
    records.map((r) => r.files[0].conversations[0].ranges.map((x) => [x.start_line, x.end_line]));
  /** `text` with `inserted` on (empty) line 4. */
  const withLine4 = (text: string, inserted: string) => {
    const lines = text.split('\n');
    lines[3] = inserted;
    return lines.join('\n');
  };

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

  it('a multi-line accept in a zone requiring provenance is labelled (tool, source=completion, time), as one undo', async () => {
    const started = new Date(Math.floor(Date.now() / 1000) * 1000);
    const { before, editor, records } = await acceptMultiLine('eval/score.ts');
    const text = editor.document.getText();
    const begin = /^\/\/ ai-provenance: begin id=([0-9a-f]{8}) tool=other at=(\S+) source=completion hash=(\S+)$/m.exec(
      text,
    );
    assert.ok(begin, `a begin marker in:\n${text}`);
    const [, id, at, hash] = begin;
    assert.ok(started <= new Date(at) && new Date(at) <= new Date(), `labelled now: ${at}`);
    assert.equal(hash, `sha256:${createHash('sha256').update(MULTI_LINE).digest('hex').slice(0, 16)}`);
    const label = `// ai-provenance: begin id=${id} tool=other at=${at} source=completion hash=${hash}`;
    assert.equal(text, withLine4(before, `${label}\n${MULTI_LINE}\n// ai-provenance: end id=${id}`));
    // The ledger range is the suggestion's lines, below the begin marker.
    assert.deepEqual(recordedRanges(records), [[[5, 8]]]);
    await vscode.commands.executeCommand('undo');
    assert.equal(editor.document.getText(), withLine4(before, MULTI_LINE));
  });

  it('a single-line accept in a zone requiring provenance is not labelled', async () => {
    const editor = await suggestionShown('eval/score.ts');
    const before = editor.document.getText();
    const ledgerBefore = ledgerText();
    await acceptAll(editor, 3);
    await waitFor('the ledger record', () => appended(ledgerBefore).length > 0);
    assert.equal(editor.document.getText(), withLine4(before, SUGGESTION));
  });

  it('a multi-line accept where provenance is optional is not labelled', async () => {
    const { before, editor, records } = await acceptMultiLine('src/app.ts');
    assert.equal(editor.document.getText(), withLine4(before, MULTI_LINE));
    assert.deepEqual(recordedRanges(records), [[[4, 7]]]);
  });
});
