// Follows the active editor: asks the server for its policy status and fans
// the answer out to the status bar, the AI switch, zone warnings and
// decorations.
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { FileStatusRequest, type PolicyStateNotification, TranscriptStatusRequest } from '../../server/src/protocol';
import type { AgentSetupService } from './agentSetup';
import { type AiSwitch, shouldSwitchOff } from './aiSwitch';
import { blockedAssistants, type DetectedAssistant, detectAssistants } from './assistants';
import { COMMANDS } from './commandIds';
import type { AiDecorations } from './decorations';
import type { Log } from './log';
import { clientSettings } from './settings';
import type { StatusBar } from './statusBar';
import type { ServerState } from './statusModel';

const SILENCED_ZONES = 'aiFence.silencedZoneWarnings';

export class EditorPolicy implements vscode.Disposable {
  private currentStatus: FileStatusRequest.Result | undefined;
  private policyState: PolicyStateNotification.Params | undefined;
  private serverState: ServerState = 'starting';
  private crashCount = 0;
  private assistants: DetectedAssistant[] = [];
  private readonly warnedZones = new Set<string>();
  /** Zones where the user chose "Disable AI Here" this session, whatever aiFence.switchOffAi says. */
  private readonly switchOffZones = new Set<string>();
  private readonly disposables: vscode.Disposable[] = [];
  private refreshing: Promise<void> = Promise.resolve();
  private readonly refreshed = new vscode.EventEmitter<FileStatusRequest.Result | undefined>();
  /** Fires after each refresh, with the status it found (tests wait on it). */
  readonly onDidRefresh = this.refreshed.event;

  constructor(
    private readonly client: LanguageClient,
    private readonly statusBar: StatusBar,
    private readonly aiSwitch: AiSwitch,
    private readonly decorations: AiDecorations,
    private readonly state: vscode.Memento,
    private readonly log: Log,
    private readonly agentSetup: AgentSetupService,
  ) {
    this.detectAssistants();
    this.disposables.push(
      vscode.window.onDidChangeActiveTextEditor(() => this.refresh()),
      vscode.languages.onDidChangeDiagnostics((e) => {
        const active = vscode.window.activeTextEditor?.document.uri.toString();
        if (active && e.uris.some((u) => u.toString() === active)) this.refresh();
      }),
      vscode.extensions.onDidChange(() => {
        this.detectAssistants();
        this.refresh();
      }),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('aiFence')) this.refresh();
      }),
      this.refreshed,
    );
  }

  private detectAssistants(): void {
    this.assistants = detectAssistants(
      vscode.extensions.all.map((e) => ({ id: e.id, isActive: e.isActive, displayName: e.packageJSON?.displayName })),
    );
  }

  /** The active editor's status from the last refresh. */
  /** AI assistant extensions installed, active ones first. */
  get detectedAssistants(): readonly DetectedAssistant[] {
    return this.assistants;
  }

  get status(): FileStatusRequest.Result | undefined {
    return this.currentStatus;
  }

  get server(): ServerState {
    return this.serverState;
  }

  /** How often the server crashed since it last started on purpose. */
  get crashes(): number {
    return this.crashCount;
  }

  setPolicyState(p: PolicyStateNotification.Params): void {
    this.policyState = p;
    this.agentSetup.invalidate();
    this.refresh();
  }

  setServerState(state: ServerState): void {
    this.serverState = state;
    this.refresh();
  }

  serverCrashed(restarting: boolean, crashes: number): void {
    this.crashCount = crashes;
    this.setServerState(restarting ? 'restarting' : 'stopped');
  }

  /** The user restarts the server: earlier crashes no longer count. */
  forgetCrashes(): void {
    this.crashCount = 0;
  }

  /** Re-reads the active editor's status; calls are serialised so the last one wins. */
  refresh(): Promise<void> {
    this.refreshing = this.refreshing
      .then(() => this.doRefresh())
      .catch((e) => this.log.error(`status refresh failed: ${(e as Error).message}`));
    return this.refreshing;
  }

  private async doRefresh(): Promise<void> {
    const editor = vscode.window.activeTextEditor;
    let status: FileStatusRequest.Result | undefined;
    if (editor && this.serverState === 'running') {
      status = await this.client.sendRequest(FileStatusRequest.type, { uri: editor.document.uri.toString() });
    }
    this.currentStatus = status;
    const settings = clientSettings(editor?.document.uri);
    const block = !!status?.checked && status.ai === 'block';
    const optedIn = this.switchOffZones.has(zoneKey(status));
    if (
      shouldSwitchOff({ blocked: block, settingOn: settings.switchOffAi, optedIn, trusted: vscode.workspace.isTrusted })
    )
      await this.aiSwitch.switchOff(settings.disableAllAi);
    else await this.aiSwitch.restore();
    const folder = editor && vscode.workspace.getWorkspaceFolder(editor.document.uri);
    const agentSetup = folder && status?.policies.length ? await this.agentSetup.status(folder) : undefined;
    const transcripts =
      this.serverState === 'running'
        ? await this.client.sendRequest(TranscriptStatusRequest.type).catch(() => undefined)
        : undefined;
    this.statusBar.render(
      {
        status,
        policy: this.policyState,
        server: this.serverState,
        crashes: this.crashCount,
        aiSwitchedOff: this.aiSwitch.isOff,
        assistants: this.assistants,
        trusted: vscode.workspace.isTrusted,
        agentSetup,
        transcripts,
      },
      !!editor || this.serverState !== 'running' || this.policyState?.valid === false,
    );
    if (editor) this.decorations.apply(editor, status, settings.decorations);
    if (status && block && settings.warnOnOpen) this.warnAboutAssistants(status);
    this.refreshed.fire(status);
  }

  private warnAboutAssistants(status: FileStatusRequest.Result): void {
    const zone = zoneKey(status);
    const silenced = this.state.get<string[]>(SILENCED_ZONES, []);
    if (this.warnedZones.has(zone) || silenced.includes(zone)) return;
    const blocked = blockedAssistants(this.assistants, status.rules);
    if (!blocked.length) return;
    this.warnedZones.add(zone);
    const names = [...new Set(blocked.map((a) => a.displayName))].join(', ');
    const message = `AI Fence: zone "${zone}" blocks ${names}.${status.zone?.message ? ` ${status.zone.message}` : ''}`;
    const actions = ['Disable AI Here', 'Show Policy', "Don't Show Again"];
    void vscode.window.showWarningMessage(message, ...actions).then(async (choice) => {
      if (choice === 'Disable AI Here') {
        this.switchOffZones.add(zone);
        await this.refresh();
      } else if (choice === 'Show Policy') await vscode.commands.executeCommand(COMMANDS.showPolicy);
      else if (choice === "Don't Show Again") await this.state.update(SILENCED_ZONES, [...silenced, zone]);
    });
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }
}

function zoneKey(status: FileStatusRequest.Result | undefined): string {
  return status?.zone?.name ?? '(policy default)';
}
