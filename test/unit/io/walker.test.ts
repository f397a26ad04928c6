// .gitignore rules and the tree walk, on real temporary directories.

import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { ignoredBy, parseGitignore } from '../../../server/src/engine/io/gitignore';
import { emptySkips, walkFiles } from '../../../server/src/engine/io/walker';
import { tempDir, writeTree } from '../../helpers/tmp';

/** Walks `dir` and returns the files relative to it, and the skip counts. */
function walk(dir: string, start = dir) {
  const skips = emptySkips();
  const files = walkFiles(start, { root: dir, skips }).map((f) => path.relative(dir, f).split(path.sep).join('/'));
  return { files, skips };
}

describe('parseGitignore / ignoredBy', () => {
  const ig = parseGitignore(
    '/r',
    ['# comment', '*.log', '!keep.log', 'build/', '/root-only.txt', 'docs/*.tmp', '\\#literal', 'trailing   ', ''].join(
      '\n',
    ),
  );
  const verdict = (rel: string, isDir = false) => ignoredBy(ig, rel, isDir);

  test('unanchored patterns match at any depth', () => {
    assert.equal(verdict('a.log'), true);
    assert.equal(verdict('deep/x/a.log'), true);
    assert.equal(verdict('a.txt'), undefined);
  });

  test('negation re-includes; the last matching rule wins', () => {
    assert.equal(verdict('keep.log'), false);
    assert.equal(verdict('sub/keep.log'), false);
  });

  test('dir-only rules match directories only', () => {
    assert.equal(verdict('build', true), true);
    assert.equal(verdict('src/build', true), true);
    assert.equal(verdict('build', false), undefined);
  });

  test('a leading or middle slash anchors the pattern', () => {
    assert.equal(verdict('root-only.txt'), true);
    assert.equal(verdict('sub/root-only.txt'), undefined);
    assert.equal(verdict('docs/a.tmp'), true);
    assert.equal(verdict('x/docs/a.tmp'), undefined);
  });

  test('escaped "#" and trailing spaces', () => {
    assert.equal(verdict('#literal'), true);
    assert.equal(verdict('trailing'), true);
  });

  test('several "**" in one rule', () => {
    const g = parseGitignore('/r', 'a/**/gen/**\n');
    assert.equal(ignoredBy(g, 'a/x/gen/f.ts', false), true);
    assert.equal(ignoredBy(g, 'a/gen/f.ts', false), true);
  });
});

describe('walkFiles', () => {
  test('honours nested .gitignore files, negation and dir-only rules; skips .git and node_modules', () => {
    const dir = tempDir();
    writeTree(dir, {
      '.gitignore': '*.log\nbuild/\nsecret*\n',
      'a.py': '',
      'a.log': '',
      'build/out.js': '',
      'src/build': 'a file named build is not a directory',
      'src/.gitignore': '!important.log\n/local.txt\n',
      'src/important.log': '',
      'src/other.log': '',
      'src/local.txt': '',
      'src/deep/local.txt': '',
      'src/secret.py': '',
      '.git/config': '',
      'node_modules/pkg/index.js': '',
      'lib/node_modules/x.js': '',
      '.hidden/x.py': '',
    });
    const { files, skips } = walk(dir);
    assert.deepEqual(files, [
      '.gitignore',
      '.hidden/x.py',
      'a.py',
      'src/.gitignore',
      'src/build',
      'src/deep/local.txt',
      'src/important.log',
    ]);
    // a.log, build/, src/other.log, src/local.txt, src/secret.py
    assert.equal(skips.ignored, 5);
  });

  test("a start below the root still applies the ancestors' .gitignore files", () => {
    const dir = tempDir();
    writeTree(dir, {
      '.gitignore': '*.gen.ts\n',
      'pkg/.gitignore': 'tmp/\n',
      'pkg/sub/a.ts': '',
      'pkg/sub/a.gen.ts': '',
      'pkg/sub/tmp/x.ts': '',
    });
    const { files, skips } = walk(dir, path.join(dir, 'pkg', 'sub'));
    assert.deepEqual(files, ['pkg/sub/a.ts']);
    assert.equal(skips.ignored, 2);
  });

  test('a single file can be the start', () => {
    const dir = tempDir();
    writeTree(dir, { 'a.py': '' });
    assert.deepEqual(walk(dir, path.join(dir, 'a.py')).files, ['a.py']);
  });

  test('a missing start is counted as vanished', () => {
    const dir = tempDir();
    const { files, skips } = walk(dir, path.join(dir, 'nope'));
    assert.deepEqual(files, []);
    assert.equal(skips.vanished, 1);
  });

  test('symbolic links are not followed: a loop does not hang and is counted', (t) => {
    const dir = tempDir();
    writeTree(dir, { 'a/b/file.py': '' });
    try {
      fs.symlinkSync(path.join(dir, 'a'), path.join(dir, 'a', 'b', 'loop'), 'dir');
      fs.symlinkSync(path.join(dir, 'a', 'b', 'file.py'), path.join(dir, 'link.py'), 'file');
    } catch (e) {
      t.skip(`cannot create symlinks here: ${(e as Error).message}`);
      return;
    }
    const { files, skips } = walk(dir);
    assert.deepEqual(files, ['a/b/file.py']);
    assert.equal(skips.symlink, 2);
  });

  test('files are listed in name order, depth first', () => {
    const dir = tempDir();
    writeTree(dir, { 'b.py': '', 'a/z.py': '', 'a/b/c.py': '', 'A.py': '' });
    assert.deepEqual(walk(dir).files, ['A.py', 'a/b/c.py', 'a/z.py', 'b.py']);
  });
});
