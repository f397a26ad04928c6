// The server matches pasted text against the AI tools' transcripts: HOME is a
// temp home holding the transcript fixtures (test/fixtures/transcripts) and a
// Claude Code session in the fixture's format that wrote sampleFunction().
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, describe, test } from 'node:test';
import { pathToUri } from '../../server/src/lsp/uris';
import {
  LabelTextRequest,
  type ServerSettings,
  TranscriptMatchesRequest,
  TranscriptOriginRequest,
  TranscriptStatusRequest,
} from '../../server/src/protocol';
import { tempDir, writeTree } from '../helpers/tmp';
import {
  CLAUDE_SESSION,
  claudeSession,
  HUMAN_PREFIX,
  installFixtureHome,
  LATER_CODE,
  RECENT_AT,
  SAMPLE_LINES,
  sampleFunction,
  sessionAndRepo,
  WORK_PROJECT,
} from '../helpers/transcripts';
import { PrivateWatchman, watchmanSkip } from '../helpers/watchman';
import { TestClient } from './lspClient';

let privateWatchman: PrivateWatchman | undefined;
/** One private Watchman daemon for the tests that watch their repository, started on first use. */
const watchman = () => {
  privateWatchman ??= new PrivateWatchman();
  return privateWatchman;
};

function setup() {
  const { home, repo, env } = sessionAndRepo({
    '.aifence.json': JSON.stringify({
      version: 1,
      zones: [{ name: 'vault', paths: ['vault'], ai: 'block', message: 'Keep AI out of the vault.' }],
    }),
    'vault/a.ts': '',
    'src/b.ts': '',
    // On disk, not open: the workspace scan reports it.
    'src/copied.ts': `${HUMAN_PREFIX}${sampleFunction()}`,
  });
  installFixtureHome(home);
  return { home, repo, env };
}

/** Starts servers on `repo` (trusted or not), stopped after the suite that calls this. */
function serverStarter(repo: string, env: NodeJS.ProcessEnv) {
  const clients: TestClient[] = [];
  after(async () => {
    for (const c of clients) await c.stop();
  });
  return async (trusted: boolean | undefined, settings?: Partial<ServerSettings>) => {
    const c = await TestClient.start({ root: repo, env, initializationOptions: { trusted }, settings });
    clients.push(c);
    return c;
  };
}

describe('transcript origin of pasted text', () => {
  const { home, repo, env } = setup();
  const start = serverStarter(repo, env);
  const origin = (c: TestClient, rel: string, text: string) =>
    c.connection.sendRequest(TranscriptOriginRequest.type, { uri: pathToUri(path.join(repo, rel)), text });

  test('untrusted: null, and no transcript is read', async () => {
    const c = await start(undefined);
    assert.equal(await origin(c, 'src/b.ts', sampleFunction()), null);
    assert.deepEqual(await c.connection.sendRequest(TranscriptStatusRequest.type), {
      enabled: false,
      stores: 0,
      sessions: 0,
    });
    assert.equal(fs.existsSync(path.join(home, '.cache', 'ai-fence')), false);
  });

  test('trusted: the Claude Code session that wrote the text, and the rule where it goes', async () => {
    const c = await start(true);
    const vaultZone = await origin(c, 'vault/a.ts', sampleFunction());
    assert.deepEqual(
      { ...vaultZone, zone: vaultZone?.zone && { name: vaultZone.zone.name, message: vaultZone.zone.message } },
      {
        tool: 'claude-code',
        model: 'claude-sonnet-4-5-20250929',
        at: RECENT_AT,
        session: CLAUDE_SESSION,
        ai: 'block',
        zone: { name: 'vault', message: 'Keep AI out of the vault.' },
      },
    );
    assert.deepEqual(await origin(c, 'src/b.ts', sampleFunction()), {
      tool: 'claude-code',
      model: 'claude-sonnet-4-5-20250929',
      at: RECENT_AT,
      session: CLAUDE_SESSION,
      ai: 'allow',
    });
    assert.equal(await origin(c, 'src/b.ts', LATER_CODE), null, 'text no tool produced');
    const status = await c.connection.sendRequest(TranscriptStatusRequest.type);
    assert.equal(status.enabled, true);
    assert.equal(status.stores, 10, 'the fixture stores installFixtureHome places (nine) and the written session');
    assert.ok(status.updatedAt && !Number.isNaN(Date.parse(status.updatedAt)));
  });

  test('a session written while the server runs is matched without a restart', async () => {
    const c = await start(true);
    assert.equal(await origin(c, 'src/b.ts', LATER_CODE), null);
    const later = 'a1b2c3d4-0000-4000-8000-000000000001';
    writeTree(home, {
      [`${WORK_PROJECT}/${later}.jsonl`]: claudeSession({ written: LATER_CODE, at: RECENT_AT, session: later }),
    });
    const deadline = Date.now() + 5000;
    let answer: TranscriptOriginRequest.Result | null = null;
    while (!answer && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 100));
      answer = await origin(c, 'src/b.ts', LATER_CODE);
    }
    assert.equal(answer?.session, later);
    assert.equal(answer?.tool, 'claude-code');
    // The tool deletes the session (its own retention): its text no longer matches.
    fs.rmSync(path.join(home, WORK_PROJECT, `${later}.jsonl`));
    while (answer && Date.now() < deadline + 5000) {
      await new Promise((r) => setTimeout(r, 100));
      answer = await origin(c, 'src/b.ts', LATER_CODE);
    }
    assert.equal(answer, null);
    assert.equal((await origin(c, 'src/b.ts', sampleFunction()))?.session, CLAUDE_SESSION, 'the other sessions stay');
  });

  test('the setting aiFence.transcripts.enable off: null', async () => {
    const c = await start(true, { transcripts: { enable: false } });
    assert.equal(await origin(c, 'src/b.ts', sampleFunction()), null);
    assert.equal((await c.connection.sendRequest(TranscriptStatusRequest.type)).enabled, false);
  });
});

describe('transcript evidence in diagnostics and hover', () => {
  const { repo, env } = setup();
  const start = serverStarter(repo, env);
  const codes = (ds: readonly { code?: unknown; range: { start: { line: number }; end: { line: number } } }[]) =>
    ds.map((d) => [d.code, d.range.start.line, d.range.end.line]);

  test('trusted: an open file and a scanned file get AIF003 from the transcript, and hover names the session', async () => {
    const c = await start(true);
    const { uri } = c.open(path.join(repo, 'vault/a.ts'), `${HUMAN_PREFIX}${sampleFunction()}`, 'typescript');
    const open = await c.waitFor('transcript findings on the open file', () => {
      const d = c.diagnostics.get(uri);
      return d?.diagnostics.length ? d : undefined;
    });
    assert.deepEqual(codes(open.diagnostics), [
      ['AIF001', 4, 3 + SAMPLE_LINES],
      ['AIF003', 4, 3 + SAMPLE_LINES],
    ]);
    const scanned = await c.diagnosticsFor(pathToUri(path.join(repo, 'src/copied.ts')));
    assert.deepEqual(codes(scanned.diagnostics), [['AIF003', 4, 3 + SAMPLE_LINES]]);
    const hover = await c.hover({ textDocument: { uri }, position: { line: 6, character: 2 } });
    assert.equal(
      (hover as { contents: { value: string } }).contents.value,
      [
        `**AI origin** (transcript) · lines 5–${4 + SAMPLE_LINES}, unlabeled`,
        '',
        `Matches what **claude-code** (claude-sonnet-4-5-20250929) wrote in session \`${CLAUDE_SESSION}\` at ${RECENT_AT}.`,
      ].join('\n'),
    );
  });

  test('a scanned file gets AIF003 once a session that wrote it is indexed, though the scan had cached it clean', async () => {
    const { home: laterHome, repo: laterRepo, env: laterEnv } = setup();
    const file = path.join(laterRepo, 'src/later.ts');
    writeTree(laterRepo, { 'src/later.ts': `${HUMAN_PREFIX}${LATER_CODE}` });
    // Past the cache's racy window: the file's stat alone would prove it unchanged.
    await new Promise((r) => setTimeout(r, 2100));
    const c = await TestClient.start({
      root: laterRepo,
      env: { ...laterEnv, XDG_STATE_HOME: tempDir('aifence-transcripts-state-') },
      initializationOptions: { trusted: true },
    });
    try {
      await c.scanLog();
      assert.equal(c.diagnostics.get(pathToUri(file))?.diagnostics.length ?? 0, 0);
      // The agent's transcript arrives after the file it wrote.
      const session = 'a1b2c3d4-0000-4000-8000-000000000002';
      writeTree(laterHome, {
        [`${WORK_PROJECT}/${session}.jsonl`]: claudeSession({ written: LATER_CODE, at: RECENT_AT, session }),
      });
      const found = await c.findingCodes(file);
      assert.deepEqual(found, ['AIF003']);
    } finally {
      await c.stop();
    }
  });

  // A file the last session read shortly before it ended, whose agent's transcript was indexed only after.
  for (const journal of [false, true])
    test(`a session's transcript indexed only after the editor closed marks the file it wrote at the next start${journal ? ', with a Watchman journal' : ''}`, {
      skip: journal && watchmanSkip(),
    }, async () => {
      const { home: laterHome, repo: laterRepo, env: laterEnv } = setup();
      const file = path.join(laterRepo, 'src/late.ts');
      writeTree(laterRepo, { 'src/late.ts': `${HUMAN_PREFIX}${LATER_CODE}` });
      if (journal) watchman().watch(laterRepo);
      await new Promise((r) => setTimeout(r, 2100));
      const env = {
        ...laterEnv,
        ...(journal ? watchman().env : {}),
        XDG_STATE_HOME: tempDir('aifence-transcripts-state-'),
      };
      const scan = async () => {
        const c = await TestClient.start({ root: laterRepo, env, initializationOptions: { trusted: true } });
        const log = await c.scanLog();
        const codes = (c.diagnostics.get(pathToUri(file))?.diagnostics ?? []).map((d) => d.code);
        await c.stop();
        return { log, codes };
      };
      assert.deepEqual((await scan()).codes, []);
      const session = 'a1b2c3d4-0000-4000-8000-000000000003';
      writeTree(laterHome, {
        [`${WORK_PROJECT}/${session}.jsonl`]: claudeSession({ written: LATER_CODE, at: RECENT_AT, session }),
      });
      const next = await scan();
      assert.deepEqual(next.codes, ['AIF003']);
      if (journal) assert.match(next.log, /watchman journal/);
      // Kept: the start after that shows it too.
      assert.deepEqual((await scan()).codes, ['AIF003']);
    });

  test('untrusted: no transcript evidence', async () => {
    const c = await start(false);
    const { uri } = c.open(path.join(repo, 'src/b.ts'), `${HUMAN_PREFIX}${sampleFunction()}`, 'typescript');
    const d = await c.diagnosticsFor(uri);
    assert.deepEqual(d.diagnostics, []);
  });
});

describe('the transcript matches of an open document (aiFence/transcriptMatches)', () => {
  const { home, repo, env } = setup();
  const start = serverStarter(repo, env);
  const matches = (c: TestClient, uri: string) => c.connection.sendRequest(TranscriptMatchesRequest.type, { uri });

  test('trusted: each matched region with its session and transcript line, labelled ones included', async () => {
    const c = await start(true);
    const { uri } = c.open(path.join(repo, 'src/b.ts'), `${HUMAN_PREFIX}${sampleFunction()}`, 'typescript');
    await c.waitFor('the transcript finding', () => c.diagnostics.get(uri)?.diagnostics.length || undefined);
    const expected = {
      startLine: 4,
      endLine: 3 + SAMPLE_LINES,
      tool: 'claude-code',
      model: 'claude-sonnet-4-5-20250929',
      at: RECENT_AT,
      session: CLAUDE_SESSION,
      store: path.join(home, WORK_PROJECT, `${CLAUDE_SESSION}.jsonl`),
      // The session's prompt, then the Write call that produced the code.
      storeLine: 2,
    };
    assert.deepEqual(await matches(c, uri), [expected]);
    // Labelled as AI output, the region is no finding any more, but the index still knows it.
    const labelled = path.join(repo, 'src/labelled.ts');
    const { text } = await c.connection.sendRequest(LabelTextRequest.type, {
      uri: pathToUri(labelled),
      languageId: 'typescript',
      text: sampleFunction(),
      tool: 'claude-code',
      source: 'paste',
      indent: '',
    });
    const { uri: labelledUri } = c.open(labelled, `${HUMAN_PREFIX}${text}`, 'typescript');
    assert.deepEqual((await c.diagnosticsFor(labelledUri)).diagnostics, []);
    assert.deepEqual(await matches(c, labelledUri), [{ ...expected, startLine: 5, endLine: 4 + SAMPLE_LINES }]);
    const { uri: plain } = c.open(path.join(repo, 'src/plain.ts'), LATER_CODE, 'typescript');
    assert.deepEqual(await matches(c, plain), [], 'text no tool produced');
    assert.equal(await matches(c, pathToUri(path.join(repo, 'src/copied.ts'))), null, 'not open');
  });

  test('untrusted: null', async () => {
    const c = await start(false);
    const { uri } = c.open(path.join(repo, 'src/b.ts'), `${HUMAN_PREFIX}${sampleFunction()}`, 'typescript');
    await c.diagnosticsFor(uri);
    assert.equal(await matches(c, uri), null);
  });
});

describe('transcript matching of an open document while it is edited', () => {
  const { repo, env } = setup();
  let client: TestClient | undefined;
  after(async () => {
    await client?.stop();
  });

  test('a burst of edits is matched once, after the burst, at the lines the code moved to', async () => {
    const c = await TestClient.start({ root: repo, env, initializationOptions: { trusted: true } });
    client = c;
    const { uri } = c.open(path.join(repo, 'src/b.ts'), `${HUMAN_PREFIX}${sampleFunction()}`, 'typescript');
    const aif003 = (d: { diagnostics: { code?: unknown; range: { start: { line: number } } }[] }) =>
      d.diagnostics.filter((x) => x.code === 'AIF003').map((x) => x.range.start.line);
    const opened = await c.waitFor('the transcript finding', () => {
      const d = c.diagnostics.get(uri);
      return d && aif003(d).length ? d : undefined;
    });
    assert.deepEqual(aif003(opened), [4]);
    const publishedBefore = c.published.length;
    let version = 1;
    for (let i = 0; i < 5; i++)
      version = c.change(uri, [
        { range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: `// note ${i}\n` },
      ]);
    const settled = await c.waitFor('the finding at its new lines', () => {
      const d = c.diagnostics.get(uri);
      return d?.version === version && aif003(d)[0] === 9 ? d : undefined;
    });
    assert.deepEqual(aif003(settled), [9]);
    // Matching on every edit would publish it at lines 5 to 8 on the way; settled matching keeps
    // the last match during the burst and publishes the new lines once.
    const seen = c.published
      .slice(publishedBefore)
      .filter((d) => d.uri === uri)
      .map((d) => aif003(d).join(','));
    assert.deepEqual([...new Set(seen)], ['4', '9']);
  });
});
