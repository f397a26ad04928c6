// Where the hooks keep their state, and small repository facts read straight
// from disk (no git process: hooks run on every tool call).
//
// State lives in a private directory of the user, outside every repository
// (userStateDir).
import * as fs from 'node:fs';
import * as os from 'node:os';
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

/**
 * The hooks' private state directory: `$XDG_STATE_HOME/ai-fence`, else
 * `~/.local/state/ai-fence` (`%LOCALAPPDATA%\\ai-fence` on Windows). It lies
 * outside every repository, so no `git status` hides a change to it, and it
 * must be this user's alone. Throws when it cannot be made private.
 */
export function userStateDir(env: NodeJS.ProcessEnv = process.env): string {
  const base =
    process.platform === 'win32'
      ? (env.LOCALAPPDATA ?? path.join(os.homedir(), 'AppData', 'Local'))
      : (env.XDG_STATE_HOME ?? path.join(env.HOME ?? os.homedir(), '.local', 'state'));
  const dir = path.join(base, 'ai-fence');
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  if (process.platform !== 'win32') {
    const st = fs.lstatSync(dir);
    if (!st.isDirectory() || (process.getuid && st.uid !== process.getuid()) || (st.mode & 0o077) !== 0) {
      throw new Error(`${dir} is not a private directory of this user`);
    }
  }
  return dir;
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

/** Writes a file atomically (temp file and rename); errors are returned, not thrown. */
export function writeAtomic(file: string, text: string): Error | undefined {
  const tmp = `${file}.${process.pid}.${Date.now()}.tmp`;
  try {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(tmp, text);
    fs.renameSync(tmp, file);
    return undefined;
  } catch (e) {
    try {
      fs.unlinkSync(tmp);
    } catch {
      // nothing to clean
    }
    return e as Error;
  }
}
