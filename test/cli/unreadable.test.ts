// What check could not read is named in every output format, and --fail-on-unreadable makes it exit 2.

import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { runCli, UNPRIVILEGED } from '../helpers/cli';
import { gitInit, tempDir, writeTree } from '../helpers/tmp';

/** A repository with a directory and a file the unprivileged user cannot read, and a FIFO. */
function repoWithUnreadable(): string {
  const dir = tempDir();
  writeTree(dir, { 'ok.py': 'x = 1\n', 'locked/inner.py': 'y = 2\n', 'secret.py': 'z = 3\n' });
  execFileSync('mkfifo', [path.join(dir, 'pipe.py')]);
  gitInit(dir);
  fs.chmodSync(dir, 0o755);
  fs.chmodSync(path.join(dir, 'locked'), 0o000);
  fs.chmodSync(path.join(dir, 'secret.py'), 0o000);
  return dir;
}

const NOT_CHECKED = [
  'not checked: locked: EACCES: permission denied, scandir',
  'not checked: pipe.py: not a regular file (a FIFO)',
  'not checked: secret.py: EACCES: permission denied, open',
];

describe('unreadable files and directories', () => {
  const dir = repoWithUnreadable();

  test('text: the summary counts them and names each path; exit 0 without the flag', () => {
    const r = runCli(dir, ['check'], {}, UNPRIVILEGED);
    assert.equal(r.code, 0, r.stderr);
    const lines = r.stderr.trimEnd().split('\n');
    assert.equal(lines[0], '1 file checked, 0 errors, 0 warnings; skipped: 1 excluded, 3 unreadable');
    assert.deepEqual(
      lines.slice(1).map((l) => l.replace(/ '.*'$/, '')),
      NOT_CHECKED,
    );
  });

  test('--fail-on-unreadable exits 2', () => {
    assert.equal(runCli(dir, ['check', '--fail-on-unreadable'], {}, UNPRIVILEGED).code, 2);
    const readable = tempDir();
    writeTree(readable, { 'ok.py': 'x = 1\n' });
    gitInit(readable);
    assert.equal(runCli(readable, ['check', '--fail-on-unreadable']).code, 0);
  });

  test('json: summary.unreadable lists path and reason', () => {
    const r = runCli(dir, ['check', '--format', 'json'], {}, UNPRIVILEGED);
    const summary = JSON.parse(r.stdout).summary;
    assert.equal(summary.skipped.unreadable, 3);
    assert.deepEqual(
      summary.unreadable.map((u: { path: string; message: string }) =>
        `not checked: ${u.path}: ${u.message}`.replace(/ '.*'$/, ''),
      ),
      NOT_CHECKED,
    );
  });

  test('sarif: one tool execution notification per path', () => {
    const r = runCli(dir, ['check', '--format', 'sarif'], {}, UNPRIVILEGED);
    const notes = JSON.parse(r.stdout).runs[0].invocations[0].toolExecutionNotifications;
    assert.deepEqual(
      notes.map(
        (n: {
          level: string;
          message: { text: string };
          locations: { physicalLocation: { artifactLocation: { uri: string } } }[];
        }) =>
          `${n.level} ${n.locations[0].physicalLocation.artifactLocation.uri} ${n.message.text.replace(/ '.*'$/, '')}`,
      ),
      [
        'warning locked not checked: EACCES: permission denied, scandir',
        'warning pipe.py not checked: not a regular file (a FIFO)',
        'warning secret.py not checked: EACCES: permission denied, open',
      ],
    );
  });

  test('a FIFO named on the command line is reported, not waited for', () => {
    const r = runCli(dir, ['check', 'pipe.py', '--fail-on-unreadable']);
    assert.equal(r.code, 2);
    assert.equal(
      r.stderr,
      '0 files checked, 0 errors, 0 warnings; skipped: 1 unreadable\nnot checked: pipe.py: not a regular file (a FIFO)\n',
    );
  });
});
