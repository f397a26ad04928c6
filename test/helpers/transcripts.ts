// Transcript stores for tests: the research fixtures placed where each tool
// keeps them under a fake home, and Claude Code sessions built from the
// fixture's own lines with other code in them.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { FIXTURES, writeTree } from './tmp';

export const TRANSCRIPT_FIXTURES = path.join(FIXTURES, 'transcripts');

export const fixtureText = (rel: string): string => fs.readFileSync(path.join(TRANSCRIPT_FIXTURES, rel), 'utf8');

const CODEX_FILE = 'rollout-2026-01-01T00-00-00-0199a3f2-7c41-7d20-9b6e-3f5a1c2d4e6f.jsonl';
const GEMINI_FILE = 'session-2026-04-20T09-00-3c9e1d2a';
const VSCODE_SESSION = '6f0b9a7e-2c1d-4e3f-9a8b-7c6d5e4f3a21';
const CONTINUE_SESSION = '0f6d1c2b-3a4e-4f5d-8c9b-1a2b3c4d5e6f';
const CLINE_SESSION = '1784094124598_rruoq';

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
  });
  if (repo) writeTree(repo, { '.aider.chat.history.md': f('aider/.aider.chat.history.md') });
}

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

/** The Claude Code session in the extension-host suite's home (runExtensionTests.mjs), written at `at`. */
export const E2E_SESSION_ID = 'c0de0e2e-1111-4222-8333-444455556666';

export function installE2eSession(home: string, at: string): void {
  writeTree(home, {
    [`.claude/projects/-work-e2e/${E2E_SESSION_ID}.jsonl`]: claudeSession({
      written: sampleFunction(),
      at,
      session: E2E_SESSION_ID,
    }),
  });
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
