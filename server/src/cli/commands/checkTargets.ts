// Which files `ai-fence check` checks: a walk of the given paths, or only
// what changed (`--staged`, `--changed-since REV`). A changed policy puts its
// whole directory back in, and a changed ledger every file it names: their
// change can add findings to files that did not change.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Workspace } from '../../engine';
import {
  DEFAULT_LEDGER,
  type DirEntry,
  isIgnoredPath,
  isWithin,
  iterateFiles,
  POLICY_FILE_NAME,
  type SkipCounts,
} from '../../engine';
import { isRegularFile } from '../../engine/io/regularFile';
import { type ChangedEntry, changesSince, type IndexReader, indexFilesUnder, stagedChanges } from '../gitFiles';
import type { StagedDiff } from '../stagedDiff';

export interface Selection {
  /** Directories walked in full: inside them the walk saw every policy file. */
  readonly walked: string[];
  /** Policy files the walk found, in the order found (grows while files are yielded). */
  readonly policyFiles: string[];
  readonly knownPolicies: Set<string>;
}

export function newSelection(): Selection {
  return { walked: [], policyFiles: [], knownPolicies: new Set() };
}

/** The walk of `starts` (absolute), reporting each policy file before the files it governs. */
export function* walkTargets(
  starts: readonly string[],
  root: string,
  selection: Selection,
  skips: SkipCounts,
  onProblem: (file: string, message: string) => void,
  readDir?: (dir: string) => DirEntry[],
): Generator<string> {
  for (const start of starts) {
    if (fs.statSync(start).isDirectory()) selection.walked.push(start);
    yield* iterateFiles(start, {
      root,
      skips,
      onProblem,
      readDir,
      onPolicyFile: (f) => {
        if (selection.knownPolicies.has(f)) return;
        selection.knownPolicies.add(f);
        selection.policyFiles.push(f);
      },
    });
  }
}

export interface ChangedTargets {
  /** Files to check from disk (`--changed-since`). */
  readonly files: string[];
  /** Directories to walk because a policy in them changed. */
  readonly dirs: string[];
}

/** `--changed-since REV`: changed and new files under `scopes`, and what changed policies and ledgers reach. */
export function changedSinceTargets(root: string, rev: string, scopes: readonly string[], workspace: Workspace) {
  const changes = changesSince(root, rev);
  const { entries, dirs } = widen(changes, workspace, scopes, (file) => ({ file, deleted: false, regular: true }));
  const files = entries.filter((e) => isRegularFile(e.file) && !isIgnoredPath(root, e.file)).map((e) => e.file);
  return { files, dirs } satisfies ChangedTargets;
}

/** `--staged`: the staged entries under `scopes` and what staged policies and ledgers reach, read from the index. */
export async function stagedTargets(
  root: string,
  scopes: readonly string[],
  workspace: Workspace,
  index: IndexReader,
  started?: StagedDiff,
) {
  // The only git process that reads the whole index; the rest is read from HEAD and by blob id.
  const changes = await stagedChanges(root, started);
  index.useStagedChanges(changes);
  // The changed blobs, the policies on the way to every changed file and the default ledger: one git process.
  const names = new Set<string>([index.indexPath(`${root}/${DEFAULT_LEDGER}`)!]);
  for (const c of changes) {
    if (c.blob && c.regular && !c.deleted) names.add(c.blob);
    for (let dir = path.posix.dirname(c.file); dir.startsWith(root); dir = path.posix.dirname(dir)) {
      names.add(index.indexPath(`${dir}/${POLICY_FILE_NAME}`)!);
      if (dir === root) break;
    }
  }
  index.prefetch([...names]);
  const { entries, dirs } = widen(changes, workspace, scopes, (file) => ({
    file,
    deleted: false,
    blob: index.indexPath(file),
    regular: true,
  }));
  for (const dir of dirs) entries.push(...indexFilesUnder(root, dir));
  const unique = new Map(entries.filter((e) => e.regular && e.blob).map((e) => [e.file, e.blob!]));
  index.prefetch([...unique.values()]);
  return [...unique].sort(([a], [b]) => (a < b ? -1 : 1)).map(([file, blob]) => ({ file, blob }));
}

/** The changed entries in scope, plus the files of changed ledgers, and the directories of changed policies. */
function widen(
  changes: readonly ChangedEntry[],
  workspace: Workspace,
  scopes: readonly string[],
  named: (file: string) => ChangedEntry,
): { entries: ChangedEntry[]; dirs: string[] } {
  const inScope = (f: string) => scopes.some((s) => isWithin(f, s));
  const dirs = changes
    .filter((c) => path.posix.basename(c.file) === POLICY_FILE_NAME)
    .map((c) => path.posix.dirname(c.file))
    .filter(inScope);
  // Load the stacks of every changed file, so the policies that name ledgers are known.
  for (const c of changes) workspace.stackFor(c.file);
  const changed = new Set(changes.map((c) => c.file));
  const entries = changes.filter((c) => !c.deleted && inScope(c.file));
  for (const ledger of workspace.allLedgerFiles()) {
    if (!changed.has(ledger)) continue;
    const dir = ledgerDir(workspace, ledger);
    for (const rel of workspace.ledger(ledger).byPath.keys()) {
      const file = `${dir}/${rel}`;
      if (inScope(file)) entries.push(named(file));
    }
  }
  return { entries, dirs };
}

/** The directory a ledger's paths are relative to: its policy's, or the root for the default ledger. */
function ledgerDir(workspace: Workspace, ledger: string): string {
  const owner = workspace.policies.allStates().find((s) => s.policy?.ledger === ledger);
  return owner?.policy?.dir ?? workspace.root;
}
