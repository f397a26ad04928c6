// Real `git commit`s that run pre-commit hooks calling `ai-fence` from PATH:
// a bin directory whose `ai-fence` runs the built CLI, as a global install would.
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CLI, type CliResult, NO_MANAGED_POLICY } from './cli';
import { tempDir } from './tmp';

/** A directory holding only `git`: PATH for a machine where ai-fence is not installed. */
export function binWithoutCli(): string {
  const bin = tempDir('aifence-bin-');
  const gitPath = execFileSync('sh', ['-c', 'command -v git'], { encoding: 'utf8' }).trim();
  fs.symlinkSync(gitPath, path.join(bin, 'git'));
  return bin;
}

/** A directory holding `ai-fence` (the built CLI) and `git`. */
export function binWithCli(): string {
  const bin = binWithoutCli();
  fs.writeFileSync(path.join(bin, 'ai-fence'), `#!/bin/sh\nexec "${process.execPath}" "${CLI}" "$@"\n`, {
    mode: 0o755,
  });
  return bin;
}

/** Runs git with a fixed identity and the given PATH (the hooks find ai-fence there, or not) and variables. */
export function gitWithPath(dir: string, env: { PATH: string } & Record<string, string>, ...args: string[]): CliResult {
  const r = spawnSync('git', args, {
    cwd: dir,
    encoding: 'utf8',
    env: {
      ...process.env,
      AIFENCE_MANAGED_POLICY: NO_MANAGED_POLICY,
      GIT_AUTHOR_NAME: 'Alice',
      GIT_AUTHOR_EMAIL: 'alice@example.com',
      GIT_COMMITTER_NAME: 'Alice',
      GIT_COMMITTER_EMAIL: 'alice@example.com',
      ...env,
    },
    timeout: 120_000,
  });
  if (r.error) throw r.error;
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** How many commits HEAD has (0 before the first). */
export function commitCount(dir: string): number {
  const r = spawnSync('git', ['rev-list', '--count', 'HEAD'], { cwd: dir, encoding: 'utf8' });
  return r.status === 0 ? Number(r.stdout.trim()) : 0;
}
