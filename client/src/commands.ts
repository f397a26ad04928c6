// The "AI Fence: …" commands.
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import {
  type FileStatusRequest,
  StripUnlabeledRequest,
  TranscriptMatchesRequest,
  TranscriptStatusRequest,
} from '../../server/src/protocol';
import type { AgentSetupService } from './agentSetup';
import { COMMANDS, type CommandName } from './commandIds';
import type { EditorPolicy } from './editorPolicy';
import type { InlineAcceptRecorder } from './inlineCompletions';
import type { Log } from './log';
import { labelSelection, pasteAsAiOutput } from './pasteProvider';
import type { ServerData } from './serverData';
import type { ToolPicker } from './toolPicker';
import { noTranscriptMatchMessage, transcriptMatchItem } from './transcriptMatchItems';

export const EXPLAIN_SCHEME = 'ai-fence-explain';

export interface CommandDeps {
  readonly client: LanguageClient;
  readonly policy: EditorPolicy;
  readonly tools: ToolPicker;
  readonly log: Log;
  readonly explanations: ExplainProvider;
  readonly agentSetup: AgentSetupService;
  readonly serverData: ServerData;
  readonly forgetCrashes: () => void;
  readonly inlineAccepts: InlineAcceptRecorder;
}

export class ExplainProvider implements vscode.TextDocumentContentProvider {
  private readonly texts = new Map<string, string>();
  readonly onDidChangeEmitter = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.onDidChangeEmitter.event;

  set(uri: vscode.Uri, text: string): void {
    this.texts.set(uri.toString(), text);
    this.onDidChangeEmitter.fire(uri);
  }

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.texts.get(uri.toString()) ?? '';
  }
}

export function explainText(file: string, s: FileStatusRequest.Result): string {
  if (!s.checked) return `${file}\n\nAI Fence does not check this document (disabled, or not a file).\n`;
  const lines = [
    file,
    '',
    `Effective rule (any AI tool): ${s.ai}, provenance ${s.provenance}${s.zone ? ` (zone ${s.zone.name})` : ' (policy defaults)'}`,
    '',
  ];
  lines.push(
    'Policy files:',
    ...(s.policies.length
      ? s.policies.map((p) => `  ${p.uri} (${p.source})${p.valid ? '' : ' INVALID'}`)
      : ['  none: everything is allowed']),
    '',
  );
  lines.push(
    'Matching zones:',
    ...(s.zones.length
      ? s.zones.map(
          (z) =>
            `  ${z.name}: ai=${z.ai} provenance=${z.provenance} tools=${z.tools.join(',')}  (${z.policyUri}:${z.line + 1})${z.message ? `\n    "${z.message}"` : ''}`,
        )
      : ['  none']),
    '',
  );
  lines.push(
    'Rule per tool:',
    ...s.rules.map(
      (r) => `  ${r.tool.padEnd(12)} ${r.ai.padEnd(5)} provenance ${r.provenance}${r.zone ? `  (zone ${r.zone})` : ''}`,
    ),
    '',
  );
  lines.push(`This file: ${s.aiBlocks} labelled AI blocks, ${s.unlabeled} unlabeled AI regions.`);
  return `${lines.join('\n')}\n`;
}

export function registerCommands(context: vscode.ExtensionContext, deps: CommandDeps): void {
  const handlers = commandHandlers(deps);
  for (const name of Object.keys(handlers) as CommandName[])
    context.subscriptions.push(vscode.commands.registerCommand(COMMANDS[name], handlers[name]));
}

/** One handler per contributed command: the compiler checks none is missing. */
function commandHandlers(deps: CommandDeps): Record<CommandName, () => unknown> {
  const { client, policy, tools, log } = deps;
  return {
    showPolicy: async () => {
      const target = policy.status?.zone?.policyUri ?? policy.status?.policies.at(-1)?.uri;
      if (!target) {
        const choice = await vscode.window.showInformationMessage(
          'AI Fence: no policy applies to this file.',
          'Create Policy',
        );
        if (choice) await vscode.commands.executeCommand(COMMANDS.createPolicy);
        return;
      }
      const line = policy.status?.zone?.line ?? 0;
      await vscode.window.showTextDocument(vscode.Uri.parse(target), {
        selection: new vscode.Range(line, 0, line, 0),
      });
    },

    explainFile: async () => {
      const editor = vscode.window.activeTextEditor;
      if (!editor) return;
      await policy.refresh();
      const uri = vscode.Uri.from({
        scheme: EXPLAIN_SCHEME,
        path: `/${vscode.workspace.asRelativePath(editor.document.uri)}.txt`,
      });
      deps.explanations.set(
        uri,
        explainText(
          vscode.workspace.asRelativePath(editor.document.uri),
          policy.status ?? ({ checked: false } as FileStatusRequest.Result),
        ),
      );
      await vscode.window.showTextDocument(uri, { preview: true, viewColumn: vscode.ViewColumn.Beside });
    },

    createPolicy: async () => {
      if (!vscode.workspace.isTrusted) {
        void vscode.window.showWarningMessage('AI Fence: this workspace is not trusted, so AI Fence writes no files.');
        return;
      }
      const folder = vscode.window.activeTextEditor
        ? vscode.workspace.getWorkspaceFolder(vscode.window.activeTextEditor.document.uri)
        : vscode.workspace.workspaceFolders?.[0];
      if (!folder) {
        void vscode.window.showWarningMessage('AI Fence: open a folder first.');
        return;
      }
      const uri = vscode.Uri.joinPath(folder.uri, '.aifence.json');
      try {
        await vscode.workspace.fs.stat(uri);
        void vscode.window.showInformationMessage('AI Fence: .aifence.json already exists; opening it.');
      } catch {
        const { starterPolicy } = await deps.serverData.get();
        await vscode.workspace.fs.writeFile(uri, Buffer.from(starterPolicy, 'utf8'));
      }
      await vscode.window.showTextDocument(uri);
    },

    labelSelection: () => labelSelection(client, tools),
    pasteAsAiOutput: () => pasteAsAiOutput(client, tools),
    acceptInlineSuggestion: () => deps.inlineAccepts.accept('all'),
    acceptInlineSuggestionWord: () => deps.inlineAccepts.accept('word'),
    acceptInlineSuggestionLine: () => deps.inlineAccepts.accept('line'),

    stripUnlabeled: async () => {
      const editor = vscode.window.activeTextEditor;
      if (!editor) return;
      const edit = await client.sendRequest(StripUnlabeledRequest.type, { uri: editor.document.uri.toString() });
      if (!edit) {
        void vscode.window.showInformationMessage('AI Fence: no unlabeled AI code in this file.');
        return;
      }
      await vscode.workspace.applyEdit(await client.protocol2CodeConverter.asWorkspaceEdit(edit));
    },

    showTranscriptMatches: async () => {
      const editor = vscode.window.activeTextEditor;
      if (!editor) return;
      const matches = await client.sendRequest(TranscriptMatchesRequest.type, { uri: editor.document.uri.toString() });
      if (!matches?.length) {
        const status = matches
          ? await client.sendRequest(TranscriptStatusRequest.type).catch(() => undefined)
          : undefined;
        void vscode.window.showInformationMessage(noTranscriptMatchMessage(matches, status));
        return;
      }
      const items = matches.map((m) => ({ ...transcriptMatchItem(m), match: m }));
      const choice = await vscode.window.showQuickPick(items, {
        title: 'AI Fence: transcript matches',
        matchOnDescription: true,
        matchOnDetail: true,
      });
      if (!choice) return;
      const { startLine, endLine } = choice.match;
      const end = editor.document.lineAt(Math.min(endLine, editor.document.lineCount - 1)).range.end;
      editor.selection = new vscode.Selection(startLine, 0, end.line, end.character);
      editor.revealRange(editor.selection, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
    },

    restartServer: async () => {
      log.info('restarting the server on request');
      policy.forgetCrashes();
      deps.forgetCrashes();
      await client.restart();
    },

    showLogs: () => log.show(),

    installHooks: async () => {
      await deps.agentSetup.install();
      await policy.refresh();
    },

    statusActions: async () => {
      const items: (vscode.QuickPickItem & { command: string })[] = [
        { label: '$(file-code) Show Policy', command: COMMANDS.showPolicy },
        { label: '$(info) Explain Current File', command: COMMANDS.explainFile },
        { label: '$(tag) Label Selection as AI Output', command: COMMANDS.labelSelection },
        { label: '$(clippy) Paste as AI Output', command: COMMANDS.pasteAsAiOutput },
        { label: '$(trash) Strip Unlabeled AI Code in File', command: COMMANDS.stripUnlabeled },
        { label: '$(history) Show Transcript Matches for Current File', command: COMMANDS.showTranscriptMatches },
        { label: '$(new-file) Create Policy', command: COMMANDS.createPolicy },
        { label: '$(plug) Install Agent Hooks', command: COMMANDS.installHooks },
        { label: '$(debug-restart) Restart Server', command: COMMANDS.restartServer },
        { label: '$(output) Show Logs', command: COMMANDS.showLogs },
      ];
      const choice = await vscode.window.showQuickPick(items, { title: 'AI Fence' });
      if (choice) await vscode.commands.executeCommand(choice.command);
    },
  };
}
