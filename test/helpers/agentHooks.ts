// Helpers for the agent-hook tests: a git repository with zones, the payload
// samples in test/fixtures/hooks, and the built CLI run with a payload on stdin.
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { CLI, type CliResult, NO_MANAGED_POLICY } from './cli';
import { FIXTURES, tempDir, writeTree } from './tmp';

export const HOOK_FIXTURES = path.join(FIXTURES, 'hooks');

/**
 * The hooks' private state directory for this test process (XDG_STATE_HOME/ai-fence). Not under the
 * temp dir that holds the test repositories (nor in this checkout, which may be there too): a search of a
 * repository's parent would read it.
 */
const stateParent = path.join(os.homedir(), '.cache', 'ai-fence-test-state');
fs.mkdirSync(stateParent, { recursive: true });
export const HOOK_STATE_HOME = fs.mkdtempSync(path.join(stateParent, 'hooks-'));
process.on('exit', () => fs.rmSync(HOOK_STATE_HOME, { recursive: true, force: true }));
const HOOK_ENV = { AIFENCE_MANAGED_POLICY: NO_MANAGED_POLICY, XDG_STATE_HOME: HOOK_STATE_HOME };

export const POLICY = `{
  // Test policy for the agent hooks.
  "version": 1,
  "zones": [
    { "name": "secrets", "paths": ["secrets"], "ai": "block", "message": "Credentials are human-only." },
    { "name": "core", "paths": ["src/core"], "ai": "warn", "provenance": "required", "message": "Core engine: review every AI change" }
  ]
}
`;

export function git(dir: string, ...args: string[]): string {
  return execFileSync('git', args, {
    cwd: dir,
    encoding: 'utf8',
    env: {
      ...process.env,
      GIT_AUTHOR_NAME: 'Alice',
      GIT_AUTHOR_EMAIL: 'alice@example.com',
      GIT_COMMITTER_NAME: 'Alice',
      GIT_COMMITTER_EMAIL: 'alice@example.com',
    },
  });
}

/** A fresh git repository holding the zones of POLICY and a few files. */
export function hookRepo(extra: Record<string, string> = {}): string {
  const root = tempDir('aifence-hooks-');
  execFileSync('git', ['init', '-q', '-b', 'main'], { cwd: root });
  writeTree(root, {
    '.aifence.json': POLICY,
    'secrets/api-key.txt': 'key=1\n',
    'src/app.py': 'A = 1\nB = 2\nC = 3\n',
    'src/core/engine.py': 'import os\n\ndef run():\n    return 1\n\n# end\n',
    ...extra,
  });
  return root;
}

/** A payload sample with ${ROOT} and ${TRANSCRIPT} filled in. */
export function fixture(agent: string, name: string, vars: { root: string; transcript?: string }): string {
  const text = fs.readFileSync(path.join(HOOK_FIXTURES, agent, `${name}.json`), 'utf8');
  const esc = (s: string) => JSON.stringify(s).slice(1, -1);
  // biome-ignore-start lint/suspicious/noTemplateCurlyInString: placeholders in the payload samples
  return text
    .replaceAll('${ROOT}', esc(vars.root))
    .replaceAll('${TRANSCRIPT}', esc(vars.transcript ?? path.join(vars.root, 'no-transcript.jsonl')));
  // biome-ignore-end lint/suspicious/noTemplateCurlyInString: placeholders in the payload samples
}

/** Claude Code's pre-tool deny (Codex and Qwen Code answer the same way). */
export const preToolUseDeny = (reason: string) => ({
  hookSpecificOutput: { hookEventName: 'PreToolUse', permissionDecision: 'deny', permissionDecisionReason: reason },
});

/** A Codex PreToolUse payload (codex-rs/hooks/src/events/pre_tool_use.rs `command_input_json`). */
export function codexPreToolUse(root: string, toolName: string, toolInput: Record<string, unknown>): string {
  return JSON.stringify({
    session_id: 's',
    turn_id: 't',
    cwd: root,
    hook_event_name: 'PreToolUse',
    model: 'gpt-5-codex',
    tool_name: toolName,
    tool_input: toolInput,
  });
}

/** Runs `node dist/cli.js hook <agent> <event>` with `stdin`. */
export function runHook(
  cwd: string,
  agent: string,
  event: string,
  stdin: string,
  env: Record<string, string> = {},
): CliResult {
  const r = spawnSync(process.execPath, [CLI, 'hook', agent, event], {
    cwd,
    input: stdin,
    encoding: 'utf8',
    env: { ...process.env, ...HOOK_ENV, ...env },
    timeout: 60_000,
  });
  if (r.error) throw r.error;
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Starts many hook processes at once and waits for all of them. */
export function runHooksConcurrently(
  cwd: string,
  agent: string,
  event: string,
  stdins: readonly string[],
): Promise<CliResult[]> {
  return Promise.all(
    stdins.map(
      (stdin) =>
        new Promise<CliResult>((resolve, reject) => {
          const child = spawn(process.execPath, [CLI, 'hook', agent, event], {
            cwd,
            env: { ...process.env, ...HOOK_ENV },
          });
          let stdout = '';
          let stderr = '';
          child.stdout.on('data', (d) => (stdout += d));
          child.stderr.on('data', (d) => (stderr += d));
          child.on('error', reject);
          child.on('close', (code) => resolve({ code, stdout, stderr }));
          child.stdin.end(stdin);
        }),
    ),
  );
}

/** Parsed stdout (undefined when empty). */
export function answer(r: CliResult): unknown {
  return r.stdout.trim() === '' ? undefined : JSON.parse(r.stdout);
}

/** Records of the default ledger. */
export function ledgerRecords(root: string): Record<string, unknown>[] {
  const file = path.join(root, '.agent-trace', 'traces.jsonl');
  if (!fs.existsSync(file)) return [];
  return fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as Record<string, unknown>);
}

/** [tool name, file paths] of each record of the default ledger. */
export function ledgerToolFiles(root: string): [string, string[]][] {
  return (ledgerRecords(root) as { tool: { name: string }; files: { path: string }[] }[]).map((x) => [
    x.tool.name,
    x.files.map((f) => f.path),
  ]);
}

export { tempDir, writeTree };

/** A ledger record as the tests read it. */
export interface LedgerRecord {
  tool: { name: string; version?: string };
  files: { path: string; conversations: { id: string; ranges: { start_line: number; end_line: number }[] }[] }[];
}

/** Runs a post-tool payload sample in a fresh repository whose src/core/engine.py already holds `edited`. */
export function runPostHook(
  agent: string,
  event: string,
  sample: string,
  edited: string,
): { repo: string; result: CliResult; records: LedgerRecord[] } {
  const repo = hookRepo();
  fs.writeFileSync(path.join(repo, 'src/core/engine.py'), edited);
  const result = runHook(repo, agent, event, fixture(agent, sample, { root: repo }));
  return { repo, result, records: ledgerRecords(repo) as unknown as LedgerRecord[] };
}
