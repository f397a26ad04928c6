// Which AI tool a label names: the aiFence.defaultTool setting, else the
// tool picked last time, else ask once (detected assistants first).
import * as vscode from 'vscode';
import { detectAssistants } from './assistants';
import type { ServerData } from './serverData';
import { clientSettings } from './settings';

const REMEMBERED = 'aiFence.labelTool';

export class ToolPicker {
  constructor(
    private readonly state: vscode.Memento,
    private readonly serverData: ServerData,
  ) {}

  remembered(): string | undefined {
    return clientSettings().defaultTool || this.state.get<string>(REMEMBERED);
  }

  /** The tool to use; asks only when nothing is configured or remembered. */
  async tool(): Promise<string | undefined> {
    return this.remembered() ?? this.pick();
  }

  async pick(): Promise<string | undefined> {
    const detected = detectAssistants(
      vscode.extensions.all.map((e) => ({ id: e.id, isActive: e.isActive, displayName: e.packageJSON?.displayName })),
    );
    const first = [...new Set(detected.map((d) => d.tool))];
    const { builtinTools } = await this.serverData.get();
    const items: vscode.QuickPickItem[] = [
      ...first.map((t) => ({ label: t, description: 'installed assistant' })),
      ...Object.entries(builtinTools)
        .filter(([t]) => !first.includes(t))
        .map(([t, name]) => ({ label: t, description: name })),
    ];
    const choice = await vscode.window.showQuickPick(items, {
      title: 'Which AI tool wrote this code?',
      placeHolder: 'Remembered for later labels; change it with "AI Fence: Label Selection as AI Output"',
    });
    if (!choice) return undefined;
    await this.state.update(REMEMBERED, choice.label);
    return choice.label;
  }
}
