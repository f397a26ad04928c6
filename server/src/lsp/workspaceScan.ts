// Background scan of every workspace file with the CLI's walker. It works in
// short slices so open-document diagnostics are never held up, and reports
// $/progress while it runs.
import type { Connection, Diagnostic } from 'vscode-languageserver';
import { emptySkips, isIgnoredPath, iterateFiles } from '../engine/io/walker';
import { toDiagnostic } from './diagnostics';
import { pathToUri } from './uris';
import type { WorkspaceRegistry } from './workspaces';

const SLICE_MS = 4;
/** Typing in a policy file must not restart the whole scan on every keystroke. */
const RESCAN_DELAY_MS = 300;
/** Progress reports at most this often. */
const PROGRESS_MS = 250;

export interface ScanHost {
  readonly connection: Connection;
  readonly registry: WorkspaceRegistry;
  readonly isOpen: (uri: string) => boolean;
  readonly enabledFor: (uri: string) => Promise<{ enabled: boolean; maxFileSize: number }>;
  readonly progressSupported: boolean;
  readonly log: (message: string) => void;
}

export class WorkspaceScanner {
  private generation = 0;
  /** URIs whose scan diagnostics are currently shown. */
  private readonly published = new Set<string>();
  private restartTimer: NodeJS.Timeout | undefined;
  /** Resolves when the latest scan finishes (tests and benchmarks wait on it). */
  done: Promise<void> = Promise.resolve();

  constructor(private readonly host: ScanHost) {}

  /** Starts a fresh scan; a scan already running stops at its next slice. */
  restart(): void {
    const generation = ++this.generation;
    this.done = this.run(generation).catch((e) => this.host.log(`workspace scan failed: ${(e as Error).stack ?? e}`));
  }

  /** Restarts the scan once changes have paused for RESCAN_DELAY_MS. */
  scheduleRestart(): void {
    if (this.restartTimer) clearTimeout(this.restartTimer);
    this.restartTimer = setTimeout(() => {
      this.restartTimer = undefined;
      this.restart();
    }, RESCAN_DELAY_MS);
  }

  /** Scans one file again (created or changed on disk), unless it is open. */
  async rescanFile(file: string): Promise<void> {
    const uri = pathToUri(file);
    if (this.host.isOpen(uri)) return;
    const settings = await this.host.enabledFor(uri);
    const folder = this.host.registry.folderPaths().find((f) => file.startsWith(`${f}/`));
    // Like the full scan: files outside the folders or ignored by git get no findings.
    if (!settings.enabled || !folder || isIgnoredPath(folder, file)) return this.clear(uri);
    this.publish(uri, this.analyze(file, settings.maxFileSize));
  }

  clear(uri: string): void {
    if (this.published.delete(uri)) void this.host.connection.sendDiagnostics({ uri, diagnostics: [] });
  }

  private analyze(file: string, maxFileSize: number): Diagnostic[] {
    try {
      const result = this.host.registry.forPath(file).checkFile(file, maxFileSize);
      return result.kind === 'checked' && result.analysis ? result.analysis.findings.map(toDiagnostic) : [];
    } catch (e) {
      // One bad file must not end the scan.
      this.host.log(`analysis of ${file} failed: ${(e as Error).stack ?? e}`);
      return [];
    }
  }

  private publish(uri: string, diagnostics: Diagnostic[]): void {
    if (diagnostics.length) {
      this.published.add(uri);
      void this.host.connection.sendDiagnostics({ uri, diagnostics });
    } else this.clear(uri);
  }

  private async run(generation: number): Promise<void> {
    // Settings are resource-scoped: asked once per folder, not once per file.
    const folders: { path: string; settings: { enabled: boolean; maxFileSize: number } }[] = [];
    const files: { file: string; folder: number }[] = [];
    const skips = emptySkips();
    for (const folder of this.host.registry.folderPaths()) {
      const settings = await this.host.enabledFor(pathToUri(folder));
      if (!settings.enabled) continue;
      const index = folders.push({ path: folder, settings }) - 1;
      let sliceStart = Date.now();
      for (const file of iterateFiles(folder, { root: folder, skips })) {
        files.push({ file, folder: index });
        if (Date.now() - sliceStart >= SLICE_MS) {
          await yieldToEvents();
          if (generation !== this.generation) return;
          sliceStart = Date.now();
        }
      }
    }
    const progress = this.host.progressSupported
      ? await this.host.connection.window.createWorkDoneProgress()
      : undefined;
    progress?.begin('AI Fence', 0, `Scanning ${files.length} files`, false);
    const seen = new Set<string>();
    let sliceStart = Date.now();
    let reported = sliceStart;
    for (let i = 0; i < files.length; i++) {
      if (Date.now() - sliceStart >= SLICE_MS) {
        if (Date.now() - reported >= PROGRESS_MS) {
          progress?.report(Math.floor((i / files.length) * 100), `${i}/${files.length} files`);
          reported = Date.now();
        }
        await yieldToEvents();
        if (generation !== this.generation) {
          progress?.done();
          return;
        }
        sliceStart = Date.now();
      }
      const { file, folder } = files[i];
      const uri = pathToUri(file);
      seen.add(uri);
      if (this.host.isOpen(uri)) continue;
      this.publish(uri, this.analyze(file, folders[folder].settings.maxFileSize));
    }
    for (const uri of [...this.published]) if (!seen.has(uri)) this.clear(uri);
    progress?.done();
    this.host.log(
      `workspace scan: ${files.length} files, ${this.published.size} with findings; skipped ${JSON.stringify(skips)}`,
    );
  }
}

function yieldToEvents(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
