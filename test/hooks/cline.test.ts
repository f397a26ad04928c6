// Cline payloads (test/fixtures/hooks/cline/, cline/cline 21cb8d25) into the built CLI, and the
// executable hook files install-hooks writes to .clinerules/hooks/, run as Cline runs them.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { answer, fixture, hookRepo, ledgerRecords, runHook, writeTree } from '../helpers/agentHooks';
import { NO_MANAGED_POLICY, runCli } from '../helpers/cli';
import { binWithCli } from '../helpers/gitCommit';

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

  test('install-hooks writes executable hook files that cancel when ai-fence is missing', () => {
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
    const post = spawnSync(path.join(repo, '.clinerules/hooks/PostToolUse'), [], {
      cwd: repo,
      input: fixture('cline', 'PostToolUse-write', { root: repo }),
      encoding: 'utf8',
      env: { PATH: '/usr/bin:/bin' },
    });
    assert.deepEqual(JSON.parse(post.stdout), {
      cancel: true,
      errorMessage: 'AI Fence could not run (is ai-fence installed?); the edit was not recorded, so the task stops',
    });
  });
});

describe('cline install-hooks with hook files of your own', () => {
  const HOOKS = '.clinerules/hooks';
  const withCli = `${binWithCli()}:/usr/bin:/bin`;
  // A user hook that leaves a trace of the payload it got and answers what the test asks for.
  const userHook = (answerLine: string) =>
    `#!/bin/sh\ncat > "$PWD/seen.json"\necho 'checking...'\necho '${answerLine}'\n`;

  /** Runs an installed hook file as Cline does: the file itself, the payload on stdin, in the workspace. */
  function runInstalled(repo: string, event: string, payload: string, PATH = withCli) {
    const r = spawnSync(path.join(repo, HOOKS, event), [], {
      cwd: repo,
      input: payload,
      encoding: 'utf8',
      env: { PATH, AIFENCE_MANAGED_POLICY: NO_MANAGED_POLICY, XDG_STATE_HOME: path.join(repo, '.state') },
    });
    assert.equal(r.status, 0, r.stderr);
    return r;
  }
  const seen = (repo: string) => fs.existsSync(path.join(repo, 'seen.json'));
  const plainWrite = (repo: string) => {
    const p = JSON.parse(fixture('cline', 'PreToolUse-write', { root: repo }));
    p.preToolUse.parameters.path = path.join(repo, 'src/app.py');
    return JSON.stringify(p);
  };

  function installedOver(files: Record<string, string>): string {
    const repo = hookRepo();
    writeTree(repo, files);
    for (const f of Object.keys(files)) fs.chmodSync(path.join(repo, f), 0o755);
    assert.equal(runCli(repo, ['install-hooks', '--check', '--agents', 'cline']).code, 1, 'not installed yet');
    const r = runCli(repo, ['install-hooks', '--agents', 'cline']);
    assert.equal(r.code, 0, r.stderr);
    return repo;
  }

  test('your PreToolUse is kept as PreToolUse.user and runs after AI Fence allows, with the same payload', () => {
    const mine = userHook('{"cancel": false, "contextModification": "mine"}');
    const repo = hookRepo();
    writeTree(repo, { [`${HOOKS}/PreToolUse`]: mine });
    fs.chmodSync(path.join(repo, HOOKS, 'PreToolUse'), 0o700);
    const r = runCli(repo, ['install-hooks', '--agents', 'cline']);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(
      r.stdout,
      `${HOOKS}/PreToolUse.user: created\n${HOOKS}/PreToolUse: updated\n${HOOKS}/PostToolUse: created\n`,
    );
    assert.equal(fs.readFileSync(path.join(repo, HOOKS, 'PreToolUse.user'), 'utf8'), mine);
    assert.equal(fs.statSync(path.join(repo, HOOKS, 'PreToolUse.user')).mode & 0o111, 0o111);

    const payload = plainWrite(repo);
    const allowed = runInstalled(repo, 'PreToolUse', payload);
    assert.equal(allowed.stdout, 'checking...\n{"cancel": false, "contextModification": "mine"}\n', 'theirs as it is');
    assert.deepEqual(JSON.parse(fs.readFileSync(path.join(repo, 'seen.json'), 'utf8')), JSON.parse(payload));

    // A warning of ours goes before their context, in their answer.
    const warned = runInstalled(repo, 'PreToolUse', fixture('cline', 'PreToolUse-write', { root: repo }));
    const [debug, json] = warned.stdout.split('\n');
    assert.equal(debug, 'checking...');
    const merged = JSON.parse(json) as { cancel: boolean; contextModification: string };
    assert.equal(merged.cancel, false);
    assert.match(
      merged.contextModification,
      /^AI Fence: src\/core\/engine\.py is in zone "core" \(\.aifence\.json:6\)/,
    );
    assert.ok(merged.contextModification.endsWith('\n\nmine'), merged.contextModification);

    // Our deny wins, and their hook does not run.
    fs.rmSync(path.join(repo, 'seen.json'));
    const denied = runInstalled(repo, 'PreToolUse', fixture('cline', 'PreToolUse-read', { root: repo }));
    assert.equal((JSON.parse(denied.stdout) as { cancel: boolean }).cancel, true);
    assert.match(denied.stdout, /Reading secrets\/api-key\.txt is not allowed/);
    assert.equal(seen(repo), false);

    // Without ai-fence on PATH: cancelled, and their hook does not run either.
    const missing = runInstalled(repo, 'PreToolUse', payload, '/usr/bin:/bin');
    assert.deepEqual(JSON.parse(missing.stdout), { cancel: true, errorMessage: BLOCKED });
    assert.equal(seen(repo), false);

    // Idempotent: a second install and --check find nothing to do.
    const again = runCli(repo, ['install-hooks', '--agents', 'cline']);
    assert.equal(again.stdout, `${HOOKS}/PreToolUse: up to date\n${HOOKS}/PostToolUse: up to date\n`);
    assert.equal(runCli(repo, ['install-hooks', '--check', '--agents', 'cline']).code, 0);
    assert.equal(fs.readFileSync(path.join(repo, HOOKS, 'PreToolUse.user'), 'utf8'), mine);
  });

  test('your hook still cancels, with our warning added to its answer; no answer of theirs leaves ours', () => {
    const repo = installedOver({
      [`${HOOKS}/PreToolUse`]: userHook('{"cancel":true,"errorMessage":"no edits today"}'),
    });
    const r = runInstalled(repo, 'PreToolUse', fixture('cline', 'PreToolUse-write', { root: repo }));
    const theirs = JSON.parse(r.stdout.split('\n')[1]) as Record<string, unknown>;
    assert.equal(theirs.cancel, true);
    assert.equal(theirs.errorMessage, 'no edits today');
    assert.match(String(theirs.contextModification), /^AI Fence: src\/core\/engine\.py is in zone "core"/);
    assert.deepEqual(JSON.parse(runInstalled(repo, 'PreToolUse', plainWrite(repo)).stdout.split('\n')[1]), {
      cancel: true,
      errorMessage: 'no edits today',
    });

    const silent = installedOver({ [`${HOOKS}/PreToolUse`]: '#!/bin/sh\ntouch "$PWD/seen.json"\n' });
    const ours = runInstalled(silent, 'PreToolUse', fixture('cline', 'PreToolUse-write', { root: silent }));
    assert.equal(seen(silent), true);
    const answered = JSON.parse(ours.stdout) as { cancel: boolean; contextModification: string };
    assert.equal(answered.cancel, false);
    assert.match(answered.contextModification, /^AI Fence: src\/core\/engine\.py is in zone "core"/);
  });

  test('your PostToolUse runs after the edit is recorded, its context after ours', () => {
    const repo = installedOver({ [`${HOOKS}/PostToolUse`]: userHook('{"contextModification": "formatted"}') });
    fs.writeFileSync(path.join(repo, 'src/core/engine.py'), 'import os\n\ndef run():\n    return 2\n\n# end\n');
    const payload = fixture('cline', 'PostToolUse-write', { root: repo });
    const r = runInstalled(repo, 'PostToolUse', payload);
    const merged = JSON.parse(r.stdout.split('\n')[1]) as { contextModification: string };
    assert.match(merged.contextModification, /Lines you just wrote without a label: 4\./);
    assert.ok(merged.contextModification.endsWith('\n\nformatted'), merged.contextModification);
    assert.deepEqual(JSON.parse(fs.readFileSync(path.join(repo, 'seen.json'), 'utf8')), JSON.parse(payload));
    assert.equal(ledgerRecords(repo).length, 1);
  });

  test('refuses, and writes nothing, for a hook it cannot run after its own', () => {
    const cases: [string, (repo: string) => void, string][] = [
      [
        'not executable',
        (repo) => writeTree(repo, { [`${HOOKS}/PreToolUse`]: '#!/bin/sh\nexit 0\n' }),
        'is not executable, so Cline does not run it',
      ],
      [
        'a binary',
        (repo) => fs.writeFileSync(path.join(repo, HOOKS, 'PreToolUse'), '\x7fELF\x02\x01\x01\0\0\0', { mode: 0o755 }),
        'is a binary, not a script',
      ],
      [
        'a link',
        (repo) => {
          writeTree(repo, { 'scripts/hook.sh': '#!/bin/sh\nexit 0\n' });
          fs.symlinkSync(path.join(repo, 'scripts/hook.sh'), path.join(repo, HOOKS, 'PreToolUse'));
        },
        'is not a regular file (a symbolic link)',
      ],
    ];
    for (const [name, make, reason] of cases) {
      const repo = hookRepo();
      fs.mkdirSync(path.join(repo, HOOKS), { recursive: true });
      make(repo);
      const r = runCli(repo, ['install-hooks', '--agents', 'cline']);
      assert.equal(r.code, 2, name);
      assert.equal(
        r.stderr,
        `ai-fence install-hooks: ${HOOKS}/PreToolUse ${reason}; AI Fence cannot run it after its own hook: move it away, then run again\n`,
        name,
      );
      assert.deepEqual(fs.readdirSync(path.join(repo, HOOKS)), ['PreToolUse'], name);
    }
    const taken = hookRepo();
    writeTree(taken, { [`${HOOKS}/PreToolUse`]: '#!/bin/sh\nexit 0\n', [`${HOOKS}/PreToolUse.user`]: 'older\n' });
    fs.chmodSync(path.join(taken, HOOKS, 'PreToolUse'), 0o755);
    const r = runCli(taken, ['install-hooks', '--agents', 'cline']);
    assert.equal(r.code, 2);
    assert.equal(
      r.stderr,
      `ai-fence install-hooks: ${HOOKS}/PreToolUse is your own, and ${HOOKS}/PreToolUse.user is taken: merge them into ${HOOKS}/PreToolUse.user, remove ${HOOKS}/PreToolUse, then run again\n`,
    );
    assert.equal(fs.readFileSync(path.join(taken, HOOKS, 'PreToolUse.user'), 'utf8'), 'older\n');
  });
});
