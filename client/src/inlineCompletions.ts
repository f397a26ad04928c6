// Accepting an inline suggestion with Tab runs VS Code's own accept and then
// records the lines it inserted as an Agent Trace range in the ledger, so the
// completion counts as AI code like an agent's edit. The keybinding applies
// only while a suggestion is shown, so Tab indents as usual otherwise.
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { RecordCompletionRequest } from '../../server/src/protocol';
import type { DetectedAssistant } from './assistants';
import { insertedLines } from './insertedLines';
import type { Log } from './log';
import { clientSettings } from './settings';

export async function acceptInlineSuggestion(
  client: LanguageClient,
  assistants: () => readonly DetectedAssistant[],
  log: Log,
): Promise<void> {
  const editor = vscode.window.activeTextEditor;
  const before = editor?.document.getText();
  await vscode.commands.executeCommand('editor.action.inlineSuggest.commit');
  if (!editor || before === undefined || !vscode.workspace.isTrusted) return;
  if (!clientSettings(editor.document.uri).recordCompletions) return;
  const lines = insertedLines(before, editor.document.getText());
  if (!lines) return;
  // Inline suggestions do not say which extension offered them: the one active assistant, else "other".
  const active = [
    ...new Set(
      assistants()
        .filter((a) => a.active)
        .map((a) => a.tool),
    ),
  ];
  const tool = active.length === 1 ? active[0] : 'other';
  const result = await client
    .sendRequest(RecordCompletionRequest.type, { uri: editor.document.uri.toString(), ...lines, tool })
    .catch((e: Error) => log.error(`could not record the accepted suggestion: ${e.message}`));
  if (result)
    log.info(
      `recorded an accepted ${tool} suggestion (lines ${lines.startLine + 1}-${lines.endLine + 1}) in ${result.ledger}`,
    );
}
