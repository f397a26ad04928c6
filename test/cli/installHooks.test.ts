// `ai-fence install-hooks` on real git repositories: merges into existing
// user configuration, idempotent, --dry-run prints a diff and writes nothing.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { parse } from 'jsonc-parser';
import { hookRepo, tempDir, writeTree } from '../helpers/agentHooks';
import { runCli } from '../helpers/cli';

const read = (root: string, f: string) => fs.readFileSync(path.join(root, f), 'utf8');
// biome-ignore lint/suspicious/noExplicitAny: the tests walk arbitrary agent configs
const json = (root: string, f: string) => parse(read(root, f)) as Record<string, any>;

const failClosed = (cmd: string) =>
  `${cmd} || { [ $? -eq 2 ] || echo "AI Fence could not run (is ai-fence installed?); the tool call is blocked" >&2; exit 2; }`;

const USER_CLAUDE = `{
  // my settings
  "model": "opus",
  "permissions": { "allow": ["Bash(npm test)"], "deny": ["Read(./.env)"] },
  "hooks": {
    "PreToolUse": [ { "matcher": "Bash", "hooks": [ { "type": "command", "command": "./scripts/guard.sh" } ] } ],
    "Stop": [ { "hooks": [ { "type": "command", "command": "say done" } ] } ]
  }
}
`;

function repoWithUserConfig(): string {
  const root = hookRepo({
    '.aifence.json': `{ "version": 1, "zones": [
      { "name": "secrets", "paths": ["secrets", "*.pem"], "ai": "block" },
      { "name": "svc", "paths": ["svc/internal/**"], "ai": "block", "tools": ["claude-code"] },
      { "name": "only-copilot", "paths": ["legacy"], "ai": "block", "tools": ["copilot"] },
      { "name": "core", "paths": ["src/core"], "ai": "warn" }
    ] }`,
    'pkg/.aifence.json':
      '{ "version": 1, "zones": [ { "name": "gen", "paths": ["gen/**", "*.gen.ts"], "ai": "block" } ] }',
    '.claude/settings.json': USER_CLAUDE,
    '.codex/hooks.json':
      '{ "hooks": { "SessionStart": [ { "hooks": [ { "type": "command", "command": "echo hi" } ] } ] } }\n',
    '.cursor/hooks.json': '{ "version": 1, "hooks": { "afterFileEdit": [ { "command": "./format.sh" } ] } }\n',
    '.github/hooks/team.json':
      '{ "version": 1, "hooks": { "sessionStart": [ { "type": "command", "bash": "echo team" } ] } }\n',
  });
  return root;
}

describe('install-hooks', () => {
  test('merges into existing configs and keeps every user entry', () => {
    const root = repoWithUserConfig();
    const r = runCli(root, ['install-hooks']);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(
      r.stdout,
      '.claude/settings.json: updated\n.codex/hooks.json: updated\n.cursor/hooks.json: updated\n.github/hooks/ai-fence.json: created\n.gemini/settings.json: created\n.qwen/settings.json: created\n.amazonq/cli-agents/ai-fence.json: created\n.kiro/agents/ai-fence.json: created\n.kiro/hooks/ai-fence.json: created\n.factory/hooks.json: created\n.windsurf/hooks.json: created\n.clinerules/hooks/PreToolUse: created\n.clinerules/hooks/PostToolUse: created\n.opencode/plugins/ai-fence.js: created\n',
    );

    assert.match(
      r.stderr,
      /^Note: Codex runs \.codex\/hooks\.json only in a trusted project, and only hooks you have trusted: open \/hooks in Codex and trust the AI Fence hooks \(again after any change to them\)\. Until then Codex does not run them\.$/m,
    );
    const claude = json(root, '.claude/settings.json');
    assert.match(read(root, '.claude/settings.json'), /\/\/ my settings/, 'comments survive');
    assert.equal(claude.model, 'opus');
    assert.deepEqual(claude.permissions.allow, ['Bash(npm test)']);
    assert.deepEqual(claude.hooks.Stop, [{ hooks: [{ type: 'command', command: 'say done' }] }]);
    assert.deepEqual(claude.hooks.PreToolUse, [
      { matcher: 'Bash', hooks: [{ type: 'command', command: './scripts/guard.sh' }] },
      {
        matcher: '*',
        hooks: [
          {
            type: 'command',
            command: failClosed('ai-fence hook claude-code PreToolUse'),
            timeout: 30,
            onFailure: 'block',
          },
        ],
      },
    ]);
    assert.deepEqual(claude.hooks.PostToolUse, [
      { matcher: '*', hooks: [{ type: 'command', command: 'ai-fence hook claude-code PostToolUse', timeout: 30 }] },
    ]);
    // Path anchors: "/" is the project root; bare names match at any depth; nested policies are prefixed.
    assert.deepEqual(claude.permissions.deny, [
      'Read(./.env)',
      'Read(/**/secrets)',
      'Read(/**/secrets/**)',
      'Edit(/**/secrets)',
      'Edit(/**/secrets/**)',
      'Read(/**/*.pem)',
      'Read(/**/*.pem/**)',
      'Edit(/**/*.pem)',
      'Edit(/**/*.pem/**)',
      'Read(/svc/internal/**)',
      'Edit(/svc/internal/**)',
      'Read(/pkg/gen/**)',
      'Edit(/pkg/gen/**)',
      'Read(/pkg/**/*.gen.ts)',
      'Read(/pkg/**/*.gen.ts/**)',
      'Edit(/pkg/**/*.gen.ts)',
      'Edit(/pkg/**/*.gen.ts/**)',
    ]);

    const codex = json(root, '.codex/hooks.json');
    assert.deepEqual(codex.hooks.SessionStart, [{ hooks: [{ type: 'command', command: 'echo hi' }] }]);
    assert.deepEqual(codex.hooks.PreToolUse, [
      {
        matcher: 'Bash|apply_patch|mcp__.*',
        hooks: [{ type: 'command', command: failClosed('ai-fence hook codex PreToolUse'), timeout: 30 }],
      },
    ]);

    const cursor = json(root, '.cursor/hooks.json');
    assert.deepEqual(cursor.hooks.afterFileEdit, [
      { command: './format.sh' },
      { command: 'ai-fence hook cursor afterFileEdit', timeout: 30 },
    ]);
    assert.deepEqual(cursor.hooks.beforeReadFile, [
      { command: 'ai-fence hook cursor beforeReadFile', timeout: 30, failClosed: true },
    ]);
    assert.deepEqual(Object.keys(cursor.hooks).sort(), [
      'afterFileEdit',
      'beforeReadFile',
      'postToolUse',
      'preToolUse',
    ]);

    const copilot = json(root, '.github/hooks/ai-fence.json');
    assert.equal(copilot.version, 1);
    assert.deepEqual(copilot.hooks.preToolUse, [
      {
        type: 'command',
        bash: failClosed('ai-fence hook copilot preToolUse'),
        // No pwsh here to run it: the PowerShell twin of the bash wrapper ($? is false when the command is missing).
        powershell:
          "ai-fence hook copilot preToolUse; if (-not $?) { [Console]::Error.WriteLine('AI Fence could not run (is ai-fence installed?); the tool call is blocked'); exit 2 }",
        timeoutSec: 30,
      },
    ]);
    assert.equal(
      read(root, '.github/hooks/team.json'),
      '{ "version": 1, "hooks": { "sessionStart": [ { "type": "command", "bash": "echo team" } ] } }\n',
    );
  });

  test('is idempotent: a second run changes no byte, --check passes', () => {
    const root = repoWithUserConfig();
    runCli(root, ['install-hooks']);
    const files = [
      '.claude/settings.json',
      '.codex/hooks.json',
      '.cursor/hooks.json',
      '.github/hooks/ai-fence.json',
      '.gemini/settings.json',
      '.qwen/settings.json',
      '.amazonq/cli-agents/ai-fence.json',
      '.kiro/agents/ai-fence.json',
      '.kiro/hooks/ai-fence.json',
      '.factory/hooks.json',
      '.windsurf/hooks.json',
      '.clinerules/hooks/PreToolUse',
      '.clinerules/hooks/PostToolUse',
      '.opencode/plugins/ai-fence.js',
    ];
    const before = files.map((f) => read(root, f));
    const again = runCli(root, ['install-hooks']);
    assert.equal(again.code, 0);
    assert.equal(again.stdout, files.map((f) => `${f}: up to date\n`).join(''));
    assert.deepEqual(
      files.map((f) => read(root, f)),
      before,
    );
    assert.equal(runCli(root, ['install-hooks', '--check']).code, 0);
  });

  test('--dry-run prints a unified diff and writes nothing; --check exits 1', () => {
    const root = repoWithUserConfig();
    const before = read(root, '.claude/settings.json');
    const r = runCli(root, ['install-hooks', '--dry-run', '--agents', 'claude-code,codex']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(
      r.stdout,
      /^--- a\/\.claude\/settings\.json\n\+\+\+ b\/\.claude\/settings\.json\n@@ -\d+,\d+ \+\d+,\d+ @@\n/,
    );
    assert.match(
      r.stdout,
      /^\+ +"command": "ai-fence hook claude-code PreToolUse \|\| \{ \[ \$\? -eq 2 \] \|\| echo .*exit 2; \}",$/m,
    );
    assert.match(r.stdout, /^--- a\/\.codex\/hooks\.json$/m);
    assert.doesNotMatch(r.stdout, /cursor/);
    assert.equal(read(root, '.claude/settings.json'), before);
    assert.equal(fs.existsSync(path.join(root, '.github/hooks/ai-fence.json')), false);
    assert.equal(runCli(root, ['install-hooks', '--check']).code, 1);
  });

  test('a changed --command updates our entries in place instead of adding new ones', () => {
    const root = repoWithUserConfig();
    runCli(root, ['install-hooks', '--agents', 'cursor']);
    runCli(root, ['install-hooks', '--agents', 'cursor', '--command', 'npx --no-install ai-fence']);
    const cursor = json(root, '.cursor/hooks.json');
    assert.deepEqual(cursor.hooks.preToolUse, [
      { command: 'npx --no-install ai-fence hook cursor preToolUse', timeout: 30, failClosed: true },
    ]);
  });

  test('creates configs in an empty repository; refuses broken JSON and invalid policies', () => {
    const root = hookRepo();
    assert.equal(runCli(root, ['install-hooks', '--agents', 'claude-code']).code, 0);
    assert.deepEqual(json(root, '.claude/settings.json').permissions.deny, [
      'Read(/**/secrets)',
      'Read(/**/secrets/**)',
      'Edit(/**/secrets)',
      'Edit(/**/secrets/**)',
    ]);

    writeTree(root, { '.codex/hooks.json': '{ "hooks": ' });
    const broken = runCli(root, ['install-hooks', '--agents', 'codex']);
    assert.equal(broken.code, 2);
    assert.match(broken.stderr, /\.codex\/hooks\.json is not valid JSON/);

    writeTree(root, { '.aifence.json': '{ "version": 2 }' });
    const bad = runCli(root, ['install-hooks']);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /the policy is invalid; nothing was written/);
    assert.equal(runCli(root, ['install-hooks', '--agents', 'gemini']).code, 2);
  });

  test('a FIFO in place of an agent config or own file is refused, never waited on', () => {
    for (const [agent, file] of [
      ['claude-code', '.claude/settings.json'],
      ['opencode', '.opencode/plugins/ai-fence.js'],
      ['cline', '.clinerules/hooks/PreToolUse'],
    ]) {
      const root = hookRepo();
      fs.mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
      assert.equal(spawnSync('mkfifo', [path.join(root, file)]).status, 0);
      const r = runCli(root, ['install-hooks', '--agents', agent]);
      assert.equal(r.code, 2, agent);
      assert.match(r.stderr, /not a regular file \(a FIFO\)/, agent);
      assert.equal(r.stdout, '', agent);
    }
  });

  test('installed pre-tool commands block (exit 2, reason on stderr) when ai-fence is missing; pass its answer through', () => {
    const root = hookRepo();
    assert.equal(runCli(root, ['install-hooks']).code, 0);
    const commands = [
      json(root, '.claude/settings.json').hooks.PreToolUse[0].hooks[0].command,
      json(root, '.codex/hooks.json').hooks.PreToolUse[0].hooks[0].command,
      json(root, '.github/hooks/ai-fence.json').hooks.preToolUse[0].bash,
      json(root, '.amazonq/cli-agents/ai-fence.json').hooks.preToolUse[0].command,
      json(root, '.factory/hooks.json').hooks.PreToolUse[0].hooks[0].command,
    ] as string[];
    const bin = tempDir('aifence-bin-');
    // SHLVL: bash would read ~/.bashrc when its stdin is a socket (node's pipes) at the top level.
    const SHELL_ENV = { PATH: bin, HOME: bin, SHLVL: '1' };
    const bash = (command: string) =>
      spawnSync('/bin/bash', ['-c', command], { cwd: root, input: '{}', encoding: 'utf8', env: SHELL_ENV });
    for (const command of commands) {
      const missing = bash(command);
      assert.equal(missing.status, 2, command);
      assert.match(missing.stderr, /AI Fence could not run \(is ai-fence installed\?\); the tool call is blocked\n$/);
    }
    fs.writeFileSync(path.join(bin, 'ai-fence'), '#!/bin/sh\necho \'{"answer":1}\'\n', { mode: 0o755 });
    for (const command of commands) {
      const present = bash(command);
      assert.deepEqual([present.status, present.stdout, present.stderr], [0, '{"answer":1}\n', ''], command);
    }
  });
});
