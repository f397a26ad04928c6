// Repository input built to make matching slow, or to block a read, must not make the CLI hang.
// A FIFO named .aifence.json blocked the first read of it for ever.
// Before globs ran without backtracking, each of these took from minutes to hours
// (a 30-character name already took 2 s against `*a*a…b`); runCli gives up after 60 s.

import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { runCli } from '../helpers/cli';
import { gitInit, tempDir, writeTree } from '../helpers/tmp';

const STARS = `*${'a*'.repeat(12)}b`;
const NAME = 'a'.repeat(200);

function pathologicalRepo(): string {
  const dir = tempDir();
  writeTree(dir, {
    '.aifence.json': JSON.stringify({ version: 1, zones: [{ name: 'slow', paths: [STARS], ai: 'block' }] }),
    '.gitignore': `*${'a*'.repeat(16)}c\n`,
    [`src/${NAME}`]: 'x = 1\n',
  });
  gitInit(dir);
  return dir;
}

describe('pathological globs', () => {
  test('explain classifies a 200-character agent-chosen name against `*a*a…*b`', () => {
    const dir = pathologicalRepo();
    const miss = runCli(dir, ['explain', `src/${NAME}`, '--tool', 'claude-code']);
    assert.equal(miss.code, 0, miss.stderr);
    assert.match(miss.stdout, /\n {2}matching zones: none \(policy defaults apply\)\n/);
    const hit = runCli(dir, ['explain', `src/${NAME}b`, '--tool', 'claude-code']);
    assert.match(hit.stdout, /\n {4}claude-code {2}block {2}provenance optional {2}\(zone slow\)\n/);
  });

  test('check walks a tree whose .gitignore and policy hold such globs', () => {
    const r = runCli(pathologicalRepo(), ['check']);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stderr, '3 files checked, 0 errors, 0 warnings; skipped: 1 excluded\n');
  });

  test('a glob the matcher cannot run is a policy error naming it', () => {
    const dir = tempDir();
    writeTree(dir, {
      '.aifence.json': JSON.stringify({ version: 1, zones: [{ name: 'z', paths: ['src/[[:alpha:]]*'], ai: 'block' }] }),
    });
    gitInit(dir);
    const r = runCli(dir, ['check']);
    assert.equal(r.code, 2);
    assert.match(
      r.stdout,
      /^\.aifence\.json:1:\d+ error AIF005 Invalid policy: zones\[0\]\.paths\[0\]: POSIX character classes \(\[:alpha:\]\) are not supported\n/,
    );
  });
});

describe('a policy file that is a FIFO', () => {
  const dir = tempDir();
  writeTree(dir, { 'sub/a.py': 'x = 1\n' });
  execFileSync('mkfifo', [path.join(dir, '.aifence.json')]);
  execFileSync('mkfifo', [path.join(dir, 'sub/.aifence.json')]);
  gitInit(dir);
  const AIF005 = (file: string) =>
    `${file}:1:1 error AIF005 Invalid policy: cannot read policy: not a regular file (a FIFO)`;

  test('check reports each as AIF005 and exits 2', () => {
    const r = runCli(dir, ['check']);
    assert.equal(r.code, 2);
    assert.equal(r.stdout, `${AIF005('.aifence.json')}\n${AIF005('sub/.aifence.json')}\n`);
  });

  test('check of a single file below them too', () => {
    const r = runCli(dir, ['check', 'sub/a.py']);
    assert.equal(r.code, 2);
    assert.equal(r.stdout, `${AIF005('.aifence.json')}\n${AIF005('sub/.aifence.json')}\n`);
  });

  test('explain says the policy is invalid', () => {
    const r = runCli(dir, ['explain', 'sub/a.py', '--tool', 'codex']);
    assert.match(
      r.stdout,
      /\n {4}\.aifence\.json \(repository\) INVALID: cannot read policy: not a regular file \(a FIFO\)\n/,
    );
  });
});
