// A private Watchman daemon for the benchmarks (never the user's daemon or watches).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** A private Watchman daemon watching `tree` (never the user's daemon), with the environment that points the CLI at it. */
export function watchTree(tree) {
  if (spawnSync('watchman', ['--version']).status !== 0) return undefined;
  const state = fs.mkdtempSync(path.join(os.tmpdir(), 'aifence-bench-watchman-'));
  const sock = path.join(state, 'sock');
  const files = ['statefile', 'logfile', 'pidfile'].map((f) => `--${f}=${path.join(state, f)}`);
  const watchman = (...args) => spawnSync('watchman', [`--sockname=${sock}`, ...files, ...args], { stdio: 'ignore' });
  watchman('watch-project', tree);
  return {
    env: { ...process.env, WATCHMAN_SOCK: sock },
    stop: () => {
      watchman('watch-del', tree);
      watchman('shutdown-server');
      fs.rmSync(state, { recursive: true, force: true });
    },
  };
}
