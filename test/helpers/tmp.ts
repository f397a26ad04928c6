// Temporary directories built from a tree description or copied from fixtures.
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after } from 'node:test';

const made: string[] = [];
after(() => {
  for (const d of made) fs.rmSync(d, { recursive: true, force: true });
});

/** A fresh empty directory (realpath, so symlinked tmp dirs do not confuse relative paths), removed after the test file. */
export function tempDir(prefix = 'aifence-test-'): string {
  const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), prefix)));
  made.push(dir);
  return dir;
}

/** Writes files (path → text or bytes) under dir, creating directories. */
export function writeTree(dir: string, files: Record<string, string | Uint8Array>): void {
  for (const [rel, content] of Object.entries(files)) {
    const file = path.join(dir, rel);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, content);
  }
}

export const REPO_ROOT = path.resolve(__dirname, '..', '..', '..');
export const FIXTURES = path.join(REPO_ROOT, 'test', 'fixtures');

/** Copies test/fixtures/workspaces/<name> into a fresh temp dir, optionally with `git init`. */
export function copyFixture(name: string, options: { git?: boolean } = {}): string {
  const dir = tempDir(`aifence-${name}-`);
  fs.cpSync(path.join(FIXTURES, 'workspaces', name), dir, { recursive: true });
  if (options.git ?? true) gitInit(dir);
  return dir;
}

export function gitInit(dir: string): void {
  try {
    execFileSync('git', ['init', '-q'], { cwd: dir, stdio: 'ignore' });
  } catch {
    // No git binary: the CLI only looks for a .git directory.
    fs.mkdirSync(path.join(dir, '.git'), { recursive: true });
  }
}
