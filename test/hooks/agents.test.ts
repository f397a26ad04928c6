// Codex, Cursor and GitHub Copilot payloads into the built CLI: each answered
// in the agent's own format, with the exit code it needs.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import {
  answer,
  codexPreToolUse,
  fixture,
  hookRepo,
  ledgerRecords,
  preToolUseDeny,
  runHook,
} from '../helpers/agentHooks';

const SECRETS = 'zone "secrets" (.aifence.json:5). Credentials are human-only.';
const CORE = 'zone "core" (.aifence.json:6). Core engine: review every AI change.';
// Copilot CLI reads the flat decision, VS Code (same hook files) only hookSpecificOutput.
const copilotDeny = (reason: string) => {
  const decision = { permissionDecision: 'deny', permissionDecisionReason: reason };
  return { ...decision, hookSpecificOutput: { hookEventName: 'PreToolUse', ...decision } };
};

describe('codex', () => {
  const root = hookRepo();
  const deny = preToolUseDeny;

  test('apply_patch adding a file in a block zone is denied (paths parsed from the patch)', () => {
    const r = runHook(root, 'codex', 'PreToolUse', fixture('codex', 'PreToolUse-apply_patch', { root }));
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(
      answer(r),
      deny(`AI Fence: Changing secrets/extra.txt is not allowed: OpenAI Codex is blocked in ${SECRETS}`),
    );
  });

  test('a Bash command reading a blocked file is denied', () => {
    const r = runHook(root, 'codex', 'PreToolUse', fixture('codex', 'PreToolUse-Bash', { root }));
    assert.deepEqual(
      answer(r),
      deny(`AI Fence: this command names secrets/api-key.txt, and OpenAI Codex is blocked in ${SECRETS}`),
    );
  });

  test('codex cannot ask: a quoted path is denied, a repository-wide search passes with a warning', () => {
    const quoted = JSON.stringify({
      session_id: 's',
      turn_id: 't',
      cwd: root,
      hook_event_name: 'PreToolUse',
      model: 'gpt-5-codex',
      tool_name: 'Bash',
      tool_input: { command: `python -c "open('secrets/api-key.txt')"` },
    });
    assert.equal(
      (answer(runHook(root, 'codex', 'PreToolUse', quoted)) as { hookSpecificOutput: { permissionDecision: string } })
        .hookSpecificOutput.permissionDecision,
      'deny',
    );
    const search = JSON.stringify({
      session_id: 's',
      turn_id: 't',
      cwd: root,
      hook_event_name: 'PreToolUse',
      model: 'gpt-5-codex',
      tool_name: 'Bash',
      tool_input: { command: 'rg -n password .' },
    });
    assert.deepEqual(answer(runHook(root, 'codex', 'PreToolUse', search)), {
      hookSpecificOutput: {
        hookEventName: 'PreToolUse',
        additionalContext:
          'AI Fence: the command reads the tree under ., which holds files of zone "secrets" where OpenAI Codex is blocked. Do not read, quote or change anything from those files.',
      },
    });
  });

  test('PostToolUse for apply_patch records the inserted lines and tells Codex to label them', () => {
    const repo = hookRepo();
    fs.writeFileSync(
      path.join(repo, 'src/core/engine.py'),
      'import os\n\ndef run():\n    total = 1\n    return total\n\n# end\n',
    );
    fs.writeFileSync(path.join(repo, 'src/new_module.py'), 'X = 1\nY = 2\n');
    const r = runHook(repo, 'codex', 'PostToolUse', fixture('codex', 'PostToolUse-apply_patch', { root: repo }));
    assert.equal(r.code, 0, r.stderr);
    const ctx = (answer(r) as { hookSpecificOutput: { hookEventName: string; additionalContext: string } })
      .hookSpecificOutput;
    assert.equal(ctx.hookEventName, 'PostToolUse');
    // The marker id is random: six hex digits, the same in both marker lines.
    const id = /begin id=([0-9a-f]{6}) /.exec(ctx.additionalContext)?.[1];
    assert.equal(
      ctx.additionalContext,
      [
        'AI Fence: src/core/engine.py is in zone "core" (Core engine: review every AI change), which requires provenance labels on AI-written code. Wrap every block you write in this file in marker lines, at the block\'s indentation:',
        `# ai-provenance: begin id=${id} tool=codex model=openai/gpt-5-codex source=agent`,
        '...your code...',
        `# ai-provenance: end id=${id}`,
        '(use a new id for each block; ids must be unique in the file).',
        'Lines you just wrote without a label: 4-5.',
        `AI Fence: src/core/engine.py is in ${CORE} AI changes here are allowed with a warning; tell the user.`,
      ].join('\n'),
    );
    const [rec] = ledgerRecords(repo) as {
      tool: { name: string };
      files: {
        path: string;
        conversations: {
          id: string;
          contributor: { type: string; model_id: string };
          ranges: { start_line: number; end_line: number }[];
        }[];
      }[];
    }[];
    assert.equal(rec.tool.name, 'codex');
    assert.deepEqual(
      rec.files.map((f) => [f.path, f.conversations[0].ranges.map((x) => [x.start_line, x.end_line])]),
      [
        ['src/core/engine.py', [[4, 5]]],
        ['src/new_module.py', [[1, 2]]],
      ],
    );
    assert.deepEqual(rec.files[0].conversations[0].contributor, { type: 'ai', model_id: 'openai/gpt-5-codex' });
    assert.equal(rec.files[0].conversations[0].id, '0199a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b');
  });

  test('a deny never carries additionalContext (Codex <= 0.128 fails open on it): the context joins the reason', () => {
    const patch =
      '*** Begin Patch\n*** Add File: secrets/x.txt\n+x\n*** Update File: src/core/engine.py\n@@\n-# end\n+# fin\n*** End Patch\n';
    const payload = codexPreToolUse(root, 'apply_patch', { command: patch });
    const out = (
      answer(runHook(root, 'codex', 'PreToolUse', payload)) as { hookSpecificOutput: Record<string, string> }
    ).hookSpecificOutput;
    assert.deepEqual(Object.keys(out), ['hookEventName', 'permissionDecision', 'permissionDecisionReason']);
    assert.equal(out.permissionDecision, 'deny');
    const [first, ...rest] = out.permissionDecisionReason.split('\n');
    assert.equal(first, `AI Fence: Changing secrets/x.txt is not allowed: OpenAI Codex is blocked in ${SECRETS}`);
    assert.match(rest.join('\n'), /src\/core\/engine\.py is in zone "core"/);
  });

  test('a truncated payload exits 2 (Codex blocks on exit 2)', () => {
    const r = runHook(root, 'codex', 'PreToolUse', fixture('codex', 'PreToolUse-Bash', { root }).slice(0, 100));
    assert.equal(r.code, 2);
    assert.match(r.stderr, /not valid JSON/);
  });
});

describe('cursor', () => {
  const root = hookRepo();
  const deny = (reason: string) => ({ permission: 'deny', user_message: reason, agent_message: reason });

  test('preToolUse Write to a blocked file is denied with permission JSON', () => {
    const r = runHook(root, 'cursor', 'preToolUse', fixture('cursor', 'preToolUse-Write', { root }));
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(
      answer(r),
      deny(`AI Fence: Changing secrets/api-key.txt is not allowed: Cursor is blocked in ${SECRETS}`),
    );
  });

  test('beforeReadFile of a blocked file is denied; other files are allowed explicitly', () => {
    const r = runHook(root, 'cursor', 'beforeReadFile', fixture('cursor', 'beforeReadFile', { root }));
    assert.deepEqual(
      answer(r),
      deny(`AI Fence: Reading secrets/api-key.txt is not allowed: Cursor is blocked in ${SECRETS}`),
    );
    const ok = fixture('cursor', 'beforeReadFile', { root }).replace('secrets/api-key.txt', 'src/app.py');
    assert.deepEqual(answer(runHook(root, 'cursor', 'beforeReadFile', ok)), { permission: 'allow' });
  });

  // Cursor's preToolUse does not enforce "ask" (issue 12; Cursor's hook docs as the issue reports them, and
  // third-party Cursor integrations that answer deny instead): it is decided as for Codex.
  test('preToolUse cannot ask: a glob into a block zone, python -c open() and grep -r on a zone are denied', () => {
    const call = (tool_name: string, tool_input: Record<string, unknown>) =>
      JSON.stringify({
        conversation_id: 'c',
        generation_id: 'g',
        hook_event_name: 'preToolUse',
        cursor_version: '2.1.0',
        workspace_roots: [root],
        tool_name,
        tool_input,
        tool_use_id: 't',
        cwd: root,
      });
    const glob = answer(
      runHook(root, 'cursor', 'preToolUse', call('Glob', { glob_pattern: '*', target_directory: 'secrets' })),
    );
    assert.deepEqual(glob, deny(`AI Fence: Reading secrets is not allowed: Cursor is blocked in ${SECRETS}`));
    const python = call('Shell', { command: `python -c "open('secrets/api-key.txt')"` });
    assert.equal((answer(runHook(root, 'cursor', 'preToolUse', python)) as { permission: string }).permission, 'deny');
    const grep = answer(runHook(root, 'cursor', 'preToolUse', call('Shell', { command: 'grep -r key secrets/' })));
    assert.deepEqual(grep, deny(`AI Fence: this command names secrets, and Cursor is blocked in ${SECRETS}`));
  });

  test('a recursive shell search over the repository passes on preToolUse with a warning', () => {
    const r = runHook(root, 'cursor', 'preToolUse', fixture('cursor', 'preToolUse-Shell', { root }));
    assert.deepEqual(answer(r), {});
  });

  test("a Shell command runs in its tool_input working_directory or cwd, not the hook's cwd", () => {
    for (const key of ['working_directory', 'cwd']) {
      const payload = JSON.stringify({
        conversation_id: 'c',
        generation_id: 'g',
        hook_event_name: 'preToolUse',
        workspace_roots: [root],
        tool_name: 'Shell',
        tool_input: { command: 'cat api-key.txt', [key]: `${root}/secrets` },
        cwd: root,
      });
      assert.deepEqual(
        answer(runHook(root, 'cursor', 'preToolUse', payload)),
        deny(`AI Fence: this command names secrets/api-key.txt, and Cursor is blocked in ${SECRETS}`),
        key,
      );
    }
  });

  test('beforeShellExecution is checked like preToolUse Shell', () => {
    const payload = JSON.stringify({
      conversation_id: 'c',
      generation_id: 'g',
      hook_event_name: 'beforeShellExecution',
      workspace_roots: [root],
      command: 'cat secrets/api-key.txt',
      cwd: root,
    });
    assert.equal(
      (answer(runHook(root, 'cursor', 'beforeShellExecution', payload)) as { permission: string }).permission,
      'deny',
    );
  });

  test('afterFileEdit records the edit; postToolUse on a warn zone returns additional_context', () => {
    const repo = hookRepo();
    fs.writeFileSync(path.join(repo, 'src/app.py'), 'A = 1\nB = 20\nB2 = 21\nC = 3\n');
    const r = runHook(repo, 'cursor', 'afterFileEdit', fixture('cursor', 'afterFileEdit', { root: repo }));
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(answer(r), {});
    const [rec] = ledgerRecords(repo) as {
      tool: { name: string; version: string };
      files: {
        path: string;
        conversations: { contributor: { model_id: string }; ranges: { start_line: number; end_line: number }[] }[];
      }[];
    }[];
    // Cursor names its version in the payload (cursor_version): the record's tool carries it.
    assert.deepEqual(rec.tool, { name: 'cursor', version: '2.1.0' });
    assert.equal(rec.files[0].path, 'src/app.py');
    assert.deepEqual(
      rec.files[0].conversations[0].ranges.map((x) => [x.start_line, x.end_line]),
      [[2, 3]],
    );
    assert.equal(rec.files[0].conversations[0].contributor.model_id, 'anthropic/claude-4.5-sonnet');

    const post = answer(runHook(repo, 'cursor', 'postToolUse', fixture('cursor', 'postToolUse', { root: repo }))) as {
      additional_context: string;
    };
    assert.match(post.additional_context, /src\/core\/engine\.py is in zone "core".*requires provenance labels/s);
    assert.equal(ledgerRecords(repo).length, 1, 'postToolUse does not record again');
  });

  test('an unreadable payload denies on stdout and exits 2', () => {
    const r = runHook(root, 'cursor', 'beforeReadFile', '{"file_path": ');
    assert.equal(r.code, 2);
    const out = answer(r) as { permission: string; agent_message: string };
    assert.equal(out.permission, 'deny');
    assert.match(
      out.agent_message,
      /^AI Fence could not check this tool call, so it is blocked: the payload on stdin is not valid JSON/,
    );
  });
});

describe('copilot', () => {
  const root = hookRepo();
  const deny = copilotDeny;

  test('view, edit and bash into a block zone are denied (toolArgs is a JSON string)', () => {
    assert.deepEqual(
      answer(runHook(root, 'copilot', 'preToolUse', fixture('copilot', 'preToolUse-view', { root }))),
      deny(`AI Fence: Reading secrets/api-key.txt is not allowed: GitHub Copilot is blocked in ${SECRETS}`),
    );
    assert.deepEqual(
      answer(runHook(root, 'copilot', 'preToolUse', fixture('copilot', 'preToolUse-edit', { root }))),
      deny(`AI Fence: Changing secrets/api-key.txt is not allowed: GitHub Copilot is blocked in ${SECRETS}`),
    );
    assert.deepEqual(
      answer(runHook(root, 'copilot', 'preToolUse', fixture('copilot', 'preToolUse-bash', { root }))),
      deny(`AI Fence: this command writes secrets/out.txt, and GitHub Copilot is blocked in ${SECRETS}`),
    );
  });

  test('apply_patch with raw patch text as toolArgs / tool_input (not JSON) is judged by the patch paths', () => {
    const reason = `AI Fence: Changing secrets/api-key.txt is not allowed: GitHub Copilot is blocked in ${SECRETS}`;
    assert.deepEqual(
      answer(runHook(root, 'copilot', 'preToolUse', fixture('copilot', 'preToolUse-apply_patch-raw', { root }))),
      deny(reason),
    );
    assert.deepEqual(
      answer(
        runHook(root, 'copilot', 'PreToolUse', fixture('copilot', 'PreToolUse-pascal-Edit-apply_patch', { root })),
      ),
      deny(reason),
    );
  });

  test('tool arguments that are neither JSON nor a patch cannot be checked: denied', () => {
    const payload = JSON.stringify({
      sessionId: 's',
      timestamp: 1,
      cwd: root,
      toolName: 'apply_patch',
      toolArgs: 'cat secrets/api-key.txt',
    });
    const r = runHook(root, 'copilot', 'preToolUse', payload);
    assert.equal(r.code, 0);
    assert.equal((answer(r) as { permissionDecision: string }).permissionDecision, 'deny');
    assert.match(r.stderr, /tool arguments are neither a JSON object nor a patch/);
  });

  test('VS Code tools: create_directory in a block zone is denied; workspace searches get the zone warning', () => {
    assert.deepEqual(
      answer(runHook(root, 'copilot', 'preToolUse', fixture('vscode', 'PreToolUse-create_directory', { root }))),
      deny(`AI Fence: Changing secrets/new is not allowed: GitHub Copilot is blocked in ${SECRETS}`),
    );
    const context =
      'AI Fence: the tree under . holds files of zone "secrets", where GitHub Copilot is blocked. Do not read, quote or change anything from those files.';
    for (const tool of ['semantic_search', 'search_workspace_symbols', 'get_changed_files'])
      assert.deepEqual(
        answer(runHook(root, 'copilot', 'preToolUse', fixture('vscode', `PreToolUse-${tool}`, { root }))),
        { additionalContext: context, hookSpecificOutput: { hookEventName: 'PreToolUse', additionalContext: context } },
        tool,
      );
  });

  test('an allowed call gets empty output and exit 0', () => {
    const r = runHook(root, 'copilot', 'preToolUse', fixture('copilot', 'preToolUse-allowed', { root }));
    assert.equal(r.code, 0);
    assert.equal(r.stdout, '');
  });

  test('the VS Code compatible PascalCase form gets the decision in both shapes', () => {
    const reason = `AI Fence: Changing secrets/new.txt is not allowed: GitHub Copilot is blocked in ${SECRETS}`;
    assert.deepEqual(
      answer(runHook(root, 'copilot', 'PreToolUse', fixture('copilot', 'PreToolUse-vscode', { root }))),
      deny(reason),
    );
  });

  test('a broken payload is denied on stdout with exit 0, since Copilot skips failing hooks', () => {
    const r = runHook(root, 'copilot', 'preToolUse', '{"toolName": "view", "toolArgs": "{\\"path');
    assert.equal(r.code, 0);
    assert.equal((answer(r) as { permissionDecision: string }).permissionDecision, 'deny');
    assert.match(r.stderr, /the tool call is blocked \(exit 0\)/);
  });

  test('postToolUse create records the new file', () => {
    const repo = hookRepo();
    fs.writeFileSync(path.join(repo, 'src/created.py'), 'A = 1\nB = 2\n');
    const r = runHook(repo, 'copilot', 'postToolUse', fixture('copilot', 'postToolUse-create', { root: repo }));
    assert.equal(r.code, 0, r.stderr);
    const [rec] = ledgerRecords(repo) as {
      tool: { name: string };
      files: {
        path: string;
        conversations: { id: string; ranges: { start_line: number; end_line: number; content_hash: string }[] }[];
      }[];
    }[];
    assert.equal(rec.tool.name, 'copilot');
    assert.deepEqual(
      rec.files[0].conversations[0].ranges.map((x) => [x.start_line, x.end_line]),
      [[1, 2]],
    );
    assert.equal(rec.files[0].conversations[0].id, '9f8e7d6c-5b4a-4392-8170-6f5e4d3c2b1a');
  });
});

describe('one call reaching several hooks (Copilot CLI and VS Code also run .claude/settings.json)', () => {
  const root = hookRepo();

  test('a Copilot CLI or VS Code payload in the Claude Code hook is judged and answered as Copilot', () => {
    assert.deepEqual(
      answer(runHook(root, 'claude-code', 'PreToolUse', fixture('copilot', 'PreToolUse-pascal-Bash', { root }))),
      copilotDeny(`AI Fence: this command names secrets/api-key.txt, and GitHub Copilot is blocked in ${SECRETS}`),
    );
    assert.deepEqual(
      answer(runHook(root, 'claude-code', 'PreToolUse', fixture('vscode', 'PreToolUse-create_directory', { root }))),
      copilotDeny(`AI Fence: Changing secrets/new is not allowed: GitHub Copilot is blocked in ${SECRETS}`),
    );
  });

  test('the same VS Code tool call through both hook files is recorded once, as Copilot', () => {
    const repo = hookRepo();
    fs.writeFileSync(path.join(repo, 'src/new.py'), 'X = 1\n');
    const post = fixture('vscode', 'PostToolUse-create_file', { root: repo });
    for (const agent of ['claude-code', 'copilot']) {
      const r = runHook(repo, agent, 'PostToolUse', post);
      assert.equal(r.code, 0, r.stderr);
    }
    const records = ledgerRecords(repo) as { tool: { name: string }; files: { path: string }[] }[];
    assert.deepEqual(
      records.map((r) => [r.tool.name, r.files.map((f) => f.path)]),
      [['copilot', ['src/new.py']]],
    );
  });
});
