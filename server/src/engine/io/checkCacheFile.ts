// The check cache on disk. By default each root has one file in the user's
// private state directory (which the agent hooks fence: no agent can forge
// it); `--cache-location` puts it elsewhere. A corrupt or foreign file is
// ignored with a message and rebuilt; the file is replaced atomically.
import { createHash } from 'node:crypto';
import * as path from 'node:path';
import { CheckCache } from '../cache/checkCache';
import { readTextIfPresent } from './policyFiles';
import { userStateDir, writeAtomic } from './stateDir';

/** A cache of a million files is about 150 MB; anything larger is not ours. */
const MAX_CACHE_BYTES = 512 * 1024 * 1024;

/** The default cache file of `root`. Throws when there is no private state directory. */
export function defaultCacheFile(root: string, env: NodeJS.ProcessEnv): string {
  const name = createHash('sha256').update(root).digest('hex').slice(0, 32);
  return path.join(userStateDir(env), 'check-cache', `${name}.json`);
}

/** The cache in `file` for this version and root; `problem` says why an existing file was not used. */
export function loadCheckCache(file: string, version: string, root: string): { cache: CheckCache; problem?: string } {
  let text: string | undefined;
  try {
    text = readTextIfPresent(file, MAX_CACHE_BYTES);
  } catch (e) {
    return { cache: CheckCache.empty(version, root), problem: (e as Error).message };
  }
  return text === undefined ? { cache: CheckCache.empty(version, root) } : CheckCache.parse(text, version, root);
}

export function saveCheckCache(file: string, cache: CheckCache): Error | undefined {
  return writeAtomic(file, cache.serialize());
}
