// Typed access to the extension's settings. Defaults live in package.json
// only (VS Code applies them), so code and manifest cannot drift.
import * as vscode from 'vscode';
import type { ServerSettings } from '../../server/src/protocol';

export type PasteLabelDefault = 'ask' | 'always' | 'never';

export interface ClientSettings {
  readonly switchOffAi: boolean;
  readonly disableAllAi: boolean;
  readonly warnOnOpen: boolean;
  readonly pasteLabelDefault: PasteLabelDefault;
  readonly defaultTool: string;
  readonly decorations: boolean;
  readonly managedPolicyPath: string;
  readonly recordCompletions: boolean;
}

export function serverSettings(scope: vscode.ConfigurationScope | undefined): ServerSettings {
  const c = vscode.workspace.getConfiguration('aiFence', scope);
  return {
    enable: c.get<boolean>('enable')!,
    workspaceScan: c.get<boolean>('workspaceScan')!,
    maxFileSize: c.get<number>('maxFileSize')!,
    transcripts: { enable: c.get<boolean>('transcripts.enable')! },
  };
}

export function clientSettings(scope?: vscode.ConfigurationScope): ClientSettings {
  const c = vscode.workspace.getConfiguration('aiFence', scope);
  return {
    switchOffAi: c.get<boolean>('switchOffAi')!,
    disableAllAi: c.get<boolean>('switchOffAllAiFeatures')!,
    warnOnOpen: c.get<boolean>('warnOnOpen')!,
    pasteLabelDefault: c.get<PasteLabelDefault>('paste.labelDefault')!,
    defaultTool: c.get<string>('defaultTool')!,
    decorations: c.get<boolean>('decorations')!,
    managedPolicyPath: c.get<string>('managedPolicyPath')!,
    recordCompletions: c.get<boolean>('completions.record')!,
  };
}
