// `check --cache` and the editor's workspace scan with a Watchman journal: the
// last run's results, kept beside the cache, so a run after a few files were
// edited reads those files and nothing else: no walk, no stat, and not the
// cache itself (parsing a 100k-file cache costs more than checking a few files).
//
// It is used only when the journal proves that nothing but the contents of
// files the last run checked changed: no file or directory appeared or went,
// no policy, ledger or .gitignore changed, and the policies in force
// (managed ones included) have the same fingerprints.
// Anything else takes the full cached run, which writes a new last run.
// Sound for the same reason as the journal itself: the clock kept with the
// results was taken before any of them was read.
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { type FileOutcome, isFileOutcome } from '../cache/checkCache';
import { policyFingerprint } from '../policy/fingerprint';
import { isObject } from './json';
import { isWithin, POLICY_FILE_NAME } from './paths';
import { readTextIfPresent } from './policyFiles';
import { isDirectory, isRegularFile } from './regularFile';
import { writeAtomic } from './stateDir';
import { emptySkips, isIgnoredPath, type SkipCounts } from './walker';
import { type JournalChanges, type JournalMark, queryJournal } from './watchmanJournal';
import type { Workspace } from './workspace';

const FORMAT = 'ai-fence-check-last-run';
/** Past this many edited files the full run (with its worker threads) is faster. */
const MAX_EDITED_FILES = 2000;
/** A last run of a million files is about 60 MB. */
const MAX_FILE_BYTES = 256 * 1024 * 1024;

export interface LastRun {
  readonly mark: JournalMark;
  /** The run's options and scope (lastRunKey). */
  readonly key: string;
  /** The policies in force (policyPrints). */
  readonly prints: string;
  /** What the walk gave, in its order. */
  readonly files: readonly string[];
  /** `files` as stored (relative to the root), when they came from the file: written back as they are. */
  readonly storedFiles?: readonly string[];
  /** Outcomes of the files that were not clean, by index in `files`. */
  readonly outcomes: Map<number, FileOutcome>;
  /** The walk's own skip counts (links, ignored paths…), without the files' outcomes. */
  readonly skips: SkipCounts;
  /** What the walk could not read. */
  readonly problems: readonly { path: string; message: string }[];
  readonly policyFiles: readonly string[];
  readonly ledgers: readonly string[];
  /**
   * Files whose results are provisional, by index (the editor's scan: read
   * soon after they changed, a transcript indexed later may still match
   * them); the next run reads them again.
   */
  readonly recent?: ReadonlySet<number>;
}

/** Where the last run of a cache is kept. */
export function lastRunFile(cacheFile: string): string {
  return `${cacheFile}.last-run`;
}

/** Where the editor's workspace scan keeps its last scan: beside the cache, apart from `check`'s last run. */
export function lastScanFile(cacheFile: string): string {
  return `${cacheFile}.last-scan`;
}

/** What the results depend on besides file contents, policies and ledgers. */
export function lastRunKey(version: string, root: string, scopes: readonly string[], maxBytes: number, policy = '') {
  return JSON.stringify([version, root, scopes, maxBytes, policy]);
}

/**
 * The fingerprints of the policies in force in `dirs` and of every policy the
 * workspace has loaded; undefined when one has none.
 */
export function policyPrints(workspace: Workspace, dirs: readonly string[]): string | undefined {
  for (const dir of dirs) workspace.policies.stackForDir(dir);
  const prints: string[] = [];
  for (const state of workspace.policies.allStates()) {
    const print = state.policy ? policyFingerprint(state.policy) : 'none';
    if (print === undefined) return undefined;
    prints.push(`${state.file}=${print}:${state.errors.length}`);
  }
  return createHash('sha256').update(prints.sort().join('\n')).digest('hex');
}

/**
 * The files whose contents are all that changed since `run`, or undefined
 * when anything else may have changed. `own` names AI Fence's own cache files.
 */
export function editedSince(
  run: LastRun,
  changes: JournalChanges,
  scopes: readonly string[],
  isIgnored: (p: string) => boolean,
  own: (p: string) => boolean,
): string[] | undefined {
  if (changes.reported.length > MAX_EDITED_FILES * 4) return undefined;
  const known = new Set(run.files);
  const ledgers = new Set(run.ledgers);
  const edited: string[] = [];
  for (const { path: p, type } of changes.reported) {
    if (own(p)) continue;
    const name = path.posix.basename(p);
    if (name === POLICY_FILE_NAME || name === '.gitignore' || ledgers.has(p)) return undefined;
    if (known.has(p)) {
      if (type !== 'f' || !isRegularFile(p)) return undefined;
      edited.push(p);
    } else if (scopes.some((s) => isWithin(p, s)) && !isIgnored(p)) return undefined;
  }
  return edited.length > MAX_EDITED_FILES ? undefined : edited;
}

export function loadLastRun(file: string, key: string, root: string): LastRun | undefined {
  let data: unknown;
  try {
    const text = readTextIfPresent(file, MAX_FILE_BYTES);
    if (text === undefined) return undefined;
    data = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (!isObject(data) || data.format !== FORMAT || data.key !== key) return undefined;
  const { watch, clock, prints, files, outcomes, skips, problems, policyFiles, ledgers, recent = [] } = data;
  if (typeof watch !== 'string' || typeof clock !== 'string' || typeof prints !== 'string') return undefined;
  if (!Array.isArray(files) || !files.every((f) => typeof f === 'string')) return undefined;
  if (!Array.isArray(outcomes) || !isObject(skips)) return undefined;
  if (![problems, policyFiles, ledgers, recent].every(Array.isArray)) return undefined;
  const paths = (files as string[]).map((f) => `${root}/${f}`);
  const byIndex = new Map<number, FileOutcome>();
  for (const entry of outcomes) {
    if (!Array.isArray(entry) || !Number.isInteger(entry[0]) || entry[0] < 0 || entry[0] >= paths.length)
      return undefined;
    if (!isFileOutcome(entry[1])) return undefined;
    byIndex.set(entry[0], entry[1]);
  }
  const isIndex = (i: unknown) => Number.isInteger(i) && (i as number) >= 0 && (i as number) < paths.length;
  if (!(recent as unknown[]).every(isIndex)) return undefined;
  const names = Object.keys(emptySkips());
  if (Object.keys(skips).length !== names.length) return undefined;
  if (!names.every((n) => Number.isInteger(skips[n]) && (skips[n] as number) >= 0)) return undefined;
  const strings = (a: unknown[]) => a.every((s) => typeof s === 'string');
  if (!strings(policyFiles as unknown[]) || !strings(ledgers as unknown[])) return undefined;
  if (!(problems as unknown[]).every((p) => isObject(p) && typeof p.path === 'string' && typeof p.message === 'string'))
    return undefined;
  return {
    mark: { watch, clock },
    key,
    prints,
    files: paths,
    storedFiles: files as string[],
    outcomes: byIndex,
    skips: skips as unknown as SkipCounts,
    problems: problems as LastRun['problems'],
    policyFiles: policyFiles as string[],
    ledgers: ledgers as string[],
    recent: new Set(recent as number[]),
  };
}

/** Writes `run`; a run with files outside `root` is not kept (its paths are stored relative to the root). */
export function saveLastRun(file: string, root: string, run: LastRun): Error | undefined {
  if (run.storedFiles === undefined && !run.files.every((f) => f.startsWith(`${root}/`))) return undefined;
  const text = JSON.stringify({
    format: FORMAT,
    key: run.key,
    watch: run.mark.watch,
    clock: run.mark.clock,
    prints: run.prints,
    files: run.storedFiles ?? run.files.map((f) => f.slice(root.length + 1)),
    outcomes: [...run.outcomes],
    skips: run.skips,
    problems: run.problems,
    policyFiles: run.policyFiles,
    ledgers: run.ledgers,
    ...(run.recent?.size ? { recent: [...run.recent] } : {}),
  });
  return writeAtomic(file, text);
}

/**
 * Keeps a run's results as its last run, with the fingerprints of the
 * policies it ran under and the ledgers it read; nothing is kept when a policy
 * has no fingerprint.
 */
export function saveRunResults(
  file: string,
  workspace: Workspace,
  scopes: readonly string[],
  results: Omit<LastRun, 'prints' | 'ledgers'>,
): Error | undefined {
  const root = workspace.root;
  const prints = policyPrints(workspace, printedDirs(root, scopes, results.policyFiles));
  if (prints === undefined) return undefined;
  return saveLastRun(file, root, { ...results, prints, ledgers: workspace.allLedgerFiles() });
}

/** Whether `p`, or the part of it that exists, is reached without a link. */
function isNotLinked(p: string): boolean {
  for (let existing = p; ; existing = path.posix.dirname(existing)) {
    try {
      return fs.realpathSync(existing) === existing;
    } catch {
      if (existing === path.posix.dirname(existing)) return false;
    }
  }
}

export interface Reuse {
  readonly run: LastRun;
  /** The files to check again. */
  readonly edited: readonly string[];
  /** The clock to keep with the new results. */
  readonly mark: JournalMark;
}

/**
 * The last run kept in `file`, when the journal shows that only files it
 * checked were edited and the policies in force are the same. On the way it
 * loads the policies into `workspace`, after `knowPolicies` told the caller's
 * policy reader which files the run found (as a walk would); when the run
 * cannot be reused, the workspace forgets them again.
 */
export function reusableLastRun(
  file: string,
  key: string,
  scopes: readonly string[],
  workspace: Workspace,
  env: NodeJS.ProcessEnv,
  own: (p: string) => boolean,
  knowPolicies: (run: LastRun) => void = () => {},
): Reuse | undefined {
  const root = workspace.root;
  const run = loadLastRun(file, key, root);
  if (!run) return undefined;
  const answer = queryJournal(root, run.mark, env);
  if (answer.kind !== 'since') return undefined;
  const edited = editedSince(run, answer.changes, scopes, (p) => isIgnoredPath(root, p), own);
  // A ledger reached through a link changes under its target's name, which the journal does not connect to it.
  if (!edited || !run.ledgers.every(isNotLinked)) return undefined;
  knowPolicies(run);
  if (policyPrints(workspace, printedDirs(root, scopes, run.policyFiles)) === run.prints)
    return { run, edited, mark: answer.mark };
  workspace.policies.invalidate();
  return undefined;
}

/** The directories whose policies a run's fingerprint covers: the root, the scopes' and every policy file's. */
export function printedDirs(root: string, scopes: readonly string[], policyFiles: readonly string[]): string[] {
  const dirOf = (p: string) => (isDirectory(p) ? p : path.posix.dirname(p));
  return [root, ...scopes.map(dirOf), ...policyFiles.map((p) => path.posix.dirname(p))];
}
