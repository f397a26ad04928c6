// Where the AI tools keep their transcripts, per operating system. Everything
// is found from the user's home directory and each tool's own environment
// variables, so a test can point HOME at a fixture tree.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { LocateContext } from './record';

/** `dir` joined with '/' (engine paths), whatever the platform. */
export const join = (...parts: string[]): string => path.join(...parts).replace(/\\/g, '/');

/** VS Code-style user data directories (microsoft/vscode src/vs/platform/environment/node/userDataPath.ts). */
export function userDataDirs(ctx: LocateContext, products: readonly string[]): string[] {
  const { env, home, platform } = ctx;
  if (env.VSCODE_PORTABLE) return [join(env.VSCODE_PORTABLE, 'user-data')];
  const base = env.VSCODE_APPDATA
    ? env.VSCODE_APPDATA
    : platform === 'win32'
      ? (env.APPDATA ?? join(home, 'AppData', 'Roaming'))
      : platform === 'darwin'
        ? join(home, 'Library', 'Application Support')
        : (env.XDG_CONFIG_HOME ?? join(home, '.config'));
  return products.map((p) => join(base, p));
}

/** `$XDG_DATA_HOME` or ~/.local/share (xdg-basedir, used by opencode on every platform). */
export function xdgDataHome(ctx: LocateContext): string {
  return ctx.env.XDG_DATA_HOME || join(ctx.home, '.local', 'share');
}

/** Entries of a directory, or none when it is missing or unreadable. */
export function entries(dir: string): fs.Dirent[] {
  try {
    return fs.readdirSync(dir, { withFileTypes: true });
  } catch {
    return [];
  }
}

/** Files under `dir` (down to `depth` levels) whose name matches. */
export function findFiles(dir: string, name: RegExp, depth: number): string[] {
  const out: string[] = [];
  for (const e of entries(dir)) {
    const full = join(dir, e.name);
    if (e.isDirectory()) {
      if (depth > 0) out.push(...findFiles(full, name, depth - 1));
    } else if (e.isFile() && name.test(e.name)) out.push(full);
  }
  return out;
}

export function isFile(file: string): boolean {
  try {
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}
