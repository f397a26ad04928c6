// Qwen Code payloads (test/fixtures/hooks/qwen/, QwenLM/qwen-code docs/users/features/hooks.md
// @00d06c80) into the built CLI, and install-hooks merging into a user's .qwen/settings.json.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { parse } from 'jsonc-parser';
import { answer, fixture, hookRepo, ledgerToolFiles, preToolUseDeny, runHook, writeTree } from '../helpers/agentHooks';
import { runCli } from '../helpers/cli';

const SECRETS = 'zone "secrets" (.aifence.json:5). Credentials are human-only.';
const deny = preToolUseDeny;

describe('qwen', () => {
  const root = hookRepo();

  test('PreToolUse read_file of a blocked file is denied; a shell command in its directory too', () => {
    const r = runHook(root, 'qwen', 'PreToolUse', fixture('qwen', 'PreToolUse-read', { root }));
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(
      answer(r),
      deny(`AI Fence: Reading secrets/api-key.txt is not allowed: Qwen Code is blocked in ${SECRETS}`),
    );
    const shell = JSON.parse(fixture('qwen', 'PreToolUse-shell', { root }));
    shell.tool_input = { command: 'cat api-key.txt', directory: 'secrets' };
    assert.deepEqual(
      answer(runHook(root, 'qwen', 'PreToolUse', JSON.stringify(shell))),
      deny(`AI Fence: this command names secrets/api-key.txt, and Qwen Code is blocked in ${SECRETS}`),
    );
  });

  test('PostToolUse write_file records the file in the ledger and asks for labels', () => {
    const repo = hookRepo();
    fs.writeFileSync(path.join(repo, 'src/core/config.py'), 'PORT = 8080\n');
    const r = runHook(repo, 'qwen', 'PostToolUse', fixture('qwen', 'PostToolUse-write', { root: repo }));
    assert.equal(r.code, 0, r.stderr);
    assert.match(
      (answer(r) as { hookSpecificOutput: { additionalContext: string } }).hookSpecificOutput.additionalContext,
      /Lines you just wrote without a label: 1\./,
    );
    assert.deepEqual(ledgerToolFiles(repo), [['qwen', ['src/core/config.py']]]);
  });

  test('install-hooks merges into .qwen/settings.json; its pre-tool command blocks when ai-fence is missing', () => {
    const repo = hookRepo();
    writeTree(repo, { '.qwen/settings.json': '{ "model": { "name": "qwen3-coder" } }\n' });
    const r = runCli(repo, ['install-hooks', '--agents', 'qwen']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, /Qwen Code runs \.qwen\/settings\.json hooks only in a trusted folder/);
    // biome-ignore lint/suspicious/noExplicitAny: an agent config
    const cfg = parse(fs.readFileSync(path.join(repo, '.qwen/settings.json'), 'utf8')) as Record<string, any>;
    assert.deepEqual(cfg.model, { name: 'qwen3-coder' });
    assert.deepEqual(cfg.hooks.PostToolUse, [
      {
        matcher: '*',
        hooks: [
          { type: 'command', command: 'ai-fence hook qwen PostToolUse', timeout: 30000, name: 'ai-fence-PostToolUse' },
        ],
      },
    ]);
    assert.equal(
      cfg.hooks.PreToolUse[0].hooks[0].command,
      'ai-fence hook qwen PreToolUse || { [ $? -eq 2 ] || echo "AI Fence could not run (is ai-fence installed?); the tool call is blocked" >&2; exit 2; }',
    );
  });
});
