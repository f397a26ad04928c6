// One indexer pass for a long-lived process (the language server's index
// worker, or its main thread when the worker failed): every store's entry
// brought up to date and persisted, unchanged stores taken from `memory`
// rather than read back from disk. All on the calling thread, never on the
// index pool's workers: one level of threads. Nested pool workers made the
// language server's cold build of 40 MB no faster at load 7-8 (8.5-10.7
// against 8.7-13.4 MB/s) for 15-20% more CPU, and its main thread is free
// either way.
import * as fs from 'node:fs';
import { transcriptCacheDir } from './cacheDir';
import { DEFAULT_RETENTION_DAYS, locateContext } from './evidence';
import { updateIndex } from './indexer';
import { READERS } from './readers';
import type { StoreEntry } from './storeEntry';

export interface StoreUpdate {
  readonly entries: readonly StoreEntry[];
  /** Stores whose entry differs from the one `memory` held before. */
  readonly changed: readonly string[];
  readonly problems: readonly string[];
}

/** The directory the entries are persisted in. */
export function indexDir(env: NodeJS.ProcessEnv): string {
  return transcriptCacheDir(locateContext(env));
}

export function updateStores(env: NodeJS.ProcessEnv, memory: Map<string, StoreEntry>): StoreUpdate {
  const before = new Map(memory);
  const report = updateIndex({
    dir: indexDir(env),
    readers: READERS,
    locate: locateContext(env),
    retentionDays: DEFAULT_RETENTION_DAYS,
    memory,
    thisThreadOnly: true,
  });
  const live = new Set(report.entries.map((e) => e.meta.store));
  for (const store of memory.keys()) if (!live.has(store)) memory.delete(store);
  const changed = report.entries.filter((e) => before.get(e.meta.store) !== e).map((e) => e.meta.store);
  return { entries: report.entries, changed, problems: report.problems };
}

/** The stores' size on disk: at most what a pass reads, so it bounds how long the pass may take. */
export function storeBytes(env: NodeJS.ProcessEnv): number {
  const locate = locateContext(env);
  let bytes = 0;
  for (const reader of READERS)
    for (const store of reader.stores(locate))
      try {
        bytes += fs.statSync(store).size;
      } catch {
        // Gone since it was listed: the pass will not read it either.
      }
  return bytes;
}
