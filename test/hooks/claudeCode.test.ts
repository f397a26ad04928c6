// `ai-fence hook claude-code ...`: real payload shapes into the built CLI,
// exact answers and exit codes; payload errors; failing closed.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { answer, fixture, git, HOOK_STATE_HOME, hookRepo, runHook } from '../helpers/agentHooks';
import type { CliResult } from '../helpers/cli';
import { tempDir } from '../helpers/tmp';

const SECRETS = 'zone "secrets" (.aifence.json:5). Credentials are human-only.';
const CORE = 'zone "core" (.aifence.json:6). Core engine: review every AI change.';

function claudeDeny(reason: string) {
  return {
    hookSpecificOutput: { hookEventName: 'PreToolUse', permissionDecision: 'deny', permissionDecisionReason: reason },
  };
}

describe('claude-code PreToolUse', () => {
  const root = hookRepo();
  const cases: [string, string][] = [
    ['Read', 'Reading secrets/api-key.txt'],
    ['Write', 'Changing secrets/new.env'],
    ['Edit', 'Changing secrets/api-key.txt'],
    ['MultiEdit', 'Changing secrets/api-key.txt'],
    ['NotebookEdit', 'Changing secrets/analysis.ipynb'],
    ['Grep', 'Reading secrets'],
    ['create_file', 'Changing secrets/generated.txt'],
  ];
  for (const [tool, what] of cases) {
    test(`${tool} of a file in a block zone is denied with the zone and its message`, () => {
      const r = runHook(root, 'claude-code', 'PreToolUse', fixture('claude-code', `PreToolUse-${tool}`, { root }));
      assert.equal(r.code, 0, r.stderr);
      assert.deepEqual(answer(r), claudeDeny(`AI Fence: ${what} is not allowed: Claude Code is blocked in ${SECRETS}`));
      assert.equal(r.stderr, '');
    });
  }

  test('a shell command naming a blocked file is denied (cd is followed)', () => {
    const r = runHook(root, 'claude-code', 'PreToolUse', fixture('claude-code', 'PreToolUse-Bash', { root }));
    assert.equal(r.code, 0);
    assert.deepEqual(
      answer(r),
      claudeDeny(
        [
          `AI Fence: this command names secrets, and Claude Code is blocked in ${SECRETS}`,
          `AI Fence: this command names secrets/api-key.txt, and Claude Code is blocked in ${SECRETS}`,
        ].join('\n'),
      ),
    );
  });

  test('a recursive search over a tree holding a block zone asks', () => {
    const payload = JSON.stringify({
      session_id: 's',
      cwd: root,
      hook_event_name: 'PreToolUse',
      tool_name: 'Bash',
      tool_input: { command: 'grep -rn password .' },
    });
    const r = runHook(root, 'claude-code', 'PreToolUse', payload);
    assert.deepEqual(answer(r), {
      hookSpecificOutput: {
        hookEventName: 'PreToolUse',
        permissionDecision: 'ask',
        permissionDecisionReason:
          'AI Fence: this command reads the tree under ., which holds files of zone "secrets" where Claude Code is blocked. Narrow it to paths outside the zone.',
      },
    });
  });

  test('Grep or Glob over a directory that holds a block zone asks, with or without a path', () => {
    const ask = {
      hookSpecificOutput: {
        hookEventName: 'PreToolUse',
        permissionDecision: 'ask',
        permissionDecisionReason:
          'AI Fence: reading the tree under . would read files of zone "secrets", where Claude Code is blocked. Narrow it to paths outside the zone.',
      },
    };
    for (const input of [{ pattern: 'password', path: root }, { pattern: 'password' }]) {
      const payload = JSON.stringify({
        session_id: 's',
        cwd: root,
        hook_event_name: 'PreToolUse',
        tool_name: 'Grep',
        tool_input: input,
      });
      assert.deepEqual(answer(runHook(root, 'claude-code', 'PreToolUse', payload)), ask, JSON.stringify(input));
    }
    const outside = JSON.stringify({
      session_id: 's',
      cwd: root,
      hook_event_name: 'PreToolUse',
      tool_name: 'Glob',
      tool_input: { pattern: '*.py', path: path.join(root, 'src') },
    });
    assert.equal(
      runHook(root, 'claude-code', 'PreToolUse', outside).stdout,
      '',
      'a directory without block zones passes',
    );
  });

  test("a file in another repository than the agent's cwd is judged by that repository's policy", () => {
    const other = hookRepo();
    const payload = JSON.stringify({
      session_id: 's',
      cwd: root,
      hook_event_name: 'PreToolUse',
      tool_name: 'Read',
      tool_input: { file_path: path.join(other, 'secrets', 'api-key.txt') },
    });
    const r = runHook(root, 'claude-code', 'PreToolUse', payload);
    assert.equal(
      (answer(r) as { hookSpecificOutput: { permissionDecision: string } }).hookSpecificOutput.permissionDecision,
      'deny',
    );
  });

  test('a path inside a quoted script asks rather than denies', () => {
    const payload = JSON.stringify({
      session_id: 's',
      cwd: root,
      hook_event_name: 'PreToolUse',
      tool_name: 'Bash',
      tool_input: { command: `python3 -c "print(open('secrets/api-key.txt').read())"` },
    });
    const out = answer(runHook(root, 'claude-code', 'PreToolUse', payload)) as {
      hookSpecificOutput: { permissionDecision: string; permissionDecisionReason: string };
    };
    assert.equal(out.hookSpecificOutput.permissionDecision, 'ask');
    assert.match(out.hookSpecificOutput.permissionDecisionReason, /secrets\/api-key\.txt.*zone "secrets"/);
  });

  test('harmless commands and files outside zones pass silently', () => {
    for (const command of ['ls -la src', 'git status', 'cat src/app.py', 'echo secrets are fun']) {
      const payload = JSON.stringify({
        session_id: 's',
        cwd: root,
        hook_event_name: 'PreToolUse',
        tool_name: 'Bash',
        tool_input: { command },
      });
      const r = runHook(root, 'claude-code', 'PreToolUse', payload);
      assert.equal(r.code, 0);
      assert.equal(r.stdout, '', command);
    }
    const read = JSON.stringify({
      session_id: 's',
      cwd: root,
      hook_event_name: 'PreToolUse',
      tool_name: 'Read',
      tool_input: { file_path: `${root}/src/app.py` },
    });
    assert.equal(runHook(root, 'claude-code', 'PreToolUse', read).stdout, '');
  });

  test('a warn zone passes with its message and the provenance label instruction as context', () => {
    const r = runHook(root, 'claude-code', 'PreToolUse', fixture('claude-code', 'PreToolUse-Edit-core', { root }));
    assert.equal(r.code, 0);
    const out = answer(r) as { hookSpecificOutput: Record<string, string> };
    assert.deepEqual(Object.keys(out.hookSpecificOutput).sort(), ['additionalContext', 'hookEventName']);
    const ctx = out.hookSpecificOutput.additionalContext;
    // The marker id is random: six hex digits, the same in both marker lines.
    const id = /begin id=([0-9a-f]{6}) /.exec(ctx)?.[1];
    assert.equal(
      ctx,
      [
        `AI Fence: src/core/engine.py is in ${CORE} AI changes here are allowed with a warning; keep them minimal and tell the user.`,
        'AI Fence: src/core/engine.py is in zone "core" (Core engine: review every AI change), which requires provenance labels on AI-written code. Wrap every block you write in this file in marker lines, at the block\'s indentation:',
        `# ai-provenance: begin id=${id} tool=claude-code source=agent`,
        '...your code...',
        `# ai-provenance: end id=${id}`,
        '(use a new id for each block; ids must be unique in the file).',
      ].join('\n'),
    );
  });
});

describe('payload problems', () => {
  const root = hookRepo();
  const full = fixture('claude-code', 'PreToolUse-Read', { root });

  test('a truncated payload blocks a pre-tool call: exit 2 with the reason on stderr', () => {
    const r = runHook(root, 'claude-code', 'PreToolUse', full.slice(0, 60));
    assert.equal(r.code, 2);
    assert.equal(r.stdout, '');
    assert.match(
      r.stderr,
      /^ai-fence hook claude-code PreToolUse: the payload on stdin is not valid JSON \(.+; 60 bytes received, possibly truncated\); the tool call is blocked \(exit 2\)\.\n$/,
    );
  });

  test('non-JSON, empty and non-object payloads block too', () => {
    for (const [stdin, message] of [
      ['hello', /not valid JSON/],
      ['', /no payload on stdin/],
      ['[1,2]', /not a JSON object/],
      ['{"cwd":"/"}', /no tool name/],
    ] as const) {
      const r = runHook(root, 'claude-code', 'PreToolUse', stdin);
      assert.equal(r.code, 2, stdin);
      assert.match(r.stderr, message);
    }
  });

  test('a post-tool payload problem is reported with exit 1 and records nothing', () => {
    const r = runHook(root, 'claude-code', 'PostToolUse', '{"tool_name": "Wri');
    assert.equal(r.code, 1);
    assert.match(r.stderr, /not valid JSON.*nothing was recorded/);
    assert.equal(fs.existsSync(path.join(root, '.agent-trace')), false);
  });

  test('unknown agents and events are usage errors that block (exit 2)', () => {
    assert.equal(runHook(root, 'gemini', 'PreToolUse', full).code, 2);
    const r = runHook(root, 'claude-code', 'BeforeEverything', full);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /unknown claude-code event "BeforeEverything" \(expected PreToolUse, PostToolUse\)/);
  });

  test('event names match case-insensitively', () => {
    const r = runHook(root, 'claude-code', 'pretooluse', full);
    assert.equal(r.code, 0);
    assert.equal(
      (answer(r) as { hookSpecificOutput: { permissionDecision: string } }).hookSpecificOutput.permissionDecision,
      'deny',
    );
  });
});

describe('failing closed when the policy cannot be loaded', () => {
  const decision = (r: CliResult) =>
    (answer(r) as { hookSpecificOutput: { permissionDecision: string; permissionDecisionReason: string } })
      .hookSpecificOutput;
  const readOf = (root: string, file: string) =>
    JSON.stringify({
      session_id: 's',
      cwd: root,
      hook_event_name: 'PreToolUse',
      tool_name: 'Read',
      tool_input: { file_path: `${root}/${file}` },
    });

  test('an invalid policy blocks everything under it, cached or not, with a reason that says how to fix it', () => {
    for (const warm of [true, false]) {
      const root = hookRepo();
      if (warm) runHook(root, 'claude-code', 'PreToolUse', readOf(root, 'src/app.py'));
      fs.writeFileSync(path.join(root, '.aifence.json'), '{ "version": 1, "zones": [ { "name": "secrets", ');
      const r = runHook(root, 'claude-code', 'PreToolUse', readOf(root, 'src/app.py'));
      assert.equal(r.code, 0);
      assert.equal(decision(r).permissionDecision, 'deny');
      assert.match(
        decision(r).permissionDecisionReason,
        /^AI Fence: Reading src\/app\.py is not allowed: Claude Code is blocked in zone "unusable policy" \(\.aifence\.json:1\)\. policy \.aifence\.json is invalid \(1:\d+: .+\)\. Until a person fixes it \(`ai-fence check` lists every error\), AI tools are blocked under the repository\.$/,
      );
      // A fixed policy takes over again.
      fs.writeFileSync(path.join(root, '.aifence.json'), '{ "version": 1 }');
      assert.equal(runHook(root, 'claude-code', 'PreToolUse', readOf(root, 'src/app.py')).stdout, '');
    }
  });

  test('every kind of unusable policy fails closed on a cold cache', () => {
    const broken = [
      '{ "version": 1, "zones": [ { "name": "x", "paths": ["x"], "ai": "Block" } ] }',
      '{ "version": 2 }',
      '{ "version": 1, "zonez": [] }',
      '{ "version": 1 }}',
      `${'['.repeat(5000)}${']'.repeat(5000)}`,
      '',
    ];
    for (const text of broken) {
      const root = hookRepo();
      fs.writeFileSync(path.join(root, '.aifence.json'), text);
      const r = runHook(root, 'claude-code', 'PreToolUse', readOf(root, 'src/app.py'));
      assert.equal(decision(r).permissionDecision, 'deny', text.slice(0, 40));
    }
    for (const make of [(p: string) => fs.mkdirSync(p), (p: string) => execFileSync('mkfifo', [p])]) {
      const root = hookRepo();
      fs.rmSync(path.join(root, '.aifence.json'));
      make(path.join(root, '.aifence.json'));
      const r = runHook(root, 'claude-code', 'PreToolUse', readOf(root, 'src/app.py'));
      assert.equal(decision(r).permissionDecision, 'deny');
      assert.match(
        decision(r).permissionDecisionReason,
        /policy \.aifence\.json cannot be read \(.*(directory|not a regular file)/,
      );
    }
  });

  test('a broken nested policy blocks only its own directory', () => {
    const root = hookRepo({ 'lib/.aifence.json': '{ "version": 1, ', 'lib/a.js': '1\n' });
    assert.equal(
      decision(runHook(root, 'claude-code', 'PreToolUse', readOf(root, 'lib/a.js'))).permissionDecision,
      'deny',
    );
    assert.equal(runHook(root, 'claude-code', 'PreToolUse', readOf(root, 'src/app.py')).stdout, '');
  });

  test('a deletion that is not committed is not trusted: the committed policy applies', () => {
    const root = hookRepo();
    git(root, 'add', '-A');
    git(root, 'commit', '-qm', 'policy');
    const read = fixture('claude-code', 'PreToolUse-Read', { root });
    assert.equal(decision(runHook(root, 'claude-code', 'PreToolUse', read)).permissionDecision, 'deny');
    fs.rmSync(path.join(root, '.aifence.json'));
    const r = runHook(root, 'claude-code', 'PreToolUse', read);
    assert.equal(decision(r).permissionDecision, 'deny');
    assert.match(
      decision(r).permissionDecisionReason,
      /Note: \.aifence\.json is deleted but the deletion is not committed: the committed version applies\.$/,
    );
    // Once a person commits the removal, nothing is enforced.
    git(root, 'commit', '-qam', 'remove the policy');
    assert.equal(runHook(root, 'claude-code', 'PreToolUse', read).stdout, '');
  });

  test('a cache entry edited to allow is ignored and reported; the policy still blocks', () => {
    const root = hookRepo();
    const read = fixture('claude-code', 'PreToolUse-Read', { root });
    assert.equal(decision(runHook(root, 'claude-code', 'PreToolUse', read)).permissionDecision, 'deny');
    const dir = path.join(HOOK_STATE_HOME, 'ai-fence', 'policies');
    const cacheFiles = fs.readdirSync(dir).map((f) => path.join(dir, f));
    const mine = cacheFiles.find((f) => fs.readFileSync(f, 'utf8').includes(JSON.stringify(fs.realpathSync(root))));
    assert.ok(mine, 'the cache of this repository is in the private state directory');
    fs.writeFileSync(mine, fs.readFileSync(mine, 'utf8').replaceAll('"block"', '"allow"'));
    const r = runHook(root, 'claude-code', 'PreToolUse', read);
    assert.equal(decision(r).permissionDecision, 'deny');
    assert.match(r.stderr, /policy cache entry for .*\.aifence\.json failed authentication and was ignored/);
    // The state directory and its key are private to the user.
    assert.equal(fs.statSync(path.join(HOOK_STATE_HOME, 'ai-fence')).mode & 0o777, 0o700);
    assert.equal(fs.statSync(path.join(HOOK_STATE_HOME, 'ai-fence', 'key')).mode & 0o777, 0o600);
    // Nothing is kept inside the repository any more.
    assert.equal(fs.existsSync(path.join(root, '.git', 'ai-fence')), false);
  });

  test('the managed policy applies on top, and a nested policy adds zones', () => {
    const root = hookRepo({
      'lib/.aifence.json':
        '{ "version": 1, "zones": [ { "name": "vendored", "paths": ["*.min.js"], "ai": "block" } ] }',
      'lib/x.min.js': '1\n',
    });
    const managed = path.join(root, 'managed-policy.json');
    fs.writeFileSync(
      managed,
      '{ "version": 1, "zones": [ { "name": "org-keys", "paths": ["**/*.pem"], "ai": "block", "message": "Org rule." } ] }',
    );
    const payload = (file: string) =>
      JSON.stringify({
        session_id: 's',
        cwd: root,
        hook_event_name: 'PreToolUse',
        tool_name: 'Read',
        tool_input: { file_path: `${root}/${file}` },
      });
    const pem = answer(
      runHook(root, 'claude-code', 'PreToolUse', payload('src/server.pem'), { AIFENCE_MANAGED_POLICY: managed }),
    ) as { hookSpecificOutput: { permissionDecisionReason: string } };
    assert.match(
      pem.hookSpecificOutput.permissionDecisionReason,
      /zone "org-keys" \(managed-policy\.json:1\)\. Org rule\.$/,
    );
    const nested = answer(runHook(root, 'claude-code', 'PreToolUse', payload('lib/deep/a.min.js'))) as {
      hookSpecificOutput: { permissionDecisionReason: string };
    };
    assert.match(nested.hookSpecificOutput.permissionDecisionReason, /zone "vendored" \(lib\/\.aifence\.json:1\)\.$/);
  });
});

test('a symbolic link into a block zone does not get around it (file tools and shell)', () => {
  const root = hookRepo();
  fs.symlinkSync(path.join(root, 'secrets'), path.join(root, 'innocent'));
  const read = JSON.stringify({
    session_id: 's',
    cwd: root,
    hook_event_name: 'PreToolUse',
    tool_name: 'Read',
    tool_input: { file_path: path.join(root, 'innocent', 'api-key.txt') },
  });
  const shell = JSON.stringify({
    session_id: 's',
    cwd: root,
    hook_event_name: 'PreToolUse',
    tool_name: 'Bash',
    tool_input: { command: 'cat innocent/api-key.txt' },
  });
  for (const payload of [read, shell]) {
    const r = runHook(root, 'claude-code', 'PreToolUse', payload);
    assert.equal(
      (answer(r) as { hookSpecificOutput: { permissionDecision: string } }).hookSpecificOutput.permissionDecision,
      'deny',
      payload,
    );
  }
});

describe("AI Fence's own files are fenced with no policy entry", () => {
  const root = hookRepo({
    'lib/.aifence.json': '{ "version": 1 }',
    '.claude/settings.json': '{}\n',
    '.cursorignore': '',
  });
  const call = (tool_name: string, tool_input: Record<string, unknown>, agent = 'claude-code') =>
    runHook(
      root,
      agent,
      'PreToolUse',
      JSON.stringify({ session_id: 's', cwd: root, hook_event_name: 'PreToolUse', tool_name, tool_input }),
    );
  const verdict = (r: CliResult) =>
    (answer(r) as { hookSpecificOutput: { permissionDecision: string; permissionDecisionReason: string } })
      .hookSpecificOutput;

  test('changing a policy, a hook configuration or a managed ignore file is asked for, with the reason', () => {
    const cases: [string, Record<string, unknown>, RegExp][] = [
      [
        'Edit',
        { file_path: `${root}/.aifence.json`, old_string: 'block', new_string: 'allow' },
        /\.aifence\.json is an AI policy/,
      ],
      ['Write', { file_path: `${root}/lib/.aifence.json`, content: '{}' }, /lib\/\.aifence\.json is an AI policy/],
      [
        'Write',
        { file_path: `${root}/.claude/settings.json`, content: '{}' },
        /\.claude\/settings\.json is an agent's hook configuration/,
      ],
      [
        'Write',
        { file_path: `${root}/.cursorignore`, content: '' },
        /\.cursorignore is an AI ignore file that `ai-fence sync` manages/,
      ],
      ['Bash', { command: 'rm .aifence.json' }, /\.aifence\.json is an AI policy/],
      ['Bash', { command: "sed -i 's/block/allow/' .aifence.json" }, /\.aifence\.json is an AI policy/],
      ['Bash', { command: 'mv .aifence.json old.json' }, /\.aifence\.json is an AI policy/],
      ['Bash', { command: 'git rm -q .aifence.json' }, /\.aifence\.json is an AI policy/],
      ['Bash', { command: 'git checkout HEAD~1 -- .aifence.json' }, /\.aifence\.json is an AI policy/],
      [
        'Bash',
        { command: 'rm -rf .claude' },
        /changing \.claude would change \.claude\/settings\.json, which AI Fence protects/,
      ],
    ];
    for (const [tool, input, reason] of cases) {
      const v = verdict(call(tool, input));
      assert.equal(v.permissionDecision, 'ask', `${tool} ${JSON.stringify(input)}`);
      assert.match(v.permissionDecisionReason, reason);
    }
  });

  test('an agent that cannot ask is denied', () => {
    const r = call('Bash', { command: 'rm .aifence.json' }, 'codex');
    assert.equal(verdict(r).permissionDecision, 'deny');
  });

  test("the ledger may not be written and the hooks' state may not be touched at all", () => {
    const ledger = verdict(call('Write', { file_path: `${root}/.agent-trace/traces.jsonl`, content: '' }));
    assert.equal(ledger.permissionDecision, 'deny');
    assert.match(ledger.permissionDecisionReason, /the AI provenance ledger/);
    const key = path.join(HOOK_STATE_HOME, 'ai-fence', 'key');
    const read = verdict(call('Read', { file_path: key }));
    assert.equal(read.permissionDecision, 'deny');
    assert.match(read.permissionDecisionReason, /AI Fence's private state; no agent may read or change it/);
    assert.equal(verdict(call('Bash', { command: `cat ${key}` })).permissionDecision, 'deny');
  });

  test('reading a policy stays allowed', () => {
    assert.equal(call('Read', { file_path: `${root}/.aifence.json` }).stdout, '');
  });
});

test('outside git, a policy in a parent directory governs a file tool reaching ../zone/x', () => {
  const top = fs.realpathSync(tempDir('aifence-nogit-'));
  fs.writeFileSync(
    path.join(top, '.aifence.json'),
    '{"version": 1, "zones": [{"name": "s", "paths": ["zone/"], "ai": "block"}]}',
  );
  fs.mkdirSync(path.join(top, 'zone'));
  fs.mkdirSync(path.join(top, 'sub'));
  const cwd = path.join(top, 'sub');
  const r = runHook(
    cwd,
    'claude-code',
    'PreToolUse',
    JSON.stringify({
      session_id: 's',
      cwd,
      hook_event_name: 'PreToolUse',
      tool_name: 'Read',
      tool_input: { file_path: path.join(cwd, '..', 'zone', 'x') },
    }),
  );
  const v = (answer(r) as { hookSpecificOutput: { permissionDecision: string; permissionDecisionReason: string } })
    .hookSpecificOutput;
  assert.equal(v.permissionDecision, 'deny');
  assert.match(v.permissionDecisionReason, /zone "s" \(\.aifence\.json:1\)/);
});
