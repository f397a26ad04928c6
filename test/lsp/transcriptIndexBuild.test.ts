// The transcript index is built off the server's main thread: an open document
// is diagnosed and hovered while a large build runs, and gets its transcript
// finding once the index is loaded. A server whose index worker cannot start
// says so once and indexes on its main thread instead.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, describe, test } from 'node:test';
import { TranscriptStatusRequest } from '../../server/src/protocol';
import { gitInit, tempDir, writeTree } from '../helpers/tmp';
import { claudeSession, LATER_CODE, sampleFunction, writeLargeClaudeStores } from '../helpers/transcripts';
import { SERVER_JS, TestClient } from './lspClient';

const SESSION = '7f3c2a10-5b6e-4c1d-9a2f-0e8d4b6c1a23';
const AT = new Date(Math.floor(Date.now() / 1000) * 1000 - 3_600_000).toISOString();
const PREFIX = 'import { x } from "./x";\n\nconst limit = 10;\n\n';
const CODE_LINES = sampleFunction().trimEnd().split('\n').length;
/** Big enough that building its index takes far longer than answering a request. */
const LARGE_MB = 8;
const LOADED = `transcripts: index loaded: ${LARGE_MB + 1} stores, ${LARGE_MB + 1} sessions`;

function setup(largeMB: number) {
  const home = tempDir('aifence-home-');
  const repo = tempDir('aifence-repo-');
  gitInit(repo);
  writeLargeClaudeStores(home, largeMB, AT);
  writeTree(home, {
    [`.claude/projects/-work-repo/${SESSION}.jsonl`]: claudeSession({ written: sampleFunction(), at: AT }),
  });
  writeTree(repo, {
    '.aifence.json': JSON.stringify({ version: 1, zones: [{ name: 'vault', paths: ['vault'], ai: 'block' }] }),
    'vault/a.ts': '',
  });
  return { home, repo, env: { HOME: home, XDG_CACHE_HOME: path.join(home, '.cache') } };
}

const codes = (ds: readonly { code?: unknown; range: { start: { line: number }; end: { line: number } } }[]) =>
  ds.map((d) => [d.code, d.range.start.line, d.range.end.line]);

/** The open file's diagnostics once they carry the transcript finding. */
function finding(c: TestClient, uri: string) {
  return c.waitFor(
    'the transcript finding',
    () => {
      const d = c.diagnostics.get(uri);
      return d?.diagnostics.some((x) => x.code === 'AIF003') ? d : undefined;
    },
    60_000,
  );
}

describe('transcript index built off the main thread', () => {
  const clients: TestClient[] = [];
  after(async () => {
    for (const c of clients) await c.stop();
  });

  test('during a large build an open document is diagnosed and hovered; after it, the transcript finding appears', async () => {
    const { repo, env } = setup(LARGE_MB);
    const c = await TestClient.start({ root: repo, env, initializationOptions: { trusted: true } });
    clients.push(c);
    const { uri } = c.open(path.join(repo, 'vault/a.ts'), `${PREFIX}${sampleFunction()}`, 'typescript');
    const loaded = () => c.logs.includes(LOADED);
    // Each answer is checked as it arrives: the server's messages come in the order it sent them.
    const first = await c.waitFor('the first diagnostics', () => {
      const d = c.diagnostics.get(uri);
      return d && { diagnostics: d.diagnostics, loaded: loaded() };
    });
    assert.deepEqual(first, { diagnostics: [], loaded: false });
    const hover = await c
      .hover({ textDocument: { uri }, position: { line: 6, character: 2 } })
      .then((h) => ({ h, loaded: loaded() }));
    assert.deepEqual(hover, { h: null, loaded: false });

    const after = await finding(c, uri);
    assert.ok(loaded(), 'the index was loaded before the finding was published');
    assert.deepEqual(codes(after.diagnostics), [
      ['AIF001', 4, 3 + CODE_LINES],
      ['AIF003', 4, 3 + CODE_LINES],
    ]);
    assert.deepEqual(
      c.logs.filter((l) => l.startsWith('transcripts:')),
      [LOADED],
    );
  });

  test('without its worker the server reports it once and indexes on its main thread, updates included', async () => {
    const { home, repo, env } = setup(0);
    // The server bundle alone: the worker's script next to it is missing, as in a broken install.
    const serverJs = path.join(tempDir('aifence-server-'), 'server.js');
    fs.copyFileSync(SERVER_JS, serverJs);
    const c = await TestClient.start({ root: repo, env, serverJs, initializationOptions: { trusted: true } });
    clients.push(c);
    const { uri } = c.open(path.join(repo, 'vault/a.ts'), `${PREFIX}${sampleFunction()}`, 'typescript');
    assert.deepEqual(codes((await finding(c, uri)).diagnostics), [
      ['AIF001', 4, 3 + CODE_LINES],
      ['AIF003', 4, 3 + CODE_LINES],
    ]);
    const failed =
      /^the index worker failed \(Cannot find module '.*transcriptIndexWorker\.js'.*\); indexing on the main thread$/s;
    const status = await c.connection.sendRequest(TranscriptStatusRequest.type);
    assert.equal(status.problems?.length, 1);
    assert.match(status.problems?.[0] ?? '', failed);

    // A session written now is indexed on the main thread too, and the failure is not reported again.
    const { uri: laterUri } = c.open(path.join(repo, 'vault/b.ts'), LATER_CODE, 'typescript');
    assert.deepEqual((await c.diagnosticsFor(laterUri)).diagnostics, []);
    const later = 'a1b2c3d4-0000-4000-8000-000000000001';
    writeTree(home, {
      [`.claude/projects/-work-repo/${later}.jsonl`]: claudeSession({ written: LATER_CODE, at: AT, session: later }),
    });
    const laterLines = LATER_CODE.trimEnd().split('\n').length;
    assert.deepEqual(codes((await finding(c, laterUri)).diagnostics), [
      ['AIF001', 0, laterLines - 1],
      ['AIF003', 0, laterLines - 1],
    ]);
    assert.deepEqual(
      c.logs.filter((l) => l.startsWith('transcripts:')).map((l) => failed.test(l.slice('transcripts: '.length))),
      [true, false],
      'the failure once, then the index loaded',
    );
  });
});
