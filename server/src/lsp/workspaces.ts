// Maps files to the Workspace (policies, ledgers) that owns them: the
// innermost workspace folder, else the file's repository root.
import * as path from 'node:path';
import {
  findRoot,
  isWithin,
  nodePolicyReader,
  POLICY_FILE_NAME,
  type PolicyReader,
  toEnginePath,
  Workspace,
  type WorkspaceOptions,
} from '../engine';
import { uriToEnginePath } from './uris';

export class WorkspaceRegistry {
  private readonly byRoot = new Map<string, Workspace>();
  private folders: string[] = [];
  /** Counts the policy and ledger changes seen, so a scan can tell whether any came while it ran. */
  evidenceChanges = 0;

  constructor(
    private readonly managedPolicies: readonly string[],
    /** Open documents win over the disk, so unsaved policy edits apply at once. */
    private readonly openText: (path: string) => string | undefined,
    /** Transcript evidence for a workspace root, and whether it is switched off; undefined when transcripts are not read. */
    private readonly transcriptsFor?: (root: string) => Pick<WorkspaceOptions, 'transcripts' | 'transcriptsOff'>,
  ) {}

  setFolders(folders: readonly string[]): void {
    this.folders = folders.map(toEnginePath).sort((a, b) => b.length - a.length);
  }

  folderPaths(): readonly string[] {
    return this.folders;
  }

  forPath(file: string): Workspace {
    const folder = this.folders.find((f) => isWithin(file, f));
    return this.get(folder ?? findRoot(path.dirname(file)));
  }

  /** The document's engine path and workspace; undefined for URIs with no file. */
  forUri(uri: string): { file: string; workspace: Workspace } | undefined {
    const file = uriToEnginePath(uri);
    return file === undefined ? undefined : { file, workspace: this.forPath(file) };
  }

  get(root: string): Workspace {
    let ws = this.byRoot.get(root);
    if (!ws) {
      const reader: PolicyReader = {
        readText: (p) => this.openText(p) ?? nodePolicyReader.readText(p),
      };
      ws = new Workspace({
        root,
        managedPolicies: this.managedPolicies,
        reader,
        ...this.transcriptsFor?.(root),
      });
      this.byRoot.set(root, ws);
    }
    return ws;
  }

  all(): Workspace[] {
    return [...this.byRoot.values()];
  }

  /** The scan listed `dir`: without a policy file on disk or open, it needs no read until the next policy change. */
  noteListing(dir: string, hasPolicy: boolean): void {
    if (hasPolicy || this.openText(`${dir}/${POLICY_FILE_NAME}`) !== undefined) return;
    this.forPath(dir).policies.noteNoPolicyIn(dir);
  }

  /** Forgets the cached policy `file` (every policy when undefined) in every workspace. */
  invalidatePolicy(file: string | undefined): void {
    this.evidenceChanges++;
    for (const ws of this.byRoot.values()) ws.policies.invalidate(file);
  }

  invalidateLedger(file: string): void {
    this.evidenceChanges++;
    for (const ws of this.byRoot.values()) ws.invalidateLedger(file);
  }

  /** A ledger some policy names, or any file of an Agent Trace folder. */
  isLedgerFile(file: string): boolean {
    return (
      this.all().some((ws) => ws.ledgerSources(ws.stackFor(file)).some((s) => s.file === file)) ||
      file.includes('/.agent-trace/')
    );
  }
}
