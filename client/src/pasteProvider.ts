// "Paste as AI output": a paste edit beside the plain paste, and a command.
// The label text comes from the server's engine, so comment syntax,
// indentation and line endings follow the file.
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { LabelRangeRequest, type LabelSource, LabelTextRequest } from '../../server/src/protocol';
import { clientSettings } from './settings';
import type { ToolPicker } from './toolPicker';

export const PASTE_KIND = vscode.DocumentDropOrPasteEditKind.Text.append('aiFence', 'provenance');

/** Text to insert at `position` so the label sits on lines of its own. */
export async function labelledInsertion(
  client: LanguageClient,
  document: vscode.TextDocument,
  position: vscode.Position,
  text: string,
  tool: string,
  source: LabelSource,
): Promise<string | undefined> {
  const line = document.lineAt(position.line).text;
  const indent = /^[ \t]*/.exec(line)![0];
  const before = line.slice(0, position.character);
  const after = line.slice(position.character);
  const eol = document.eol === vscode.EndOfLine.CRLF ? '\r\n' : '\n';
  const result = await client.sendRequest(LabelTextRequest.type, {
    uri: document.uri.toString(),
    languageId: document.languageId,
    text,
    tool,
    source,
    indent,
  });
  if (result.text === undefined) return undefined;
  // Markers must start their own lines: break the line around them when needed.
  const head = before.trim() === '' ? '' : eol + indent;
  const endsWithBreak = result.text.endsWith('\n') || result.text.endsWith('\r');
  const tail = after.trim() === '' ? '' : endsWithBreak ? indent : eol + indent;
  return head + result.text + tail;
}

export class AiPasteProvider implements vscode.DocumentPasteEditProvider {
  constructor(
    private readonly client: LanguageClient,
    private readonly tools: ToolPicker,
  ) {}

  async provideDocumentPasteEdits(
    document: vscode.TextDocument,
    ranges: readonly vscode.Range[],
    dataTransfer: vscode.DataTransfer,
  ): Promise<vscode.DocumentPasteEdit[] | undefined> {
    const mode = clientSettings(document.uri).pasteLabelDefault;
    if (mode === 'never' || ranges.length !== 1) return undefined;
    const text = await dataTransfer.get('text/plain')?.asString();
    if (!text) return undefined;
    const tool = this.tools.remembered() ?? (mode === 'always' ? await this.tools.pick() : 'other');
    if (!tool) return undefined;
    const insert = await labelledInsertion(this.client, document, ranges[0].start, text, tool, 'paste');
    if (insert === undefined) return undefined;
    const edit = new vscode.DocumentPasteEdit(insert, `Paste as AI output (${tool}, with provenance)`, PASTE_KIND);
    // "ask" keeps the plain paste first and offers this one in the paste menu.
    if (mode === 'ask') edit.yieldTo = [vscode.DocumentDropOrPasteEditKind.Text];
    return [edit];
  }
}

export async function pasteAsAiOutput(client: LanguageClient, tools: ToolPicker): Promise<void> {
  const editor = vscode.window.activeTextEditor;
  if (!editor) return;
  const text = await vscode.env.clipboard.readText();
  if (!text) {
    void vscode.window.showInformationMessage('AI Fence: the clipboard holds no text to paste.');
    return;
  }
  const tool = await tools.tool();
  if (!tool) return;
  const selection = editor.selection;
  const insert = await labelledInsertion(client, editor.document, selection.start, text, tool, 'paste');
  if (insert === undefined) {
    void vscode.window.showWarningMessage(
      `AI Fence: ${editor.document.languageId} files have no comment syntax for provenance markers; pasted without a label.`,
    );
    await editor.edit((b) => b.replace(selection, text));
    return;
  }
  await editor.edit((b) => b.replace(selection, insert));
}

export async function labelSelection(client: LanguageClient, tools: ToolPicker): Promise<void> {
  const editor = vscode.window.activeTextEditor;
  if (!editor) return;
  const tool = await tools.pick();
  if (!tool) return;
  const { start, end } = editor.selection;
  const endLine = end.character === 0 && end.line > start.line ? end.line - 1 : end.line;
  const edit = await client.sendRequest(LabelRangeRequest.type, {
    uri: editor.document.uri.toString(),
    startLine: start.line,
    endLine,
    tool,
    source: 'manual',
  });
  if (!edit) {
    void vscode.window.showInformationMessage(
      'AI Fence: nothing to label (already labelled, or this file type has no comment syntax).',
    );
    return;
  }
  await vscode.workspace.applyEdit(await client.protocol2CodeConverter.asWorkspaceEdit(edit));
}
