// Background scan of every workspace file with the CLI's walker. It works in
// short slices so open-document diagnostics are never held up, and reports
// $/progress while it runs. It shares `check --cache`'s cache: a restart
// reads only the files that changed since the last scan or check, and with a
// Watchman journal (watchmanJournal.ts) does not even stat the others.
import type { Connection, Diagnostic } from 'vscode-languageserver';
import type { CheckCache, JournalAnswer, JournalChanges, Workspace } from '../engine';
import {
  cachedReadDir,
  checkWork,
  emptySkips,
  isIgnoredPath,
  iterateFiles,
  journalCovers,
  loadCheckCache,
  markToKeep,
  POLICY_FILE_NAME,
  probe,
  queryJournal,
  readDirEntries,
  saveCheckCache,
  settle,
  VERSION,
} from '../engine';
import { toDiagnostic } from './diagnostics';
import { pathToUri, uriToEnginePath } from './uris';
import type { WorkspaceRegistry } from './workspaces';

const SLICE_MS = 4;
/** Typing in a policy file must not restart the whole scan on every keystroke. */
const RESCAN_DELAY_MS = 300;
/** Progress reports at most this often. */
const PROGRESS_MS = 250;

export interface ScanHost {
  readonly connection: Connection;
  readonly registry: WorkspaceRegistry;
  /** Whether the file (an engine path) is open as a document: its diagnostics then come from the document. */
  readonly isOpen: (file: string) => boolean;
  readonly enabledFor: (uri: string) => Promise<{ enabled: boolean; maxFileSize: number }>;
  readonly progressSupported: boolean;
  readonly log: (message: string) => void;
  /** Where the check cache of a root lives; undefined: scan without a cache. */
  readonly cacheFile?: (root: string) => string;
}

export class WorkspaceScanner {
  private generation = 0;
  /** Files whose scan diagnostics are currently shown, and their URIs. */
  private readonly published = new Map<string, string>();
  private restartTimer: NodeJS.Timeout | undefined;
  /** The check cache of each workspace root, read once and kept up to date in memory. */
  /** Files of the running scan answered from the cache, for the log. */
  private fromCache = 0;
  private readonly caches = new Map<string, { cache: CheckCache; file: string } | undefined>();
  /** What Watchman said of each cache's root at the start of the running scan (asked before any stat). */
  private journals = new Map<CheckCache, JournalAnswer>();
  /** Whether the running scan left a file to its open document. */
  private skippedOpen = false;
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
    if (this.host.isOpen(file)) return;
    const settings = await this.host.enabledFor(pathToUri(file));
    const folder = this.host.registry.folderPaths().find((f) => file.startsWith(`${f}/`));
    // Like the full scan: files outside the folders or ignored by git get no findings.
    if (!settings.enabled || !folder || isIgnoredPath(folder, file)) return this.clearFile(file);
    this.publish(file, this.analyze(file, settings.maxFileSize));
  }

  /** Withdraws the scan's diagnostics of a document's URI (opened, or deleted on disk). */
  clear(uri: string): void {
    const file = uriToEnginePath(uri);
    if (file !== undefined && this.published.get(file) === uri) this.clearFile(file);
  }

  private clearFile(file: string): void {
    const uri = this.published.get(file);
    if (uri === undefined) return;
    this.published.delete(file);
    void this.host.connection.sendDiagnostics({ uri, diagnostics: [] });
  }

  /**
   * `journal`: what the running scan's Watchman answer for the folder's cache
   * proves unchanged; used only for files of that cache (a single-file rescan
   * stats instead: the answer is older than the change it is called for).
   */
  private analyze(
    file: string,
    maxFileSize: number,
    now = Date.now(),
    journal?: { cache: CheckCache; changes: JournalChanges },
  ): Diagnostic[] {
    try {
      const workspace = this.host.registry.forPath(file);
      const cache = this.cacheOf(workspace)?.cache;
      const changes = journal && journal.cache === cache ? journal.changes : undefined;
      const found = probe(workspace, cache, file, maxFileSize, changes);
      if (found.kind === 'hit') this.fromCache++;
      const outcome =
        found.kind === 'hit' ? found.outcome : settle(cache, found, checkWork(workspace, found, maxFileSize), now);
      return outcome.findings?.map(toDiagnostic) ?? [];
    } catch (e) {
      // One bad file must not end the scan.
      this.host.log(`analysis of ${file} failed: ${(e as Error).stack ?? e}`);
      return [];
    }
  }

  private cacheOf(workspace: Workspace): { cache: CheckCache; file: string } | undefined {
    if (this.caches.has(workspace.root)) return this.caches.get(workspace.root);
    let opened: { cache: CheckCache; file: string } | undefined;
    try {
      const file = this.host.cacheFile?.(workspace.root);
      if (file) {
        const { cache, problem } = loadCheckCache(file, VERSION, workspace.root);
        if (problem) this.host.log(`ignoring the check cache ${file} (${problem}); rebuilding it`);
        opened = { cache, file };
      }
    } catch (e) {
      this.host.log(`scanning without a cache: ${(e as Error).message}`);
    }
    this.caches.set(workspace.root, opened);
    return opened;
  }

  /** The journal's changes for `cache`, asked once per scan. */
  private journalChanges(cache: CheckCache): JournalChanges | undefined {
    let answer = this.journals.get(cache);
    if (!answer) {
      answer = queryJournal(cache.root, cache.journal, process.env);
      if (answer.kind === 'none' && answer.problem) this.host.log(`not using the watchman journal: ${answer.problem}`);
      this.journals.set(cache, answer);
    }
    return answer.kind === 'since' ? answer.changes : undefined;
  }

  private isCacheFile(file: string): boolean {
    for (const opened of this.caches.values()) if (opened?.file === file) return true;
    return false;
  }

  /** Writes each changed cache back, without what the scan no longer saw in its folders. */
  private saveCaches(folders: readonly string[]): void {
    for (const opened of this.caches.values()) {
      if (!opened) continue;
      if (opened.cache.malformed)
        this.host.log(`${opened.cache.malformed} malformed entries of ${opened.file} were not used`);
      opened.cache.malformed = 0;
      const answer = this.journals.get(opened.cache);
      // A newer clock only when every file under the root was read or proved unchanged after it: not when
      // the scan left an open file to its document (what is on disk may have changed before the clock).
      const whole = folders.includes(opened.cache.root) && !this.skippedOpen;
      if (answer) opened.cache.journal = markToKeep(opened.cache.journal, answer, whole);
      // Open files were not scanned: their entries stay for the next scan.
      opened.cache.retain((f) => this.host.isOpen(f) || !folders.some((d) => f.startsWith(`${d}/`)));
      if (!opened.cache.changed) continue;
      const error = saveCheckCache(opened.file, opened.cache);
      if (error) this.host.log(`cannot write the check cache ${opened.file}: ${error.message}`);
      opened.cache.changed = false;
    }
  }

  private publish(file: string, diagnostics: Diagnostic[]): void {
    if (!diagnostics.length) {
      this.clearFile(file);
      return;
    }
    const uri = this.published.get(file) ?? pathToUri(file);
    this.published.set(file, uri);
    void this.host.connection.sendDiagnostics({ uri, diagnostics });
  }

  /**
   * One pass: each file is checked as the walk yields it. A file that had no
   * scan diagnostics and still has none costs no URI and no message.
   */
  private async run(generation: number): Promise<void> {
    const skips = emptySkips();
    const now = Date.now();
    const stale = new Set(this.published.keys());
    const scanned: string[] = [];
    this.fromCache = 0;
    this.journals = new Map();
    this.skippedOpen = false;
    const progress = this.host.progressSupported
      ? await this.host.connection.window.createWorkDoneProgress()
      : undefined;
    progress?.begin('AI Fence', undefined, 'Scanning files', false);
    let files = 0;
    let sliceStart = Date.now();
    let reported = sliceStart;
    for (const folder of this.host.registry.folderPaths()) {
      // Settings are resource-scoped: asked once per folder, not once per file.
      const settings = await this.host.enabledFor(pathToUri(folder));
      if (!settings.enabled) continue;
      scanned.push(folder);
      const cache = this.cacheOf(this.host.registry.forPath(folder))?.cache;
      // Watchman reports real paths: a folder reached through a link is stat'ed.
      const journal = cache && journalCovers(cache.root, [folder]) ? this.journalChanges(cache) : undefined;
      const list = cache ? cachedReadDir(cache, now, journal) : readDirEntries;
      const readDir = (dir: string) => {
        const entries = list(dir);
        this.host.registry.noteListing(
          dir,
          entries.some((e) => e.name === POLICY_FILE_NAME),
        );
        return entries;
      };
      for (const file of iterateFiles(folder, { root: folder, skips, readDir })) {
        if (Date.now() - sliceStart >= SLICE_MS) {
          if (Date.now() - reported >= PROGRESS_MS) {
            progress?.report(`${files} files`);
            reported = Date.now();
          }
          await yieldToEvents();
          if (generation !== this.generation) {
            progress?.done();
            return;
          }
          sliceStart = Date.now();
        }
        // A cache file inside the folder holds finding texts: never a finding itself.
        if (this.isCacheFile(file)) continue;
        files++;
        stale.delete(file);
        if (this.host.isOpen(file)) {
          this.skippedOpen = true;
          continue;
        }
        const diagnostics = this.analyze(
          file,
          settings.maxFileSize,
          now,
          cache && journal && { cache, changes: journal },
        );
        if (diagnostics.length || this.published.has(file)) this.publish(file, diagnostics);
      }
    }
    for (const file of stale) this.clearFile(file);
    const journal = [...this.journals.values()].some((a) => a.kind === 'since') ? ', watchman journal' : '';
    this.saveCaches(scanned);
    progress?.done();
    this.host.log(
      `workspace scan: ${files} files (${this.fromCache} from the cache${journal}), ${this.published.size} with findings; skipped ${JSON.stringify(skips)}`,
    );
  }
}

function yieldToEvents(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
