// Builds and updates the fingerprint index, one entry file per store
// (storeRefresh.ts reads each store's new part; indexPool.ts spreads a large
// build over worker threads).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { refreshStores, type StoreJob } from './indexPool';
import type { SourceReader } from './record';
import { entryFile, readEntry, type StoreEntry } from './storeEntry';

const DAY_MS = 86_400_000;

export interface IndexOptions {
  readonly dir: string;
  readonly readers: readonly SourceReader[];
  readonly locate: Parameters<SourceReader['stores']>[0];
  /** Records older than this many days are dropped (0: keep all). */
  readonly retentionDays: number;
  readonly now?: number;
  /** Entries kept in memory by a long-lived caller (an editor, a watcher): unchanged stores are not read back from disk. */
  readonly memory?: Map<string, StoreEntry>;
  /** Index every store on the calling thread, never on pool workers (a caller that is a worker itself). */
  readonly thisThreadOnly?: boolean;
}

export interface IndexReport {
  readonly entries: StoreEntry[];
  /** Stores read now (wholly or their appended part). */
  readonly updated: number;
  readonly bytesRead: number;
  /** One line per store that could not be read. */
  readonly problems: string[];
  /** Worker threads that read stores beside this one (0: all on this thread). */
  readonly workers: number;
}

export function updateIndex(options: IndexOptions): IndexReport {
  const problems: string[] = [];
  const live = new Set<string>();
  let updated = 0;
  let bytesRead = 0;
  const cutoff = options.retentionDays > 0 ? (options.now ?? Date.now()) - options.retentionDays * DAY_MS : undefined;
  const jobs: StoreJob[] = [];
  for (const reader of options.readers) {
    for (const store of reader.stores(options.locate)) {
      const file = entryFile(options.dir, store);
      live.add(path.basename(file));
      jobs.push({ reader, store, file, old: options.memory?.get(store) ?? readEntry(file) });
    }
  }
  const { results, workers } = refreshStores(jobs, cutoff, !options.thisThreadOnly);
  const entries = results.map((result, i) => {
    if (result.error) problems.push(`${jobs[i].store}: ${result.error}`);
    if (result.changed) {
      updated++;
      bytesRead += result.bytes;
    }
    options.memory?.set(jobs[i].store, result.entry);
    return result.entry;
  });
  // Stores the tools have deleted (their own retention) leave the index too.
  for (const name of listEntryFiles(options.dir))
    if (!live.has(name)) fs.rmSync(path.join(options.dir, name), { force: true });
  return { entries, updated, bytesRead, problems, workers };
}

export function listEntryFiles(dir: string): string[] {
  try {
    return fs.readdirSync(dir).filter((n) => n.endsWith('.bin'));
  } catch {
    return [];
  }
}
