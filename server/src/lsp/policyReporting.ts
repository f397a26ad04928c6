// Policy errors: AIF005 diagnostics on every broken policy file, and the
// aiFence/policyState notification whenever the overall validity changes.
import type { Connection, Diagnostic } from 'vscode-languageserver';
import { POLICY_FILE_NAME } from '../engine';
import { PolicyStateNotification } from '../protocol';
import { policyDiagnostics } from './diagnostics';
import { pathToUri, uriToEnginePath } from './uris';
import type { WorkspaceRegistry } from './workspaces';

/** Paths compare case-insensitively where the file system usually is (Windows drive letters, macOS). */
function samePath(a: string, b: string): boolean {
  return process.platform === 'linux' ? a === b : a.toLowerCase() === b.toLowerCase();
}

export class PolicyReporter {
  /** Closed policy files that currently show AIF005. */
  private readonly published = new Set<string>();
  private lastState = '';

  constructor(
    private readonly connection: Connection,
    private readonly registry: WorkspaceRegistry,
    /** Absolute engine paths of the managed policies. */
    readonly managedPaths: readonly string[],
    /** Open documents get their AIF005 with their other diagnostics. */
    private readonly isOpen: (uri: string) => boolean,
  ) {}

  isPolicyPath(file: string): boolean {
    return file.endsWith(`/${POLICY_FILE_NAME}`) || this.managedPaths.some((m) => samePath(file, m));
  }

  isPolicyDocument(uri: string): boolean {
    const file = uriToEnginePath(uri);
    return (
      uri.endsWith(`/${POLICY_FILE_NAME}`) || (file !== undefined && this.managedPaths.some((m) => samePath(file, m)))
    );
  }

  /** AIF005 for an open policy file. */
  diagnosticsFor(uri: string): Diagnostic[] {
    const file = uriToEnginePath(uri);
    for (const ws of this.registry.all()) {
      const state = ws.policies.allStates().find((s) => s.file === file);
      if (state) return policyDiagnostics(state);
    }
    return [];
  }

  /** Publishes AIF005 for every closed policy file and tells the client when validity changes. */
  report(): void {
    const errors: PolicyStateNotification.Params['errors'][number][] = [];
    const now = new Set<string>();
    for (const ws of this.registry.all()) {
      ws.policies.stackForDir(ws.root);
      for (const state of ws.policies.allStates()) {
        const uri = pathToUri(state.file);
        for (const e of state.errors) errors.push({ uri, line: e.line, character: e.character, message: e.message });
        if (!state.errors.length) continue;
        now.add(uri);
        if (!this.isOpen(uri)) void this.connection.sendDiagnostics({ uri, diagnostics: policyDiagnostics(state) });
      }
    }
    for (const uri of this.published)
      if (!now.has(uri) && !this.isOpen(uri)) void this.connection.sendDiagnostics({ uri, diagnostics: [] });
    this.published.clear();
    for (const uri of now) this.published.add(uri);
    const state: PolicyStateNotification.Params = { valid: errors.length === 0, errors };
    const key = JSON.stringify(state);
    if (key !== this.lastState) {
      this.lastState = key;
      void this.connection.sendNotification(PolicyStateNotification.type, state);
    }
  }
}
