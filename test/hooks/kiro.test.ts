// Kiro CLI payloads into the built CLI. kiro.dev/docs/cli/hooks documents Amazon Q Developer CLI's
// payload and exit codes word for word, so the samples are test/fixtures/hooks/amazon-q/ (SOURCES.md):
// a block is exit 2 with the reason on stderr. install-hooks writes the agent file (2.x) and the
// standalone V3 hooks file (3.x), and their pre-tool command still blocks when ai-fence is missing.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { parse } from 'jsonc-parser';
import { fixture, hookRepo, ledgerRecords, ledgerToolFiles, runHook, writeTree } from '../helpers/agentHooks';
import { NO_MANAGED_POLICY, runCli } from '../helpers/cli';
import { binWithCli, binWithoutCli } from '../helpers/gitCommit';
import { tempDir } from '../helpers/tmp';

const SECRETS = 'zone "secrets" (.aifence.json:5). Credentials are human-only.';
const NOT_RUN = 'AI Fence could not run (is ai-fence installed?); the tool call is blocked';
const PRE = `ai-fence hook kiro preToolUse || { [ $? -eq 2 ] || echo "${NOT_RUN}" >&2; exit 2; }`;
const AGENT_FILE = '.kiro/agents/ai-fence.json';
const HOOKS_FILE = '.kiro/hooks/ai-fence.json';
// biome-ignore lint/suspicious/noExplicitAny: an agent config
const readConfig = (repo: string, file: string) => parse(fs.readFileSync(path.join(repo, file), 'utf8')) as any;

describe('kiro', () => {
  const root = hookRepo();
  const payload = (name: string, input?: Record<string, unknown>, toolName?: string) => {
    const p = JSON.parse(fixture('amazon-q', name, { root }));
    if (input) p.tool_input = input;
    if (toolName) p.tool_name = toolName;
    return JSON.stringify(p);
  };
  const pre = (stdin: string) => runHook(root, 'kiro', 'preToolUse', stdin);

  test('preToolUse fs_read and execute_bash into a block zone exit 2 with the reason on stderr', () => {
    const read = pre(payload('preToolUse-read'));
    assert.deepEqual(
      [read.code, read.stdout, read.stderr],
      [2, '', `AI Fence: Reading secrets/api-key.txt is not allowed: Kiro is blocked in ${SECRETS}\n`],
    );
    const shell = pre(payload('preToolUse-shell'));
    assert.deepEqual(
      [shell.code, shell.stdout, shell.stderr],
      [2, '', `AI Fence: this command names secrets/api-key.txt, and Kiro is blocked in ${SECRETS}\n`],
    );
  });

  test('the 3.x tool names read and shell are judged as fs_read and execute_bash', () => {
    const read = pre(payload('preToolUse-read', undefined, 'read'));
    assert.deepEqual([read.code, read.stdout], [2, '']);
    assert.match(read.stderr, /^AI Fence: Reading secrets\/api-key\.txt is not allowed/);
    const shell = pre(payload('preToolUse-shell', undefined, 'shell'));
    assert.deepEqual([shell.code, shell.stdout], [2, '']);
    assert.match(shell.stderr, /^AI Fence: this command names secrets\/api-key\.txt/);
  });

  test('a read, write or str_replace whose file cannot be found is blocked (their inputs are not documented)', () => {
    for (const tool of ['read', 'write', 'str_replace']) {
      const r = pre(payload('preToolUse-write', { summary: 'no path' }, tool));
      assert.equal(r.code, 2, tool);
      assert.equal(r.stdout, '', tool);
      assert.match(
        r.stderr,
        new RegExp(`cannot find the files of this ${tool} call; the tool call is blocked \\(exit 2\\)`),
        tool,
      );
    }
  });

  test('a payload without a tool name (the V3 stdin is not documented) is blocked', () => {
    const r = pre(JSON.stringify({ hook_event_name: 'PreToolUse', cwd: root, input: { path: 'secrets/api-key.txt' } }));
    assert.deepEqual([r.code, r.stdout], [2, '']);
    assert.match(r.stderr, /has no tool name \(tool_name\/toolName\); the tool call is blocked \(exit 2\)/);
  });

  test('an edit of its own hook files is a block (an ask, which Kiro cannot enforce)', () => {
    for (const file of [AGENT_FILE, HOOKS_FILE]) {
      const r = pre(payload('preToolUse-write', { command: 'create', path: `${root}/${file}`, file_text: '{}' }));
      assert.deepEqual(
        [r.code, r.stdout, r.stderr],
        [
          2,
          '',
          `AI Fence: ${file} is an agent's hook configuration, which AI Fence protects: an agent may not change it. Ask the user to make this change.\n`,
        ],
      );
    }
  });

  test('a read outside the zones is allowed silently; a write in a warn zone too (no context channel)', () => {
    const read = pre(payload('preToolUse-read', { operations: [{ mode: 'Line', path: `${root}/src/app.py` }] }));
    assert.deepEqual([read.code, read.stdout, read.stderr], [0, '', '']);
    const warn = pre(payload('preToolUse-write'));
    assert.deepEqual([warn.code, warn.stdout, warn.stderr], [0, '', '']);
  });

  test('postToolUse fs_write create records the file as kiro; a failed write records nothing', () => {
    const repo = hookRepo();
    fs.writeFileSync(path.join(repo, 'src/core/config.py'), 'PORT = 8080\n');
    const failed = JSON.parse(fixture('amazon-q', 'postToolUse-write', { root: repo }));
    failed.tool_response = { success: false, error: ['denied'] };
    assert.equal(runHook(repo, 'kiro', 'postToolUse', JSON.stringify(failed)).code, 0);
    assert.deepEqual(ledgerRecords(repo), []);
    const r = runHook(repo, 'kiro', 'postToolUse', fixture('amazon-q', 'postToolUse-write', { root: repo }));
    assert.deepEqual([r.code, r.stdout], [0, ''], r.stderr);
    assert.deepEqual(ledgerToolFiles(repo), [['kiro', ['src/core/config.py']]]);
  });

  test('install-hooks writes the agent file and the V3 hooks file, merging into existing ones, idempotently', () => {
    const repo = hookRepo();
    const LINT = {
      name: 'lint',
      trigger: 'PostFileSave',
      matcher: '\\.ts$',
      action: { type: 'command', command: 'npm run lint' },
    };
    writeTree(repo, {
      [AGENT_FILE]:
        '{\n  "name": "ai-fence",\n  "tools": ["read", "shell"],\n  "hooks": { "preToolUse": [ { "matcher": "shell", "command": "./audit.sh" } ] }\n}\n',
      [HOOKS_FILE]: JSON.stringify({
        version: 'v1',
        hooks: [
          LINT,
          // Ours, switched off and narrowed: install-hooks restores it.
          {
            name: 'mine',
            trigger: 'PreToolUse',
            matcher: 'nothing',
            action: { type: 'command', command: PRE },
            enabled: false,
          },
        ],
      }),
    });
    assert.equal(runCli(repo, ['install-hooks', '--agents', 'kiro', '--check']).code, 1);
    const r = runCli(repo, ['install-hooks', '--agents', 'kiro']);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout, `${AGENT_FILE}: updated\n${HOOKS_FILE}: updated\n`);
    assert.match(r.stderr, /kiro-cli chat --agent ai-fence/);
    assert.match(r.stderr, /kiro-cli settings chat\.defaultAgent ai-fence/);
    const agent = readConfig(repo, AGENT_FILE);
    assert.deepEqual(agent.tools, ['read', 'shell']);
    assert.deepEqual(agent.hooks, {
      preToolUse: [
        { matcher: 'shell', command: './audit.sh' },
        { command: PRE, timeout_ms: 30000 },
      ],
      postToolUse: [{ command: 'ai-fence hook kiro postToolUse', timeout_ms: 30000 }],
    });
    assert.deepEqual(readConfig(repo, HOOKS_FILE), {
      version: 'v1',
      hooks: [
        LINT,
        {
          name: 'ai-fence-preToolUse',
          trigger: 'PreToolUse',
          matcher: '.*',
          action: { type: 'command', command: PRE },
          enabled: true,
          timeout: 30,
        },
        {
          name: 'ai-fence-postToolUse',
          trigger: 'PostToolUse',
          matcher: '.*',
          action: { type: 'command', command: 'ai-fence hook kiro postToolUse' },
          timeout: 30,
          enabled: true,
        },
      ],
    });
    const before = [AGENT_FILE, HOOKS_FILE].map((f) => fs.readFileSync(path.join(repo, f), 'utf8'));
    assert.equal(runCli(repo, ['install-hooks', '--agents', 'kiro', '--check']).code, 0);
    assert.equal(
      runCli(repo, ['install-hooks', '--agents', 'kiro']).stdout,
      `${AGENT_FILE}: up to date\n${HOOKS_FILE}: up to date\n`,
    );
    assert.deepEqual(
      [AGENT_FILE, HOOKS_FILE].map((f) => fs.readFileSync(path.join(repo, f), 'utf8')),
      before,
    );
  });

  test('a new agent file gets every tool; the installed pre-tool command blocks when ai-fence is missing', () => {
    const repo = hookRepo();
    assert.equal(runCli(repo, ['install-hooks', '--agents', 'kiro']).code, 0);
    const agent = readConfig(repo, AGENT_FILE);
    assert.deepEqual([agent.name, agent.tools, agent.allowedTools], ['ai-fence', ['*'], ['fs_read']]);
    const command = readConfig(repo, HOOKS_FILE).hooks[0].action.command;
    assert.equal(command, agent.hooks.preToolUse[0].command);
    // Kiro runs a hook command with `bash -c`, the payload on stdin.
    const stdin = fixture('amazon-q', 'preToolUse-read', { root: repo });
    const state = tempDir('aifence-state-');
    const run = (bin: string) =>
      spawnSync('/bin/bash', ['-c', command], {
        cwd: repo,
        input: stdin,
        encoding: 'utf8',
        env: { ...process.env, PATH: bin, AIFENCE_MANAGED_POLICY: NO_MANAGED_POLICY, XDG_STATE_HOME: state },
      });
    const missing = run(binWithoutCli());
    assert.deepEqual([missing.status, missing.stdout], [2, '']);
    assert.match(missing.stderr, new RegExp(`${NOT_RUN.replace(/[()?]/g, '\\$&')}\\n$`));
    const installed = run(binWithCli());
    assert.deepEqual(
      [installed.status, installed.stdout, installed.stderr],
      // Our own exit 2 passes through with its reason alone: no "could not run" line.
      [2, '', `AI Fence: Reading secrets/api-key.txt is not allowed: Kiro is blocked in ${SECRETS}\n`],
    );
  });
});
