// Background scan of every workspace file with the CLI's walker. It works in
// short slices so open-document diagnostics are never held up, and reports
// $/progress while it runs. It shares `check --cache`'s cache: a restart
// reads only the files that changed since the last scan or check, and with a
// Watchman journal (watchmanJournal.ts) does not even stat the others. When the
// journal shows that only the contents of files the last scan checked changed,
// a restart reads those files and takes the rest from the last scan, kept
// beside the cache (lastRun.ts): no walk, and the cache is not loaded.
import type { Connection } from 'vscode-languageserver';
import type {
  CheckCache,
  FileOutcome,
  JournalAnswer,
  JournalChanges,
  JournalMark,
  SkipCounts,
  Workspace,
} from '../engine';
import {
  CLEAN,
  cachedReadDir,
  checkWork,
  emptySkips,
  isIgnoredPath,
  isWithin,
  iterateFiles,
  journalCovers,
  lastRunFile,
  lastRunKey,
  loadCheckCache,
  markToKeep,
  POLICY_FILE_NAME,
  probe,
  queryJournal,
  readDirEntries,
  reusableLastRun,
  saveCheckCache,
  saveRunResults,
  settle,
  VERSION,
} from '../engine';
import { isFileOrTemporaryOf } from '../engine/io/stateDir';
import { toDiagnostic } from './diagnostics';
import { pathToUri, uriToEnginePath } from './uris';
import type { WorkspaceRegistry } from './workspaces';

const SLICE_MS = 4;
/** Typing in a policy file must not restart the whole scan on every keystroke. */
const RESCAN_DELAY_MS = 300;
/** Progress reports at most this often. */
const PROGRESS_MS = 250;
/**
 * After the transcript index changed, files changed within this long before
 * are matched again though cached: an agent's transcript can be written, and
 * indexed, well after the file it wrote.
 */
const REMATCH_WINDOW_MS = 15 * 60 * 1000;

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
  /** Whether an open document stands in for a policy or ledger with text the disk does not have. */
  readonly unsavedEvidence: () => boolean;
}

/** Where the workspace scan keeps its last scan: beside the cache, apart from `check`'s last run. */
export function lastScanFile(cacheFile: string): string {
  return `${cacheFile}.last-scan`;
}

/** What one folder's scan saw: kept as the last scan when the journal gave it a clock. */
interface ScanRecord {
  readonly files: readonly string[];
  /** `files` as the last scan stored them, written back as they are. */
  readonly storedFiles?: readonly string[];
  /** Outcomes of the files that were not clean, by index in `files`. */
  readonly notClean: Map<number, FileOutcome>;
  readonly policyFiles: readonly string[];
  readonly problems: readonly { path: string; message: string }[];
  readonly skips: SkipCounts;
}

export class WorkspaceScanner {
  private generation = 0;
  /** Files whose scan diagnostics are currently shown, and their URIs. */
  private readonly published = new Map<string, string>();
  private restartTimer: NodeJS.Timeout | undefined;
  /** Files of the running scan answered from the cache, and from the last scan, for the log. */
  private fromCache = 0;
  private fromLastScan = 0;
  /** The check cache of each workspace root, read once (when a walk first needs it) and kept up to date in memory. */
  private readonly caches = new Map<string, { cache: CheckCache; file: string } | undefined>();
  /** What Watchman said of each cache's root at the start of the running scan (asked before any stat). */
  private journals = new Map<CheckCache, JournalAnswer>();
  /** Files changed since this time are matched again by the next scan (transcriptsChanged). */
  private rematchSince: number | undefined;
  /** Whether an analysis of the running scan failed (its result is then not kept). */
  private failed = false;
  /** Resolves when the latest scan finishes (tests and benchmarks wait on it). */
  done: Promise<void> = Promise.resolve();

  constructor(private readonly host: ScanHost) {}

  /** Starts a fresh scan; a scan already running stops at its next slice. */
  restart(): void {
    const generation = ++this.generation;
    this.done = this.run(generation).catch((e) => this.host.log(`workspace scan failed: ${(e as Error).stack ?? e}`));
  }

  /** The transcript index changed: cached results of recently changed files may now miss a match. */
  transcriptsChanged(now = Date.now()): void {
    this.rematchSince = Math.min(this.rematchSince ?? now, now - REMATCH_WINDOW_MS);
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
    this.publish(file, this.outcomeOf(file, settings.maxFileSize));
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
   * What is on disk at `file`. `cached`: through the check cache (else read
   * and checked outright); `journal`: what the running scan's Watchman answer
   * for the folder's cache proves unchanged, used only for files of that cache
   * (a single-file rescan stats instead: the answer is older than the change
   * it is called for).
   */
  private outcomeOf(
    file: string,
    maxFileSize: number,
    how: {
      now?: number;
      journal?: { cache: CheckCache; changes: JournalChanges };
      cached?: boolean;
      changedSince?: number;
    } = {},
  ): FileOutcome {
    try {
      const workspace = this.host.registry.forPath(file);
      const cache = how.cached === false ? undefined : this.cacheOf(workspace)?.cache;
      const changes = how.journal && how.journal.cache === cache ? how.journal.changes : undefined;
      const found = probe(workspace, cache, file, maxFileSize, changes, how.changedSince);
      if (found.kind === 'hit') {
        this.fromCache++;
        return found.outcome;
      }
      return settle(cache, found, checkWork(workspace, found, maxFileSize), how.now ?? Date.now());
    } catch (e) {
      // One bad file must not end the scan.
      this.host.log(`analysis of ${file} failed: ${(e as Error).stack ?? e}`);
      this.failed = true;
      return CLEAN;
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

  /**
   * Where `folder`'s last scan is kept and the key of what it was made with;
   * undefined unless the folder is its workspace's root, holds no other
   * folder (whose files another workspace checks) and the journal can speak
   * for it (Watchman reports real paths).
   */
  private lastScanOf(folder: string, workspace: Workspace, maxFileSize: number) {
    const cacheFile = this.host.cacheFile?.(workspace.root);
    if (!cacheFile || folder !== workspace.root || !journalCovers(folder, [folder])) return undefined;
    if (this.host.registry.folderPaths().some((f) => f !== folder && isWithin(f, folder))) return undefined;
    const evidence = workspace.readsTranscripts ? 'editor, transcripts' : 'editor';
    return { file: lastScanFile(cacheFile), key: lastRunKey(VERSION, folder, [folder], maxFileSize, evidence) };
  }

  /** AI Fence's own files (caches, last runs and scans, their temporary files): they hold finding texts, never findings. */
  private ownFilesOf(workspace: Workspace): (file: string) => boolean {
    const names: string[] = [];
    const cacheFile = this.host.cacheFile?.(workspace.root);
    if (cacheFile) names.push(cacheFile, lastScanFile(cacheFile), lastRunFile(cacheFile));
    for (const opened of this.caches.values()) if (opened) names.push(opened.file);
    return (file) => isFileOrTemporaryOf(file, names);
  }

  /** Writes each changed cache back, without what the walks of `walked` no longer saw. */
  private saveCaches(walked: readonly string[]): void {
    for (const opened of this.caches.values()) {
      if (!opened) continue;
      if (opened.cache.malformed)
        this.host.log(`${opened.cache.malformed} malformed entries of ${opened.file} were not used`);
      opened.cache.malformed = 0;
      const answer = this.journals.get(opened.cache);
      // A newer clock only when every file under the root was read or proved unchanged after it.
      if (answer) opened.cache.journal = markToKeep(opened.cache.journal, answer, walked.includes(opened.cache.root));
      opened.cache.retain((f) => !walked.some((d) => f.startsWith(`${d}/`)));
      if (!opened.cache.changed) continue;
      const error = saveCheckCache(opened.file, opened.cache);
      if (error) this.host.log(`cannot write the check cache ${opened.file}: ${error.message}`);
      opened.cache.changed = false;
    }
  }

  /** Keeps what the scan of a workspace root saw, valid from the journal clock `mark`. */
  private keepLastScan(
    target: { file: string; key: string },
    workspace: Workspace,
    record: ScanRecord,
    mark: JournalMark,
  ): void {
    const error = saveRunResults(target.file, workspace, [workspace.root], {
      mark,
      key: target.key,
      files: record.files,
      storedFiles: record.storedFiles,
      outcomes: record.notClean,
      skips: record.skips,
      problems: record.problems,
      policyFiles: record.policyFiles,
    });
    if (error) this.host.log(`cannot write the last scan ${target.file}: ${error.message}`);
  }

  /** Shows a file's scan findings, unless it is open: then its document's diagnostics stand. */
  private show(file: string, outcome: FileOutcome): void {
    if (this.host.isOpen(file)) return;
    if (outcome.findings?.length || this.published.has(file)) this.publish(file, outcome);
  }

  private publish(file: string, outcome: FileOutcome): void {
    const diagnostics = outcome.findings?.map(toDiagnostic) ?? [];
    if (!diagnostics.length) {
      this.clearFile(file);
      return;
    }
    const uri = this.published.get(file) ?? pathToUri(file);
    this.published.set(file, uri);
    void this.host.connection.sendDiagnostics({ uri, diagnostics });
  }

  /**
   * One pass over each folder: each file is checked as the walk yields it, or
   * taken from the last scan. A file that had no scan diagnostics and still
   * has none costs no URI and no message. Open files are checked too, for the
   * cache and the last scan, but their diagnostics come from their documents.
   */
  private async run(generation: number): Promise<void> {
    const skipped = emptySkips();
    const now = Date.now();
    const stale = new Set(this.published.keys());
    const walked: string[] = [];
    let journalUsed = false;
    const rematch = this.rematchSince;
    this.fromCache = 0;
    this.fromLastScan = 0;
    this.journals = new Map();
    const progress = this.host.progressSupported
      ? await this.host.connection.window.createWorkDoneProgress()
      : undefined;
    progress?.begin('AI Fence', undefined, 'Scanning files', false);
    let files = 0;
    let sliceStart = Date.now();
    let reported = sliceStart;
    /** Lets other messages in after a slice; false once a newer scan has started. */
    const pause = async (): Promise<boolean> => {
      if (Date.now() - reported >= PROGRESS_MS) {
        progress?.report(`${files} files`);
        reported = Date.now();
      }
      await yieldToEvents();
      sliceStart = Date.now();
      return generation === this.generation;
    };
    for (const folder of this.host.registry.folderPaths()) {
      // Settings are resource-scoped: asked once per folder, not once per file.
      const settings = await this.host.enabledFor(pathToUri(folder));
      if (!settings.enabled) continue;
      const workspace = this.host.registry.forPath(folder);
      const lastScan = this.lastScanOf(folder, workspace, settings.maxFileSize);
      // The last scan holds results on the disk's policies and ledgers, all matched against the same transcripts.
      const evidence = this.host.registry.evidenceChanges;
      const unsaved = this.host.unsavedEvidence();
      this.failed = false;
      const reuse =
        lastScan &&
        rematch === undefined &&
        !unsaved &&
        reusableLastRun(lastScan.file, lastScan.key, [folder], workspace, process.env, this.ownFilesOf(workspace));
      let record: ScanRecord;
      /** The journal clock the folder's results are valid from, when they are kept as its last scan. */
      let mark: JournalMark | undefined;
      const seen = (file: string, outcome: FileOutcome, i: number) => {
        files++;
        stale.delete(file);
        if (outcome.skip || outcome.findings?.length) record.notClean.set(i, outcome);
        else record.notClean.delete(i);
        this.show(file, outcome);
      };
      if (reuse) {
        // Only files the last scan checked were edited: read those, take the rest from it.
        journalUsed = true;
        const run = reuse.run;
        record = {
          files: run.files,
          storedFiles: run.storedFiles,
          notClean: new Map(run.outcomes),
          policyFiles: run.policyFiles,
          problems: run.problems,
          skips: run.skips,
        };
        const edited = new Set(reuse.edited);
        for (const [i, file] of run.files.entries()) {
          if (Date.now() - sliceStart >= SLICE_MS && !(await pause())) return progress?.done();
          if (edited.has(file)) seen(file, this.outcomeOf(file, settings.maxFileSize, { cached: false }), i);
          else {
            this.fromLastScan++;
            seen(file, run.outcomes.get(i) ?? CLEAN, i);
          }
        }
        // Nothing edited: the kept last scan stands as it is.
        if (edited.size) mark = reuse.mark;
      } else {
        walked.push(folder);
        const cache = this.cacheOf(workspace)?.cache;
        // Watchman reports real paths: a folder reached through a link is stat'ed.
        const answered = cache && journalCovers(cache.root, [folder]) ? this.journalChanges(cache) : undefined;
        // Files to match again are found by their stat.
        const changes = rematch === undefined ? answered : undefined;
        journalUsed ||= changes !== undefined;
        const list = cache ? cachedReadDir(cache, now, changes) : readDirEntries;
        const readDir = (dir: string) => {
          const entries = list(dir);
          this.host.registry.noteListing(
            dir,
            entries.some((e) => e.name === POLICY_FILE_NAME),
          );
          return entries;
        };
        const found: string[] = [];
        const policyFiles: string[] = [];
        const problems: { path: string; message: string }[] = [];
        record = { files: found, notClean: new Map(), policyFiles, problems, skips: emptySkips() };
        const isOwn = this.ownFilesOf(workspace);
        const walk = iterateFiles(folder, {
          root: folder,
          skips: record.skips,
          readDir,
          onPolicyFile: (p) => policyFiles.push(p),
          onProblem: (p, message) => problems.push({ path: p, message }),
        });
        const journal = cache && changes && { cache, changes };
        for (const file of walk) {
          if (Date.now() - sliceStart >= SLICE_MS && !(await pause())) return progress?.done();
          if (isOwn(file)) continue;
          const outcome = this.outcomeOf(file, settings.maxFileSize, { now, journal, changedSince: rematch });
          seen(file, outcome, found.push(file) - 1);
        }
        const answer = cache && this.journals.get(cache);
        if (answer && answer.kind !== 'none') mark = answer.mark;
      }
      for (const [name, count] of Object.entries(record.skips)) skipped[name as keyof SkipCounts] += count;
      const same = !unsaved && !this.host.unsavedEvidence() && evidence === this.host.registry.evidenceChanges;
      if (lastScan && mark && same && !this.failed) this.keepLastScan(lastScan, workspace, record, mark);
    }
    // Matched again; unless the index changed once more meanwhile.
    if (this.rematchSince === rematch) this.rematchSince = undefined;
    for (const file of stale) this.clearFile(file);
    this.saveCaches(walked);
    progress?.done();
    const from = [
      ...(this.fromCache || !this.fromLastScan ? [`${this.fromCache} from the cache`] : []),
      ...(this.fromLastScan ? [`${this.fromLastScan} from the last scan`] : []),
      ...(journalUsed ? ['watchman journal'] : []),
    ];
    this.host.log(
      `workspace scan: ${files} files (${from.join(', ')}), ${this.published.size} with findings; skipped ${JSON.stringify(skipped)}`,
    );
  }
}

function yieldToEvents(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
