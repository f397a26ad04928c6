// Transcript stores for tests: the research fixtures placed where each tool
// keeps them under a fake home, and Claude Code sessions built from the
// fixture's own lines with other code in them.
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { FIXTURES, gitInit, tempDir, writeTree } from './tmp';

export const TRANSCRIPT_FIXTURES = path.join(FIXTURES, 'transcripts');

export const fixtureText = (rel: string): string => fs.readFileSync(path.join(TRANSCRIPT_FIXTURES, rel), 'utf8');

const CODEX_FILE = 'rollout-2026-01-01T00-00-00-0199a3f2-7c41-7d20-9b6e-3f5a1c2d4e6f.jsonl';
const GEMINI_FILE = 'session-2026-04-20T09-00-3c9e1d2a';
const VSCODE_SESSION = '6f0b9a7e-2c1d-4e3f-9a8b-7c6d5e4f3a21';
const CONTINUE_SESSION = '0f6d1c2b-3a4e-4f5d-8c9b-1a2b3c4d5e6f';
const CLINE_SESSION = '1784094124598_rruoq';
export const AMP_THREAD = 'T-019b9d03-62e3-772f-9780-3e637f90eaec';

/** Every fixture at its Linux location under `home` (and Aider's log in `repo`). */
export function installFixtureHome(home: string, repo?: string): void {
  const f = fixtureText;
  writeTree(home, {
    '.claude/projects/-home-dev-acme-api/7f3c2a10-5b6e-4c1d-9a2f-0e8d4b6c1a23.jsonl': f('claude-code/session.jsonl'),
    [`.codex/sessions/2026/01/01/${CODEX_FILE}`]: f(`codex/${CODEX_FILE}`),
    [`.gemini/tmp/acme-api/chats/${GEMINI_FILE}.jsonl`]: f(`gemini-cli/${GEMINI_FILE}.jsonl`),
    '.gemini/tmp/acme-api/.project_root': f('gemini-cli/.project_root'),
    '.gemini/projects.json': f('gemini-cli/projects.json'),
    [`.config/Code/User/workspaceStorage/abc123/chatSessions/${VSCODE_SESSION}.jsonl`]: f(
      `vscode-copilot/${VSCODE_SESSION}.jsonl`,
    ),
    '.config/Code/User/workspaceStorage/abc123/workspace.json': f('vscode-copilot/workspace.json'),
    [`.continue/sessions/${CONTINUE_SESSION}.json`]: f(`continue/${CONTINUE_SESSION}.json`),
    '.continue/sessions/sessions.json': f('continue/sessions.json'),
    [`.cline/data/sessions/${CLINE_SESSION}/${CLINE_SESSION}.messages.json`]: f(`cline/${CLINE_SESSION}.messages.json`),
    [`.cline/data/sessions/${CLINE_SESSION}/${CLINE_SESSION}.json`]: f(`cline/${CLINE_SESSION}.json`),
    '.cline/data/tasks/1767225600000/api_conversation_history.json': f('cline/api_conversation_history.json'),
    '.config/Code/User/globalStorage/rooveterinaryinc.roo-cline/tasks/1767225600001/api_conversation_history.json': f(
      'roo-code/api_conversation_history.json',
    ),
    [`.local/share/amp/threads/${AMP_THREAD}.json`]: f(`amp/${AMP_THREAD}.json`),
  });
  if (repo) writeTree(repo, { '.aider.chat.history.md': f('aider/.aider.chat.history.md') });
}

/** A row of a Cursor CLI store.db `blobs` table: content-addressed by the SHA-256 of its data. */
export const cursorBlob = (data: Buffer): { id: string; data: Buffer } => ({
  id: createHash('sha256').update(data).digest('hex'),
  data,
});

/** The Cursor CLI fixture's messages as JSON blobs, with protobuf graph blobs between them as cursor-agent writes. */
export function cursorCliBlobs(messages: unknown[] = JSON.parse(fixtureText('cursor-cli/messages.json'))) {
  const graph = (n: number) => cursorBlob(Buffer.from([0x0a, 0x20, ...Buffer.alloc(32, n), 0x12, 0x02, 0x08, n]));
  return messages.flatMap((m, i) => [cursorBlob(Buffer.from(JSON.stringify(m))), graph(i)]);
}

/** The Amp fixture thread with its edit_file call (messages[3]) replaced by a create_file call writing `written` at `at`. */
export function ampThread(written: string, at: string): string {
  const thread = JSON.parse(fixtureText(`amp/${AMP_THREAD}.json`));
  thread.created = Date.parse(at);
  thread.messages[3].content[0] = {
    type: 'tool_use',
    id: 'toolu_01C',
    name: 'create_file',
    input: { path: '/home/dev/acme-api/vault/ranges.ts', content: written },
  };
  return JSON.stringify(thread, null, 2);
}

export interface Explained {
  readonly lines: string;
  readonly tool: string;
  readonly source: string;
  readonly model: string;
  readonly session: string;
  readonly at: string;
  /** The store and where in it: `path:line` or `path (key)`. */
  readonly store: string;
}

/** What `transcripts explain vault/ranges.ts:LINE` prints for a match. */
export const explained = (e: Explained): string =>
  `vault/ranges.ts:${e.lines} matches AI output\n` +
  `  tool:    ${e.tool} (source ${e.source})\n` +
  `  model:   ${e.model}\n` +
  `  session: ${e.session}\n` +
  `  time:    ${e.at}\n` +
  `  store:   ${e.store}\n`;

/** [code, line, endLine] of each finding of the first file in `check --format json` output. */
export const findingSpans = (stdout: string): [string, number, number][] =>
  JSON.parse(stdout).files[0].findings.map((f: { code: string; line: number; endLine: number }) => [
    f.code,
    f.line,
    f.endLine,
  ]);

export interface ClaudeTurn {
  /** Code the AI read (a Read tool result) before writing. */
  readonly shown?: string;
  /** Code the AI wrote (a Write tool call). */
  readonly written: string;
  readonly at?: string;
  readonly session?: string;
}

/**
 * A Claude Code session in the fixture's format: the fixture's prompt line,
 * its Read result carrying `shown`, and its Write call carrying `written`.
 */
export function claudeSession(turn: ClaudeTurn): string {
  const lines = fixtureText('claude-code/session.jsonl')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l));
  const session = turn.session ?? lines[0].sessionId;
  const prompt = lines[0];
  const read = lines[2];
  const write = lines[6];
  const out = [prompt];
  if (turn.shown !== undefined) {
    read.message.content[0].content = turn.shown;
    read.toolUseResult.file.content = turn.shown;
    out.push(read);
  }
  write.message.content[0].input.content = turn.written;
  if (turn.at) write.timestamp = turn.at;
  out.push(write);
  for (const l of out) l.sessionId = session;
  return `${out.map((l) => JSON.stringify(l)).join('\n')}\n`;
}

/**
 * Claude Code sessions of generated code, about `megabytes` MB in all (1 MB
 * per session), for an index that takes a while to build. The code differs in
 * its member names, which fingerprints keep, so it is not dropped as common.
 */
export function writeLargeClaudeStores(home: string, megabytes: number, at: string): void {
  const lines = (n: number) =>
    Array.from({ length: 40 }, (_, i) => `  state.field${n}_${i}.push(source.item${n}_${i}(${i}, limit));`).join('\n');
  const written = (n: number) =>
    `export function generated${n}(state: State, source: Source): void {\n${lines(n)}\n}\n`;
  const perSession = Math.ceil(1e6 / Buffer.byteLength(claudeSession({ written: written(0), at })));
  for (let s = 0; s < megabytes; s++) {
    const session = `0000${String(s).padStart(4, '0')}-0000-4000-8000-000000000000`;
    const turns = Array.from({ length: perSession }, (_, t) =>
      claudeSession({ written: written(s * perSession + t), at, session }),
    );
    writeTree(home, { [`.claude/projects/-work-large/${session}.jsonl`]: turns.join('') });
  }
}

/** Code no other session wrote, for a session written while the server runs. */
export const LATER_CODE = `export function parseDuration(text: string): number {
  const match = /^(\\d+)(ms|s|m|h)$/.exec(text.trim());
  if (!match) throw new Error(\`bad duration: \${text}\`);
  const amount = Number(match[1]);
  const unit = match[2];
  if (unit === 'ms') return amount;
  if (unit === 's') return amount * 1000;
  if (unit === 'm') return amount * 60_000;
  return amount * 3_600_000;
}
`;

/** A function long enough to be matched (about 12 lines). */
export function sampleFunction(name = 'mergeIntervals'): string {
  return `export function ${name}(intervals: Array<[number, number]>): Array<[number, number]> {
  const sorted = [...intervals].sort((a, b) => a[0] - b[0]);
  const merged: Array<[number, number]> = [];
  for (const [start, end] of sorted) {
    const last = merged[merged.length - 1];
    if (last && start <= last[1]) {
      last[1] = Math.max(last[1], end);
    } else {
      merged.push([start, end]);
    }
  }
  return merged;
}
`;
}

/** The Claude Code session in the real-VS-Code suites' home (installE2eHome), which wrote sampleFunction(). */
export const E2E_SESSION_ID = 'c0de0e2e-1111-4222-8333-444455556666';

/**
 * The home of the extension-host and UI suites: every fixture store, and the
 * E2E session written an hour ago, in whole seconds: recent enough for any
 * retention, and exactly what a marker's at= says. Returns that time.
 */
export function installE2eHome(home: string): string {
  installFixtureHome(home);
  const at = new Date(Math.floor(Date.now() / 1000) * 1000 - 3_600_000).toISOString();
  writeTree(home, {
    [`.claude/projects/-work-e2e/${E2E_SESSION_ID}.jsonl`]: claudeSession({
      written: sampleFunction(),
      at,
      session: E2E_SESSION_ID,
    }),
  });
  return at;
}

/** A Claude Code session of about `bytes` bytes: Write calls of distinct generated functions, for builds large enough to use the index workers. */
export function largeClaudeSession(session: string, bytes: number, at: string): string {
  const lines: string[] = [];
  let size = 0;
  for (let i = 0; size < bytes; i++) {
    const code = Array.from(
      { length: 20 },
      (_, j) => `export function ${session.replace(/\W/g, '_')}_${i}_${j}(input) {
  const value = input.field${i % 97}_${j}.compute${j}(${i * 31 + j});
  if (value.length > ${j}) {
    return value.slice${i % 13}(${i}, "${session}-${j}");
  }
  return input.fallback${j}?.(value, ${i + j}) ?? null;
}
`,
    ).join('\n');
    const line = claudeSession({ written: code, session, at }).trimEnd().split('\n').at(-1) as string;
    lines.push(line);
    size += line.length + 1;
  }
  return `${lines.join('\n')}\n`;
}

/** The Claude Code fixture's session id, which the suites' own session reuses. */
export const CLAUDE_SESSION = '7f3c2a10-5b6e-4c1d-9a2f-0e8d4b6c1a23';
/** An hour ago on a whole second, as transcripts store times: kept by the default retention. */
export const RECENT_AT = new Date(Math.floor(Date.now() / 1000) * 1000 - 3_600_000).toISOString();
/** Human code placed before sampleFunction() in a repository file. */
export const HUMAN_PREFIX = 'import { x } from "./x";\n\nconst limit = 10;\n\n';
export const SAMPLE_LINES = sampleFunction().trimEnd().split('\n').length;
/** The Claude Code project the suites' session is in. */
export const WORK_PROJECT = '.claude/projects/-work-repo';

/**
 * A temp home whose Claude Code session (CLAUDE_SESSION) wrote sampleFunction()
 * at RECENT_AT, a git repository holding `files`, and the environment that
 * points the CLI or the server at that home.
 */
export function sessionAndRepo(files: Record<string, string>): {
  home: string;
  repo: string;
  store: string;
  env: { HOME: string; XDG_CACHE_HOME: string };
} {
  const home = tempDir('aifence-home-');
  const repo = tempDir('aifence-repo-');
  gitInit(repo);
  const store = path.join(home, WORK_PROJECT, `${CLAUDE_SESSION}.jsonl`);
  writeTree(home, { [path.relative(home, store)]: claudeSession({ written: sampleFunction(), at: RECENT_AT }) });
  writeTree(repo, files);
  return { home, repo, store, env: { HOME: home, XDG_CACHE_HOME: path.join(home, '.cache') } };
}
