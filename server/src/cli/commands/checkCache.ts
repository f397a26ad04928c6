// `check --cache`: where the cache lives, and what is said when it cannot be used.
import * as path from 'node:path';
import type { CheckCache, JournalAnswer } from '../../engine';
import { defaultCacheFile, loadCheckCache, queryJournal, saveCheckCache } from '../../engine';
import { type CliIo, displayPath } from '../context';

export interface OpenCache {
  readonly cache: CheckCache;
  readonly file: string;
}

/** Where the cache of `root` is kept, or undefined (with a message) when there is no place for one. */
export function cacheFileFor(io: CliIo, root: string, location: string | undefined): string | undefined {
  try {
    return location ? path.resolve(io.cwd, location) : defaultCacheFile(root, io.env);
  } catch (e) {
    io.stderr(`ai-fence: checking without a cache: ${(e as Error).message}\n`);
    return undefined;
  }
}

/** The cache in `file`; a corrupt or foreign one is reported and replaced by an empty one. */
export function openCache(io: CliIo, file: string, root: string, version: string): OpenCache {
  const { cache, problem } = loadCheckCache(file, version, root);
  if (problem) io.stderr(`ai-fence: ignoring the cache ${displayPath(io, file)} (${problem}); rebuilding it\n`);
  return { cache, file };
}

/** What Watchman says changed since the cache's clock; asked before anything is stat'ed or read. */
export function openJournal(io: CliIo, open: OpenCache): JournalAnswer {
  const answer = queryJournal(open.cache.root, open.cache.journal, io.env);
  if (answer.kind === 'none' && answer.problem)
    io.stderr(`ai-fence: not using the watchman journal: ${answer.problem}\n`);
  return answer;
}

/** Writes the cache back, keeping what this run used and the other entries that `keep` accepts. */
export function saveCache(io: CliIo, open: OpenCache, keep: (file: string) => boolean): void {
  if (open.cache.malformed)
    io.stderr(
      `ai-fence: ${open.cache.malformed} malformed entries of the cache ${displayPath(io, open.file)} were not used\n`,
    );
  open.cache.retain(keep);
  if (!open.cache.changed) return;
  const error = saveCheckCache(open.file, open.cache);
  if (error) io.stderr(`ai-fence: cannot write the cache ${displayPath(io, open.file)}: ${error.message}\n`);
}
