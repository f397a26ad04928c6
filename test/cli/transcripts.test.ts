// `check --transcripts` and `ai-fence transcripts` end to end: the built CLI,
// a real git repository, HOME pointed at transcript stores built from the fixtures.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { runCli } from '../helpers/cli';
import { gitInit, tempDir, writeTree } from '../helpers/tmp';
import {
  AMP_THREAD,
  ampThread,
  CLAUDE_SESSION,
  explained,
  findingSpans,
  HUMAN_PREFIX,
  installFixtureHome,
  largeClaudeSession,
  RECENT_AT,
  SAMPLE_LINES,
  sampleFunction,
  sessionAndRepo,
} from '../helpers/transcripts';

function setup() {
  const { home, repo, store, env } = sessionAndRepo({
    '.aifence.json': JSON.stringify({ version: 1, zones: [{ name: 'vault', paths: ['vault'], ai: 'block' }] }),
    'vault/ranges.ts': `${HUMAN_PREFIX}${sampleFunction()}`,
    'src/clean.ts': `${HUMAN_PREFIX}export const y = 2;\n`,
  });
  installFixtureHome(home, repo);
  return { home, repo, store, env };
}

describe('check --transcripts', () => {
  const { repo, store, env, home } = setup();

  test('off by default: no transcript is read and nothing is reported', () => {
    const r = runCli(repo, ['check', '--format', 'json'], env);
    assert.equal(r.code, 0);
    assert.deepEqual(JSON.parse(r.stdout).files, []);
    assert.equal(fs.existsSync(path.join(home, '.cache', 'ai-fence')), false);
  });

  test('reports the matched lines as AIF003 and AIF001 by zone, with transcript evidence', () => {
    const r = runCli(repo, ['check', '--transcripts', '--format', 'json'], env);
    assert.equal(r.code, 1, r.stderr);
    const out = JSON.parse(r.stdout);
    assert.deepEqual(
      out.files.map((f: { path: string }) => f.path),
      ['vault/ranges.ts'],
    );
    const findings = out.files[0].findings;
    assert.deepEqual(
      findings.map((f: { code: string; line: number; endLine: number }) => [f.code, f.line, f.endLine]),
      [
        ['AIF001', 5, 4 + SAMPLE_LINES],
        ['AIF003', 5, 4 + SAMPLE_LINES],
      ],
    );
    assert.deepEqual(findings[1].evidence, {
      kind: 'transcript',
      tool: 'claude-code',
      model: 'claude-sonnet-4-5-20250929',
      session: CLAUDE_SESSION,
      at: RECENT_AT,
      store,
      storeLine: 2,
    });
  });

  test('--no-source turns a source off', () => {
    const r = runCli(repo, ['check', '--transcripts', '--no-source', 'claude-code', '--format', 'json'], env);
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(JSON.parse(r.stdout).files, []);
    const bad = runCli(repo, ['check', '--transcripts', '--no-source', 'nope'], env);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /unknown transcript source "nope"/);
  });

  test('transcripts explain FILE:LINE names the session, tool, model, time and store line', () => {
    const r = runCli(repo, ['transcripts', 'explain', 'vault/ranges.ts:8'], env);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(
      r.stdout,
      explained({
        lines: `5-${4 + SAMPLE_LINES}`,
        tool: 'claude-code',
        source: 'claude-code',
        model: 'claude-sonnet-4-5-20250929',
        session: CLAUDE_SESSION,
        at: RECENT_AT,
        store: `${store}:2`,
      }),
    );
    const none = runCli(repo, ['transcripts', 'explain', 'vault/ranges.ts:2'], env);
    assert.equal(none.code, 1);
    assert.equal(none.stdout, 'vault/ranges.ts:2: no match in the AI transcripts\n');
  });

  test('transcripts status and clear', () => {
    // The fixtures are older than the default retention period.
    const status = runCli(repo, ['transcripts', 'status', '--retention-days', '0'], env);
    assert.equal(status.code, 0, status.stderr);
    assert.match(status.stdout, /^ {2}claude-code: 2 stores, 2 sessions, \d+ fingerprints, 0 records skipped$/m);
    for (const id of ['codex', 'gemini-cli', 'vscode-copilot', 'continue', 'aider', 'cline', 'roo-code', 'amp'])
      assert.match(status.stdout, new RegExp(`^ {2}${id}: \\d+ stores`, 'm'), id);
    const dir = path.join(home, '.cache', 'ai-fence', 'transcripts');
    assert.ok(fs.readdirSync(dir).length > 0);
    assert.equal(runCli(repo, ['transcripts', 'clear'], env).code, 0);
    assert.equal(fs.existsSync(dir), false);
    const index = runCli(repo, ['transcripts', 'index'], env);
    assert.equal(index.code, 0);
    assert.match(index.stdout, /^Indexed 11 stores \(11 read, \d+ bytes\)/);
  });

  test('--fix labels the region with the true tool, model and date', () => {
    const r = runCli(repo, ['check', '--transcripts', '--fix', '--format', 'json'], env);
    assert.equal(r.code, 1, r.stderr);
    const text = fs.readFileSync(path.join(repo, 'vault/ranges.ts'), 'utf8').split('\n');
    assert.match(
      text[4],
      new RegExp(
        `^// ai-provenance: begin id=[0-9a-f]{8} tool=claude-code model=anthropic/claude-sonnet-4-5-20250929 at=${RECENT_AT.replace('.000Z', 'Z')} hash=sha256:[0-9a-f]{16}$`,
      ),
    );
    assert.match(text[5 + SAMPLE_LINES], /^\/\/ ai-provenance: end id=[0-9a-f]{8}$/);
    const after = JSON.parse(runCli(repo, ['check', '--transcripts', '--format', 'json'], env).stdout);
    assert.deepEqual(
      after.files[0].findings.map((f: { code: string }) => f.code),
      ['AIF001'],
    );
  });
});

describe('Amp threads', () => {
  test("a create_file call's content is found, with the thread as session and the message's model", () => {
    const home = tempDir('aifence-home-');
    const repo = tempDir('aifence-repo-');
    gitInit(repo);
    const store = path.join(home, `.local/share/amp/threads/${AMP_THREAD}.json`);
    writeTree(home, { [path.relative(home, store)]: ampThread(sampleFunction(), RECENT_AT) });
    writeTree(repo, {
      '.aifence.json': JSON.stringify({ version: 1, zones: [{ name: 'vault', paths: ['vault'], ai: 'block' }] }),
      'vault/ranges.ts': `${HUMAN_PREFIX}${sampleFunction()}`,
    });
    const env = { HOME: home, XDG_CACHE_HOME: path.join(home, '.cache') };
    const check = runCli(repo, ['check', '--transcripts', '--format', 'json'], env);
    assert.equal(check.code, 1, check.stderr);
    assert.deepEqual(findingSpans(check.stdout), [
      ['AIF001', 5, 4 + SAMPLE_LINES],
      ['AIF003', 5, 4 + SAMPLE_LINES],
    ]);
    const r = runCli(repo, ['transcripts', 'explain', 'vault/ranges.ts:8'], env);
    assert.equal(r.stderr, '');
    assert.equal(
      r.stdout,
      explained({
        lines: `5-${4 + SAMPLE_LINES}`,
        tool: 'amp',
        source: 'amp',
        model: 'claude-sonnet-4-5-20250929',
        session: AMP_THREAD,
        at: RECENT_AT,
        store: `${store} (messages[3])`,
      }),
    );
    const off = runCli(repo, ['check', '--transcripts', '--no-source', 'amp', '--format', 'json'], env);
    assert.equal(off.code, 0, off.stderr);
    assert.deepEqual(JSON.parse(off.stdout).files, []);
  });
});

describe('export --transcripts', () => {
  const { repo, store, env } = setup();

  test('the manifest carries the matched lines as transcript evidence, with their zone', () => {
    const r = runCli(repo, ['export', '--transcripts', '--evidence', 'transcript'], env);
    assert.equal(r.code, 0, r.stderr);
    const records = r.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    const vault = records.find((x) => x.type === 'file' && x.path === 'vault/ranges.ts');
    assert.deepEqual(vault.ranges, [
      {
        startLine: 5,
        endLine: 4 + SAMPLE_LINES,
        evidence: 'transcript',
        tool: 'claude-code',
        model: 'claude-sonnet-4-5-20250929',
        zone: 'vault',
        detail: `transcript ${store}:2`,
      },
    ]);
    assert.deepEqual(records.find((x) => x.type === 'file' && x.path === 'src/clean.ts').ranges, []);
    // Without the flag no transcript is read.
    const off = runCli(repo, ['export', '--evidence', 'transcript'], env);
    assert.equal(off.stdout.includes('"evidence":"transcript"'), false);
  });
});

describe('transcripts index on worker threads', () => {
  test('a build of more than 8 MB is spread over min(2, CPUs) threads, this one and a worker, and finds the AI code', () => {
    const { repo, env, home } = setup();
    // Five sessions of 2 MB beside the fixtures: enough bytes for the pool.
    for (let s = 0; s < 5; s++)
      writeTree(home, {
        [`.claude/projects/-work-big/pad-${s}.jsonl`]: largeClaudeSession(`pad-${s}`, 2_000_000, RECENT_AT),
      });
    const r = runCli(repo, ['transcripts', 'index'], env);
    assert.equal(r.code, 0, r.stderr);
    const threads = Math.min(2, os.availableParallelism());
    assert.match(
      r.stdout,
      threads > 1
        ? /^Indexed 16 stores \(16 read, \d+ bytes\) on 2 threads in \d+ ms/
        : /^Indexed 16 stores \(16 read, \d+ bytes\) in/,
    );
    const check = runCli(repo, ['check', '--transcripts', '--format', 'json'], env);
    assert.equal(check.code, 1, check.stderr);
    const files = JSON.parse(check.stdout).files as {
      path: string;
      findings: { code: string; line: number; endLine: number }[];
    }[];
    assert.deepEqual(
      files.map((f) => [f.path, f.findings.map((x) => [x.code, x.line, x.endLine])]),
      [
        [
          'vault/ranges.ts',
          [
            ['AIF001', 5, 4 + SAMPLE_LINES],
            ['AIF003', 5, 4 + SAMPLE_LINES],
          ],
        ],
      ],
    );
  });
});
