// Walks a tree the way git sees it: honours .gitignore files, skips .git and
// node_modules, never follows symbolic links (so link loops cannot trap it).
import * as fs from 'node:fs';
import { type IgnoreFile, ignoredBy, parseGitignore } from './gitignore';
import { POLICY_FILE_NAME } from './paths';
import { isRegularFile, readRegularText, specialFileKind } from './regularFile';

export interface SkipCounts {
  ignored: number;
  /** .git and node_modules directories. */
  excluded: number;
  symlink: number;
  unreadable: number;
  binary: number;
  oversized: number;
  vanished: number;
}

export function emptySkips(): SkipCounts {
  return { ignored: 0, excluded: 0, symlink: 0, unreadable: 0, binary: 0, oversized: 0, vanished: 0 };
}

const ALWAYS_SKIPPED = new Set(['.git', 'node_modules']);
/** A bigger .gitignore is not applied (so more is checked, not less). */
const MAX_GITIGNORE_BYTES = 1024 * 1024;

/** What the walk needs of a directory entry (an fs.Dirent has it). */
export type DirEntry = Pick<
  fs.Dirent,
  'name' | 'isFile' | 'isDirectory' | 'isSymbolicLink' | 'isFIFO' | 'isSocket' | 'isCharacterDevice' | 'isBlockDevice'
>;

export interface WalkOptions {
  /** Directory whose .gitignore files apply ('/' separators); the walk starts at or below it. */
  readonly root: string;
  readonly skips: SkipCounts;
  /** Called for what the walk could not read: directories it cannot list, FIFOs, sockets and devices. */
  readonly onProblem?: (path: string, message: string) => void;
  /**
   * Called for a directory's policy file (a file the walk yields, or a link,
   * FIFO or device it skips) before anything inside the directory is yielded,
   * so a caller that checks files as they come knows every policy above them.
   */
  readonly onPolicyFile?: (path: string) => void;
  /** Lists a directory (default: readdir); the check cache answers from its listings. Throws as readdir does. */
  readonly readDir?: (dir: string) => DirEntry[];
}

export const readDirEntries = (dir: string): DirEntry[] => fs.readdirSync(dir, { withFileTypes: true });

/** Lists the files under `start` (a directory or a file), depth first, in name order. */
export function walkFiles(start: string, options: WalkOptions): string[] {
  return [...iterateFiles(start, options)];
}

/** The same walk, one file at a time, so a caller can pause between files. */
export function* iterateFiles(start: string, options: WalkOptions): Generator<string> {
  const ignores = ancestorIgnores(options.root, start);
  let stat: fs.Stats;
  try {
    stat = fs.lstatSync(start);
  } catch (e) {
    options.onProblem?.(start, (e as Error).message);
    options.skips.vanished++;
    return;
  }
  if (stat.isSymbolicLink()) options.skips.symlink++;
  if (!stat.isDirectory() && start.endsWith(`/${POLICY_FILE_NAME}`)) options.onPolicyFile?.(start);
  if (stat.isFile()) yield start;
  else if (stat.isDirectory()) yield* walkDir(start, ignores, options);
  else skipSpecial(start, stat, options);
}

function skipSpecial(path: string, kind: fs.Stats | DirEntry, options: WalkOptions): void {
  options.skips.unreadable++;
  options.onProblem?.(path, `not a regular file (${specialFileKind(kind)})`);
}

function ancestorIgnores(root: string, start: string): IgnoreFile[] {
  const ignores: IgnoreFile[] = [];
  if (start !== root && !start.startsWith(`${root}/`)) return ignores;
  const parts = start.slice(root.length).split('/').filter(Boolean);
  let dir = root;
  for (let i = 0; i < parts.length; i++) {
    const ig = readIgnore(dir);
    if (ig) ignores.push(ig);
    dir = `${dir}/${parts[i]}`;
  }
  return ignores;
}

function readIgnore(dir: string): IgnoreFile | undefined {
  // Only a regular file, as the walk reads it: a linked .gitignore is not applied by either.
  if (!isRegularFile(`${dir}/.gitignore`)) return undefined;
  try {
    return parseGitignore(dir, readRegularText(`${dir}/.gitignore`, MAX_GITIGNORE_BYTES));
  } catch {
    return undefined;
  }
}

/** Whether the walk from `root` would skip `file` (an ignored or excluded ancestor, or the file itself). */
export function isIgnoredPath(root: string, file: string): boolean {
  if (!file.startsWith(`${root}/`)) return false;
  const parts = file.slice(root.length + 1).split('/');
  const ignores: IgnoreFile[] = [];
  let dir = root;
  for (let i = 0; i < parts.length; i++) {
    const own = readIgnore(dir);
    if (own) ignores.push(own);
    const path = `${dir}/${parts[i]}`;
    const isDir = i < parts.length - 1;
    if ((isDir && ALWAYS_SKIPPED.has(parts[i])) || isIgnored(ignores, path, isDir)) return true;
    dir = path;
  }
  return false;
}

function isIgnored(ignores: readonly IgnoreFile[], path: string, isDir: boolean): boolean {
  // The deepest .gitignore with a matching rule decides.
  for (let i = ignores.length - 1; i >= 0; i--) {
    const verdict = ignoredBy(ignores[i], path.slice(ignores[i].dir.length + 1), isDir);
    if (verdict !== undefined) return verdict;
  }
  return false;
}

function* walkDir(dir: string, inherited: readonly IgnoreFile[], options: WalkOptions): Generator<string> {
  let entries: DirEntry[];
  try {
    entries = (options.readDir ?? readDirEntries)(dir);
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    if (err.code === 'ENOENT') options.skips.vanished++;
    else {
      options.skips.unreadable++;
      options.onProblem?.(dir, err.message);
    }
    return;
  }
  // Only read .gitignore where the listing has one: a failed open per directory is costly.
  const own = entries.some((e) => e.name === '.gitignore' && e.isFile()) ? readIgnore(dir) : undefined;
  const ignores = own ? [...inherited, own] : inherited;
  const policy = entries.find((e) => e.name === POLICY_FILE_NAME);
  // A policy file the walk does not yield (a link, a FIFO…) is still read: linked it applies, unreadable it is an error.
  if (
    policy &&
    (policy.isSymbolicLink() || (!policy.isDirectory() && !isIgnored(ignores, `${dir}/${policy.name}`, false)))
  )
    options.onPolicyFile?.(`${dir}/${policy.name}`);
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const entry of entries) {
    const path = `${dir}/${entry.name}`;
    if (entry.isSymbolicLink()) {
      options.skips.symlink++;
      continue;
    }
    if (entry.isDirectory()) {
      if (ALWAYS_SKIPPED.has(entry.name)) {
        options.skips.excluded++;
        continue;
      }
      if (isIgnored(ignores, path, true)) {
        options.skips.ignored++;
        continue;
      }
      yield* walkDir(path, ignores, options);
    } else if (isIgnored(ignores, path, false)) options.skips.ignored++;
    else if (entry.isFile()) yield path;
    else skipSpecial(path, entry, options);
  }
}
