// The native git pre-commit hook of `ai-fence install-hooks --git`: a marked
// block at the top of the repository's pre-commit script. An existing hook
// (husky's, lefthook's, the user's) keeps its file, its name and its content
// below our block, so whatever it does still happens; running the install again
// only replaces the block, and deleting the block removes AI Fence.
import { execFileSync } from 'node:child_process';
import * as path from 'node:path';
import { readUserHookProgram } from '../agents/userHookProgram';
import { UsageError } from './context';

export const BEGIN = '# >>> ai-fence >>> (written by `ai-fence install-hooks --git`; delete this block to remove it)';
export const END = '# <<< ai-fence <<<';

/** A hook body we can put shell lines into: a POSIX-family shell script. */
const SHELL_SHEBANG = /^#!\s*(\/usr\/bin\/env\s+)?(\S*\/)?(sh|bash|dash|zsh|ksh)(\s|$)/;

export interface GitHookPlan {
  readonly file: string;
  readonly before: string | undefined;
  readonly after: string;
  /** Git runs only an executable hook. */
  readonly executable: true;
}

/**
 * The shell block. It refuses the commit when the check fails, and also when AI Fence cannot run
 * at all (a missing binary exits 127): fail closed, with the way out.
 */
export function hookBlock(command: string, transcripts: boolean): string {
  const check = `${command} check --staged${transcripts ? ' --transcripts' : ''}`;
  return [
    BEGIN,
    `${check} || {`,
    '  s=$?',
    '  [ "$s" -ge 126 ] && echo "AI Fence could not run (is ai-fence installed? npm install -g ai-fence); the commit is blocked" >&2',
    '  echo "AI Fence refused the commit. In an emergency: git commit --no-verify (the CI check still applies)" >&2',
    '  exit "$s"',
    '}',
    END,
  ].join('\n');
}

/** Where git runs hooks from: core.hooksPath when set, the common hooks directory in a worktree. */
export function gitHooksDir(root: string): string {
  let out: string;
  try {
    out = execFileSync('git', ['rev-parse', '--git-path', 'hooks'], { cwd: root, encoding: 'utf8', stdio: 'pipe' });
  } catch (e) {
    const stderr = (e as { stderr?: string }).stderr?.trim();
    throw new UsageError(`--git needs a git repository${stderr ? `: ${stderr}` : ''}`);
  }
  return path.resolve(root, out.trim());
}

/** Thrown when an existing hook cannot take our block without being replaced or changed in meaning. */
export class GitHookError extends Error {}

/** The pre-commit hook as it is and as install-hooks --git would write it. Throws GitHookError. */
export function planGitHook(root: string, command: string, transcripts: boolean): GitHookPlan {
  const file = path.join(gitHooksDir(root), 'pre-commit');
  const block = hookBlock(command, transcripts);
  const manual = `add "${command} check --staged" to it yourself, or remove it and run install-hooks --git again`;
  let before: string | undefined;
  try {
    before = readUserHookProgram(file, 'git');
  } catch (e) {
    throw new GitHookError(`${file} ${(e as Error).message}; ${manual}`);
  }
  if (before === undefined) return { file, before, after: `#!/bin/sh\n${block}\n`, executable: true };
  const start = before.indexOf(`${BEGIN}\n`);
  if (start >= 0) {
    const end = before.indexOf(`${END}\n`, start);
    if (end < 0) throw new GitHookError(`${file} has our start marker but no end marker; fix or remove the block`);
    return { file, before, after: before.slice(0, start) + block + before.slice(end + END.length), executable: true };
  }
  // Git runs a hook without "#!" with sh (husky 9 writes them so).
  if (!before.startsWith('#!')) return { file, before, after: `${block}\n${before}`, executable: true };
  const newline = before.indexOf('\n');
  const shebang = newline < 0 ? before : before.slice(0, newline);
  if (!SHELL_SHEBANG.test(shebang)) throw new GitHookError(`${file} is not a shell script; ${manual}`);
  return {
    file,
    before,
    after: `${shebang}\n${block}\n${newline < 0 ? '' : before.slice(newline + 1)}`,
    executable: true,
  };
}
