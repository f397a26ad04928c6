// Paths shared by every front end, free of the schema validator so the agent
// hooks can use them: the engine's path form ('/' separators, no trailing
// slash), the repository root, and where policies and ledgers live.
import * as fs from 'node:fs';
import * as path from 'node:path';

/** Normalises an OS path to the engine's form: '/' separators, no trailing slash. */
export function toEnginePath(p: string): string {
  const s = p.replace(/\\/g, '/');
  return s.length > 1 ? s.replace(/\/+$/, '') : s;
}

/** The nearest ancestor of `dir` holding .git, else `dir` itself. */
export function findRoot(dir: string): string {
  let d = path.resolve(dir);
  for (;;) {
    if (fs.existsSync(path.join(d, '.git'))) return toEnginePath(d);
    const parent = path.dirname(d);
    if (parent === d) return toEnginePath(path.resolve(dir));
    d = parent;
  }
}

export const POLICY_FILE_NAME = '.aifence.json';
export const DEFAULT_LEDGER = '.agent-trace/traces.jsonl';

/** Where the managed policy lives: AIFENCE_MANAGED_POLICY, else the per-OS default. */
export function managedPolicyPath(
  env: NodeJS.ProcessEnv = process.env,
  platform: NodeJS.Platform = process.platform,
): string {
  if (env.AIFENCE_MANAGED_POLICY) return env.AIFENCE_MANAGED_POLICY.replace(/\\/g, '/');
  if (platform === 'win32') return `${(env.ProgramData ?? 'C:/ProgramData').replace(/\\/g, '/')}/AI Fence/policy.json`;
  if (platform === 'darwin') return '/Library/Application Support/AI Fence/policy.json';
  return '/etc/ai-fence/policy.json';
}

/**
 * The path as the file system knows it: symbolic links resolved and, on
 * case-insensitive systems (macOS, Windows), letters cased as stored. Only the
 * longest existing prefix can be resolved; the rest is kept as given. So
 * `link-to-secrets/k` and `SECRETS/k` both meet the `secrets/` zone.
 */
export function canonicalPath(p: string, realpath: (p: string) => string = fs.realpathSync.native): string {
  const tail: string[] = [];
  let head = p;
  for (;;) {
    try {
      const real = toEnginePath(realpath(head));
      return tail.length ? `${real}/${tail.reverse().join('/')}` : real;
    } catch {
      const i = head.lastIndexOf('/');
      if (i <= 0) return p;
      tail.push(head.slice(i + 1));
      head = head.slice(0, i);
    }
  }
}
