// Paths a red team used to get around the fence, through the built CLI
// (`ai-fence hook claude-code PreToolUse`): links, `..`, other repositories,
// cwd changes that may not last, quoting, git reads, tool fields, Unicode,
// and caps that deny rather than hang.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { answer, codexPreToolUse, hookRepo, runHook } from '../helpers/agentHooks';

type Answer = { hookSpecificOutput?: { permissionDecision: string; permissionDecisionReason: string } };

function call(
  root: string,
  tool: string,
  input: Record<string, unknown>,
  cwd = root,
  env: Record<string, string> = {},
): Answer['hookSpecificOutput'] {
  const payload = JSON.stringify({
    session_id: 's',
    transcript_path: path.join(root, 'none.jsonl'),
    cwd,
    hook_event_name: 'PreToolUse',
    tool_name: tool,
    tool_input: input,
  });
  const r = runHook(cwd, 'claude-code', 'PreToolUse', payload, env);
  assert.equal(r.code, 0, r.stderr);
  return (answer(r) as Answer | undefined)?.hookSpecificOutput;
}
const decision = (root: string, tool: string, input: Record<string, unknown>, cwd?: string) =>
  call(root, tool, input, cwd)?.permissionDecision ?? 'allow';
const bash = (root: string, command: string, cwd?: string) => decision(root, 'Bash', { command }, cwd);
/** One test per command: the Bash call gets `verdict`. */
function commandsAnswer(root: string, verdict: string, why: string, commands: string[]): void {
  for (const command of commands) test(`${command}: ${why}`, () => assert.equal(bash(root, command), verdict));
}

describe('symbolic links and ..', () => {
  const root = hookRepo({ 'docs/readme.md': 'x\n' });
  fs.symlinkSync(path.join(root, 'secrets'), path.join(root, 'docs', 'deep'));
  fs.mkdirSync(path.join(root, 'docs', 'a', 'b'), { recursive: true });
  fs.symlinkSync(path.join(root, 'docs', 'a', 'b'), path.join(root, 'hop'));
  fs.symlinkSync(path.join(root, 'secrets', 'planted.txt'), path.join(root, 'dangling'));

  test('`..` is applied after the link it follows: hop/../../../secrets is secrets', () => {
    // hop -> docs/a/b, so hop/../../../secrets is root/secrets; folded as text it would leave the root.
    assert.equal(bash(root, 'cat hop/../../../secrets/api-key.txt'), 'deny');
    assert.equal(decision(root, 'Read', { file_path: `${root}/hop/../../../secrets/api-key.txt` }), 'deny');
  });

  test('/proc/self/cwd/../ reaches the repository through the cwd link', () => {
    const parent = path.basename(root);
    assert.equal(bash(root, `cat /proc/self/cwd/../${parent}/secrets/api-key.txt`, path.join(root, 'docs')), 'deny');
  });

  test('a dangling link into a zone cannot be written through', () => {
    assert.equal(decision(root, 'Write', { file_path: path.join(root, 'dangling'), content: 'x' }), 'deny');
    assert.equal(bash(root, 'echo x > dangling'), 'deny');
  });

  test('a link whose target is a zone is judged as the zone; the tree around it passes', () => {
    assert.equal(bash(root, 'ls docs/deep'), 'deny');
    assert.equal(bash(root, 'cat docs/readme.md'), 'allow');
  });
});

describe('other repositories and directories above the root', () => {
  const root = hookRepo();
  const other = hookRepo();
  const up = path.relative(root, path.dirname(root));

  test("a read in another repository is judged by that repository's zones", () => {
    assert.equal(bash(root, `cat ${other}/secrets/api-key.txt`), 'deny');
    assert.equal(decision(root, 'Read', { file_path: `${other}/secrets/api-key.txt` }), 'deny');
  });

  test('a recursive read of the parent directory reads the zones below it', () => {
    assert.equal(bash(root, 'grep -r key ..'), 'ask');
    assert.equal(bash(root, `cp -r ${up} /tmp/x`), 'ask');
    assert.equal(decision(root, 'Grep', { pattern: 'key', path: path.dirname(root) }), 'ask');
  });
});

describe('working directories that may or may not be in force', () => {
  const root = hookRepo();
  commandsAnswer(root, 'deny', 'checked against every cwd it may run in', [
    '(cd /tmp); cat secrets/api-key.txt',
    'false && cd /tmp; cat secrets/api-key.txt',
    'cd /nonexistent; cat secrets/api-key.txt',
    'cd /tmp && true || cat secrets/api-key.txt',
    'cd /tmp | cat secrets/api-key.txt',
  ]);

  test('cd with no argument goes home', () => {
    const home = hookRepo();
    const r = call(root, 'Bash', { command: 'cd && cat secrets/api-key.txt' }, root, { HOME: home });
    assert.equal(r?.permissionDecision, 'deny');
  });

  test('a cd that certainly ran is followed: cd elsewhere && cat passes', () => {
    assert.equal(bash(root, 'cd src && cat app.py'), 'allow');
  });
});

describe('quoting, expansion and git', () => {
  const root = hookRepo();
  commandsAnswer(root, 'deny', 'is denied', [
    "cat $'\\x73ecrets/api-key.txt'",
    "cat $'secr\\145ts/api-key.txt'",
    'cat {src,secrets}/api-key.txt',
    'cat secre{t,}s/api-key.txt',
    'git show HEAD:secrets/api-key.txt',
    'git show $(git rev-parse HEAD):secrets/api-key.txt',
    'cat secrets\\api-key.txt',
  ]);

  commandsAnswer(root, 'ask', 'reads the whole tree like grep -r .', [
    'git grep key',
    'git log -p',
    'git archive HEAD',
    'git show',
    'git diff HEAD~1',
  ]);

  test('git show of a file outside the zone passes', () =>
    assert.equal(bash(root, 'git show HEAD:src/app.py'), 'allow'));
});

describe('tool fields that name paths', () => {
  const root = hookRepo();
  for (const [tool, input] of [
    ['mcp__fs__move_file', { source: 'secrets/api-key.txt', destination: 'src/k.txt' }],
    ['mcp__fs__move_file', { source: 'src/app.py', destination: 'secrets/app.py' }],
    ['mcp__git__show', { revision: 'HEAD:secrets/api-key.txt' }],
    ['list_dir_tool', { dirPath: 'secrets' }],
  ] as [string, Record<string, unknown>][])
    test(`${tool} ${JSON.stringify(input)} is denied`, () => assert.equal(decision(root, tool, input), 'deny'));
});

describe('Codex patch headers with leading whitespace', () => {
  // Codex trims each header line (openai/codex codex-rs/apply-patch/src/parser.rs,
  // parse_one_hunk, read 2026-11-30 at commit 0e0fb63d029055d4aec1d536a3d72f70164ba8a6; its date is not
  // known here: the repository snapshot is over the fetch size limit).
  const root = hookRepo();
  test('   *** Delete File: in a zone is denied', () => {
    const patch = '*** Begin Patch\n   *** Delete File: secrets/api-key.txt\n*** End Patch\n';
    const payload = codexPreToolUse(root, 'apply_patch', { command: patch });
    const r = runHook(root, 'codex', 'PreToolUse', payload);
    assert.equal((answer(r) as Answer).hookSpecificOutput?.permissionDecision, 'deny');
  });
});

describe('Unicode normalisation', () => {
  const nfc = 'caf\u00e9';
  const nfd = 'cafe\u0301';
  const root = hookRepo({
    '.aifence.json': JSON.stringify({ version: 1, zones: [{ name: 'cafe', paths: [`${nfc}/`], ai: 'block' }] }),
    [`${nfd}/menu.txt`]: 'x\n',
  });
  test('a zone in NFC blocks the same name spelled in NFD', () => {
    assert.equal(decision(root, 'Read', { file_path: path.join(root, nfd, 'menu.txt') }), 'deny');
    assert.equal(bash(root, `cat ${nfd}/menu.txt`), 'deny');
  });
});

describe('caps: past them the call is denied, quickly', () => {
  const root = hookRepo();
  test('a command longer than the cap', () => {
    const reason = call(root, 'Bash', { command: `echo ${'a'.repeat(70_000)}` });
    assert.equal(reason?.permissionDecision, 'deny');
    assert.match(reason?.permissionDecisionReason ?? '', /cannot be checked.*longer than 65536 characters/);
  });
  test('a path deeper than the cap', () => {
    const reason = call(root, 'Bash', { command: `cat ${Array(3000).fill('x').join('/')}` });
    assert.equal(reason?.permissionDecision, 'deny');
    assert.match(reason?.permissionDecisionReason ?? '', /more than 256 components/);
  });
  test('a link loop', () => {
    fs.symlinkSync('loop-b', path.join(root, 'loop-a'));
    fs.symlinkSync('loop-a', path.join(root, 'loop-b'));
    assert.match(
      call(root, 'Bash', { command: 'cat loop-a/x' })?.permissionDecisionReason ?? '',
      /more than 40 symbolic links/,
    );
  });
  test('a brace expansion past the cap', () => {
    assert.match(
      call(root, 'Bash', { command: 'cat {1..100}{1..100}' })?.permissionDecisionReason ?? '',
      /expands to more than 256 words/,
    );
  });
});
