// VS Code implementations of the AI switch's settings and journal stores.
import * as vscode from 'vscode';
import type { JournalEntry, JournalStore, SettingsStore, Target } from './aiSwitch';

const TARGETS: Record<Target, vscode.ConfigurationTarget> = {
  global: vscode.ConfigurationTarget.Global,
  workspace: vscode.ConfigurationTarget.Workspace,
  workspaceFolder: vscode.ConfigurationTarget.WorkspaceFolder,
};

export function vscodeSettingsStore(scope: () => vscode.ConfigurationScope | undefined): SettingsStore {
  return {
    inspect(key) {
      const i = vscode.workspace.getConfiguration(undefined, scope()).inspect(key);
      // An unregistered setting has no default; writing it would fail.
      if (!i || (i.defaultValue === undefined && i.globalValue === undefined && i.workspaceValue === undefined && i.workspaceFolderValue === undefined)) return undefined;
      return { global: i.globalValue, workspace: i.workspaceValue, workspaceFolder: i.workspaceFolderValue };
    },
    async update(key, value, target) {
      await vscode.workspace.getConfiguration(undefined, scope()).update(key, value, TARGETS[target]);
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
