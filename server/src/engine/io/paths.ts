// Paths shared by every front end, free of the schema validator so the agent
// hooks can use them: the engine's path form ('/' separators, no trailing
// slash), the repository root, and where policies and ledgers live.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { getOrCreate } from '../getOrCreate';

/** Normalises an OS path to the engine's form: '/' separators, no trailing slash. */
export function toEnginePath(p: string): string {
  const s = p.replace(/\\/g, '/');
  return s.length > 1 ? s.replace(/\/+$/, '') : s;
}

/** Whether `p` is `dir` or inside it (both absolute, '/' separators). No string is built: walks call it per path. */
export function isWithin(p: string, dir: string): boolean {
  return p.startsWith(dir) && (p.length === dir.length || p.charCodeAt(dir.length) === 47);
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

/** A path the hooks refuse to resolve (too deep, too many links): the call is denied, never allowed unchecked. */
export class PathLimitError extends Error {}

/** Linux's MAXSYMLINKS: the kernel gives up (ELOOP) after this many links in one lookup. */
export const MAX_LINKS = 40;
/** Components one path may have after its links are expanded; deeper is refused. */
export const MAX_COMPONENTS = 256;

const ROOT = /^(?:[A-Za-z]:)?\//;

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
 * The path as the kernel would reach it: components walked from the root,
 * each existing symbolic link replaced by its target (dangling links too: a
 * write creates the target), `..` applied to the resolved parent, and the
 * part that does not exist yet appended as written. Then, on case-insensitive
 * systems, letters cased as stored, and Unicode in NFC so the spelling of a
 * name cannot differ from a zone's. So `link-to-secrets/k`, `link/../secrets`
 * and `SECRETS/k` all meet the `secrets/` zone. Throws PathLimitError past
 * MAX_LINKS links or MAX_COMPONENTS components.
 */
export function canonicalPath(p: string, look: PathLookup = DISK): string {
  return canonicalPaths(p, look)[0];
}

/** What path resolution asks of the file system (tests stand in for a case-insensitive one). */
export interface PathLookup {
  /** The link's target; undefined for an existing non-link, null for nothing there. */
  linkTarget(p: string): string | undefined | null;
  /** The stored spelling of an existing, link-free path. */
  realpath(p: string): string;
}

// One hook call (a process of its own, so nothing goes stale) asks about the same directories many
// times: every path under them, every cwd.
const seen = new Map<string, string | undefined | null>();
const spellings = new Map<string, string>();
const DISK: PathLookup = {
  linkTarget: (p) => {
    // Not getOrCreate: undefined (no link) is a value worth keeping here.
    if (seen.has(p)) return seen.get(p);
    let target: string | undefined | null;
    try {
      target = fs.lstatSync(p).isSymbolicLink() ? fs.readlinkSync(p) : undefined;
    } catch {
      target = null;
    }
    seen.set(p, target);
    return target;
  },
  realpath: (p) => getOrCreate(spellings, p, () => fs.realpathSync.native(p)),
};

/**
 * canonicalPath, and also the link itself when the last component is a
 * symbolic link: `rm link` removes the link where it lies, `cat link` reads
 * where it points, and both places are judged.
 */
export function canonicalPaths(p: string, look: PathLookup = DISK): string[] {
  const s = p.replace(/\\/g, '/');
  const root = ROOT.exec(s)?.[0];
  if (root === undefined) return [p.normalize('NFC')];
  const pending = s.slice(root.length).split('/').reverse();
  const done: string[] = [];
  let existing = 0; // leading components of `done` known to exist, none of them a link
  let links = 0;
  let lastLink: string | undefined;
  const spelled = (n: number) => (n ? storedSpelling(root + done.slice(0, n).join('/'), look) : root.slice(0, -1));
  while (pending.length) {
    const part = pending.pop() as string;
    if (part === '' || part === '.') continue;
    if (part === '..') {
      done.pop();
      existing = Math.min(existing, done.length);
      continue;
    }
    done.push(part);
    if (done.length + pending.length > MAX_COMPONENTS * 4 || done.length > MAX_COMPONENTS)
      throw new PathLimitError(`a path has more than ${MAX_COMPONENTS} components`);
    if (existing !== done.length - 1) continue;
    const target = look.linkTarget(root + done.join('/'));
    if (target === null) continue; // nothing there: the rest is appended as written
    if (target === undefined) {
      existing++;
      continue;
    }
    if (++links > MAX_LINKS) throw new PathLimitError(`a path goes through more than ${MAX_LINKS} symbolic links`);
    done.pop();
    if (pending.every((x) => x === '' || x === '.')) lastLink ??= `${spelled(existing)}/${part}`;
    const t = target.replace(/\\/g, '/');
    const targetRoot = ROOT.exec(t)?.[0];
    if (targetRoot !== undefined) {
      done.length = 0;
      existing = 0;
    }
    pending.push(
      ...t
        .slice(targetRoot?.length ?? 0)
        .split('/')
        .reverse(),
    );
  }
  const rest = done.slice(existing);
  const resolved = toEnginePath([spelled(existing), ...rest].join('/') || '/');
  return lastLink === undefined ? [resolved.normalize('NFC')] : [resolved.normalize('NFC'), lastLink.normalize('NFC')];
}

function storedSpelling(p: string, look: PathLookup): string {
  try {
    return toEnginePath(look.realpath(p));
  } catch {
    return p;
  }
}
