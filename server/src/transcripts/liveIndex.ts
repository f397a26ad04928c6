// The transcript index for a long-lived process (the language server): built
// on first use, kept in memory, and brought up to date when a store changes.
// Reading the stores and fingerprinting them runs in a worker thread (1 to 2 s
// per 40 MB of transcripts would otherwise hold up every request); the worker
// persists the entries and this thread loads the changed ones. If the worker
// fails, it is reported once and the indexer runs on this thread instead. If
// it hangs, it is reported once and indexing stops (the index keeps what it
// has): on this thread the same input would hang the whole server.
// The directories of the known stores are watched, so a chat answer appended
// to a session, or a new session beside it, is indexed within a debounce; a
// slower periodic refresh finds stores in directories that did not exist yet.
// Rebuilding the whole in-memory index takes about a second per 40 MB of
// transcripts, so stores that changed since the last rebuild go into a small
// second index, looked up first; the two merge when the small one grows.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { TranscriptIndex } from './lookup';
import { findMatches, type MatchOptions, type MatchRegion } from './match';
import { entryFile, readEntry, type StoreEntry } from './storeEntry';
import { indexDir, type StoreUpdate, updateStores } from './storeUpdate';
import { type IndexWorkerResult, IndexWorkerTimeout, TranscriptIndexClient } from './transcriptIndexClient';

/** Wait this long after the last change before re-indexing (a tool writes a message in several appends). */
export const WATCH_DEBOUNCE_MS = 150;
/** New store directories are found by a refresh this often. */
const RESCAN_MS = 30_000;
/** The changed stores' index merges into the main one past this many stores, or a quarter of its fingerprints. */
const RECENT_MAX_STORES = 32;

export interface LiveIndexStatus {
  /** Transcript stores indexed. */
  readonly stores: number;
  readonly sessions: number;
  /** ISO time of the last refresh, undefined before the first. */
  readonly updatedAt?: string;
  readonly problems: readonly string[];
}

export class LiveTranscriptIndex {
  private readonly memory = new Map<string, StoreEntry>();
  private readonly watchers = new Map<string, fs.FSWatcher>();
  /** Every store as of the last rebuild, and the stores changed since (their whole new entries). */
  private main: { index: TranscriptIndex; entries: ReadonlyMap<string, StoreEntry> } | undefined;
  private recent: TranscriptIndex | undefined;
  private status: LiveIndexStatus = { stores: 0, sessions: 0, problems: [] };
  private debounce: NodeJS.Timeout | undefined;
  private rescan: NodeJS.Timeout | undefined;
  /** Undefined once it failed: the indexer then runs on this thread, unless it hung (`stopped`). */
  private worker: TranscriptIndexClient | undefined;
  private workerProblem: string | undefined;
  private stopped = false;
  /** The first load, once started; a refresh in hand, and whether another is due after it. */
  private firstLoad: Promise<void> | undefined;
  private refreshing: Promise<void> | undefined;
  private refreshAgain = false;
  private disposed = false;

  /** Called after a refresh that changed what matches (the server revalidates). */
  onUpdate: () => void = () => undefined;

  constructor(
    private readonly env: NodeJS.ProcessEnv,
    private readonly log: (message: string) => void = () => undefined,
  ) {}

  /** Starts building the index if this is the first use; resolves once it is loaded. */
  start(): Promise<void> {
    if (this.firstLoad) return this.firstLoad;
    this.worker = new TranscriptIndexClient(this.env);
    this.firstLoad = this.refresh();
    this.rescan = setInterval(() => void this.refresh(), RESCAN_MS);
    this.rescan.unref();
    return this.firstLoad;
  }

  /** The best match for a text: the region covering most of it (changed stores first on a tie), else undefined. */
  origin(text: string): MatchRegion | undefined {
    const lines = (r: MatchRegion) => r.endLine - r.startLine;
    return this.matches(text).reduce<MatchRegion | undefined>(
      (best, r) => (!best || lines(r) > lines(best) ? r : best),
      undefined,
    );
  }

  /** Non-overlapping matched regions of a text, in order; the changed stores' win where both match. */
  matches(text: string, options: MatchOptions = {}): MatchRegion[] {
    void this.start();
    const out: MatchRegion[] = [];
    for (const index of [this.recent, this.main?.index])
      for (const r of index ? findMatches(text, index, options) : [])
        if (!out.some((o) => r.startLine <= o.endLine && o.startLine <= r.endLine)) out.push(r);
    return out.sort((a, b) => a.startLine - b.startLine);
  }

  /** Whether the index has loaded: before that, nothing matches and a file's result must not be kept as matched. */
  get loaded(): boolean {
    return this.main !== undefined;
  }

  info(): LiveIndexStatus {
    return this.status;
  }

  dispose(): void {
    this.disposed = true;
    clearTimeout(this.debounce);
    clearInterval(this.rescan);
    this.worker?.dispose();
    for (const w of this.watchers.values()) w.close();
    this.watchers.clear();
  }

  /** Brings the index up to date; a refresh asked for while one runs runs after it. */
  private refresh(): Promise<void> {
    if (this.refreshing) {
      this.refreshAgain = true;
      return this.refreshing;
    }
    const refreshing = this.update()
      .then((update) => {
        if (this.disposed) return;
        if (update) this.apply(update);
        else this.status = { ...this.status, problems: this.problems([]) };
      })
      .catch((e) => {
        if (!this.disposed) this.log(`transcripts: cannot update the index: ${(e as Error).message}`);
      })
      .finally(() => {
        this.refreshing = undefined;
        if (this.refreshAgain && !this.disposed) {
          this.refreshAgain = false;
          void this.refresh();
        }
      });
    this.refreshing = refreshing;
    return refreshing;
  }

  /** The stores' entries, indexed by the worker, else on this thread; undefined once indexing stopped. */
  private async update(): Promise<StoreUpdate | undefined> {
    if (this.worker)
      try {
        return this.load(await this.worker.update());
      } catch (e) {
        // Stopped with the server: nothing to fall back for.
        if (this.disposed) throw e;
        this.worker.dispose();
        this.worker = undefined;
        this.stopped = e instanceof IndexWorkerTimeout;
        const then = this.stopped ? 'transcript indexing stopped' : 'indexing on the main thread';
        this.workerProblem = `the index worker failed (${(e as Error).message}); ${then}`;
        this.log(`transcripts: ${this.workerProblem}`);
      }
    return this.stopped ? undefined : updateStores(this.env, this.memory);
  }

  /** The worker's stores: changed entries read from what it persisted, the others kept. */
  private load(result: IndexWorkerResult): StoreUpdate {
    const dir = indexDir(this.env);
    const changed = new Set(result.changed);
    // An entry unreadable now (replaced meanwhile by another process) is left out, and read again next time.
    const entries = result.stores.flatMap((store) => {
      const entry = (changed.has(store) ? undefined : this.memory.get(store)) ?? readEntry(entryFile(dir, store));
      return entry ? [entry] : [];
    });
    this.memory.clear();
    for (const e of entries) this.memory.set(e.meta.store, e);
    return { entries, changed: result.changed, problems: result.problems };
  }

  private apply(update: StoreUpdate): void {
    const first = !this.main;
    const changed = this.rebuild(update.entries);
    this.status = {
      stores: update.entries.length,
      sessions: this.main?.index.sessionCount ?? 0,
      updatedAt: new Date().toISOString(),
      problems: this.problems(update.problems),
    };
    for (const p of update.problems) this.log(`transcripts: ${p}`);
    if (first) this.log(`transcripts: index loaded: ${this.status.stores} stores, ${this.status.sessions} sessions`);
    this.watch(new Set(update.entries.map((e) => path.dirname(e.meta.store))));
    if (changed) this.onUpdate();
  }

  /** The stores' problems, after the worker's if it failed. */
  private problems(stores: readonly string[]): readonly string[] {
    return this.workerProblem ? [this.workerProblem, ...stores] : stores;
  }

  /** Updates the indexes for the stores now; whether anything changed. */
  private rebuild(entries: readonly StoreEntry[]): boolean {
    const main = this.main;
    const changed = main ? entries.filter((e) => main.entries.get(e.meta.store) !== e) : entries;
    const live = new Set(entries.map((e) => e.meta.store));
    const removed = main ? [...main.entries.keys()].some((store) => !live.has(store)) : false;
    if (main && !changed.length && !removed && !this.recent) return false;
    const recentSize = changed.reduce((n, e) => n + e.produced.length / 2, 0);
    if (!main || removed || changed.length > RECENT_MAX_STORES || recentSize > main.index.size / 4) {
      this.main = {
        index: new TranscriptIndex(entries),
        entries: new Map(entries.map((e) => [e.meta.store, e])),
      };
      this.recent = undefined;
    } else this.recent = changed.length ? new TranscriptIndex(changed) : undefined;
    return true;
  }

  private watch(dirs: ReadonlySet<string>): void {
    for (const [dir, w] of this.watchers)
      if (!dirs.has(dir)) {
        w.close();
        this.watchers.delete(dir);
      }
    for (const dir of dirs) {
      if (this.watchers.has(dir)) continue;
      try {
        const w = fs.watch(dir, { persistent: false }, () => this.changed());
        w.on('error', () => {
          w.close();
          this.watchers.delete(dir);
        });
        this.watchers.set(dir, w);
      } catch (e) {
        this.log(`transcripts: cannot watch ${dir}: ${(e as Error).message}`);
      }
    }
  }

  private changed(): void {
    clearTimeout(this.debounce);
    this.debounce = setTimeout(() => this.refresh(), WATCH_DEBOUNCE_MS);
  }
}
