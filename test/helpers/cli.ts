// Runs the built CLI (dist/cli.js) as a child process.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { REPO_ROOT, tempDir } from './tmp';

export const CLI = path.join(REPO_ROOT, 'dist', 'cli.js');

/**
 * A managed-policy path that never exists: in a directory of this test process, so nothing else can
 * create it, and searchable by everyone, so a CLI run as another user (UNPRIVILEGED) sees it missing.
 */
const noManagedDir = tempDir('aifence-no-managed-');
fs.chmodSync(noManagedDir, 0o755);
export const NO_MANAGED_POLICY = path.join(noManagedDir, 'policy.json');

export interface CliResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** A user for whom `chmod 000` makes a file unreadable: root reads everything, so it runs as nobody. */
export const UNPRIVILEGED: { uid?: number; gid?: number } = process.getuid?.() === 0 ? { uid: 65534, gid: 65534 } : {};

/** Runs `node dist/cli.js ...args` (options.node: another Node and its flags) in cwd with the managed policy pointed at a nonexistent path unless env says otherwise. */
export function runCli(
  cwd: string,
  args: readonly string[],
  env: Record<string, string> = {},
  options: { input?: string; uid?: number; gid?: number; node?: readonly string[] } = {},
): CliResult {
  const [node, ...nodeArgs] = options.node ?? [process.execPath];
  const r = spawnSync(node, [...nodeArgs, CLI, ...args], {
    uid: options.uid,
    gid: options.gid,
    cwd,
    encoding: 'utf8',
    input: options.input,
    env: { ...process.env, AIFENCE_MANAGED_POLICY: NO_MANAGED_POLICY, ...env },
    timeout: 60_000,
  });
  if (r.error) throw r.error;
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}
