// The transcript index for a long-lived process (the language server): built
// on first use, kept in memory, and brought up to date when a store changes.
// The directories of the known stores are watched, so a chat answer appended
// to a session, or a new session beside it, is indexed within a debounce; a
// slower periodic refresh finds stores in directories that did not exist yet.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { transcriptCacheDir } from './cacheDir';
import { DEFAULT_RETENTION_DAYS, locateContext } from './evidence';
import { updateIndex } from './indexer';
import { TranscriptIndex } from './lookup';
import { findMatches, type MatchRegion } from './match';
import { READERS } from './readers';
import type { StoreEntry } from './storeEntry';

/** Wait this long after the last change before re-indexing (a tool writes a message in several appends). */
export const WATCH_DEBOUNCE_MS = 150;
/** New store directories are found by a refresh this often. */
const RESCAN_MS = 30_000;

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
  private index: TranscriptIndex | undefined;
  private status: LiveIndexStatus = { stores: 0, sessions: 0, problems: [] };
  private debounce: NodeJS.Timeout | undefined;
  private rescan: NodeJS.Timeout | undefined;

  constructor(
    private readonly env: NodeJS.ProcessEnv,
    /** Called after a refresh that read something new. */
    private readonly onUpdate: () => void = () => undefined,
    private readonly log: (message: string) => void = () => undefined,
  ) {}

  /** The index, built now if this is the first use. */
  current(): TranscriptIndex {
    if (!this.index) {
      this.refresh();
      this.rescan = setInterval(() => this.refresh(), RESCAN_MS);
      this.rescan.unref();
    }
    return this.index as TranscriptIndex;
  }

  /** The best match for a text: the region covering most of it, else undefined. */
  origin(text: string): MatchRegion | undefined {
    const regions = findMatches(text, this.current());
    return regions.sort((a, b) => b.endLine - b.startLine - (a.endLine - a.startLine))[0];
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
    const changed = !this.index || report.updated > 0 || report.entries.length !== this.status.stores;
    if (changed) this.index = new TranscriptIndex(report.entries);
    this.status = {
      stores: report.entries.length,
      sessions: this.index?.sessionCount ?? 0,
      updatedAt: new Date().toISOString(),
      problems: report.problems,
    };
    for (const p of report.problems) this.log(`transcripts: ${p}`);
    this.watch(new Set(report.entries.map((e) => path.dirname(e.meta.store))));
    if (changed) this.onUpdate();
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
