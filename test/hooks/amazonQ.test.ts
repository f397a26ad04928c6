// Amazon Q Developer CLI payloads (test/fixtures/hooks/amazon-q/, aws/amazon-q-developer-cli 15cc8f3c
// docs/hooks.md) into the built CLI: a block is exit 2 with the reason on stderr, nothing on stdout
// is read. And install-hooks merging into an agent file under .amazonq/cli-agents/.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { parse } from 'jsonc-parser';
import { fixture, hookRepo, ledgerRecords, ledgerToolFiles, runHook, writeTree } from '../helpers/agentHooks';
import { runCli } from '../helpers/cli';

const SECRETS = 'zone "secrets" (.aifence.json:5). Credentials are human-only.';

describe('amazon-q', () => {
  const root = hookRepo();
  const pre = (name: string) => runHook(root, 'amazon-q', 'preToolUse', fixture('amazon-q', name, { root }));

  test('preToolUse fs_read and execute_bash into a block zone exit 2 with the reason on stderr', () => {
    const read = pre('preToolUse-read');
    assert.deepEqual(
      [read.code, read.stdout, read.stderr],
      [2, '', `AI Fence: Reading secrets/api-key.txt is not allowed: Amazon Q is blocked in ${SECRETS}\n`],
    );
    const shell = pre('preToolUse-shell');
    assert.deepEqual(
      [shell.code, shell.stdout, shell.stderr],
      [2, '', `AI Fence: this command names secrets/api-key.txt, and Amazon Q is blocked in ${SECRETS}\n`],
    );
  });

  test('an ask (an edit of its own agent file, which holds the hooks) is a block: Amazon Q cannot ask', () => {
    const payload = JSON.parse(fixture('amazon-q', 'preToolUse-write', { root }));
    payload.tool_input.path = `${root}/.amazonq/cli-agents/ai-fence.json`;
    const r = runHook(root, 'amazon-q', 'preToolUse', JSON.stringify(payload));
    assert.deepEqual(
      [r.code, r.stdout, r.stderr],
      [
        2,
        '',
        "AI Fence: .amazonq/cli-agents/ai-fence.json is an agent's hook configuration, which AI Fence protects: an agent may not change it. Ask the user to make this change.\n",
      ],
    );
  });

  test('a read outside the zones is allowed silently; a write in a warn zone too (no context channel)', () => {
    const payload = JSON.parse(fixture('amazon-q', 'preToolUse-read', { root }));
    payload.tool_input.operations[0].path = `${root}/src/app.py`;
    const read = runHook(root, 'amazon-q', 'preToolUse', JSON.stringify(payload));
    assert.deepEqual([read.code, read.stdout, read.stderr], [0, '', '']);
    const warn = pre('preToolUse-write');
    assert.deepEqual([warn.code, warn.stdout, warn.stderr], [0, '', '']);
  });

  test('postToolUse fs_write create records the file in the ledger; a failed write records nothing', () => {
    const repo = hookRepo();
    fs.writeFileSync(path.join(repo, 'src/core/config.py'), 'PORT = 8080\n');
    const failed = JSON.parse(fixture('amazon-q', 'postToolUse-write', { root: repo }));
    failed.tool_response = { success: false, error: ['denied'] };
    assert.equal(runHook(repo, 'amazon-q', 'postToolUse', JSON.stringify(failed)).code, 0);
    assert.deepEqual(ledgerRecords(repo), []);
    const r = runHook(repo, 'amazon-q', 'postToolUse', fixture('amazon-q', 'postToolUse-write', { root: repo }));
    assert.deepEqual([r.code, r.stdout], [0, ''], r.stderr);
    assert.deepEqual(ledgerToolFiles(repo), [['amazon-q', ['src/core/config.py']]]);
  });

  test('an unreadable payload is blocked with exit 2', () => {
    const r = runHook(root, 'amazon-q', 'preToolUse', '{"tool_name": ');
    assert.equal(r.code, 2);
    assert.equal(r.stdout, '');
    assert.match(r.stderr, /the tool call is blocked \(exit 2\)/);
  });

  test('install-hooks merges into an existing agent file, keeps its entries, and is idempotent', () => {
    const repo = hookRepo();
    const file = '.amazonq/cli-agents/ai-fence.json';
    writeTree(repo, {
      [file]:
        '{\n  "name": "ai-fence",\n  "tools": ["fs_read", "execute_bash"],\n  "hooks": { "preToolUse": [ { "matcher": "execute_bash", "command": "./audit.sh" } ] }\n}\n',
    });
    assert.equal(runCli(repo, ['install-hooks', '--agents', 'amazon-q', '--check']).code, 1);
    const r = runCli(repo, ['install-hooks', '--agents', 'amazon-q']);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout, `${file}: updated\n`);
    assert.match(r.stderr, /q chat --agent ai-fence/);
    // biome-ignore lint/suspicious/noExplicitAny: an agent config
    const cfg = parse(fs.readFileSync(path.join(repo, file), 'utf8')) as Record<string, any>;
    assert.deepEqual(cfg.tools, ['fs_read', 'execute_bash']);
    assert.equal(cfg.description, 'The default agent, with the AI Fence hooks (ai-fence install-hooks)');
    assert.deepEqual(cfg.hooks, {
      preToolUse: [
        { matcher: 'execute_bash', command: './audit.sh' },
        {
          command:
            'ai-fence hook amazon-q preToolUse || { [ $? -eq 2 ] || echo "AI Fence could not run (is ai-fence installed?); the tool call is blocked" >&2; exit 2; }',
          timeout_ms: 30000,
        },
      ],
      postToolUse: [{ command: 'ai-fence hook amazon-q postToolUse', timeout_ms: 30000 }],
    });
    const before = fs.readFileSync(path.join(repo, file), 'utf8');
    assert.equal(runCli(repo, ['install-hooks', '--agents', 'amazon-q', '--check']).code, 0);
    assert.equal(runCli(repo, ['install-hooks', '--agents', 'amazon-q']).stdout, `${file}: up to date\n`);
    assert.equal(fs.readFileSync(path.join(repo, file), 'utf8'), before);
  });
});
