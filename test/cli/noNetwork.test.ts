// The CLI reads local files only: every command runs with network access
// trapped, and nothing may try it.

import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { runCli } from '../helpers/cli';
import { copyFixture, REPO_ROOT, tempDir } from '../helpers/tmp';

const PRELOAD = path.join(REPO_ROOT, 'test', 'helpers', 'noNetwork.js');

test('check, explain and init never touch the network', () => {
  const dir = copyFixture('cli-basic', { git: true });
  const log = path.join(tempDir(), 'net.log');
  const env = { NODE_OPTIONS: `--require ${PRELOAD}`, AIFENCE_NET_LOG: log };
  // The fixture has findings (check exits 1) and a policy already (init refuses with 2).
  for (const [args, code] of [
    [['check'], 1],
    [['check', '--format', 'sarif'], 1],
    [['explain', 'src'], 0],
    [['init'], 2],
  ] as const) {
    const r = runCli(dir, [...args], env);
    assert.equal(r.code, code, `${args.join(' ')}: ${r.stderr}`);
    assert.doesNotMatch(r.stderr, /network access/);
  }
  assert.equal(fs.existsSync(log) ? fs.readFileSync(log, 'utf8') : '', '');
});
