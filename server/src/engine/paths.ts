// Path helpers shared by every front end: the engine's path form ('/'
// separators, no trailing slash) and the repository root.
import * as fs from 'node:fs';
import * as path from 'node:path';

/** Normalises an OS path to the engine's form: '/' separators, no trailing slash. */
export function toEnginePath(p: string): string {
  const s = p.replace(/\\/g, '/');
  return s.length > 1 ? s.replace(/\/+$/, '') : s;
}

/** The nearest ancestor of `dir` holding .git, else `dir` itself. */
export function findRoot(dir: string): string {
  let d = path.resolve(dir);
  for (;;) {
    if (fs.existsSync(path.join(d, '.git'))) return toEnginePath(d);
    const parent = path.dirname(d);
    if (parent === d) return toEnginePath(path.resolve(dir));
    d = parent;
  }
}
