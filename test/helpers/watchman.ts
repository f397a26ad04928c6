// A private Watchman daemon for tests (its own socket and state), so tests
// never disturb the user's daemon or its watches. The CLI finds it through
// WATCHMAN_SOCK.
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { after } from 'node:test';
import { tempDir } from './tmp';

/** Why the Watchman tests are skipped, if they are: only when it is not installed, and never in CI. */
export function watchmanSkip(): string | false {
  if (spawnSync('watchman', ['--version']).status === 0) return false;
  if (process.env.CI) throw new Error('watchman is not installed (scripts/provision.mjs installs it in CI)');
  return 'watchman is not installed';
}

export class PrivateWatchman {
  readonly sock: string;
  private readonly watched = new Set<string>();

  constructor() {
    const state = tempDir('aifence-watchman-');
    this.sock = path.join(state, 'sock');
    const files = ['statefile', 'logfile', 'pidfile'].map((f) => `--${f}=${path.join(state, f)}`);
    this.run(...files, 'get-sockname');
    after(() => {
      for (const dir of this.watched) this.run('watch-del', dir);
      this.run('shutdown-server');
    });
  }

  /** The environment under which the CLI talks to this daemon. */
  get env(): Record<string, string> {
    return { WATCHMAN_SOCK: this.sock };
  }

  watch(dir: string): void {
    this.run('watch-project', dir);
    this.watched.add(dir);
  }

  unwatch(dir: string): void {
    this.run('watch-del', dir);
    this.watched.delete(dir);
  }

  private run(...args: string[]): unknown {
    const r = spawnSync('watchman', [`--sockname=${this.sock}`, '--no-pretty', ...args], {
      encoding: 'utf8',
      timeout: 30_000,
    });
    if (r.status !== 0) throw new Error(`watchman ${args.join(' ')}: ${r.stderr}${r.stdout}`);
    return JSON.parse(r.stdout);
  }
}
