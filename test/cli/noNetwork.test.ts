// The CLI reads local files only: every command runs with network access
// trapped, and nothing may try it.

import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { runCli } from '../helpers/cli';
import { copyFixture, REPO_ROOT } from '../helpers/tmp';

const PRELOAD = path.join(REPO_ROOT, 'test', 'helpers', 'noNetwork.js');

test('check, explain and init never touch the network', () => {
  const dir = copyFixture('cli-basic', { git: true });
  const log = path.join(dir, '..', `${path.basename(dir)}-net.log`);
  const env = { NODE_OPTIONS: `--require ${PRELOAD}`, AIFENCE_NET_LOG: log };
  for (const args of [['check'], ['check', '--format', 'sarif'], ['explain', 'src'], ['init']]) {
    const r = runCli(dir, args, env);
    assert.ok(r.code === 0 || r.code === 1 || (args[0] === 'init' && r.code === 2), `${args.join(' ')}: ${r.stderr}`);
    assert.doesNotMatch(r.stderr, /network access/);
  }
  assert.equal(fs.existsSync(log) ? fs.readFileSync(log, 'utf8') : '', '');
});
