// Runs the built CLI (dist/cli.js) as a child process.
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { REPO_ROOT, tempDir } from './tmp';

export const CLI = path.join(REPO_ROOT, 'dist', 'cli.js');

/** A managed-policy path that never exists: in a directory of this test process, so nothing else can create it. */
export const NO_MANAGED_POLICY = path.join(tempDir('aifence-no-managed-'), 'policy.json');

export interface CliResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs `node dist/cli.js ...args` in cwd with the managed policy pointed at a nonexistent path unless env says otherwise. */
export function runCli(
  cwd: string,
  args: readonly string[],
  env: Record<string, string> = {},
  input?: string,
): CliResult {
  const r = spawnSync(process.execPath, [CLI, ...args], {
    cwd,
    encoding: 'utf8',
    input,
    env: { ...process.env, AIFENCE_MANAGED_POLICY: NO_MANAGED_POLICY, ...env },
    timeout: 60_000,
  });
  if (r.error) throw r.error;
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}
