// Small repository facts read straight from disk (no git process: hooks run
// on every tool call). The hooks' state itself is in engine/io/stateDir.ts.
import * as fs from 'node:fs';
import * as path from 'node:path';

/** The git directory of a repository root (follows the `gitdir:` file of worktrees and submodules). */
export function gitDirOf(root: string): string | undefined {
  const dotGit = path.join(root, '.git');
  try {
    const st = fs.statSync(dotGit);
    if (st.isDirectory()) return dotGit;
    const m = /^gitdir:\s*(.+?)\s*$/m.exec(fs.readFileSync(dotGit, 'utf8'));
    if (m) return path.resolve(root, m[1]);
  } catch {
    // no .git
  }
  return undefined;
}

/** The commit HEAD points at, read from the git directory, or undefined (unborn branch, no repo). */
export function headRevision(root: string): string | undefined {
  const gitDir = gitDirOf(root);
  if (!gitDir) return undefined;
  try {
    const head = fs.readFileSync(path.join(gitDir, 'HEAD'), 'utf8').trim();
    if (/^[0-9a-f]{40,64}$/.test(head)) return head;
    const ref = /^ref:\s*(\S+)$/.exec(head)?.[1];
    if (!ref) return undefined;
    // Worktrees keep refs in the common dir.
    const common = readCommonDir(gitDir);
    for (const dir of [gitDir, common]) {
      try {
        const sha = fs.readFileSync(path.join(dir, ref), 'utf8').trim();
        if (/^[0-9a-f]{40,64}$/.test(sha)) return sha;
      } catch {
        // try packed-refs
      }
    }
    const packed = fs.readFileSync(path.join(common, 'packed-refs'), 'utf8');
    for (const line of packed.split('\n')) {
      const [sha, name] = line.split(' ');
      if (name === ref && /^[0-9a-f]{40,64}$/.test(sha)) return sha;
    }
  } catch {
    // unborn branch or unreadable
  }
  return undefined;
}

function readCommonDir(gitDir: string): string {
  try {
    return path.resolve(gitDir, fs.readFileSync(path.join(gitDir, 'commondir'), 'utf8').trim());
  } catch {
    return gitDir;
  }
}
