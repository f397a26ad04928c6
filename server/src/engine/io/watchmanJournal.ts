// The Watchman journal: which paths under a root changed since a clock, so a
// cached check can trust unchanged files and directories without a stat each.
// AI Fence never starts Watchman or a watch (no surprise daemons): the user
// runs `watchman watch-project <repo>`. Anything we cannot vouch for (no
// watchman, no watch, an error, a slow or huge answer, a new watch instance,
// a watch configured to hide paths) gives no journal, and the caller stats
// every path as without one.
//
// Why it is sound: the caller asks for the clock before it stats or reads
// anything, and saves that clock with what it recorded; so every cached entry
// was read after the clock saved with it, and any later change to it is in
// the next `since` answer.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { isObject } from './json';
import { isWithin } from './paths';

/** A slower daemon is not waited for: the stat walk is a few seconds at worst. */
const TIMEOUT_MS = 2000;
/** A million changed names is about 64 MB of JSON; a bigger answer is not read. */
const MAX_ANSWER_BYTES = 64 * 1024 * 1024;

/** Where a clock comes from (the watched root, which may be an ancestor of ours) and the clock. */
export interface JournalMark {
  readonly watch: string;
  readonly clock: string;
}

export type JournalAnswer =
  /** The changes since the stored mark; `mark` is the clock now. */
  | { readonly kind: 'since'; readonly mark: JournalMark; readonly changes: JournalChanges }
  /** No usable stored mark: stat every path, and the mark to save after that. */
  | { readonly kind: 'fresh'; readonly mark: JournalMark }
  /** No journal; `problem` when the user should hear why. */
  | { readonly kind: 'none'; readonly problem?: string };

/** The paths the journal reports changed, and the directories whose whole subtree is treated as changed. */
export class JournalChanges {
  /** What Watchman reported, as absolute paths with Watchman's type letter (`f`, `d`, `l`…). */
  readonly reported: readonly { path: string; type?: string }[];
  private readonly paths = new Set<string>();
  private readonly dirs = new Set<string>();

  constructor(
    private readonly root: string,
    files: readonly { name: string; type?: string }[],
  ) {
    this.reported = files.map((f) => ({ path: `${root}/${f.name}`, type: f.type }));
    for (const f of files) {
      const p = `${root}/${f.name}`;
      this.paths.add(p);
      // An added, removed or renamed entry changes its directory's listing (Watchman does not report the directory).
      this.paths.add(path.posix.dirname(p));
      // A directory created or moved in: its contents may not all be reported one by one.
      if (f.type === 'd') this.dirs.add(p);
    }
  }

  /** Whether the journal proves `p` (a file or directory under the root) unchanged. */
  unchanged(p: string): boolean {
    if (this.paths.has(p)) return false;
    if (p === this.root) return true;
    if (!p.startsWith(`${this.root}/`)) return false;
    if (!this.dirs.size) return true;
    for (let up = path.posix.dirname(p); up.length > this.root.length; up = path.posix.dirname(up))
      if (this.dirs.has(up)) return false;
    return true;
  }
}

class WatchmanError extends Error {
  constructor(
    message: string,
    /** Whether the user should hear about it (not for "not installed", "not running" or "not watched"). */
    readonly tell: boolean,
  ) {
    super(message);
  }
}

/**
 * Whether the journal can speak for `paths` (a root and the scopes under it):
 * Watchman reports changes under real paths, so a path through a link, or a
 * scope outside the root, would never show a change.
 */
export function journalCovers(root: string, scopes: readonly string[]): boolean {
  const real = (p: string) => {
    try {
      return fs.realpathSync(p) === p;
    } catch {
      return false;
    }
  };
  return real(root) && scopes.every((s) => isWithin(s, root) && real(s));
}

/**
 * The clock to keep with a cache after a run that asked `answer`: the run's,
 * when it walked the whole root (so every entry kept was read or proved
 * unchanged after it); otherwise the stored one while it is still valid
 * (entries recorded now were read after it too).
 */
export function markToKeep(stored: JournalMark | undefined, answer: JournalAnswer, wholeRoot: boolean) {
  if (answer.kind !== 'none' && wholeRoot) return answer.mark;
  return answer.kind === 'since' ? stored : undefined;
}

/** Asks the local Watchman what changed under `root` since `stored`. Never throws. */
export function queryJournal(root: string, stored: JournalMark | undefined, env: NodeJS.ProcessEnv): JournalAnswer {
  try {
    const watch = stored && isWithin(root, stored.watch) ? stored.watch : watchedAncestor(root, env);
    if (!watch) return { kind: 'none' };
    const query: Record<string, unknown> = { fields: ['name', 'type'], empty_on_fresh_instance: true };
    if (root !== watch) query.relative_root = root.slice(watch.length + 1);
    // A clock of another watch instance makes Watchman answer as a fresh instance.
    query.since = stored?.watch === watch ? stored.clock : 'c:0:0:0:0';
    const answer = ask(['query', watch, query], env);
    const clock = answer.clock;
    if (typeof clock !== 'string' || typeof answer.is_fresh_instance !== 'boolean' || !Array.isArray(answer.files))
      throw new WatchmanError('unexpected answer to a query', true);
    const mark = { watch, clock };
    if (!answer.is_fresh_instance)
      return { kind: 'since', mark, changes: new JournalChanges(root, changed(answer.files)) };
    // Watchman reads a root's configuration when the watch starts: a new instance may have a new one.
    const config = ask(['get-config', watch], env).config;
    const keys = isObject(config) ? Object.keys(config) : ['?'];
    if (keys.length)
      throw new WatchmanError(`${watch}/.watchmanconfig sets ${keys.join(', ')}, which may hide changes`, true);
    return { kind: 'fresh', mark };
  } catch (e) {
    return e instanceof WatchmanError ? { kind: 'none', problem: e.tell ? e.message : undefined } : { kind: 'none' };
  }
}

/** The watched root that is `root` or its nearest ancestor, if any. */
function watchedAncestor(root: string, env: NodeJS.ProcessEnv): string | undefined {
  const roots = ask(['watch-list'], env).roots;
  if (!Array.isArray(roots)) throw new WatchmanError('unexpected answer to watch-list', true);
  let best: string | undefined;
  for (const r of roots)
    if (typeof r === 'string' && isWithin(root, r) && (best === undefined || r.length > best.length)) best = r;
  return best;
}

function changed(files: unknown[]): { name: string; type?: string }[] {
  return files.map((f) => {
    if (!isObject(f) || typeof f.name !== 'string') throw new WatchmanError('unexpected file in a query answer', true);
    return { name: f.name, type: typeof f.type === 'string' ? f.type : undefined };
  });
}

/** One command to the running daemon (never started by us); WATCHMAN_SOCK picks the daemon as newer clients do. */
function ask(command: unknown[], env: NodeJS.ProcessEnv): Record<string, unknown> {
  const sock = env.WATCHMAN_SOCK ? [`--sockname=${env.WATCHMAN_SOCK}`] : [];
  const run = spawnSync('watchman', [...sock, '--no-spawn', '--no-local', '--no-pretty', '-j'], {
    input: JSON.stringify(command),
    encoding: 'utf8',
    env,
    timeout: TIMEOUT_MS,
    maxBuffer: MAX_ANSWER_BYTES,
    stdio: ['pipe', 'pipe', 'ignore'],
  });
  if (run.error) {
    const code = (run.error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new WatchmanError('not installed', false);
    if (code === 'ETIMEDOUT') throw new WatchmanError(`no answer within ${TIMEOUT_MS / 1000} s`, true);
    throw new WatchmanError(run.error.message, true);
  }
  let answer: unknown;
  try {
    answer = JSON.parse(run.stdout);
  } catch {
    // Without a running daemon (--no-spawn) it says so in text, and exits non-zero.
    throw new WatchmanError('not running', run.status === 0);
  }
  if (!isObject(answer)) throw new WatchmanError('unexpected answer', true);
  if (typeof answer.error === 'string')
    // Watchman's own advice runs over several lines: one line here.
    throw new WatchmanError(answer.error.replace(/\s+/g, ' ').trim(), !/is not watched/.test(answer.error));
  return answer;
}
