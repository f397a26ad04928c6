// The check cache's rules, without a file system: when an entry is a hit,
// when only its content hash can prove it, and what is never kept.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { CheckCache, type FileStamp, RACY_MS } from '../../../server/src/engine/cache/checkCache';

const NOW = 1_800_000_000_000;
const OLD: FileStamp = { size: 10, mtimeMs: NOW - 60_000, ctimeMs: NOW - 60_000, ino: 7 };
const HASH = 'a'.repeat(64);
const FINDING = {
  code: 'AIF003' as const,
  severity: 'warning' as const,
  message: 'Unlabeled AI code',
  line: 0,
  character: 0,
  endLine: 0,
  endCharacter: 5,
};

function cache(): CheckCache {
  return CheckCache.empty('1.0.0', '/repo');
}

describe('CheckCache', () => {
  test('the same stat and context is a hit; another stat needs the hash; another context misses', () => {
    const c = cache();
    c.record('/repo/a.py', { stamp: OLD, hash: HASH, context: 'ctx', outcome: { findings: [FINDING] }, now: NOW });
    assert.deepEqual(c.lookup('/repo/a.py', OLD, 'ctx'), { kind: 'hit', outcome: { findings: [FINDING] } });
    assert.deepEqual(c.lookup('/repo/a.py', { ...OLD, ctimeMs: NOW }, 'ctx'), {
      kind: 'verify',
      hash: HASH,
      outcome: { findings: [FINDING] },
    });
    assert.deepEqual(c.lookup('/repo/a.py', OLD, 'other'), { kind: 'miss' });
    assert.deepEqual(c.lookup('/repo/b.py', OLD, 'ctx'), { kind: 'miss' });
  });

  test('a file changed within the racy window is never a hit by its stat alone', () => {
    const c = cache();
    const recent = { ...OLD, mtimeMs: NOW - RACY_MS + 1 };
    c.record('/repo/a.py', { stamp: recent, hash: HASH, context: 'ctx', outcome: {}, now: NOW });
    assert.deepEqual(c.lookup('/repo/a.py', recent, 'ctx'), { kind: 'verify', hash: HASH, outcome: {} });
  });

  test('without a hash (never read) another stat is a miss', () => {
    const c = cache();
    c.record('/repo/big.bin', { stamp: OLD, context: 'ctx', outcome: { skip: 'oversized' }, now: NOW });
    assert.deepEqual(c.lookup('/repo/big.bin', OLD, 'ctx'), { kind: 'hit', outcome: { skip: 'oversized' } });
    assert.deepEqual(c.lookup('/repo/big.bin', { ...OLD, size: 11 }, 'ctx'), { kind: 'miss' });
  });

  test('unreadable and vanished files are not kept', () => {
    const c = cache();
    c.record('/repo/a.py', { stamp: OLD, hash: HASH, context: 'ctx', outcome: {}, now: NOW });
    c.record('/repo/a.py', { stamp: OLD, context: 'ctx', outcome: { skip: 'unreadable' }, now: NOW });
    assert.deepEqual(c.lookup('/repo/a.py', OLD, 'ctx'), { kind: 'miss' });
  });

  test('a cache written in several chunks reads back whole', () => {
    const c = cache();
    const files = Array.from({ length: 5000 }, (_, i) => `/repo/d${i % 7}/f${i}.py`);
    for (const [i, f] of files.entries())
      c.record(f, {
        stamp: { ...OLD, ino: i },
        hash: HASH,
        context: 'ctx',
        outcome: i % 3 ? {} : { findings: [FINDING] },
        now: NOW,
      });
    for (let d = 0; d < 7; d++) c.recordListing(`/repo/d${d}`, OLD, [`ff${d}.py`], NOW);
    const chunks = [...c.serialize()];
    assert.ok(chunks.length > 8, `${chunks.length} chunks`);
    const back = CheckCache.parse(chunks.join(''), '1.0.0', '/repo');
    assert.equal(back.problem, undefined);
    for (const [i, f] of files.entries())
      assert.deepEqual(back.cache.lookup(f, { ...OLD, ino: i }, 'ctx'), {
        kind: 'hit',
        outcome: i % 3 ? {} : { findings: [FINDING] },
      });
    assert.equal(back.cache.malformed, 0);
    for (let d = 0; d < 7; d++) assert.deepEqual(back.cache.listing(`/repo/d${d}`, OLD), [`ff${d}.py`]);
  });

  test('a serialized cache reads back for the same version and root only', () => {
    const c = cache();
    c.record('/repo/a.py', { stamp: OLD, hash: HASH, context: 'ctx', outcome: { findings: [FINDING] }, now: NOW });
    c.record('/elsewhere/b.py', { stamp: OLD, hash: HASH, context: 'ctx2', outcome: {}, now: NOW });
    c.recordListing('/repo/src', OLD, ['fa.py', 'dlib', 'l.aifence.json'], NOW);
    const text = [...c.serialize()].join('');
    assert.ok(text.includes('"a.py"'), 'paths inside the root are stored relative to it');
    const back = CheckCache.parse(text, '1.0.0', '/repo');
    assert.equal(back.problem, undefined);
    assert.deepEqual(back.cache.lookup('/repo/a.py', OLD, 'ctx'), { kind: 'hit', outcome: { findings: [FINDING] } });
    assert.deepEqual(back.cache.lookup('/elsewhere/b.py', OLD, 'ctx2'), { kind: 'hit', outcome: {} });
    assert.deepEqual(back.cache.listing('/repo/src', OLD), ['fa.py', 'dlib', 'l.aifence.json']);
    assert.equal(back.cache.listing('/repo/src', { ...OLD, mtimeMs: OLD.mtimeMs + 1 }), undefined);
    for (const [version, root] of [
      ['1.0.1', '/repo'],
      ['1.0.0', '/other'],
    ]) {
      const foreign = CheckCache.parse(text, version, root);
      assert.equal(foreign.problem, 'written by another AI Fence version or for another root');
      assert.deepEqual(foreign.cache.lookup('/repo/a.py', OLD, 'ctx'), { kind: 'miss' });
    }
  });

  test('a stored listing is used only when every entry is a kind letter and a name', () => {
    const good = JSON.parse([...cache().serialize()].join(''));
    const stamp = [OLD.size, OLD.mtimeMs, OLD.ctimeMs, OLD.ino].join(',');
    const read = (listing: string) => {
      const back = CheckCache.parse(JSON.stringify({ ...good, dirs: ['d', `${stamp}|${listing}`] }), '1.0.0', '/repo');
      return { entries: back.cache.listing('/repo/d', OLD), malformed: back.cache.malformed };
    };
    assert.deepEqual(read('fa.py/dlib/lx'), { entries: ['fa.py', 'dlib', 'lx'], malformed: 0 });
    assert.deepEqual(read(''), { entries: [], malformed: 0 });
    for (const bad of ['f', 'fa.py/', 'fa.py//db', 'xa.py', 'fa/qb', '/fa'])
      assert.deepEqual(read(bad), { entries: undefined, malformed: 1 }, bad);
    // Without a stat, on the journal's word, the same rules.
    const back = CheckCache.parse(JSON.stringify({ ...good, dirs: ['d', `${stamp}|fa/qb`] }), '1.0.0', '/repo');
    assert.equal(back.cache.listing('/repo/d', 'unchanged'), undefined);
  });

  test("on the journal's word, an entry answers when it has a stamp and the same context", () => {
    const c = cache();
    c.record('/repo/a.py', { stamp: OLD, hash: HASH, context: 'ctx', outcome: { findings: [FINDING] }, now: NOW });
    c.record('/repo/b.py', { stamp: OLD, hash: HASH, context: 'ctx', outcome: {}, now: NOW });
    c.record('/repo/racy.py', { stamp: { ...OLD, mtimeMs: NOW }, hash: HASH, context: 'ctx', outcome: {}, now: NOW });
    const back = CheckCache.parse([...c.serialize()].join(''), '1.0.0', '/repo').cache;
    assert.deepEqual(back.unchangedLookup('/repo/a.py', 'ctx'), { findings: [FINDING] });
    assert.deepEqual(back.unchangedLookup('/repo/b.py', 'ctx'), {});
    assert.equal(back.unchangedLookup('/repo/b.py', 'other'), undefined);
    assert.equal(back.unchangedLookup('/repo/racy.py', 'ctx'), undefined, 'a racy entry needs its content hash');
    assert.equal(back.unchangedLookup('/repo/none.py', 'ctx'), undefined);
    assert.equal(back.malformed, 0);
    const good = JSON.parse([...c.serialize()].join(''));
    for (const [entry, outcome] of [
      ['nobars', undefined],
      ['1,2,3,4|h', undefined],
      [`${[OLD.size, OLD.mtimeMs, OLD.ctimeMs, OLD.ino].join(',')}|${HASH}|0`, { skip: 'nonsense' }],
    ] as const) {
      const broken = CheckCache.parse(
        JSON.stringify({ ...good, entries: ['x.py', entry], outcomes: outcome ? ['x.py', outcome] : [] }),
        '1.0.0',
        '/repo',
      ).cache;
      assert.equal(broken.unchangedLookup('/repo/x.py', 'ctx'), undefined, entry);
      assert.equal(broken.malformed, 1, entry);
    }
  });

  test('maps that are not flat arrays of string keys and values make the whole cache malformed', () => {
    const good = JSON.parse([...cache().serialize()].join(''));
    for (const broken of [
      { entries: { 'a.py': 'x' } },
      { entries: ['a.py'] },
      { dirs: [1, 'x'] },
      { outcomes: null },
    ]) {
      const back = CheckCache.parse(JSON.stringify({ ...good, ...broken }), '1.0.0', '/repo');
      assert.equal(back.problem, 'malformed', JSON.stringify(broken));
    }
    assert.equal(CheckCache.parse(JSON.stringify(good), '1.0.0', '/repo').problem, undefined);
  });

  test('retain keeps what was used since the last retain, and of the rest what keep accepts', () => {
    const before = cache();
    for (const f of ['a.py', 'b.py', 'c.py'])
      before.record(`/repo/${f}`, { stamp: OLD, hash: HASH, context: 'ctx', outcome: {}, now: NOW });
    before.recordListing('/repo/gone', OLD, [], NOW);
    const c = CheckCache.parse([...before.serialize()].join(''), '1.0.0', '/repo').cache;
    assert.equal(c.changed, false);
    assert.equal(c.lookup('/repo/a.py', OLD, 'ctx').kind, 'hit');
    const asked: string[] = [];
    c.retain((p) => {
      asked.push(p);
      return p === '/repo/b.py';
    });
    assert.deepEqual(asked.sort(), ['/repo/b.py', '/repo/c.py', '/repo/gone']);
    assert.equal(c.changed, true);
    assert.deepEqual(c.lookup('/repo/a.py', OLD, 'ctx'), { kind: 'hit', outcome: {} });
    assert.deepEqual(c.lookup('/repo/b.py', OLD, 'ctx'), { kind: 'hit', outcome: {} });
    assert.deepEqual(c.lookup('/repo/c.py', OLD, 'ctx'), { kind: 'miss' });
    assert.equal(c.listing('/repo/gone', OLD), undefined);
    // A new round: nothing used since, so keep decides for every entry.
    c.retain(() => true);
    c.retain((p) => p !== '/repo/a.py');
    assert.deepEqual(c.lookup('/repo/a.py', OLD, 'ctx'), { kind: 'miss' });
  });

  test('a cache filled from empty keeps all it recorded at its first retain, and counts use from then on', () => {
    const c = cache();
    for (const f of ['a.py', 'b.py'])
      c.record(`/repo/${f}`, { stamp: OLD, hash: HASH, context: 'ctx', outcome: {}, now: NOW });
    c.recordListing('/repo/src', OLD, ['fa.py'], NOW);
    const asked: string[] = [];
    c.retain((p) => {
      asked.push(p);
      return false;
    });
    assert.equal(asked.length, 0);
    assert.equal(c.lookup('/repo/b.py', OLD, 'ctx').kind, 'hit');
    // Only b.py used since: keep decides for a.py and the listing.
    c.retain((p) => {
      asked.push(p);
      return false;
    });
    assert.deepEqual(asked.sort(), ['/repo/a.py', '/repo/src']);
    assert.deepEqual(c.lookup('/repo/a.py', OLD, 'ctx'), { kind: 'miss' });
    assert.deepEqual(c.lookup('/repo/b.py', OLD, 'ctx'), { kind: 'hit', outcome: {} });
    assert.equal(c.listing('/repo/src', OLD), undefined);
  });

  test('a racy directory listing is not kept', () => {
    const c = cache();
    const recent = { ...OLD, ctimeMs: NOW };
    c.recordListing('/repo/src', recent, ['fa.py'], NOW);
    assert.equal(c.listing('/repo/src', recent), undefined);
  });
});
