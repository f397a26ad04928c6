// `git diff --cached` in raw form: where `check --staged` starts. In a
// 100k-file repository git spends a tenth of a second reading the index and
// HEAD's trees, so the launcher starts it before Node loads the checker's
// bundle, and the check takes its output. A small module: dist/cli.js holds it.
import { execFile } from 'node:child_process';
import { findRoot } from '../engine/io/paths';

export const STAGED_DIFF_ARGS: readonly string[] = ['diff', '--cached', '--raw', '-z', '--no-renames', '--no-abbrev'];

/** The staged diff of a repository, running. */
export interface StagedDiff {
  readonly root: string;
  /** git's stdout; rejects with execFile's error (its stderr as a Buffer). */
  readonly output: Promise<Buffer>;
}

export function startStagedDiff(root: string): StagedDiff {
  const output = new Promise<Buffer>((resolve, reject) =>
    execFile('git', STAGED_DIFF_ARGS, { cwd: root, encoding: 'buffer', maxBuffer: 1 << 30 }, (e, stdout) =>
      e ? reject(e) : resolve(stdout),
    ),
  );
  return { root, output };
}

/** For `ai-fence check ... --staged`: the diff of the repository around `cwd`, started now. */
export function startStagedDiffFor(argv: readonly string[], cwd: string): StagedDiff | undefined {
  if (argv[0] !== 'check' || !argv.includes('--staged')) return undefined;
  const started = startStagedDiff(findRoot(cwd));
  // Taken by the check, which reports a failure; unused when `--staged` was an option's value.
  started.output.catch(() => {});
  return started;
}
