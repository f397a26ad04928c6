// VS Code implementations of the AI switch's settings and journal stores.
import * as vscode from 'vscode';
import type { JournalEntry, JournalStore, SettingsStore, Target } from './aiSwitch';

const TARGETS: Record<Target, vscode.ConfigurationTarget> = {
  global: vscode.ConfigurationTarget.Global,
  workspace: vscode.ConfigurationTarget.Workspace,
  workspaceFolder: vscode.ConfigurationTarget.WorkspaceFolder,
};

/** A stable id for the open workspace: its .code-workspace file, else its first folder. */
function workspaceId(): string | undefined {
  return (vscode.workspace.workspaceFile ?? vscode.workspace.workspaceFolders?.[0]?.uri)?.toString();
}

export function vscodeSettingsStore(activeResource: () => vscode.Uri | undefined): SettingsStore {
  const resource = (scope?: string) =>
    scope?.startsWith('folder:') ? vscode.Uri.parse(scope.slice('folder:'.length)) : activeResource();
  return {
    inspect(key, scope) {
      const i = vscode.workspace.getConfiguration(undefined, resource(scope)).inspect(key);
      // An unregistered setting has no default; writing it would fail.
      if (
        !i ||
        (i.defaultValue === undefined &&
          i.globalValue === undefined &&
          i.workspaceValue === undefined &&
          i.workspaceFolderValue === undefined)
      )
        return undefined;
      return { global: i.globalValue, workspace: i.workspaceValue, workspaceFolder: i.workspaceFolderValue };
    },
    async update(key, value, target, scope) {
      await vscode.workspace.getConfiguration(undefined, resource(scope)).update(key, value, TARGETS[target]);
    },
    scopeOf(target) {
      if (target === 'workspace') return `workspace:${workspaceId()}`;
      const uri = activeResource();
      const folder = uri && vscode.workspace.getWorkspaceFolder(uri);
      return folder ? `folder:${folder.uri.toString()}` : undefined;
    },
    isOpen(scope) {
      if (scope.startsWith('workspace:')) return scope === `workspace:${workspaceId()}`;
      return !!vscode.workspace.workspaceFolders?.some((f) => scope === `folder:${f.uri.toString()}`);
    },
  };
}

const JOURNAL_KEY = 'aiFence.switchOffJournal';

export function mementoJournal(state: vscode.Memento): JournalStore {
  return {
    get: () => state.get<JournalEntry[]>(JOURNAL_KEY, []),
    set: (entries) => Promise.resolve(state.update(JOURNAL_KEY, entries)),
  };
}
