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

/**
 * The repository root of `dir`: the nearest ancestor holding .git. Outside
 * git, the outermost ancestor holding a policy file (a policy governs the
 * tree below it), else `dir` itself.
 */
export function findRoot(dir: string): string {
  let outermostPolicy: string | undefined;
  let d = path.resolve(dir);
  for (;;) {
    if (fs.existsSync(path.join(d, '.git'))) return toEnginePath(d);
    if (fs.existsSync(path.join(d, POLICY_FILE_NAME))) outermostPolicy = d;
    const parent = path.dirname(d);
    if (parent === d) return toEnginePath(outermostPolicy ?? path.resolve(dir));
    d = parent;
  }
}

export const POLICY_FILE_NAME = '.aifence.json';
export const DEFAULT_LEDGER = '.agent-trace/traces.jsonl';

/** The machine's managed policy location, per OS. */
export function machinePolicyPath(
  env: NodeJS.ProcessEnv = process.env,
  platform: NodeJS.Platform = process.platform,
): string {
  if (platform === 'win32') return `${(env.ProgramData ?? 'C:/ProgramData').replace(/\\/g, '/')}/AI Fence/policy.json`;
  if (platform === 'darwin') return '/Library/Application Support/AI Fence/policy.json';
  return '/etc/ai-fence/policy.json';
}

/**
 * Every managed policy in force: the machine's location always (so pointing
 * AIFENCE_MANAGED_POLICY elsewhere cannot make it vanish), then
 * AIFENCE_MANAGED_POLICY and `extra` (the editor setting) when set.
 */
export function managedPolicyPaths(
  env: NodeJS.ProcessEnv = process.env,
  extra?: string,
  platform: NodeJS.Platform = process.platform,
): string[] {
  const paths = [machinePolicyPath(env, platform), env.AIFENCE_MANAGED_POLICY, extra];
  return [...new Set(paths.filter((p): p is string => !!p).map(toEnginePath))];
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
