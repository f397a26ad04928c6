// Windsurf Cascade payloads (test/fixtures/hooks/windsurf/, docs.windsurf.com/windsurf/cascade/hooks)
// into the built CLI, install-hooks merging into a user's .windsurf/hooks.json, and the installed
// command blocking when ai-fence is missing.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { fixture, hookRepo, runHook, runPostHook, writeTree } from '../helpers/agentHooks';
import { runCli } from '../helpers/cli';

const SECRETS = 'zone "secrets" (.aifence.json:5). Credentials are human-only.';

describe('windsurf', () => {
  const root = hookRepo();

  test('pre_read_code and pre_run_command into a block zone exit 2 with the reason on stderr', () => {
    const read = runHook(root, 'windsurf', 'pre_read_code', fixture('windsurf', 'pre_read_code-read', { root }));
    assert.equal(read.code, 2);
    assert.equal(read.stdout, '');
    assert.equal(
      read.stderr,
      `AI Fence: Reading secrets/api-key.txt is not allowed: Windsurf is blocked in ${SECRETS}\n`,
    );
    const shell = JSON.parse(fixture('windsurf', 'pre_run_command-shell', { root }));
    shell.tool_info = { command_line: 'cat api-key.txt', cwd: path.join(root, 'secrets') };
    const r = runHook(root, 'windsurf', 'pre_run_command', JSON.stringify(shell));
    assert.equal(r.code, 2);
    assert.equal(r.stderr, `AI Fence: this command names secrets/api-key.txt, and Windsurf is blocked in ${SECRETS}\n`);
  });

  test('a recursive read of a folder holding a block zone is blocked: Cascade can neither ask nor be warned', () => {
    const payload = JSON.parse(fixture('windsurf', 'pre_read_code-read', { root }));
    payload.tool_info = { file_path: root };
    const r = runHook(root, 'windsurf', 'pre_read_code', JSON.stringify(payload));
    assert.equal(r.code, 2);
    assert.equal(
      r.stderr,
      'AI Fence: reading the tree under . would read files of zone "secrets", where Windsurf is blocked. Narrow it to paths outside the zone.\n',
    );
  });

  test('allowed calls exit 0; a warn zone shows its warning to the user on stdout', () => {
    const shell = runHook(root, 'windsurf', 'pre_run_command', fixture('windsurf', 'pre_run_command-shell', { root }));
    assert.deepEqual([shell.code, shell.stdout, shell.stderr], [0, '', '']);
    const mcp = runHook(root, 'windsurf', 'pre_mcp_tool_use', fixture('windsurf', 'pre_mcp_tool_use-mcp', { root }));
    assert.deepEqual([mcp.code, mcp.stdout], [0, '']);
    const write = runHook(root, 'windsurf', 'pre_write_code', fixture('windsurf', 'pre_write_code-write', { root }));
    assert.equal(write.code, 0, write.stderr);
    assert.match(write.stdout, /^AI Fence: src\/core\/engine\.py is in zone "core" \(\.aifence\.json:6\)/);
  });

  test('post_write_code records the edit in the ledger', () => {
    const { result: r, records } = runPostHook(
      'windsurf',
      'post_write_code',
      'post_write_code-write',
      'import os\nimport sys\n\ndef run():\n    return 1\n\n# end\n',
    );
    assert.equal(r.code, 0, r.stderr);
    assert.equal(records.length, 1);
    assert.equal(records[0].tool.name, 'windsurf');
    assert.equal(records[0].files[0].path, 'src/core/engine.py');
    assert.deepEqual(
      records[0].files[0].conversations[0].ranges.map((x) => [x.start_line, x.end_line]),
      [[2, 2]],
    );
  });

  test('an unreadable payload exits 2 with the reason on stderr', () => {
    const r = runHook(root, 'windsurf', 'pre_read_code', '{"tool_info": ');
    assert.equal(r.code, 2);
    assert.match(
      r.stderr,
      /^AI Fence could not check this tool call, so it is blocked: the payload on stdin is not valid JSON/,
    );
  });

  test('install-hooks merges into .windsurf/hooks.json; the pre hooks block when ai-fence is missing', () => {
    const repo = hookRepo();
    writeTree(repo, {
      '.windsurf/hooks.json':
        '{\n  "hooks": {\n    "post_write_code": [ { "command": "prettier --write", "show_output": false } ]\n  }\n}\n',
    });
    const r = runCli(repo, ['install-hooks', '--agents', 'windsurf']);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout, '.windsurf/hooks.json: updated\n');
    const cfg = JSON.parse(fs.readFileSync(path.join(repo, '.windsurf/hooks.json'), 'utf8'));
    const guard = (event: string) =>
      `ai-fence hook windsurf ${event} || { [ $? -eq 2 ] || echo "AI Fence could not run (is ai-fence installed?); the tool call is blocked" >&2; exit 2; }`;
    assert.deepEqual(cfg.hooks, {
      post_write_code: [
        { command: 'prettier --write', show_output: false },
        { command: 'ai-fence hook windsurf post_write_code', show_output: false },
      ],
      pre_read_code: [{ command: guard('pre_read_code'), show_output: true }],
      pre_write_code: [{ command: guard('pre_write_code'), show_output: true }],
      pre_run_command: [{ command: guard('pre_run_command'), show_output: true }],
      pre_mcp_tool_use: [{ command: guard('pre_mcp_tool_use'), show_output: true }],
    });
    assert.equal(runCli(repo, ['install-hooks', '--agents', 'windsurf']).stdout, '.windsurf/hooks.json: up to date\n');
    assert.equal(runCli(repo, ['install-hooks', '--check', '--agents', 'windsurf']).code, 0);

    // Windsurf runs the command in a shell; without ai-fence on PATH the action is blocked (exit 2).
    const missing = spawnSync('/bin/sh', ['-c', cfg.hooks.pre_read_code[0].command], {
      cwd: repo,
      input: fixture('windsurf', 'pre_read_code-read', { root: repo }),
      encoding: 'utf8',
      env: { PATH: '/nonexistent' },
    });
    assert.equal(missing.status, 2);
    assert.match(missing.stderr, /AI Fence could not run \(is ai-fence installed\?\); the tool call is blocked\n$/);
  });
});
