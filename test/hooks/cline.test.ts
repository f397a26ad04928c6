// Cline payloads (test/fixtures/hooks/cline/, cline/cline 21cb8d25) into the built CLI, and the
// executable hook files install-hooks writes to .clinerules/hooks/, run as Cline runs them.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { answer, fixture, hookRepo, ledgerRecords, runHook, writeTree } from '../helpers/agentHooks';
import { runCli } from '../helpers/cli';

const SECRETS = 'zone "secrets" (.aifence.json:5). Credentials are human-only.';
const BLOCKED = 'AI Fence could not run (is ai-fence installed?); the tool call is blocked';

describe('cline', () => {
  const root = hookRepo();

  test('PreToolUse read_files and run_commands into a block zone are cancelled', () => {
    const read = runHook(root, 'cline', 'PreToolUse', fixture('cline', 'PreToolUse-read', { root }));
    assert.equal(read.code, 0, read.stderr);
    assert.deepEqual(answer(read), {
      cancel: true,
      errorMessage: `AI Fence: Reading secrets/api-key.txt is not allowed: Cline is blocked in ${SECRETS}`,
    });
    assert.deepEqual(answer(runHook(root, 'cline', 'PreToolUse', fixture('cline', 'PreToolUse-shell', { root }))), {
      cancel: true,
      errorMessage: `AI Fence: this command names secrets/api-key.txt, and Cline is blocked in ${SECRETS}`,
    });
  });

  test('PreToolUse editor in a warn zone goes on with the warning as contextModification (both payload forms)', () => {
    for (const name of ['PreToolUse-write', 'sdk-tool_call-write']) {
      const r = answer(runHook(root, 'cline', 'PreToolUse', fixture('cline', name, { root }))) as {
        cancel: boolean;
        contextModification: string;
      };
      assert.equal(r.cancel, false, name);
      assert.match(
        r.contextModification,
        /^AI Fence: src\/core\/engine\.py is in zone "core" \(\.aifence\.json:6\)/,
        name,
      );
    }
    const plain = JSON.parse(fixture('cline', 'PreToolUse-write', { root }));
    plain.preToolUse.parameters.path = path.join(root, 'src/app.py');
    assert.deepEqual(answer(runHook(root, 'cline', 'PreToolUse', JSON.stringify(plain))), { cancel: false });
  });

  test('PostToolUse editor records the edit; a failed edit records nothing', () => {
    const repo = hookRepo();
    fs.writeFileSync(path.join(repo, 'src/core/engine.py'), 'import os\n\ndef run():\n    return 2\n\n# end\n');
    const failed = JSON.parse(fixture('cline', 'PostToolUse-write', { root: repo }));
    failed.postToolUse.success = false;
    assert.equal(runHook(repo, 'cline', 'PostToolUse', JSON.stringify(failed)).code, 0);
    assert.deepEqual(ledgerRecords(repo), []);
    const r = runHook(repo, 'cline', 'PostToolUse', fixture('cline', 'PostToolUse-write', { root: repo }));
    assert.equal(r.code, 0, r.stderr);
    assert.match(
      (answer(r) as { contextModification: string }).contextModification,
      /Lines you just wrote without a label: 4\./,
    );
    const records = ledgerRecords(repo) as {
      tool: { name: string; version: string };
      files: { path: string; conversations: { id: string }[] }[];
    }[];
    assert.equal(records.length, 1);
    assert.deepEqual(records[0].tool, { name: 'cline', version: '4.1.13' });
    assert.equal(records[0].files[0].path, 'src/core/engine.py');
    assert.equal(records[0].files[0].conversations[0].id, '01K3ZQ8W6X2M4N5P7R9T1V3X5Z');
  });

  test('an unreadable payload or unknown event cancels on stdout', () => {
    const bad = runHook(root, 'cline', 'PreToolUse', '{"preToolUse": ');
    assert.equal(bad.code, 0);
    assert.equal((answer(bad) as { cancel: boolean }).cancel, true);
    const unknown = runHook(root, 'cline', 'TaskStart', '{}');
    assert.equal((answer(unknown) as { cancel: boolean }).cancel, true);
  });

  test('install-hooks writes executable hook files, keeps a user hook file, and cancels when ai-fence is missing', () => {
    const repo = hookRepo();
    const r = runCli(repo, ['install-hooks', '--agents', 'cline']);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout, '.clinerules/hooks/PreToolUse: created\n.clinerules/hooks/PostToolUse: created\n');
    const pre = path.join(repo, '.clinerules/hooks/PreToolUse');
    assert.equal(fs.statSync(pre).mode & 0o777, 0o755);
    assert.equal(runCli(repo, ['install-hooks', '--check', '--agents', 'cline']).code, 0);
    fs.chmodSync(pre, 0o644);
    assert.equal(runCli(repo, ['install-hooks', '--check', '--agents', 'cline']).code, 1, 'a hook Cline cannot run');
    runCli(repo, ['install-hooks', '--agents', 'cline']);
    assert.equal(fs.statSync(pre).mode & 0o777, 0o755);

    // Cline runs the file itself: without ai-fence on PATH it still answers with a cancel.
    const missing = spawnSync(pre, [], {
      cwd: repo,
      input: fixture('cline', 'PreToolUse-write', { root: repo }),
      encoding: 'utf8',
      env: { PATH: '/usr/bin:/bin' },
    });
    assert.equal(missing.status, 0);
    assert.deepEqual(JSON.parse(missing.stdout), { cancel: true, errorMessage: BLOCKED });

    const mine = hookRepo();
    writeTree(mine, { '.clinerules/hooks/PostToolUse': '#!/bin/sh\necho \'{"cancel":false}\'\n' });
    const refused = runCli(mine, ['install-hooks', '--agents', 'cline']);
    assert.equal(refused.code, 2);
    assert.equal(
      refused.stderr,
      'ai-fence install-hooks: .clinerules/hooks/PostToolUse is your own, and AI Fence does not replace it: call "ai-fence hook cline PostToolUse" from it or move it away, then run again\n',
    );
    assert.equal(
      fs.readFileSync(path.join(mine, '.clinerules/hooks/PostToolUse'), 'utf8'),
      '#!/bin/sh\necho \'{"cancel":false}\'\n',
    );
    assert.equal(fs.existsSync(path.join(mine, '.clinerules/hooks/PreToolUse')), false, 'nothing was written');
  });
});
