// Extension entry: creates the pieces and wires them together.
import * as vscode from 'vscode';
import { type LanguageClient, State } from 'vscode-languageclient/node';
import { PolicyStateNotification } from '../../server/src/protocol';
import { AgentSetupService } from './agentSetup';
import { AiSwitch } from './aiSwitch';
import { mementoJournal, vscodeSettingsStore } from './aiSwitchStores';
import { EXPLAIN_SCHEME, ExplainProvider, registerCommands } from './commands';
import { AiDecorations } from './decorations';
import { EditorPolicy } from './editorPolicy';
import { InlineAcceptRecorder } from './inlineCompletions';
import { createLanguageClient } from './languageClient';
import { createLog } from './log';
import { AiPasteProvider, PASTE_KIND } from './pasteProvider';
import { ServerData } from './serverData';
import { StatusBar } from './statusBar';
import { ToolPicker } from './toolPicker';

let client: LanguageClient | undefined;
let aiSwitch: AiSwitch | undefined;

/** What the extension exposes to its own tests. */
export interface AiFenceApi {
  readonly policy: EditorPolicy;
  readonly statusBar: StatusBar;
  readonly aiSwitch: AiSwitch;
  readonly client: LanguageClient;
  readonly pasteProvider: AiPasteProvider;
  /** How long activate() took, for the benchmark. */
  readonly activationMs: number;
}

export async function activate(context: vscode.ExtensionContext): Promise<AiFenceApi | undefined> {
  const started = Date.now();
  const log = createLog();
  context.subscriptions.push(log);
  try {
    // Settings are written to the user level unless a more specific level decides the value.
    aiSwitch = new AiSwitch(
      vscodeSettingsStore(() => vscode.window.activeTextEditor?.document.uri),
      mementoJournal(context.globalState),
      (m) => log.warn(m),
    );
    // A crash or reload may have left AI switched off: put the user's values back first.
    await aiSwitch.restore();

    const managed = createLanguageClient(context, log, {
      onCrash: (restarting, crashes) => policy.serverCrashed(restarting, crashes),
    });
    const languageClient = managed.client;
    client = languageClient;
    const statusBar = new StatusBar();
    const decorations = new AiDecorations(context);
    const serverData = new ServerData(languageClient);
    const tools = new ToolPicker(context.globalState, serverData);
    const agentSetup = new AgentSetupService(context.asAbsolutePath('dist/cli.js'), log);
    const policy = new EditorPolicy(
      languageClient,
      statusBar,
      aiSwitch,
      decorations,
      context.globalState,
      log,
      agentSetup,
    );
    const explanations = new ExplainProvider();
    context.subscriptions.push(
      statusBar,
      decorations,
      policy,
      vscode.workspace.registerTextDocumentContentProvider(EXPLAIN_SCHEME, explanations),
    );

    context.subscriptions.push(
      languageClient.onDidChangeState((e) => {
        if (e.newState === State.Running) policy.setServerState('running');
        else if (e.newState === State.Starting) policy.setServerState('restarting');
      }),
    );
    const inlineAccepts = new InlineAcceptRecorder(languageClient, () => policy.detectedAssistants, log);
    context.subscriptions.push(inlineAccepts);
    registerCommands(context, {
      client: languageClient,
      policy,
      tools,
      log,
      explanations,
      agentSetup,
      serverData,
      forgetCrashes: managed.forgetCrashes,
      inlineAccepts,
    });
    const pasteProvider = new AiPasteProvider(languageClient, tools, log);
    context.subscriptions.push(
      vscode.languages.registerDocumentPasteEditProvider([{ scheme: 'file' }, { scheme: 'untitled' }], pasteProvider, {
        providedPasteEditKinds: [PASTE_KIND],
        pasteMimeTypes: ['text/plain'],
      }),
    );

    // The server reads transcripts only in a trusted workspace: restart it when trust is granted.
    context.subscriptions.push(vscode.workspace.onDidGrantWorkspaceTrust(() => void languageClient.restart()));
    await languageClient.start();
    context.subscriptions.push(
      languageClient.onNotification(PolicyStateNotification.type, (p) => policy.setPolicyState(p)),
    );
    // Fetched while the server is up, so it is at hand even if the server later stops.
    void serverData.get().catch((e: Error) => log.error(`could not get the server's data: ${e.message}`));
    policy.setServerState('running');
    const activationMs = Date.now() - started;
    log.info(
      `AI Fence started in ${activationMs} ms (workspace ${vscode.workspace.isTrusted ? 'trusted' : 'untrusted: limited mode'})`,
    );
    return { policy, statusBar, aiSwitch, client: languageClient, pasteProvider, activationMs };
  } catch (e) {
    const message = `AI Fence failed to start: ${(e as Error).message}`;
    log.error(message);
    void vscode.window.showErrorMessage(message, 'Show Logs').then((c) => c && log.show());
    return undefined;
  }
}

export async function deactivate(): Promise<void> {
  await aiSwitch?.restore();
  await client?.stop();
}
