// Typed access to the extension's settings; the manifest holds the defaults.
import * as vscode from 'vscode';
import type { ServerSettings } from '../../server/src/protocol';

export type PasteLabelDefault = 'ask' | 'always' | 'never';

export interface ClientSettings {
  readonly switchOffAi: boolean;
  readonly warnOnOpen: boolean;
  readonly pasteLabelDefault: PasteLabelDefault;
  readonly defaultTool: string;
  readonly decorations: boolean;
  readonly managedPolicyPath: string;
}

export function serverSettings(scope: vscode.ConfigurationScope | undefined): ServerSettings {
  const c = vscode.workspace.getConfiguration('aiFence', scope);
  return {
    enable: c.get<boolean>('enable', true),
    workspaceScan: c.get<boolean>('workspaceScan', true),
    maxFileSize: c.get<number>('maxFileSize', 10 * 1024 * 1024),
  };
}

export function clientSettings(scope?: vscode.ConfigurationScope): ClientSettings {
  const c = vscode.workspace.getConfiguration('aiFence', scope);
  return {
    switchOffAi: c.get<boolean>('switchOffAi', true),
    warnOnOpen: c.get<boolean>('warnOnOpen', true),
    pasteLabelDefault: c.get<PasteLabelDefault>('paste.labelDefault', 'ask'),
    defaultTool: c.get<string>('defaultTool', ''),
    decorations: c.get<boolean>('decorations', true),
    managedPolicyPath: c.get<string>('managedPolicyPath', ''),
  };
}
