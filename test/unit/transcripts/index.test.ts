import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { fingerprints } from '../../../server/src/transcripts/fingerprint';
import { type IndexOptions, updateIndex } from '../../../server/src/transcripts/indexer';
import { READERS } from '../../../server/src/transcripts/readers';
import { claudeCodeReader } from '../../../server/src/transcripts/readers/claudeCode';
import { entryFile, readEntry } from '../../../server/src/transcripts/storeEntry';
import { tempDir, writeTree } from '../../helpers/tmp';
import { claudeSession, installFixtureHome, largeClaudeSession, sampleFunction } from '../../helpers/transcripts';

const STORE_REL = '.claude/projects/p/7f3c2a10-5b6e-4c1d-9a2f-0e8d4b6c1a23.jsonl';

function setup(): { home: string; store: string; options: IndexOptions } {
  const home = tempDir();
  const store = path.join(home, STORE_REL);
  const options: IndexOptions = {
    dir: path.join(home, '.cache', 'ai-fence', 'transcripts'),
    readers: [claudeCodeReader],
    locate: { home, env: {}, platform: 'linux' },
    retentionDays: 0,
  };
  return { home, store, options };
}

const producedCount = (options: IndexOptions) =>
  updateIndex(options).entries.reduce((n, e) => n + e.produced.length / 2, 0);

describe('transcript index', () => {
  it('a build large enough for worker threads gives the entries a build on this thread gives', () => {
    const { home, options } = setup();
    const at = '2026-05-01T00:00:00.000Z';
    const sizes = [3_000_000, 3_000_000, 2_500_000, 40_000];
    for (const [s, bytes] of sizes.entries())
      writeTree(home, { [`.claude/projects/p/s${s}.jsonl`]: largeClaudeSession(`s${s}`, bytes, at) });
    const pooled = updateIndex(options);
    assert.equal(pooled.workers, os.availableParallelism() > 1 ? 1 : 0);
    // A caller that is a worker itself (the language server's) builds it on its own thread.
    const own = updateIndex({ ...options, dir: path.join(home, 'own-thread'), thisThreadOnly: true });
    assert.equal(own.workers, 0);
    assert.deepEqual(
      own.entries.map((e) => [e.produced, e.shown]),
      pooled.entries.map((e) => [e.produced, e.shown]),
    );
    // Each store alone is below the pool's threshold: indexed on this thread.
    for (const [s, entry] of pooled.entries.entries()) {
      const alone = tempDir();
      fs.cpSync(entry.meta.store, path.join(alone, STORE_REL));
      const single = updateIndex({
        ...options,
        dir: path.join(alone, 'cache'),
        locate: { ...options.locate, home: alone },
      });
      assert.equal(single.workers, 0);
      const [own] = single.entries;
      assert.deepEqual(
        [own.produced, own.shown, own.meta.records, own.meta.sessions],
        [entry.produced, entry.shown, entry.meta.records, entry.meta.sessions],
        `store ${s}`,
      );
      assert.deepEqual(
        readEntry(entryFile(options.dir, entry.meta.store))?.produced,
        entry.produced,
        'entry file written',
      );
    }
  });

  it('reads only the appended bytes of a grown line store', () => {
    const { home, store, options } = setup();
    const first = claudeSession({ written: sampleFunction('first') });
    writeTree(home, { [STORE_REL]: first });
    const built = updateIndex(options);
    assert.equal(built.bytesRead, Buffer.byteLength(first));
    const second = claudeSession({ written: sampleFunction('second').replace(/const/g, 'let') });
    fs.appendFileSync(store, second);
    const again = updateIndex(options);
    assert.equal(again.updated, 1);
    assert.equal(again.bytesRead, Buffer.byteLength(second));
    assert.equal(again.entries[0].meta.lines, first.split('\n').length - 1 + second.split('\n').length - 1);
    // Unchanged: nothing read.
    assert.equal(updateIndex(options).bytesRead, 0);
  });

  it('leaves a line still being written for the next update', () => {
    const { home, store, options } = setup();
    const whole = claudeSession({ written: sampleFunction() });
    writeTree(home, { [STORE_REL]: whole.slice(0, -40) });
    assert.equal(updateIndex(options).entries[0].meta.offset, whole.lastIndexOf('\n', whole.length - 2) + 1);
    fs.writeFileSync(store, whole);
    assert.equal(updateIndex(options).entries[0].meta.offset, whole.length);
  });

  it('re-indexes a truncated store and a rotated one from the start', () => {
    const { home, store, options } = setup();
    writeTree(home, { [STORE_REL]: claudeSession({ written: sampleFunction() }) + claudeSession({ written: 'x' }) });
    const full = producedCount(options);
    assert.ok(full > 0);
    fs.writeFileSync(store, claudeSession({ written: 'const tiny = 1;\n' }));
    assert.equal(producedCount(options), 0, 'truncated: the old fingerprints are gone');
    const rotated = claudeSession({
      written: sampleFunction('other'),
      session: 'aaaaaaaa-0000-0000-0000-000000000000',
    });
    fs.writeFileSync(store, rotated + rotated);
    const r = updateIndex(options);
    assert.equal(r.bytesRead, Buffer.byteLength(rotated) * 2);
    assert.deepEqual(r.entries[0].meta.sessions, ['aaaaaaaa-0000-0000-0000-000000000000']);
  });

  it('ignores a corrupt index file and rebuilds it', () => {
    const { home, store, options } = setup();
    writeTree(home, { [STORE_REL]: claudeSession({ written: sampleFunction() }) });
    const good = producedCount(options);
    const file = entryFile(options.dir, store);
    fs.writeFileSync(file, fs.readFileSync(file).subarray(0, 30));
    assert.equal(readEntry(file), undefined);
    assert.equal(producedCount(options), good);
    assert.notEqual(readEntry(file), undefined);
  });

  it('keeps hashes and metadata, never a line of transcript or source text', () => {
    const home = tempDir();
    installFixtureHome(home);
    const dir = path.join(home, 'cache');
    const r = updateIndex({ dir, readers: READERS, locate: { home, env: {}, platform: 'linux' }, retentionDays: 0 });
    assert.ok(r.entries.every((e) => !e.meta.error));
    assert.ok(r.entries.reduce((n, e) => n + e.produced.length, 0) > 0);
    const bytes = Buffer.concat(fs.readdirSync(dir).map((f) => fs.readFileSync(path.join(dir, f)))).toString('latin1');
    const sourceLines = [
      'export function clamp(x: number, lo: number, hi: number): number {',
      'return Math.min(hi, Math.max(lo, x));',
      'export function add(a: number, b: number) {',
      'return a + b;',
      'Add a clamp helper',
      "import { clamp } from './math';",
    ];
    for (const line of sourceLines) assert.ok(!bytes.includes(line), `index holds "${line}"`);
    assert.ok(!bytes.includes('Math.min'));
  });

  it('drops messages older than the retention period', () => {
    const { home, options } = setup();
    writeTree(home, { [STORE_REL]: claudeSession({ written: sampleFunction(), at: '2026-01-01T00:00:00.000Z' }) });
    const now = Date.parse('2026-03-01T00:00:00.000Z');
    assert.equal(producedCount({ ...options, retentionDays: 30, now }), 0);
    assert.ok(producedCount({ ...options, retentionDays: 90, now, dir: `${options.dir}-2` }) > 0);
  });

  it('reports an unreadable store once and goes on', () => {
    const { home, store, options } = setup();
    writeTree(home, { [STORE_REL]: '' });
    fs.rmSync(store);
    fs.mkdirSync(path.join(store), { recursive: true });
    fs.writeFileSync(path.join(home, '.claude/projects/p/ok.jsonl'), claudeSession({ written: sampleFunction() }));
    const reader = { ...claudeCodeReader, stores: () => [store, path.join(home, '.claude/projects/p/ok.jsonl')] };
    const first = updateIndex({ ...options, readers: [reader] });
    assert.equal(first.problems.length, 1);
    assert.match(first.problems[0], /EISDIR/);
    assert.ok(first.entries[1].produced.length > 0);
    assert.deepEqual(updateIndex({ ...options, readers: [reader] }).problems, []);
  });

  it('counts a produced fingerprint once per session (Codex writes assistant text twice)', () => {
    const { options } = setup();
    const text = sampleFunction();
    const { home } = { home: options.locate.home };
    const doubled = claudeSession({ written: text }).trim();
    writeTree(home, { [STORE_REL]: `${doubled}\n${doubled.split('\n').pop()}\n` });
    assert.equal(producedCount(options), fingerprints(text).length - countDuplicates(fingerprints(text)));
  });
});

function countDuplicates(a: Uint32Array): number {
  return a.length - new Set(a).size;
}
