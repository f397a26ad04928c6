// "Paste as AI output": a paste edit beside the plain paste, and a command.
// Text the AI tools' transcripts say they produced is labelled with its real
// origin by default, and pasting it into a zone that blocks that tool warns.
// The label text comes from the server's engine, so comment syntax,
// indentation and line endings follow the file.
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import {
  LabelRangeRequest,
  type LabelSource,
  LabelTextRequest,
  TranscriptOriginRequest,
} from '../../server/src/protocol';
import type { Log } from './log';
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
  produced: { readonly model?: string; readonly at?: string } = {},
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
    model: produced.model,
    at: produced.at,
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

/** A paste slower than this to match against the transcripts is treated as unmatched: a paste must not hang. */
const ORIGIN_DEADLINE_MS = 1000;

type Origin = TranscriptOriginRequest.Result;

async function transcriptOrigin(client: LanguageClient, uri: vscode.Uri, text: string): Promise<Origin | null> {
  if (!vscode.workspace.isTrusted) return null;
  const deadline = new Promise<null>((r) => setTimeout(() => r(null), ORIGIN_DEADLINE_MS));
  const asked = client.sendRequest(TranscriptOriginRequest.type, { uri: uri.toString(), text }).catch(() => null);
  return Promise.race([asked, deadline]);
}

export class AiPasteProvider implements vscode.DocumentPasteEditProvider {
  constructor(
    private readonly client: LanguageClient,
    private readonly tools: ToolPicker,
    private readonly log: Log,
  ) {}

  async provideDocumentPasteEdits(
    document: vscode.TextDocument,
    ranges: readonly vscode.Range[],
    dataTransfer: vscode.DataTransfer,
  ): Promise<vscode.DocumentPasteEdit[] | undefined> {
    if (ranges.length !== 1) return undefined;
    const text = await dataTransfer.get('text/plain')?.asString();
    if (!text) return undefined;
    const mode = clientSettings(document.uri).pasteLabelDefault;
    const origin = await transcriptOrigin(this.client, document.uri, text);
    const insert =
      mode === 'never' ? undefined : await this.labelled(document, ranges[0].start, text, origin, mode === 'always');
    if (origin?.ai === 'block') this.warnAfterPaste(document, ranges[0], text, insert, origin);
    if (insert === undefined) return undefined;
    const tool = origin?.tool ?? insert.tool;
    const model = origin?.model ? `, ${origin.model}` : '';
    const edit = new vscode.DocumentPasteEdit(
      insert.text,
      `Paste as AI output (${tool}${model}, with provenance)`,
      PASTE_KIND,
    );
    // Text the transcripts say an AI produced is labelled by default; otherwise
    // "ask" keeps the plain paste first and offers this one in the paste menu.
    if (!origin && mode === 'ask') edit.yieldTo = [vscode.DocumentDropOrPasteEditKind.Text];
    return [edit];
  }

  /** The labelled text: the transcript's tool, model and time when it matched, else the user's tool. */
  private async labelled(
    document: vscode.TextDocument,
    position: vscode.Position,
    text: string,
    origin: Origin | null,
    pickIfUnknown: boolean,
  ): Promise<{ text: string; tool: string } | undefined> {
    const tool = origin?.tool ?? this.tools.remembered() ?? (pickIfUnknown ? await this.tools.pick() : 'other');
    if (!tool) return undefined;
    const label = origin ? { model: origin.model, at: origin.at } : {};
    const insert = await labelledInsertion(this.client, document, position, text, tool, 'paste', label);
    return insert === undefined ? undefined : { text: insert, tool };
  }

  /**
   * Once the paste lands (labelled or plain), warns that the zone blocks the
   * tool that produced it, with Undo Paste (puts back exactly what the paste
   * replaced), Keep (labelled) and Show Policy.
   */
  private warnAfterPaste(
    document: vscode.TextDocument,
    range: vscode.Range,
    text: string,
    labelled: { text: string } | undefined,
    origin: Origin,
  ): void {
    const replaced = document.getText(range);
    const listener = vscode.workspace.onDidChangeTextDocument((e) => {
      if (e.document !== document) return;
      const change = e.contentChanges.find((c) => c.text === labelled?.text || c.text === text);
      if (!change) return;
      done();
      const start = change.range.start;
      const end = document.positionAt(document.offsetAt(start) + change.text.length);
      void this.warn(document, new vscode.Range(start, end), replaced, change.text !== text, text, origin);
    });
    const timer = setTimeout(() => done(), 10_000);
    const done = () => {
      clearTimeout(timer);
      listener.dispose();
    };
  }

  private async warn(
    document: vscode.TextDocument,
    pasted: vscode.Range,
    replaced: string,
    isLabelled: boolean,
    text: string,
    origin: Origin,
  ): Promise<void> {
    const zone = origin.zone;
    const when = origin.at ? ` at ${origin.at}` : '';
    const message = `AI Fence: this paste matches ${origin.tool} output (session ${origin.session}${when}), and zone "${zone?.name ?? 'default'}" blocks ${origin.tool}.${zone?.message ? ` ${zone.message}` : ''}`;
    const choice = await vscode.window.showWarningMessage(message, UNDO_PASTE, KEEP_LABELLED, SHOW_POLICY);
    this.log.info(
      `paste of ${origin.tool} output into blocked zone ${zone?.name ?? 'default'}: ${choice ?? 'dismissed'}`,
    );
    if (choice === UNDO_PASTE) {
      const edit = new vscode.WorkspaceEdit();
      edit.replace(document.uri, pasted, replaced);
      await vscode.workspace.applyEdit(edit);
    } else if (choice === KEEP_LABELLED && !isLabelled) {
      const insert = await labelledInsertion(this.client, document, pasted.start, text, origin.tool, 'paste', origin);
      if (insert === undefined) return;
      const edit = new vscode.WorkspaceEdit();
      edit.replace(document.uri, pasted, insert);
      await vscode.workspace.applyEdit(edit);
    } else if (choice === SHOW_POLICY && zone) {
      const policy = await vscode.workspace.openTextDocument(vscode.Uri.parse(zone.policyUri));
      const line = new vscode.Position(zone.line, 0);
      await vscode.window.showTextDocument(policy, { selection: new vscode.Range(line, line) });
    }
  }
}

export const UNDO_PASTE = 'Undo Paste';
export const KEEP_LABELLED = 'Keep (labelled)';
export const SHOW_POLICY = 'Show Policy';

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
