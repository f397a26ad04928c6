// Where the transcript index lives: the user's cache directory, never the repository.
import * as path from 'node:path';
import type { LocateContext } from './record';

export function transcriptCacheDir(ctx: LocateContext): string {
  const { env, home, platform } = ctx;
  const base =
    platform === 'win32'
      ? (env.LOCALAPPDATA ?? path.join(home, 'AppData', 'Local'))
      : (env.XDG_CACHE_HOME ?? path.join(home, '.cache'));
  return path.join(base, 'ai-fence', 'transcripts');
}
