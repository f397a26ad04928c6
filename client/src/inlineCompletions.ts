// Accepting an inline suggestion (Tab, or word by word, or line by line) runs
// VS Code's own accept and then records the lines it inserted as an Agent
// Trace range in the ledger, so the completion counts as AI code like an
// agent's edit. The keybindings apply only while a suggestion is shown, so Tab
// indents as usual otherwise. Partial accepts of one suggestion are recorded
// together, once the suggestion is fully accepted, the user edits, or a pause.
// Where the file's zone requires provenance, a multi-line accept is also
// wrapped in a provenance label (source=completion) before it is recorded.
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { FileStatusRequest, LabelRangeRequest, RecordCompletionRequest } from '../../server/src/protocol';
import { type AcceptedRange, mergeAccepted } from './acceptedRange';
import type { DetectedAssistant } from './assistants';
import { needsCompletionLabel } from './completionLabel';
import { insertedLines } from './insertedLines';
import type { Log } from './log';
import { clientSettings } from './settings';

/** VS Code's accept commands that AI Fence wraps. */
export const ACCEPT_COMMANDS = {
  all: 'editor.action.inlineSuggest.commit',
  word: 'editor.action.inlineSuggest.acceptNextWord',
  line: 'editor.action.inlineSuggest.acceptNextLine',
} as const;
export type AcceptKind = keyof typeof ACCEPT_COMMANDS;

/** Partial accepts this far apart are separate completions. */
export const PARTIAL_ACCEPT_PAUSE_MS = 2000;

type PendingAccept = AcceptedRange & { tool: string };

export class InlineAcceptRecorder implements vscode.Disposable {
  private pending: PendingAccept | undefined;
  private pause: NodeJS.Timeout | undefined;
  private accepting = false;
  /** Any other edit of the pending document ends the completion: record it before it drifts further. */
  private readonly edits = vscode.workspace.onDidChangeTextDocument((e) => {
    if (!this.accepting && e.contentChanges.length && e.document.uri.toString() === this.pending?.uri)
      void this.flush();
  });

  constructor(
    private readonly client: LanguageClient,
    private readonly assistants: () => readonly DetectedAssistant[],
    private readonly log: Log,
  ) {}

  async accept(kind: AcceptKind): Promise<void> {
    const editor = vscode.window.activeTextEditor;
    const before = editor?.document.getText();
    const versionBefore = editor?.document.version;
    this.accepting = true;
    try {
      await vscode.commands.executeCommand(ACCEPT_COMMANDS[kind]);
    } finally {
      this.accepting = false;
    }
    if (!editor || before === undefined || versionBefore === undefined || !vscode.workspace.isTrusted) return;
    if (!clientSettings(editor.document.uri).recordCompletions) return;
    const doc = editor.document;
    const after = doc.getText();
    const lineDelta = after.split('\n').length - before.split('\n').length;
    const lines = insertedLines(before, after);
    const uri = doc.uri.toString();
    const next = lines
      ? { uri, ...lines, version: doc.version, tool: this.tool() }
      : // Only whitespace (a line break, an indent): a pending range just moves on.
        this.pending?.uri === uri
        ? { ...this.pending, startLine: this.pending.endLine, version: doc.version }
        : undefined;
    if (next && after !== before) {
      const merged = this.pending && mergeAccepted(this.pending, next, versionBefore, lineDelta);
      if (merged) this.pending = { ...merged, tool: this.pending!.tool };
      else if (lines) {
        await this.flush();
        this.pending = next;
      }
    }
    clearTimeout(this.pause);
    if (kind === 'all') await this.flush();
    else this.pause = setTimeout(() => void this.flush(), PARTIAL_ACCEPT_PAUSE_MS);
  }

  /** Labels the pending range where required, then records it, if any. */
  async flush(): Promise<void> {
    clearTimeout(this.pause);
    const pending = this.pending;
    this.pending = undefined;
    if (!pending) return;
    const labelled = await this.label(pending).catch((e: Error) => {
      this.log.error(`could not label the accepted suggestion: ${e.message}`);
      return false;
    });
    // The begin marker went in above the accepted lines.
    const p = labelled ? { ...pending, startLine: pending.startLine + 1, endLine: pending.endLine + 1 } : pending;
    const result = await this.client
      .sendRequest(RecordCompletionRequest.type, {
        uri: p.uri,
        startLine: p.startLine,
        endLine: p.endLine,
        tool: p.tool,
      })
      .catch((e: Error) => this.log.error(`could not record the accepted suggestion: ${e.message}`));
    if (result)
      this.log.info(
        `recorded an accepted ${p.tool} suggestion (lines ${p.startLine + 1}-${p.endLine + 1}) in ${result.ledger}`,
      );
  }

  /** Wraps the accepted lines in a provenance label, as one edit, when the zone requires it; true when it did. */
  private async label(p: PendingAccept): Promise<boolean> {
    const status = await this.client.sendRequest(FileStatusRequest.type, { uri: p.uri });
    if (!needsCompletionLabel(status, p.tool, p.startLine, p.endLine)) return false;
    const edit = await this.client.sendRequest(LabelRangeRequest.type, {
      uri: p.uri,
      startLine: p.startLine,
      endLine: p.endLine,
      tool: p.tool,
      source: 'completion',
    });
    // Edited since the accept: the lines may have moved, so label none rather than the wrong ones.
    const doc = vscode.workspace.textDocuments.find((d) => d.uri.toString() === p.uri);
    if (!edit || doc?.version !== p.version) return false;
    const applied = await vscode.workspace.applyEdit(await this.client.protocol2CodeConverter.asWorkspaceEdit(edit));
    if (applied) this.log.info(`labelled an accepted ${p.tool} suggestion (lines ${p.startLine + 1}-${p.endLine + 1})`);
    return applied;
  }

  dispose(): void {
    this.edits.dispose();
    void this.flush();
  }

  /** Inline suggestions do not say which extension offered them: the one active assistant, else "other". */
  private tool(): string {
    const active = [
      ...new Set(
        this.assistants()
          .filter((a) => a.active)
          .map((a) => a.tool),
      ),
    ];
    return active.length === 1 ? active[0] : 'other';
  }
}
