// Background scan of every workspace file with the CLI's walker. It works in
// short slices so open-document diagnostics are never held up, and reports
// $/progress while it runs. It shares `check --cache`'s cache: a restart
// reads only the files that changed since the last scan or check, and with a
// Watchman journal (watchmanJournal.ts) does not even stat the others. When the
// journal shows that only the contents of files the last scan checked changed,
// a restart reads those files and takes the rest from the last scan, kept
// beside the cache (lastRun.ts): no walk, and the cache is not loaded.
//
// Transcript matches (a trusted workspace) can come after the file: an agent's
// transcript may reach the index after the scan read what the agent wrote. A
// result read within PROVISIONAL_MS of the file's last change (its ctime) is
// provisional: its cache entry is dropped, the last scan lists it as `recent`,
// and every scan reads the file again until a read comes after the window. With
// transcripts no content hash stands in for an analysis: the index may have
// grown since.
import * as fs from 'node:fs';
import type { Connection, WorkDoneProgressServerReporter } from 'vscode-languageserver';
import type {
  CheckCache,
  FileOutcome,
  JournalAnswer,
  JournalChanges,
  JournalMark,
  Reuse,
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
  lastScanFile,
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
/** How long after a file was written its agent's transcript may still reach the index. */
const PROVISIONAL_MS = 15 * 60 * 1000;

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
  /** How long after a change a transcript result stays provisional (default PROVISIONAL_MS; tests shorten it). */
  readonly provisionalMs?: number;
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
  /** Files with a provisional result (see above), by index. */
  readonly recent: Set<number>;
}

/** One run of the scan: its clock, progress and slices, and what it found. */
class ScanPass {
  files = 0;
  fromCache = 0;
  fromLastScan = 0;
  journalUsed = false;
  /** Files that had scan diagnostics before the pass and not yet again. */
  readonly stale: Set<string>;
  /** Folders walked (not taken from their last scan): their cache entries are kept only if seen. */
  readonly walked: string[] = [];
  readonly skipped = emptySkips();
  readonly now = Date.now();
  private sliceStart = Date.now();
  private reported = Date.now();

  constructor(
    readonly isCurrent: () => boolean,
    private readonly progress: WorkDoneProgressServerReporter | undefined,
    published: Iterable<string>,
  ) {
    this.stale = new Set(published);
  }

  /** Whether the running slice is over (checked per file, so no promise is made per file). */
  sliceOver(): boolean {
    return Date.now() - this.sliceStart >= SLICE_MS;
  }

  /** Lets other messages in; false once a newer scan has started. */
  async pause(): Promise<boolean> {
    if (Date.now() - this.reported >= PROGRESS_MS) {
      this.progress?.report(`${this.files} files`);
      this.reported = Date.now();
    }
    await new Promise((resolve) => setImmediate(resolve));
    this.sliceStart = Date.now();
    return this.isCurrent();
  }
}

export class WorkspaceScanner {
  private generation = 0;
  /** Files whose scan diagnostics are currently shown, and their URIs. */
  private readonly published = new Map<string, string>();
  private restartTimer: NodeJS.Timeout | undefined;
  /** The check cache of each workspace root, read once (when a walk first needs it) and kept up to date in memory. */
  private readonly caches = new Map<string, { cache: CheckCache; file: string } | undefined>();
  /** What Watchman said of each cache's root at the start of the running scan (asked before any stat). */
  private journals = new Map<CheckCache, JournalAnswer>();
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
    this.publish(file, this.outcomeOf(file, settings.maxFileSize).outcome);
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
   * What is on disk at `file`, and whether the result is provisional (see
   * above). `cached`: through the check cache (else read and checked
   * outright); `journal`: what the running scan's Watchman answer for the
   * folder's cache proves unchanged, used only for files of that cache (a
   * single-file rescan stats instead: the answer is older than the change it
   * is called for).
   */
  private outcomeOf(
    file: string,
    maxFileSize: number,
    how: { pass?: ScanPass; journal?: { cache: CheckCache; changes: JournalChanges }; cached?: boolean } = {},
  ): { outcome: FileOutcome; provisional?: boolean } {
    try {
      const workspace = this.host.registry.forPath(file);
      const cache = how.cached === false ? undefined : this.cacheOf(workspace)?.cache;
      const changes = how.journal && how.journal.cache === cache ? how.journal.changes : undefined;
      const found = probe(workspace, cache, file, maxFileSize, changes);
      if (found.kind === 'hit') {
        if (how.pass) how.pass.fromCache++;
        return { outcome: found.outcome };
      }
      const now = how.pass?.now ?? Date.now();
      const transcripts = workspace.readsTranscripts;
      const window = this.host.provisionalMs ?? PROVISIONAL_MS;
      const provisional = transcripts && (changeTimeOf(file, found.stamp) ?? now) >= now - window;
      const work = transcripts ? { file, stamp: found.stamp, context: found.context } : found;
      const outcome = settle(provisional ? undefined : cache, work, checkWork(workspace, work, maxFileSize), now);
      // Its entry, recorded before the file changed, must not answer for it (the journal would take it as current).
      if (provisional) cache?.forget(file);
      return { outcome, provisional };
    } catch (e) {
      // One bad file must not end the scan.
      this.host.log(`analysis of ${file} failed: ${(e as Error).stack ?? e}`);
      this.failed = true;
      return { outcome: CLEAN };
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

  /** The journal's answer for `cache`, asked once per scan. */
  private journalAnswer(cache: CheckCache): JournalAnswer {
    let answer = this.journals.get(cache);
    if (!answer) {
      answer = queryJournal(cache.root, cache.journal, process.env);
      if (answer.kind === 'none' && answer.problem) this.host.log(`not using the watchman journal: ${answer.problem}`);
      this.journals.set(cache, answer);
    }
    return answer;
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
      recent: record.recent,
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

  /** Records a file's outcome in the folder's record and shows it. */
  private seen(
    pass: ScanPass,
    record: ScanRecord,
    i: number,
    file: string,
    found: { outcome: FileOutcome; provisional?: boolean },
  ): void {
    pass.files++;
    pass.stale.delete(file);
    const outcome = found.outcome;
    if (outcome.skip || outcome.findings?.length) record.notClean.set(i, outcome);
    else record.notClean.delete(i);
    if (found.provisional) record.recent.add(i);
    else record.recent.delete(i);
    this.show(file, outcome);
  }

  /**
   * A scan of each folder: from its last scan when the journal allows,
   * otherwise a walk. A file that had no scan diagnostics and still has none
   * costs no URI and no message. Open files are checked too, for the cache
   * and the last scan, but their diagnostics come from their documents.
   */
  private async run(generation: number): Promise<void> {
    const isCurrent = () => generation === this.generation;
    this.journals = new Map();
    const progress = this.host.progressSupported
      ? await this.host.connection.window.createWorkDoneProgress()
      : undefined;
    progress?.begin('AI Fence', undefined, 'Scanning files', false);
    if (!isCurrent()) return progress?.done();
    const pass = new ScanPass(isCurrent, progress, this.published.keys());
    for (const folder of this.host.registry.folderPaths()) {
      // Settings are resource-scoped: asked once per folder, not once per file.
      const settings = await this.host.enabledFor(pathToUri(folder));
      if (!isCurrent()) return progress?.done();
      if (!settings.enabled) continue;
      if (!(await this.scanFolder(pass, folder, settings.maxFileSize))) return progress?.done();
    }
    for (const file of pass.stale) this.clearFile(file);
    this.saveCaches(pass.walked);
    progress?.done();
    const from = [
      ...(pass.fromCache || !pass.fromLastScan ? [`${pass.fromCache} from the cache`] : []),
      ...(pass.fromLastScan ? [`${pass.fromLastScan} from the last scan`] : []),
      ...(pass.journalUsed ? ['watchman journal'] : []),
    ];
    this.host.log(
      `workspace scan: ${pass.files} files (${from.join(', ')}), ${this.published.size} with findings; skipped ${JSON.stringify(pass.skipped)}`,
    );
  }

  /** Scans one folder and keeps its last scan when it may; false when a newer scan started meanwhile. */
  private async scanFolder(pass: ScanPass, folder: string, maxFileSize: number): Promise<boolean> {
    const workspace = this.host.registry.forPath(folder);
    const lastScan = this.lastScanOf(folder, workspace, maxFileSize);
    // The last scan holds results on the disk's policies and ledgers, and whether transcripts were read.
    const evidence = this.host.registry.evidenceChanges;
    const unsaved = this.host.unsavedEvidence();
    const transcripts = workspace.readsTranscripts;
    this.failed = false;
    const reuse =
      lastScan &&
      !unsaved &&
      reusableLastRun(lastScan.file, lastScan.key, [folder], workspace, process.env, this.ownFilesOf(workspace));
    const scanned = reuse
      ? await this.fromLastScan(pass, reuse, maxFileSize)
      : await this.walk(pass, folder, workspace, maxFileSize);
    if (!scanned) return false;
    const { record, mark } = scanned;
    for (const [name, count] of Object.entries(record.skips)) pass.skipped[name as keyof SkipCounts] += count;
    const same =
      !unsaved &&
      !this.host.unsavedEvidence() &&
      evidence === this.host.registry.evidenceChanges &&
      transcripts === workspace.readsTranscripts;
    if (lastScan && mark && same && !this.failed) this.keepLastScan(lastScan, workspace, record, mark);
    return true;
  }

  /** Only files the last scan checked were edited: reads those and its provisional ones, takes the rest from it. */
  private async fromLastScan(pass: ScanPass, reuse: Reuse, maxFileSize: number) {
    const run = reuse.run;
    pass.journalUsed = true;
    const record: ScanRecord = {
      files: run.files,
      storedFiles: run.storedFiles,
      notClean: new Map(run.outcomes),
      policyFiles: run.policyFiles,
      problems: run.problems,
      skips: run.skips,
      recent: new Set(),
    };
    const toRead = new Set(reuse.edited);
    for (const i of run.recent ?? []) toRead.add(run.files[i]);
    for (const [i, file] of run.files.entries()) {
      if (pass.sliceOver() && !(await pass.pause())) return undefined;
      if (toRead.has(file))
        this.seen(pass, record, i, file, this.outcomeOf(file, maxFileSize, { pass, cached: false }));
      else {
        pass.fromLastScan++;
        this.seen(pass, record, i, file, { outcome: run.outcomes.get(i) ?? CLEAN });
      }
    }
    // Nothing read: the kept last scan stands as it is.
    return { record, mark: toRead.size ? reuse.mark : undefined };
  }

  /** Walks a folder, through the cache and what the journal proves unchanged. */
  private async walk(pass: ScanPass, folder: string, workspace: Workspace, maxFileSize: number) {
    pass.walked.push(folder);
    const cache = this.cacheOf(workspace)?.cache;
    // Watchman reports real paths: a folder reached through a link is stat'ed.
    const answer = cache && journalCovers(cache.root, [folder]) ? this.journalAnswer(cache) : undefined;
    const changes = answer?.kind === 'since' ? answer.changes : undefined;
    pass.journalUsed ||= changes !== undefined;
    const list = cache ? cachedReadDir(cache, pass.now, changes) : readDirEntries;
    const readDir = (dir: string) => {
      const entries = list(dir);
      this.host.registry.noteListing(
        dir,
        entries.some((e) => e.name === POLICY_FILE_NAME),
      );
      return entries;
    };
    const files: string[] = [];
    const policyFiles: string[] = [];
    const problems: { path: string; message: string }[] = [];
    const record: ScanRecord = {
      files,
      notClean: new Map(),
      policyFiles,
      problems,
      skips: emptySkips(),
      recent: new Set(),
    };
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
      if (pass.sliceOver() && !(await pass.pause())) return undefined;
      if (isOwn(file)) continue;
      this.seen(pass, record, files.push(file) - 1, file, this.outcomeOf(file, maxFileSize, { pass, journal }));
    }
    return { record, mark: answer && answer.kind !== 'none' ? answer.mark : undefined };
  }
}

/** When a file last changed: its ctime, which the kernel sets (an mtime can be set back, or ahead); stat'ed when no stamp was taken. */
function changeTimeOf(file: string, stamp: { ctimeMs: number } | undefined): number | undefined {
  try {
    return (stamp ?? fs.statSync(file)).ctimeMs;
  } catch {
    return undefined;
  }
}
