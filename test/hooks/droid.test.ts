// Factory Droid payloads (test/fixtures/hooks/droid/, Factory-AI/factory docs/reference/hooks-reference.mdx
// @23d17aff) into the built CLI, and install-hooks merging into a user's .factory/hooks.json.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { parse } from 'jsonc-parser';
import { answer, fixture, hookRepo, ledgerToolFiles, preToolUseDeny, runHook, writeTree } from '../helpers/agentHooks';
import { runCli } from '../helpers/cli';

const SECRETS = 'zone "secrets" (.aifence.json:5). Credentials are human-only.';

describe('droid', () => {
  const root = hookRepo();
  const pre = (name: string) => runHook(root, 'droid', 'PreToolUse', fixture('droid', name, { root }));

  test('PreToolUse Read and Execute into a block zone are denied', () => {
    const read = pre('PreToolUse-read');
    assert.equal(read.code, 0, read.stderr);
    assert.deepEqual(
      answer(read),
      preToolUseDeny(`AI Fence: Reading secrets/api-key.txt is not allowed: Factory Droid is blocked in ${SECRETS}`),
    );
    assert.deepEqual(
      answer(pre('PreToolUse-shell')),
      preToolUseDeny(`AI Fence: this command names secrets/api-key.txt, and Factory Droid is blocked in ${SECRETS}`),
    );
  });

  test('ApplyPatch: a patch into a block zone is denied; one whose files cannot be found is blocked (exit 2)', () => {
    const payload = JSON.parse(fixture('droid', 'PreToolUse-write', { root }));
    payload.tool_name = 'ApplyPatch';
    payload.tool_input = { patch: '*** Begin Patch\n*** Add File: secrets/new.txt\n+x\n*** End Patch\n' };
    assert.deepEqual(
      answer(runHook(root, 'droid', 'PreToolUse', JSON.stringify(payload))),
      preToolUseDeny(`AI Fence: Changing secrets/new.txt is not allowed: Factory Droid is blocked in ${SECRETS}`),
    );
    payload.tool_input = { diff: 'secrets/new.txt gets a line' };
    const unknown = runHook(root, 'droid', 'PreToolUse', JSON.stringify(payload));
    assert.deepEqual([unknown.code, unknown.stdout], [2, '']);
    assert.match(
      unknown.stderr,
      /AI Fence cannot find the files of this ApplyPatch call; the tool call is blocked \(exit 2\)/,
    );
  });

  test('a read outside the zones is allowed with an empty answer', () => {
    const payload = JSON.parse(fixture('droid', 'PreToolUse-read', { root }));
    payload.tool_input.file_path = `${root}/src/app.py`;
    const r = runHook(root, 'droid', 'PreToolUse', JSON.stringify(payload));
    assert.deepEqual([r.code, r.stdout], [0, ''], r.stderr);
  });

  test('PreToolUse Create in a warn zone passes and shows the warning as a systemMessage', () => {
    const r = pre('PreToolUse-write');
    assert.equal(r.code, 0, r.stderr);
    const out = answer(r) as Record<string, string>;
    assert.deepEqual(Object.keys(out), ['systemMessage']);
    assert.match(out.systemMessage, /src\/core\/config\.py is in zone "core"/);
  });

  test('PostToolUse Create records the new file and asks for provenance labels', () => {
    const repo = hookRepo();
    fs.writeFileSync(path.join(repo, 'src/core/config.py'), 'PORT = 8080\n');
    const r = runHook(repo, 'droid', 'PostToolUse', fixture('droid', 'PostToolUse-write', { root: repo }));
    assert.equal(r.code, 0, r.stderr);
    const out = (answer(r) as { hookSpecificOutput: { hookEventName: string; additionalContext: string } })
      .hookSpecificOutput;
    assert.equal(out.hookEventName, 'PostToolUse');
    assert.match(out.additionalContext, /Lines you just wrote without a label: 1\./);
    assert.deepEqual(ledgerToolFiles(repo), [['droid', ['src/core/config.py']]]);
  });

  test('install-hooks merges into an existing .factory/hooks.json and is idempotent', () => {
    const repo = hookRepo();
    writeTree(repo, {
      '.factory/hooks.json':
        '{\n  // mine\n  "hooks": { "PostToolUse": [ { "matcher": "Edit", "hooks": [ { "type": "command", "command": "./fmt.sh" } ] } ] }\n}\n',
    });
    const r = runCli(repo, ['install-hooks', '--agents', 'droid']);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout, '.factory/hooks.json: updated\n');
    const text = fs.readFileSync(path.join(repo, '.factory/hooks.json'), 'utf8');
    assert.match(text, /\/\/ mine/);
    // biome-ignore lint/suspicious/noExplicitAny: an agent config
    const cfg = parse(text) as Record<string, any>;
    assert.deepEqual(cfg.hooks.PostToolUse, [
      { matcher: 'Edit', hooks: [{ type: 'command', command: './fmt.sh' }] },
      { matcher: '*', hooks: [{ type: 'command', command: 'ai-fence hook droid PostToolUse', timeout: 30 }] },
    ]);
    assert.deepEqual(cfg.hooks.PreToolUse, [
      {
        matcher: '*',
        hooks: [
          {
            type: 'command',
            command:
              'ai-fence hook droid PreToolUse || { [ $? -eq 2 ] || echo "AI Fence could not run (is ai-fence installed?); the tool call is blocked" >&2; exit 2; }',
            timeout: 30,
          },
        ],
      },
    ]);
    assert.equal(runCli(repo, ['install-hooks', '--agents', 'droid', '--check']).code, 0);
    assert.equal(fs.readFileSync(path.join(repo, '.factory/hooks.json'), 'utf8'), text);
  });
});
