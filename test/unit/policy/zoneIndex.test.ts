// The zone index must find exactly the zones that each zone's own compiled
// globs match: it is only a faster way to ask.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { compileGlobs } from '../../../server/src/engine/policy/globs';
import { buildZoneIndex } from '../../../server/src/engine/policy/zoneIndex';

// `sbc` and `sxc` share `src`'s length and, in the index's filter, its first and last character slots.
const SEGMENTS = ['a', 'b', 'src', 'sbc', 'sxc', 'x.py', '.env', 'secretrc', 'w.ckpt', 'my~', 'a.tar.gz', 'b.gz', 'z.'];
const PATTERNS = [
  'a',
  'a/',
  'src/**',
  '*rc',
  '*~',
  '*.py',
  '**/*.ckpt',
  'x.py',
  '{a,b}/src',
  'src/*.py',
  '**/b/**',
  '.env',
  'a/**/x.py',
  '*',
  '*.tar.gz',
  '**/*.gz',
  '*.',
];

test("the zone index agrees with each zone's compiled globs (1000 runs)", () => {
  const zones = fc.array(fc.array(fc.constantFrom(...PATTERNS), { minLength: 1, maxLength: 3 }), {
    minLength: 1,
    maxLength: 6,
  });
  const rel = fc.array(fc.constantFrom(...SEGMENTS), { minLength: 1, maxLength: 5 }).map((s) => s.join('/'));
  fc.assert(
    fc.property(zones, fc.array(rel, { minLength: 1, maxLength: 10 }), (zonePaths, paths) => {
      const index = buildZoneIndex(zonePaths);
      const predicates = zonePaths.map(compileGlobs);
      for (const p of paths) {
        const expected = predicates.flatMap((m, i) => (m(p) ? [i] : []));
        assert.deepEqual(index.match(p), expected, `${p} against ${JSON.stringify(zonePaths)}`);
      }
    }),
    { numRuns: 1000 },
  );
});

test('dotless suffixes such as *rc match (they once slipped past the index)', () => {
  const index = buildZoneIndex([['*rc'], ['*~']]);
  assert.deepEqual(index.match('home/.bashrc'), [0]);
  assert.deepEqual(index.match('notes.txt~'), [1]);
  assert.deepEqual(index.match('lib/main.c'), []);
  assert.deepEqual(index.match('src/main.c'), [0], 'the directory src matches *rc, so it covers its files');
});
