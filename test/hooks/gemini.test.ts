// Gemini CLI payloads (test/fixtures/hooks/gemini/, google-gemini/gemini-cli 5411f113) into the
// built CLI, and install-hooks merging into a user's .gemini/settings.json.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { parse } from 'jsonc-parser';
import { answer, fixture, hookRepo, ledgerToolFiles, runHook, writeTree } from '../helpers/agentHooks';
import { runCli } from '../helpers/cli';

const SECRETS = 'zone "secrets" (.aifence.json:5). Credentials are human-only.';

describe('gemini', () => {
  const root = hookRepo();

  test('BeforeTool read_file and run_shell_command into a block zone are denied', () => {
    const read = runHook(root, 'gemini', 'BeforeTool', fixture('gemini', 'BeforeTool-read', { root }));
    assert.equal(read.code, 0, read.stderr);
    assert.deepEqual(answer(read), {
      decision: 'deny',
      reason: `AI Fence: Reading secrets/api-key.txt is not allowed: Gemini Code Assist is blocked in ${SECRETS}`,
    });
    assert.deepEqual(answer(runHook(root, 'gemini', 'BeforeTool', fixture('gemini', 'BeforeTool-shell', { root }))), {
      decision: 'deny',
      reason: `AI Fence: this command names secrets/api-key.txt, and Gemini Code Assist is blocked in ${SECRETS}`,
    });
  });

  test('a shell command in dir_path secrets is denied; a repository-wide search asks', () => {
    const shell = JSON.parse(fixture('gemini', 'BeforeTool-shell', { root }));
    shell.tool_input = { command: 'cat api-key.txt', dir_path: 'secrets' };
    assert.equal(
      (answer(runHook(root, 'gemini', 'BeforeTool', JSON.stringify(shell))) as { decision: string }).decision,
      'deny',
    );
    const search = { ...shell, tool_name: 'grep_search', tool_input: { pattern: 'key' } };
    assert.deepEqual(answer(runHook(root, 'gemini', 'BeforeTool', JSON.stringify(search))), {
      decision: 'ask',
      reason:
        'AI Fence: reading the tree under . would read files of zone "secrets", where Gemini Code Assist is blocked. Narrow it to paths outside the zone.',
    });
  });

  test('BeforeTool write_file in a warn zone passes and shows the warning', () => {
    const r = runHook(root, 'gemini', 'BeforeTool', fixture('gemini', 'BeforeTool-write', { root }));
    assert.equal(r.code, 0, r.stderr);
    assert.match((answer(r) as { systemMessage: string }).systemMessage, /src\/core\/config\.py is in zone "core"/);
  });

  test('AfterTool write_file records the new file and asks for provenance labels', () => {
    const repo = hookRepo();
    fs.writeFileSync(path.join(repo, 'src/core/config.py'), 'PORT = 8080\n');
    const r = runHook(repo, 'gemini', 'AfterTool', fixture('gemini', 'AfterTool-write', { root: repo }));
    assert.equal(r.code, 0, r.stderr);
    const out = (answer(r) as { hookSpecificOutput: { hookEventName: string; additionalContext: string } })
      .hookSpecificOutput;
    assert.equal(out.hookEventName, 'AfterTool');
    assert.match(out.additionalContext, /Lines you just wrote without a label: 1\./);
    assert.deepEqual(ledgerToolFiles(repo), [['gemini', ['src/core/config.py']]]);
  });

  test('an unreadable payload is denied on stdout (exit 2)', () => {
    const r = runHook(root, 'gemini', 'BeforeTool', '{"tool_name": ');
    assert.equal(r.code, 2);
    assert.equal((answer(r) as { decision: string }).decision, 'deny');
  });

  test('install-hooks merges into an existing .gemini/settings.json', () => {
    const repo = hookRepo();
    writeTree(repo, {
      '.gemini/settings.json':
        '{\n  // mine\n  "theme": "dark",\n  "hooks": { "BeforeTool": [ { "matcher": "write_file", "hooks": [ { "type": "command", "command": "./lint.sh" } ] } ] }\n}\n',
    });
    const r = runCli(repo, ['install-hooks', '--agents', 'gemini']);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout, '.gemini/settings.json: updated\n');
    assert.match(r.stderr, /Gemini CLI runs \.gemini\/settings\.json hooks only in a trusted folder/);
    const text = fs.readFileSync(path.join(repo, '.gemini/settings.json'), 'utf8');
    assert.match(text, /\/\/ mine/);
    // biome-ignore lint/suspicious/noExplicitAny: an agent config
    const cfg = parse(text) as Record<string, any>;
    assert.equal(cfg.theme, 'dark');
    assert.deepEqual(cfg.hooks.BeforeTool, [
      { matcher: 'write_file', hooks: [{ type: 'command', command: './lint.sh' }] },
      {
        matcher: '*',
        hooks: [
          {
            type: 'command',
            command:
              'ai-fence hook gemini BeforeTool || { [ $? -eq 2 ] || echo "AI Fence could not run (is ai-fence installed?); the tool call is blocked" >&2; exit 2; }',
            timeout: 30000,
            name: 'ai-fence-BeforeTool',
          },
        ],
      },
    ]);
    assert.deepEqual(cfg.hooks.AfterTool, [
      {
        matcher: '*',
        hooks: [
          { type: 'command', command: 'ai-fence hook gemini AfterTool', timeout: 30000, name: 'ai-fence-AfterTool' },
        ],
      },
    ]);
    assert.equal(runCli(repo, ['install-hooks', '--agents', 'gemini']).stdout, '.gemini/settings.json: up to date\n');
  });
});
