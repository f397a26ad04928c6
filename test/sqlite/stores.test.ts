// The SQLite stores (Cursor's state.vscdb, the Cursor CLI's store.db, opencode's opencode.db) as real
// SQLite files, read by the built CLI under Node 24 (node:sqlite). Run by
// `npm run test:report`, which provisions Node 24 first.
//
// Schemas: Cursor's tables per research/transcripts/cursor.md (U1, community
// reverse-engineering; the same `key TEXT UNIQUE ON CONFLICT REPLACE, value
// BLOB` shape as VS Code's ItemTable in src/vs/base/parts/storage/node/
// storage.ts); bubble and composer values per U1 §2. The Cursor CLI's blobs and
// meta tables per skillsynchq/txcript docs/formats/cursor.md @47b82412 (community,
// column names only: the types are ours), messages from test/fixtures/transcripts/cursor-cli. opencode's tables per
// anomalyco/opencode packages/opencode/src/session/session.sql.ts @063e8306
// (drizzle: message and part with JSON `data`), values per MessageV2 in
// research/transcripts/opencode.md §2; its database runs in WAL mode (Q2).
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { runCli } from '../helpers/cli';
import { type Statement, sqliteHold, sqliteNode, sqliteRun } from '../helpers/sqlite';
import { gitInit, tempDir, writeTree } from '../helpers/tmp';
import { cursorCliBlobs, explained, findingSpans, fixtureText, sampleFunction } from '../helpers/transcripts';

const NODE = sqliteNode();
// Recent, so the default retention keeps it.
const AT_MS = Math.floor(Date.now() / 1000) * 1000 - 3_600_000;
const AT = new Date(AT_MS).toISOString();
const PREFIX = 'import { x } from "./x";\n\nconst limit = 10;\n\n';
const LAST_LINE = 4 + sampleFunction().trimEnd().split('\n').length;
const SKIPPED = 'ai-fence: transcript store skipped: ';

function setup() {
  const home = tempDir('aifence-home-');
  const repo = tempDir('aifence-repo-');
  gitInit(repo);
  writeTree(repo, {
    '.aifence.json': JSON.stringify({ version: 1, zones: [{ name: 'vault', paths: ['vault'], ai: 'block' }] }),
    'vault/ranges.ts': `${PREFIX}${sampleFunction()}`,
  });
  const env = { HOME: home, XDG_CACHE_HOME: path.join(home, '.cache') };
  const cli = (args: string[], node: readonly string[] = [NODE]) => runCli(repo, args, env, { node });
  return { home, repo, cli };
}

/** The explanation of the whole function, found at `key` of `store`. */
const explainedAt = (store: string, tool: string, source: string, model: string, session: string, key: string) =>
  explained({ lines: `5-${LAST_LINE}`, tool, source, model, session, at: AT, store: `${store} (${key})` });
const FOUND: [string, number, number][] = [
  ['AIF001', 5, LAST_LINE],
  ['AIF003', 5, LAST_LINE],
];

const NO_MATCH = 'vault/ranges.ts:8: no match in the AI transcripts\n';

// --- Cursor -----------------------------------------------------------------

const CURSOR_SCHEMA: Statement = {
  sql:
    'CREATE TABLE ItemTable (key TEXT UNIQUE ON CONFLICT REPLACE, value BLOB);' +
    'CREATE TABLE cursorDiskKV (key TEXT UNIQUE ON CONFLICT REPLACE, value BLOB);',
};
const COMPOSER = '5b1c2d3e-4f50-4a6b-8c7d-9e0f1a2b3c4d';
const BUBBLES = ['0a1b2c3d-0000-4000-8000-000000000001', '0a1b2c3d-0000-4000-8000-000000000002'];
const CURSOR_MODEL = 'gpt-5.4-medium';

/** A conversation: the user's prompt, and the answer with the code, stored as a BLOB (Cursor's column affinity). */
function cursorConversation(): Statement {
  const composer = {
    _v: 13,
    composerId: COMPOSER,
    status: 'completed',
    unifiedMode: 'agent',
    modelConfig: { modelName: CURSOR_MODEL, maxMode: false },
    fullConversationHeadersOnly: BUBBLES.map((bubbleId, i) => ({ bubbleId, type: i + 1 })),
  };
  const prompt = { _v: 3, type: 1, bubbleId: BUBBLES[0], createdAt: AT, text: 'Merge overlapping intervals.' };
  const answer = {
    _v: 3,
    type: 2,
    bubbleId: BUBBLES[1],
    createdAt: AT,
    capabilityType: null,
    text: `Here it is:\n\n\`\`\`ts\n${sampleFunction()}\`\`\`\n`,
  };
  return {
    sql: 'INSERT INTO cursorDiskKV (key, value) VALUES (?, ?)',
    rows: [
      [`composerData:${COMPOSER}`, JSON.stringify(composer)],
      [`bubbleId:${COMPOSER}:${BUBBLES[0]}`, JSON.stringify(prompt)],
      [`bubbleId:${COMPOSER}:${BUBBLES[1]}`, Buffer.from(JSON.stringify(answer))],
    ],
  };
}

function cursorStore(home: string): string {
  const store = path.join(home, '.config/Cursor/User/globalStorage/state.vscdb');
  fs.mkdirSync(path.dirname(store), { recursive: true });
  return store;
}

describe('Cursor state.vscdb', () => {
  test("an answer's code is found, with the conversation as session and the composer's model", () => {
    const { home, cli } = setup();
    const store = cursorStore(home);
    sqliteRun(NODE, store, [CURSOR_SCHEMA, cursorConversation()]);
    const r = cli(['transcripts', 'explain', 'vault/ranges.ts:8']);
    assert.equal(r.stderr, '');
    assert.equal(r.code, 0);
    assert.equal(
      r.stdout,
      explainedAt(store, 'cursor', 'cursor', CURSOR_MODEL, COMPOSER, `bubbleId:${COMPOSER}:${BUBBLES[1]}`),
    );
    const check = cli(['check', '--transcripts', '--format', 'json']);
    assert.equal(check.code, 1, check.stderr);
    assert.deepEqual(findingSpans(check.stdout), FOUND);
  });

  test('a store another process holds locked is reported once and skipped, and read once it is free', async () => {
    const { home, cli } = setup();
    const store = cursorStore(home);
    sqliteRun(NODE, store, [CURSOR_SCHEMA, cursorConversation()]);
    const holder = await sqliteHold(NODE, store, [{ sql: 'BEGIN EXCLUSIVE' }]);
    try {
      const first = cli(['transcripts', 'index']);
      assert.equal(first.code, 0);
      assert.equal(first.stderr, `${SKIPPED}${store}: database is locked\n`);
      const again = cli(['transcripts', 'explain', 'vault/ranges.ts:8']);
      assert.equal(again.stderr, '');
      assert.equal(again.stdout, NO_MATCH);
    } finally {
      await holder.release();
    }
    const free = cli(['transcripts', 'explain', 'vault/ranges.ts:8']);
    assert.equal(free.stderr, '');
    assert.equal(free.code, 0);
  });

  test('a corrupt store is reported once and skipped; the other stores are still read', () => {
    const { home, cli } = setup();
    const store = cursorStore(home);
    fs.writeFileSync(store, Buffer.alloc(8192, 'not a database '));
    writeTree(home, { '.codex/sessions/2026/01/01/rollout-x.jsonl': '' });
    const first = cli(['transcripts', 'index']);
    assert.equal(first.code, 0);
    assert.equal(first.stderr, `${SKIPPED}${store}: file is not a database\n`);
    assert.match(first.stdout, /^Indexed 2 stores \(2 read, 0 bytes\)/);
    const again = cli(['transcripts', 'index']);
    assert.equal(again.stderr, '');
    assert.match(
      cli(['transcripts', 'status']).stdout,
      /^ {2}cursor: 1 stores, 0 sessions, 0 fingerprints, 0 records skipped, 1 unreadable$/m,
    );
  });

  test('a store over the size limit is reported and not read', () => {
    const { home, cli } = setup();
    const store = cursorStore(home);
    // Sparse: a 2 GiB + 1 byte file that takes no disk.
    fs.writeFileSync(store, '');
    fs.truncateSync(store, 2 ** 31 + 1);
    const r = cli(['transcripts', 'index']);
    assert.equal(r.code, 0);
    assert.equal(
      r.stderr,
      `${SKIPPED}${store}: ${2 ** 31 + 1} bytes with its WAL, over the ${2 ** 31}-byte limit for a SQLite store\n`,
    );
  });

  test('a runtime without node:sqlite reports the store once and skips it', () => {
    const { home, cli } = setup();
    const store = cursorStore(home);
    sqliteRun(NODE, store, [CURSOR_SCHEMA, cursorConversation()]);
    const without = [NODE, '--no-experimental-sqlite'];
    const first = cli(['transcripts', 'index'], without);
    assert.equal(first.code, 0);
    assert.equal(first.stderr, `${SKIPPED}${store}: needs Node 22.13+ (node:sqlite) to read this SQLite store\n`);
    const again = cli(['check', '--transcripts', '--format', 'json'], without);
    assert.equal(again.code, 0);
    assert.equal(again.stderr, '2 files checked, 0 errors, 0 warnings; skipped: 1 excluded\n');
    assert.deepEqual(JSON.parse(again.stdout).files, []);
  });
});

// --- Cursor CLI ----------------------------------------------------------------

const CURSOR_CLI_SCHEMA: Statement = {
  sql: 'CREATE TABLE blobs (id TEXT PRIMARY KEY, data BLOB); CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT);',
};
const CURSOR_CLI_SESSION = '8d2f6c1e-4b3a-4e5f-9a7b-1c2d3e4f5a6b';

/** The fixture session with its last answer holding the code, and the agent record hex-encoded as observed. */
function cursorCliSession(): { statements: Statement[]; answerId: string } {
  const messages = JSON.parse(fixtureText('cursor-cli/messages.json'));
  const answer = messages[messages.length - 1];
  answer.content[0].text = `Here it is:\n\n\`\`\`ts\n${sampleFunction()}\`\`\`\n`;
  answer.createdAt = AT_MS;
  const blobs = cursorCliBlobs(messages);
  const agent = Buffer.from(fixtureText('cursor-cli/agent.json')).toString('hex');
  return {
    statements: [
      CURSOR_CLI_SCHEMA,
      { sql: 'INSERT INTO blobs (id, data) VALUES (?, ?)', rows: blobs.map((b) => [b.id, b.data]) },
      { sql: 'INSERT INTO meta (key, value) VALUES (?, ?)', rows: [['0', agent]] },
    ],
    answerId: blobs[blobs.length - 2].id,
  };
}

describe('Cursor CLI store.db', () => {
  test("an answer's code is found, with the session directory as session and the message's model", () => {
    const { home, cli } = setup();
    const store = path.join(home, `.cursor/chats/0b1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e/${CURSOR_CLI_SESSION}/store.db`);
    fs.mkdirSync(path.dirname(store), { recursive: true });
    fs.writeFileSync(path.join(path.dirname(store), 'meta.json'), fixtureText('cursor-cli/meta.json'));
    const { statements, answerId } = cursorCliSession();
    sqliteRun(NODE, store, statements);
    const r = cli(['transcripts', 'explain', 'vault/ranges.ts:8']);
    assert.equal(r.stderr, '');
    assert.equal(r.code, 0);
    assert.equal(r.stdout, explainedAt(store, 'cursor', 'cursor-cli', 'composer-2.5', CURSOR_CLI_SESSION, answerId));
    const check = cli(['check', '--transcripts', '--format', 'json']);
    assert.equal(check.code, 1, check.stderr);
    assert.deepEqual(findingSpans(check.stdout), FOUND);
    assert.match(
      cli(['transcripts', 'status']).stdout,
      /^ {2}cursor-cli: 1 stores, 1 sessions, \d+ fingerprints, 0 records skipped$/m,
    );
  });
});

// --- opencode -----------------------------------------------------------------

const OPENCODE_SCHEMA: Statement = {
  sql:
    'PRAGMA journal_mode = WAL;' +
    'CREATE TABLE `session` (`id` text PRIMARY KEY, `project_id` text NOT NULL, `parent_id` text, `slug` text NOT NULL,' +
    ' `directory` text NOT NULL, `title` text NOT NULL, `version` text NOT NULL, `time_created` integer NOT NULL,' +
    ' `time_updated` integer NOT NULL);' +
    'CREATE TABLE `message` (`id` text PRIMARY KEY, `session_id` text NOT NULL, `time_created` integer NOT NULL,' +
    ' `time_updated` integer NOT NULL, `data` text NOT NULL);' +
    'CREATE TABLE `part` (`id` text PRIMARY KEY, `message_id` text NOT NULL, `session_id` text NOT NULL,' +
    ' `time_created` integer NOT NULL, `time_updated` integer NOT NULL, `data` text NOT NULL);' +
    'CREATE INDEX `message_session_time_created_id_idx` ON `message` (`session_id`,`time_created`,`id`);' +
    'CREATE INDEX `part_message_id_id_idx` ON `part` (`message_id`,`id`);' +
    'CREATE INDEX `part_session_idx` ON `part` (`session_id`);',
};
const SESSION = 'ses_5d0c4b3a2f1eZ9yXwVuTsRqP';
const OPENCODE_MODEL = 'claude-sonnet-4-5';

function opencodePrompt(repo: string): Statement[] {
  const user = {
    role: 'user',
    time: { created: AT_MS },
    agent: 'build',
    model: { providerID: 'anthropic', modelID: OPENCODE_MODEL },
  };
  return [
    {
      sql: 'INSERT INTO session (id, project_id, slug, directory, title, version, time_created, time_updated) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
      rows: [[SESSION, 'global', 'merge-intervals', repo, 'Merge intervals', '1.0.0', AT_MS, AT_MS]],
    },
    {
      sql: 'INSERT INTO message VALUES (?, ?, ?, ?, ?)',
      rows: [['msg_01', SESSION, AT_MS, AT_MS, JSON.stringify(user)]],
    },
    {
      sql: 'INSERT INTO part VALUES (?, ?, ?, ?, ?, ?)',
      rows: [['prt_01', 'msg_01', SESSION, AT_MS, AT_MS, JSON.stringify({ type: 'text', text: 'Merge intervals.' })]],
    },
  ];
}

/** The assistant's answer: a write tool call carrying the code. */
function opencodeWrite(repo: string): Statement[] {
  const assistant = {
    role: 'assistant',
    time: { created: AT_MS, completed: AT_MS },
    parentID: 'msg_01',
    modelID: OPENCODE_MODEL,
    providerID: 'anthropic',
    mode: 'build',
    agent: 'build',
    path: { cwd: repo, root: repo },
    cost: 0,
    tokens: { input: 10, output: 20, reasoning: 0, cache: { read: 0, write: 0 } },
  };
  const write = {
    type: 'tool',
    callID: 'toolu_01',
    tool: 'write',
    state: {
      status: 'completed',
      input: { filePath: path.join(repo, 'vault/ranges.ts'), content: sampleFunction() },
      output: 'Wrote file successfully.',
      title: 'vault/ranges.ts',
      metadata: {},
      time: { start: AT_MS, end: AT_MS },
    },
  };
  return [
    {
      sql: 'INSERT INTO message VALUES (?, ?, ?, ?, ?)',
      rows: [['msg_02', SESSION, AT_MS, AT_MS, JSON.stringify(assistant)]],
    },
    {
      sql: 'INSERT INTO part VALUES (?, ?, ?, ?, ?, ?)',
      rows: [['prt_02', 'msg_02', SESSION, AT_MS, AT_MS, JSON.stringify(write)]],
    },
  ];
}

describe('opencode opencode.db', () => {
  test('a write still in the WAL (opencode running, no checkpoint yet) is found on the next run', async () => {
    const { home, repo, cli } = setup();
    const store = path.join(home, '.local/share/opencode/opencode.db');
    fs.mkdirSync(path.dirname(store), { recursive: true });
    sqliteRun(NODE, store, [OPENCODE_SCHEMA, ...opencodePrompt(repo)]);
    const before = cli(['transcripts', 'explain', 'vault/ranges.ts:8']);
    assert.equal(before.stderr, '');
    assert.equal(before.stdout, NO_MATCH);
    const mtime = fs.statSync(store).mtimeMs;
    const opencode = await sqliteHold(NODE, store, [{ sql: 'PRAGMA wal_autocheckpoint = 0' }, ...opencodeWrite(repo)]);
    try {
      assert.equal(fs.statSync(store).mtimeMs, mtime, 'the write is only in the WAL');
      const r = cli(['transcripts', 'explain', 'vault/ranges.ts:8']);
      assert.equal(r.stderr, '');
      assert.equal(r.code, 0);
      assert.equal(r.stdout, explainedAt(store, 'opencode', 'opencode', OPENCODE_MODEL, SESSION, 'prt_02'));
    } finally {
      await opencode.release();
    }
  });
});
