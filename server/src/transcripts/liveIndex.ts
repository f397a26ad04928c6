// The transcript index for a long-lived process (the language server): built
// on first use, kept in memory, and brought up to date when a store changes.
// The directories of the known stores are watched, so a chat answer appended
// to a session, or a new session beside it, is indexed within a debounce; a
// slower periodic refresh finds stores in directories that did not exist yet.
// Rebuilding the whole in-memory index takes about a second per 40 MB of
// transcripts, so stores that changed since the last rebuild go into a small
// second index, looked up first; the two merge when the small one grows.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { transcriptCacheDir } from './cacheDir';
import { DEFAULT_RETENTION_DAYS, locateContext } from './evidence';
import { updateIndex } from './indexer';
import { TranscriptIndex } from './lookup';
import { findMatches, type MatchOptions, type MatchRegion } from './match';
import { READERS } from './readers';
import type { StoreEntry } from './storeEntry';

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

  /** Called after a refresh that changed what matches (the server revalidates). */
  onUpdate: () => void = () => undefined;

  constructor(
    private readonly env: NodeJS.ProcessEnv,
    private readonly log: (message: string) => void = () => undefined,
  ) {}

  /** Builds the index now if this is the first use. */
  current(): void {
    if (this.main) return;
    this.refresh();
    this.rescan = setInterval(() => this.refresh(), RESCAN_MS);
    this.rescan.unref();
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
    this.current();
    const out: MatchRegion[] = [];
    for (const index of [this.recent, this.main?.index])
      for (const r of index ? findMatches(text, index, options) : [])
        if (!out.some((o) => r.startLine <= o.endLine && o.startLine <= r.endLine)) out.push(r);
    return out.sort((a, b) => a.startLine - b.startLine);
  }

  info(): LiveIndexStatus {
    return this.status;
  }

  dispose(): void {
    clearTimeout(this.debounce);
    clearInterval(this.rescan);
    for (const w of this.watchers.values()) w.close();
    this.watchers.clear();
  }

  private refresh(): void {
    const locate = locateContext(this.env);
    const report = updateIndex({
      dir: transcriptCacheDir(locate),
      readers: READERS,
      locate,
      retentionDays: DEFAULT_RETENTION_DAYS,
      memory: this.memory,
    });
    const live = new Set(report.entries.map((e) => e.meta.store));
    for (const store of this.memory.keys()) if (!live.has(store)) this.memory.delete(store);
    const changed = this.rebuild(report.entries);
    this.status = {
      stores: report.entries.length,
      sessions: this.main?.index.sessionCount ?? 0,
      updatedAt: new Date().toISOString(),
      problems: report.problems,
    };
    for (const p of report.problems) this.log(`transcripts: ${p}`);
    this.watch(new Set(report.entries.map((e) => path.dirname(e.meta.store))));
    if (changed) this.onUpdate();
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
