// Maps files to the Workspace (policies, ledgers) that owns them: the
// innermost workspace folder, else the file's repository root.
import * as path from 'node:path';
import { findRoot, toEnginePath } from '../engine/io/paths';
import { nodePolicyReader, type PolicyReader } from '../engine/io/policyFiles';
import { Workspace } from '../engine/io/workspace';

export class WorkspaceRegistry {
  private readonly byRoot = new Map<string, Workspace>();
  private folders: string[] = [];

  constructor(
    private readonly managedPolicies: readonly string[],
    /** Open documents win over the disk, so unsaved policy edits apply at once. */
    private readonly openText: (path: string) => string | undefined,
  ) {}

  setFolders(folders: readonly string[]): void {
    this.folders = folders.map(toEnginePath).sort((a, b) => b.length - a.length);
  }

  folderPaths(): readonly string[] {
    return this.folders;
  }

  forPath(file: string): Workspace {
    const folder = this.folders.find((f) => file === f || file.startsWith(`${f}/`));
    return this.get(folder ?? findRoot(path.dirname(file)));
  }

  get(root: string): Workspace {
    let ws = this.byRoot.get(root);
    if (!ws) {
      const reader: PolicyReader = { readText: (p) => this.openText(p) ?? nodePolicyReader.readText(p) };
      ws = new Workspace({ root, managedPolicies: this.managedPolicies, reader });
      this.byRoot.set(root, ws);
    }
    return ws;
  }

  all(): Workspace[] {
    return [...this.byRoot.values()];
  }
}
