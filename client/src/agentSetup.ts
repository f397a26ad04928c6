// Agent hooks and ignore files for a workspace folder, through the bundled
// CLI (`install-hooks`, `sync`), so the editor does exactly what CI and the
// README describe.
import { execFile } from 'node:child_process';
import * as vscode from 'vscode';
import { globalCliVersion, hookCommandChoices, INSTALL_CLI } from './globalCli';
import type { Log } from './log';

export interface AgentSetup {
  readonly hooks: 'installed' | 'missing' | 'unknown';
  readonly ignoreFiles: 'in-sync' | 'drifted' | 'unknown';
}

export class AgentSetupService {
  private readonly cache = new Map<string, Promise<AgentSetup>>();

  constructor(
    private readonly cli: string,
    private readonly log: Log,
  ) {}

  /** Runs the CLI in `cwd`; resolves with its exit code and output. */
  run(args: string[], cwd: string): Promise<{ code: number; stdout: string; stderr: string }> {
    return new Promise((resolve) => {
      // ELECTRON_RUN_AS_NODE lets desktop VS Code's binary run plain Node scripts.
      execFile(
        process.execPath,
        [this.cli, ...args],
        { cwd, env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' }, timeout: 60_000 },
        (error, stdout, stderr) => {
          const code = error ? (typeof error.code === 'number' ? error.code : 2) : 0;
          resolve({ code, stdout, stderr });
        },
      );
    });
  }

  status(folder: vscode.WorkspaceFolder): Promise<AgentSetup> {
    const key = folder.uri.fsPath;
    let p = this.cache.get(key);
    if (!p) {
      p = Promise.all([this.run(['install-hooks', '--check'], key), this.run(['sync', '--check'], key)]).then(
        ([hooks, sync]) =>
          ({
            hooks: hooks.code === 0 ? 'installed' : hooks.code === 1 ? 'missing' : 'unknown',
            ignoreFiles: sync.code === 0 ? 'in-sync' : sync.code === 1 ? 'drifted' : 'unknown',
          }) as AgentSetup,
      );
      this.cache.set(key, p);
    }
    return p;
  }

  invalidate(): void {
    this.cache.clear();
  }

  async install(): Promise<void> {
    if (!vscode.workspace.isTrusted) {
      void vscode.window.showWarningMessage(
        'AI Fence: this workspace is not trusted, so AI Fence writes no hooks or ignore files.',
      );
      return;
    }
    const editor = vscode.window.activeTextEditor;
    const folder =
      (editor && vscode.workspace.getWorkspaceFolder(editor.document.uri)) ?? vscode.workspace.workspaceFolders?.[0];
    if (!folder) {
      void vscode.window.showWarningMessage('AI Fence: open a folder first.');
      return;
    }
    const globalVersion = await globalCliVersion();
    const how = await vscode.window.showQuickPick(hookCommandChoices(globalVersion, this.cli), {
      title: 'How should agent hooks run AI Fence?',
    });
    if (!how) return;
    const cwd = folder.uri.fsPath;
    const hooks = await this.run(['install-hooks', '--command', how.command], cwd);
    const sync = hooks.code === 0 ? await this.run(['sync'], cwd) : undefined;
    this.log.info(
      `install-hooks (${hooks.code}):\n${hooks.stdout}${hooks.stderr}${sync ? `sync (${sync.code}):\n${sync.stderr}` : ''}`,
    );
    this.invalidate();
    if (hooks.code !== 0 || (sync && sync.code !== 0)) {
      void vscode.window
        .showErrorMessage(
          `AI Fence: installing hooks failed: ${(hooks.stderr || sync?.stderr || '').trim().split('\n')[0]}`,
          'Show Logs',
        )
        .then((c) => c && this.log.show());
      return;
    }
    if (how.command === 'ai-fence' && !globalVersion)
      void vscode.window.showWarningMessage(
        `AI Fence: the hooks call "ai-fence", which is not on PATH, so they block every tool call until you run: ${INSTALL_CLI}`,
      );
    void vscode.window
      .showInformationMessage(
        `AI Fence: agent hooks installed and ignore files written in ${folder.name}.`,
        'Show Logs',
      )
      .then((c) => c && this.log.show());
  }
}
