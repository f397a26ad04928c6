// What git knows, for `check --staged` and `check --changed-since`: a few git
// processes per run, never one per file. Staged content comes from the index
// (what `git commit` would commit), through one `git cat-file --batch`.
import { execFileSync } from 'node:child_process';
import { MAX_POLICY_BYTES, nodePolicyReader, type PolicyReader } from '../engine';
import { UsageError } from './context';
import { STAGED_DIFF_ARGS, type StagedDiff, startStagedDiff } from './stagedDiff';

/** One changed path: its absolute path and, from the index, its blob and mode. */
export interface ChangedEntry {
  readonly file: string;
  readonly deleted: boolean;
  /** The blob in the index (staged entries only). */
  readonly blob?: string;
  /** Regular files only: symbolic links and submodules are not checked, as in a walk. */
  readonly regular: boolean;
}

function git(root: string, args: readonly string[], input?: string): Buffer {
  try {
    return execFileSync('git', args, { cwd: root, input, maxBuffer: 1 << 30, stdio: ['pipe', 'pipe', 'pipe'] });
  } catch (e) {
    throw gitError(args, e);
  }
}

function gitError(args: readonly string[], e: unknown): UsageError {
  const stderr = (e as { stderr?: Buffer }).stderr?.toString().trim();
  return new UsageError(`git ${args[0]} failed${stderr ? `: ${stderr}` : ''}`);
}

/** `git diff --raw -z` entries: `:old new oldblob newblob status\0path\0`. */
function parseRaw(root: string, out: Buffer): ChangedEntry[] {
  const parts = out.toString('utf8').split('\0');
  const entries: ChangedEntry[] = [];
  for (let i = 0; i + 1 < parts.length; i += 2) {
    const [, newMode, , newBlob, status] = parts[i].replace(/^:/, '').split(' ');
    entries.push({
      file: `${root}/${parts[i + 1]}`,
      deleted: status === 'D',
      blob: newBlob,
      regular: newMode === '100644' || newMode === '100755',
    });
  }
  return entries;
}

/** What `git commit` would commit: the index against HEAD (everything, before the first commit). */
export async function stagedChanges(root: string, started?: StagedDiff): Promise<ChangedEntry[]> {
  const diff = started?.root === root ? started : startStagedDiff(root);
  try {
    return parseRaw(root, await diff.output);
  } catch (e) {
    throw gitError(STAGED_DIFF_ARGS, e);
  }
}

/** Files changed since the merge base of `rev` and HEAD: commits, staged and unstaged changes, new files. */
export function changesSince(root: string, rev: string): ChangedEntry[] {
  if (rev.startsWith('-')) throw new UsageError(`--changed-since needs a revision, not "${rev}"`);
  const base = git(root, ['merge-base', rev, 'HEAD']).toString().trim();
  const tracked = parseRaw(root, git(root, ['diff', '--raw', '-z', '--no-renames', '--no-abbrev', base, '--']));
  // The working tree's mode decides for tracked files; the walk's rules (lstat) for new ones.
  const changed = tracked.map((e) => ({ file: e.file, deleted: e.deleted, regular: !e.deleted }));
  const untracked = git(root, ['ls-files', '--others', '--exclude-standard', '-z']).toString('utf8').split('\0');
  for (const rel of untracked) if (rel) changed.push({ file: `${root}/${rel}`, deleted: false, regular: true });
  return changed;
}

/** Tracked files under `dir` in the index, with their blobs (a staged policy change rechecks its whole directory). */
export function indexFilesUnder(root: string, dir: string): ChangedEntry[] {
  const rel = dir === root ? '.' : dir.slice(root.length + 1);
  return parseStage(root, git(root, ['ls-files', '--stage', '-z', '--', rel]));
}

/** `git ls-files --stage -z` entries: `mode blob stage\tpath\0` (stage 0 unless the path is in conflict). */
function parseStage(root: string, out: Buffer): (ChangedEntry & { readonly stage: number })[] {
  const entries: (ChangedEntry & { readonly stage: number })[] = [];
  for (const line of out.toString('utf8').split('\0')) {
    const m = /^(\d+) ([0-9a-f]+) (\d)\t(.*)$/s.exec(line);
    if (m)
      entries.push({
        file: `${root}/${m[4]}`,
        deleted: false,
        blob: m[2],
        regular: m[1] !== '120000' && m[1] !== '160000',
        stage: Number(m[3]),
      });
  }
  return entries;
}

/** A null blob id: git's "no object" (an unmerged path's stage-0 entry in `git diff --raw`). */
const NULL_BLOB = /^0+$/;

/**
 * Reads blobs and index paths with `git cat-file --batch`. As a PolicyReader,
 * policies and ledgers inside the root come from the index too; paths
 * outside it (managed policies) from disk.
 */
export class IndexReader implements PolicyReader {
  private readonly known = new Map<string, Buffer | undefined>();
  /** Index path → blob of every staged change (undefined: not in the index at stage 0), once known. */
  private staged: Map<string, string | undefined> | undefined;

  constructor(private readonly root: string) {}

  /**
   * Takes the staged changes (`git diff --cached` against HEAD), so index
   * paths are read without the index: a changed path by its staged blob,
   * any other as `HEAD:path`, which the index holds unchanged. A `:path`
   * name makes git read the whole index again (a 17 MB file, a tenth of a
   * second in a 100k-file repository). Before the first commit every index
   * entry is a change, and `HEAD:path` finds nothing.
   */
  useStagedChanges(changes: readonly ChangedEntry[]): void {
    this.staged = new Map(
      changes.map((c) => [
        this.indexPath(c.file)!,
        c.deleted || !c.blob || NULL_BLOB.test(c.blob) ? undefined : c.blob,
      ]),
    );
  }

  /** Fetches many objects (blob ids, or `:path` for index paths) in one git process. */
  prefetch(names: readonly string[]): void {
    const wanted = [...new Set(names.map((n) => this.byBlob(n)))].filter(
      (n) => !this.known.has(n) && !n.includes('\n'),
    );
    if (!wanted.length) return;
    const out = git(this.root, ['cat-file', '--batch'], `${wanted.join('\n')}\n`);
    let at = 0;
    for (const name of wanted) {
      const eol = out.indexOf(10, at);
      const header = out.subarray(at, eol).toString('utf8');
      const m = /^[0-9a-f]+ (\w+) (\d+)$/.exec(header);
      if (!m) {
        // `<name> missing` (or ambiguous): nothing there.
        this.known.set(name, undefined);
        at = eol + 1;
        continue;
      }
      const size = Number(m[2]);
      this.known.set(name, m[1] === 'blob' ? out.subarray(eol + 1, eol + 1 + size) : undefined);
      at = eol + 1 + size + 1;
    }
  }

  /** The bytes of a blob or index path, fetched now unless prefetched. */
  bytes(name: string): Buffer | undefined {
    this.prefetch([name]);
    return this.known.get(this.byBlob(name));
  }

  /** The object name that holds an index path once the staged changes are known (no name: nothing there). */
  private byBlob(name: string): string {
    if (!this.staged || !name.startsWith(':')) return name;
    const path = name.slice(1);
    if (!this.staged.has(name)) return `HEAD:${path}`;
    const blob = this.staged.get(name);
    if (blob === undefined) this.known.set(name, undefined);
    return blob ?? name;
  }

  /** The index path of `file`, or undefined outside the root. */
  indexPath(file: string): string | undefined {
    return file.startsWith(`${this.root}/`) ? `:${file.slice(this.root.length + 1)}` : undefined;
  }

  readText(file: string): string | undefined {
    const name = this.indexPath(file);
    if (name === undefined || name.includes('\n')) return nodePolicyReader.readText(file);
    const bytes = this.bytes(name);
    if (bytes && bytes.length > MAX_POLICY_BYTES) throw new Error(`${file} is larger than ${MAX_POLICY_BYTES} bytes`);
    return bytes?.toString('utf8');
  }
}
