// AI Fence's private state of this user, outside every repository: the key
// that authenticates its caches, the hooks' policy cache, the check cache and
// the CLI's code cache. Written atomically, so a reader never sees half a file.
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

/**
 * AI Fence's private state directory: `$XDG_STATE_HOME/ai-fence`, else
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

/** Writes a file atomically (temp file and rename); errors are returned, not thrown. */
export function writeAtomic(file: string, content: string | Uint8Array | Iterable<string>): Error | undefined {
  const tmp = `${file}.${process.pid}.${Date.now()}.tmp`;
  try {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    if (typeof content === 'string' || content instanceof Uint8Array) fs.writeFileSync(tmp, content);
    else writeChunks(tmp, content);
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

/** Whether `f` is one of `files`, or a temporary file `writeAtomic` makes while replacing one (`<file>.<pid>.<ms>.tmp`). */
export function isFileOrTemporaryOf(f: string, files: readonly (string | undefined)[]): boolean {
  return files.some(
    (file) =>
      file !== undefined &&
      (f === file || (f.startsWith(`${file}.`) && /^\.\d+\.\d+\.tmp$/.test(f.slice(file.length)))),
  );
}

/** Writes text given in chunks, so it is never held whole. */
function writeChunks(file: string, chunks: Iterable<string>): void {
  const fd = fs.openSync(file, 'w');
  try {
    for (const chunk of chunks) {
      const bytes = Buffer.from(chunk);
      // A write may be short; the rest follows.
      for (let done = 0; done < bytes.length; ) done += fs.writeSync(fd, bytes, done);
    }
  } finally {
    fs.closeSync(fd);
  }
}

/** The key that authenticates caches in the state directory `dir`: 32 random bytes, created once with mode 0600. */
export function stateKey(dir: string): Buffer {
  const file = path.join(dir, 'key');
  try {
    const fd = fs.openSync(file, 'wx', 0o600);
    try {
      fs.writeSync(fd, randomBytes(32).toString('hex'));
    } finally {
      fs.closeSync(fd);
    }
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
  }
  const st = fs.lstatSync(file);
  if (!st.isFile() || (process.platform !== 'win32' && (st.mode & 0o077) !== 0))
    throw new Error(`${file} is not a private key file`);
  const key = Buffer.from(fs.readFileSync(file, 'utf8').trim(), 'hex');
  if (key.length !== 32) throw new Error(`${file} is not a valid key`);
  return key;
}
