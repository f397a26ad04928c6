// What every subcommand needs: the repository root, paths shown relative to
// the cwd, and a Workspace with the managed policy wired in.
import * as path from 'node:path';
import type { PolicyReader } from '../engine';
import { findRoot, managedPolicyPaths, toEnginePath, Workspace, type WorkspaceOptions } from '../engine';
import type { StagedDiff } from './stagedDiff';

export class UsageError extends Error {}

export interface CliIo {
  readonly cwd: string;
  readonly env: NodeJS.ProcessEnv;
  readonly stdout: (s: string) => void;
  readonly stderr: (s: string) => void;
  readonly stderrIsTty: boolean;
  readonly readStdin: () => Promise<string>;
  /** Stdin as it arrives, for commands that stream. */
  readonly stdin: AsyncIterable<Buffer>;
  /** `git diff --cached`, when the launcher started it for `check --staged`. */
  readonly stagedDiff?: StagedDiff;
}

export function openWorkspace(
  io: CliIo,
  options: {
    policy?: string;
    maxFileBytes?: number;
    reader?: PolicyReader;
    transcripts?: WorkspaceOptions['transcripts'];
  } = {},
): Workspace {
  const root = findRoot(io.cwd);
  return new Workspace({
    root,
    managedPolicies: managedPolicyPaths(io.env),
    rootPolicy: options.policy ? toEnginePath(path.resolve(io.cwd, options.policy)) : undefined,
    maxFileBytes: options.maxFileBytes,
    reader: options.reader,
    transcripts: options.transcripts,
  });
}

/** A path for display: relative to the cwd with '/' separators when inside it. */
export function displayPath(io: CliIo, file: string): string {
  const rel = path.relative(io.cwd, file);
  return toEnginePath(rel && !rel.startsWith('..') && !path.isAbsolute(rel) ? rel : file);
}

/** A whole-number flag value, or undefined when the flag is absent. */
export function parseCount(value: string | undefined, flag: string): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value)) throw new UsageError(`${flag} needs a whole number, not "${value}"`);
  return Number(value);
}
