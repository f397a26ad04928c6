import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { splitProse } from '../../../server/src/transcripts/prose';
import { READERS } from '../../../server/src/transcripts/readers';
import { aiderReader } from '../../../server/src/transcripts/readers/aider';
import { ampReader } from '../../../server/src/transcripts/readers/amp';
import { claudeCodeReader } from '../../../server/src/transcripts/readers/claudeCode';
import { clineReader, rooCodeReader } from '../../../server/src/transcripts/readers/clineRoo';
import { codexReader } from '../../../server/src/transcripts/readers/codex';
import { continueReader } from '../../../server/src/transcripts/readers/continueDev';
import { cursorReader } from '../../../server/src/transcripts/readers/cursor';
import { cursorCliReader, readBlobs } from '../../../server/src/transcripts/readers/cursorCli';
import { geminiReader } from '../../../server/src/transcripts/readers/gemini';
import { vscodeCopilotReader } from '../../../server/src/transcripts/readers/vscodeCopilot';
import type { LocateContext, ReadOutcome } from '../../../server/src/transcripts/record';
import { tempDir, writeTree } from '../../helpers/tmp';
import {
  AMP_THREAD,
  cursorBlob,
  cursorCliBlobs,
  fixtureText,
  installFixtureHome,
  TRANSCRIPT_FIXTURES,
} from '../../helpers/transcripts';

const ADD = 'export function add(a: number, b: number) {\n  return a + b;\n}';
const CLAMP =
  'export function clamp(x: number, lo: number, hi: number): number {\n  return Math.min(hi, Math.max(lo, x));\n}';

const produced = (o: ReadOutcome) => o.records.filter((r) => r.kind === 'produced').map((r) => r.text);
const shown = (o: ReadOutcome) => o.records.filter((r) => r.kind === 'shown').map((r) => r.text);
const ctx = (home: string, env: NodeJS.ProcessEnv = {}, repoRoot?: string): LocateContext => ({
  home,
  env,
  platform: 'linux',
  repoRoot,
});

describe('transcript readers on the research fixtures', () => {
  it('Claude Code: prose code blocks, Edit new_string and Write content produced; reads and old_string shown', () => {
    const out = claudeCodeReader.readLines(fixtureText('claude-code/session.jsonl'), 1, undefined, 's.jsonl');
    assert.equal(out.skipped, 0);
    assert.deepEqual(produced(out), [
      `${CLAMP}\n`,
      `${ADD}\n\n${CLAMP}\n`,
      "# acme-api\n\n```ts\nimport { clamp } from './src/math';\nclamp(15, 0, 10); // 10\n```\n",
    ]);
    assert.ok(shown(out).includes(`${ADD}\n`), 'the Read result without cat -n numbers');
    const edit = out.records.find((r) => r.kind === 'produced' && r.line === 5);
    assert.deepEqual(
      { session: edit?.session, model: edit?.model, at: edit?.at },
      {
        session: '7f3c2a10-5b6e-4c1d-9a2f-0e8d4b6c1a23',
        model: 'claude-sonnet-4-5-20250929',
        at: '2026-05-18T10:00:05.400Z',
      },
    );
  });

  it('Claude Code: malformed lines are skipped and counted, and appended lines keep their store line numbers', () => {
    const text = `not json\n{"type":"user"}\n${fixtureText('claude-code/session.jsonl').split('\n')[3]}\n`;
    const out = claudeCodeReader.readLines(text, 41, undefined, 's.jsonl');
    assert.equal(out.skipped, 2);
    assert.deepEqual(
      out.records.map((r) => r.line),
      [43],
    );
  });

  it('Codex: freeform and JSON apply_patch added lines, assistant text, model from turn_context carried', () => {
    const file = 'codex/rollout-2026-01-01T00-00-00-0199a3f2-7c41-7d20-9b6e-3f5a1c2d4e6f.jsonl';
    const out = codexReader.readLines(fixtureText(file), 1, undefined, path.join(TRANSCRIPT_FIXTURES, file));
    assert.deepEqual(produced(out), [
      `\n${CLAMP}`,
      "import { clamp } from './math';\ntest('clamp', () => expect(clamp(15, 0, 10)).toBe(10));",
      `${CLAMP}\n`,
      `${CLAMP}\n`,
    ]);
    assert.ok(shown(out).includes(ADD), 'patch context lines are shown');
    assert.deepEqual(out.carry, { session: '0199a3f2-7c41-7d20-9b6e-3f5a1c2d4e6f', model: 'gpt-5-codex' });
    // An append starts from the carried state.
    const more = codexReader.readLines(
      '{"timestamp":"2026-01-01T05:01:00.000Z","type":"response_item","payload":{"type":"function_call","name":"shell","arguments":"{\\"command\\":[\\"apply_patch\\",\\"*** Begin Patch\\\\n*** Add File: a.ts\\\\n+const a = 1;\\\\n*** End Patch\\"]}","call_id":"c"}}\n',
      20,
      out.carry,
      'x.jsonl',
    );
    assert.deepEqual(
      more.records.map((r) => [r.kind, r.text, r.session, r.model, r.line]),
      [['produced', 'const a = 1;', '0199a3f2-7c41-7d20-9b6e-3f5a1c2d4e6f', 'gpt-5-codex', 20]],
    );
  });

  it('Gemini CLI JSONL: the last version of a re-appended message id counts once, $rewindTo drops', () => {
    const file = 'gemini-cli/session-2026-04-20T09-00-3c9e1d2a.jsonl';
    const out = geminiReader.readDocument(fixtureText(file), file);
    assert.deepEqual(produced(out), [
      `${ADD}\n\n${CLAMP}\n`,
      "import { clamp } from './math';\n\ntest('clamp', () => {\n  expect(clamp(15, 0, 10)).toBe(10);\n});\n",
      `${CLAMP}\n`,
    ]);
    assert.deepEqual([...new Set(out.records.map((r) => r.line))], [2, 5, 6]);
    const rewound = geminiReader.readDocument(
      `${fixtureText(file)}{"$rewindTo": "d9e0f1a2-0003-4b2c-8d3e-4f5a6b7c8d9e"}\n`,
      file,
    );
    assert.equal(produced(rewound).length, 2);
  });

  it('Gemini CLI legacy JSON gives the same produced text', () => {
    const file = 'gemini-cli/session-2026-04-20T09-00-3c9e1d2a.json';
    const out = geminiReader.readDocument(fixtureText(file), file);
    assert.deepEqual(produced(out), [
      `${ADD}\n\n${CLAMP}\n`,
      "import { clamp } from './math';\n\ntest('clamp', () => {\n  expect(clamp(15, 0, 10)).toBe(10);\n});\n",
      `${CLAMP}\n`,
    ]);
    assert.equal(out.records[0].session, '3c9e1d2a-4f5b-4e6c-8a7d-9b0c1d2e3f40');
  });

  it('VS Code Copilot Chat: the op log replays to the same records as the flat file', () => {
    const base = 'vscode-copilot/6f0b9a7e-2c1d-4e3f-9a8b-7c6d5e4f3a21';
    const flat = vscodeCopilotReader.readDocument(fixtureText(`${base}.json`), `${base}.json`);
    const log = vscodeCopilotReader.readDocument(fixtureText(`${base}.jsonl`), `${base}.jsonl`);
    assert.deepEqual(log.records, flat.records);
    // The tool round's text repeats the markdown part: one message gives it once.
    assert.deepEqual(produced(log), [`${CLAMP}\n`, `\n\n${CLAMP}`, `${ADD}\n\n${CLAMP}`]);
    assert.deepEqual(
      { model: log.records[0].model, at: log.records[0].at, key: log.records[0].key },
      { model: 'copilot/claude-sonnet-4', at: '2026-01-01T00:00:00.000Z', key: 'requests[0]' },
    );
  });

  it('Continue: assistant prose and tool-call arguments; time from sessions.json', () => {
    const file = path.join(TRANSCRIPT_FIXTURES, 'continue/0f6d1c2b-3a4e-4f5d-8c9b-1a2b3c4d5e6f.json');
    const out = continueReader.readDocument(fixtureText('continue/0f6d1c2b-3a4e-4f5d-8c9b-1a2b3c4d5e6f.json'), file);
    assert.deepEqual(produced(out), [`${CLAMP}\n`, `${ADD}\n\n${CLAMP}`]);
    assert.equal(out.records[0].at, '2026-01-01T00:00:00.000Z');
    assert.equal(out.records[0].model, 'Claude Sonnet 4');
  });

  it('Aider: REPLACE sections produced, SEARCH sections and #### prompts shown, model from the banner', () => {
    const out = aiderReader.readDocument(fixtureText('aider/.aider.chat.history.md'), '/r/.aider.chat.history.md');
    assert.deepEqual(produced(out), [`${ADD}\n\n${CLAMP}`]);
    assert.deepEqual(shown(out), ['/add src/math.ts  ', 'Add a clamp helper to src/math.ts  ', ADD]);
    assert.equal(out.records[2].model, 'anthropic/claude-sonnet-4-20250514');
    assert.equal(out.records[2].line, 14);
  });

  it('Cline SDK, Cline legacy XML and Roo native tool calls', () => {
    const sdk = clineReader.readDocument(
      fixtureText('cline/1784094124598_rruoq.messages.json'),
      '/d/sessions/1784094124598_rruoq/1784094124598_rruoq.messages.json',
    );
    assert.deepEqual(produced(sdk), [`${CLAMP}\n`, `${ADD}\n\n${CLAMP}`]);
    assert.equal(sdk.records[2].model, 'claude-sonnet-4-6');
    const legacy = clineReader.readDocument(
      fixtureText('cline/api_conversation_history.json'),
      '/d/tasks/1767225600000/api_conversation_history.json',
    );
    assert.deepEqual(produced(legacy), [`${ADD}\n\n${CLAMP}`]);
    assert.equal(legacy.records[0].session, '1767225600000');
    const roo = rooCodeReader.readDocument(
      fixtureText('roo-code/api_conversation_history.json'),
      '/d/tasks/1/api_conversation_history.json',
    );
    assert.deepEqual(produced(roo), [`${CLAMP}\n`]);
  });

  it('Cursor CLI: assistant prose and tool-call args produced, prompts and tool results shown, graph blobs passed over', () => {
    const blobs = cursorCliBlobs();
    const out = readBlobs(blobs, { session: 's', model: 'agent-model', at: '2026-01-01T00:00:00.000Z' });
    assert.equal(out.skipped, 0);
    assert.deepEqual(produced(out), [`${ADD}\n\n${CLAMP}`, `${CLAMP}\n`]);
    assert.deepEqual(shown(out), [
      'You are a powerful agentic AI coding assistant.',
      '<user_info>\nOS Version: linux 6.8.0\nWorkspace Path: /home/dev/acme-api\n</user_info>',
      '<user_query>\nAdd a clamp helper to src/math.ts\n</user_query>',
      ADD,
      ADD,
      'The file src/math.ts has been updated.',
    ]);
    const edit = out.records.find((r) => r.kind === 'produced');
    assert.deepEqual(
      { session: edit?.session, model: edit?.model, at: edit?.at, key: edit?.key },
      { session: 's', model: 'composer-2.5', at: '2026-08-29T10:40:03.000Z', key: blobs[10].id },
    );
    // The system prompt has neither model nor time of its own.
    assert.deepEqual([out.records[0].model, out.records[0].at], ['agent-model', '2026-01-01T00:00:00.000Z']);
  });

  it('Cursor CLI: a JSON blob that is not a message is skipped and counted', () => {
    const bad = ['{"role": "assistant", "content": [', '{"role": "robot", "content": "x"}', '{"content": []}'];
    const out = readBlobs([...bad.map((b) => cursorBlob(Buffer.from(b))), ...cursorCliBlobs()], { session: 's' });
    assert.equal(out.skipped, 3);
    assert.equal(produced(out).length, 2);
  });

  it('Amp: assistant text and create/edit tool input produced; prompts, old_str and run output shown', () => {
    const file = `amp/${AMP_THREAD}.json`;
    const out = ampReader.readDocument(fixtureText(file), file);
    assert.equal(out.skipped, 0);
    assert.deepEqual(produced(out), [`${ADD}\n\n${CLAMP}`, `${CLAMP}\n`]);
    assert.deepEqual(shown(out).slice(0, 3), ['Add a clamp helper to src/math.ts', ADD, ADD]);
    assert.match(shown(out)[3], /^```diff\n@@ -1,3 \+1,7 @@\n export function add/);
    const edit = out.records.find((r) => r.kind === 'produced');
    assert.deepEqual(
      { session: edit?.session, model: edit?.model, at: edit?.at, key: edit?.key },
      { session: AMP_THREAD, model: 'claude-sonnet-4-5-20250929', at: '2026-01-08T09:50:03.494Z', key: 'messages[3]' },
    );
    assert.equal(out.records[0].at, '2026-01-08T09:50:03.494Z');
  });

  it('Amp: messages of unknown shape are skipped and counted; a thread without id is named by its file', () => {
    const thread = JSON.parse(fixtureText(`amp/${AMP_THREAD}.json`));
    delete thread.id;
    thread.messages.push(null, { role: 'robot', content: [] }, { role: 'user', content: 'not blocks' });
    const out = ampReader.readDocument(JSON.stringify(thread), '/t/T-1.json');
    assert.equal(out.skipped, 3);
    assert.equal(produced(out).length, 2);
    assert.equal(out.records[0].session, 'T-1');
  });

  it('a document that is not JSON is one skipped record, not a crash', () => {
    for (const r of [geminiReader, vscodeCopilotReader, continueReader, clineReader, ampReader])
      assert.deepEqual(r.readDocument('{"truncated', 'x.json'), { records: [], skipped: 1 }, r.id);
  });
});

describe('transcript store locations', () => {
  it('finds every fixture from the home directory (and Aider in the repository)', () => {
    const home = tempDir();
    const repo = tempDir();
    installFixtureHome(home, repo);
    writeTree(home, {
      '.cursor/chats/0b1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e/8d2f6c1e-4b3a-4e5f-9a7b-1c2d3e4f5a6b/store.db': '',
    });
    const found = Object.fromEntries(READERS.map((r) => [r.id, r.stores(ctx(home, {}, repo)).length]));
    assert.deepEqual(found, {
      'claude-code': 1,
      codex: 1,
      'gemini-cli': 1,
      'vscode-copilot': 1,
      continue: 1,
      aider: 1,
      cline: 2,
      'roo-code': 1,
      cursor: 0,
      'cursor-cli': 1,
      opencode: 0,
      amp: 1,
    });
  });

  it('honours each tool’s environment variable', () => {
    const home = tempDir();
    const elsewhere = tempDir();
    writeTree(elsewhere, {
      'claude/projects/p/s.jsonl': '',
      'claude/projects/p/s/subagents/agent-1.jsonl': '',
      'codex/archived_sessions/rollout-2026-01-01T00-00-00-x.jsonl': '',
      'gemini/.gemini/tmp/p/chats/session-a.json': '',
      'continue/sessions/a.json': '',
      'cline/sessions/a/a.messages.json': '',
      'appdata/Cursor/User/globalStorage/state.vscdb': '',
      'appdata/Windsurf/User/globalStorage/sourcegraph.amp/threads3/T-1.json': '',
      'data/amp/threads/T-2.json': '',
      'data/amp/threads/history.json': '',
      'aider.md': '',
    });
    const env = {
      CLAUDE_CONFIG_DIR: `${elsewhere}/claude`,
      CODEX_HOME: `${elsewhere}/codex`,
      GEMINI_CLI_HOME: `${elsewhere}/gemini`,
      CONTINUE_GLOBAL_DIR: `${elsewhere}/continue`,
      CLINE_DATA_DIR: `${elsewhere}/cline`,
      VSCODE_APPDATA: `${elsewhere}/appdata`,
      AIDER_CHAT_HISTORY_FILE: `${elsewhere}/aider.md`,
      XDG_DATA_HOME: `${elsewhere}/data`,
    };
    const found = Object.fromEntries(READERS.map((r) => [r.id, r.stores(ctx(home, env)).length]));
    assert.deepEqual(found, {
      'claude-code': 2,
      codex: 1,
      'gemini-cli': 1,
      'vscode-copilot': 0,
      continue: 1,
      aider: 1,
      cline: 1,
      'roo-code': 0,
      cursor: 1,
      'cursor-cli': 0,
      opencode: 0,
      amp: 2,
    });
  });

  it('uses the macOS and Windows user data directories', () => {
    const home = tempDir();
    writeTree(home, {
      'Library/Application Support/Cursor/User/globalStorage/state.vscdb': '',
      'AppData/Roaming/Cursor/User/globalStorage/state.vscdb': '',
    });
    assert.equal(cursorReader.stores({ ...ctx(home), platform: 'darwin' }).length, 1);
    assert.equal(cursorReader.stores({ ...ctx(home), platform: 'win32' }).length, 1);
    assert.equal(cursorReader.stores(ctx(home)).length, 0);
  });

  it('finds the Cursor CLI and Amp stores under the home directory on every OS, Amp in the editors too', () => {
    const home = tempDir();
    writeTree(home, {
      '.cursor/chats/h/s/store.db': '',
      '.cursor/chats/h/s/store.db-wal': '',
      '.local/share/amp/threads/T-1.json': '',
      'Library/Application Support/Code/User/globalStorage/sourcegraph.amp/threads3/T-2.json': '',
      'AppData/Roaming/Cursor/User/globalStorage/sourcegraph.amp/threads3/T-3.json': '',
    });
    for (const platform of ['linux', 'darwin', 'win32'] as const)
      assert.deepEqual(
        [cursorCliReader, ampReader].map((r) =>
          r.stores({ ...ctx(home), platform }).map((s) => path.relative(home, s)),
        ),
        [
          ['.cursor/chats/h/s/store.db'],
          [
            '.local/share/amp/threads/T-1.json',
            ...(platform === 'darwin'
              ? ['Library/Application Support/Code/User/globalStorage/sourcegraph.amp/threads3/T-2.json']
              : []),
            ...(platform === 'win32'
              ? ['AppData/Roaming/Cursor/User/globalStorage/sourcegraph.amp/threads3/T-3.json']
              : []),
          ],
        ],
        platform,
      );
  });
});

describe('code in assistant prose', () => {
  it('unclosed fences and tags, as a hostile repository log could hold, give nothing and stop', () => {
    const hostile = '````x\n<content>\nabc\n'.repeat(20_000);
    assert.deepEqual(splitProse(hostile), { produced: [], shown: [] });
    assert.deepEqual(splitProse('```js\nconst a = 1;\n```\ntext\n```\nunclosed'), {
      produced: ['const a = 1;\n'],
      shown: [],
    });
  });
});
