// The status-bar policy indicator for the active editor.
import * as vscode from 'vscode';
import { COMMANDS } from './commandIds';
import { type StatusInput, statusView } from './statusModel';

export const STATUS_ITEM_ID = 'aiFence.status';

export class StatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem(STATUS_ITEM_ID, vscode.StatusBarAlignment.Left, 100);
  /** The last rendered text and tooltip, for tests. */
  text = '';
  tooltip = '';

  constructor() {
    this.item.name = 'AI Fence';
    this.item.command = COMMANDS.statusActions;
  }

  render(input: StatusInput, visible: boolean): void {
    const view = statusView(input);
    this.text = view.text;
    this.tooltip = view.tooltip;
    this.item.text = view.text;
    this.item.backgroundColor = view.background
      ? new vscode.ThemeColor(`statusBarItem.${view.background}Background`)
      : undefined;
    const tooltip = new vscode.MarkdownString(view.tooltip, true);
    tooltip.isTrusted = {
      enabledCommands: [
        COMMANDS.installHooks,
        COMMANDS.restartServer,
        COMMANDS.showLogs,
        COMMANDS.showPolicy,
        COMMANDS.explainFile,
        COMMANDS.stripUnlabeled,
      ],
    };
    this.item.tooltip = tooltip;
    if (visible) this.item.show();
    else this.item.hide();
  }

  dispose(): void {
    this.item.dispose();
  }
}
