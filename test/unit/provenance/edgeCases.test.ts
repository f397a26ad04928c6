// Edge cases found in review: one round of policy errors, a marker that is
// neither begin nor end, and ledger paths with "./".

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { canonicalPath } from '../../../server/src/engine/io/paths';
import { parsePolicy } from '../../../server/src/engine/policy/parse';
import { analyze } from '../../../server/src/engine/provenance/analyze';

test('a schema error does not hide glob errors in the same file; errors come sorted', () => {
  const text =
    '{\n  "version": 1,\n  "zones": [{ "name": "z", "paths": ["/abs"], "ai": "block" }],\n  "colour": "red"\n}\n';
  const { errors } = parsePolicy(text, { file: '/r/.aifence.json' });
  assert.deepEqual(
    errors.map((e) => [e.line, e.character, e.message]),
    [
      [2, 37, 'zones[0].paths[0]: absolute globs are not allowed; write the path relative to the policy file'],
      [3, 2, 'unknown key "colour"'],
    ],
  );
});

test('"ai-provenance: started" is one problem, not a cascade of begin-marker problems', () => {
  const a = analyze({ file: '/r/a.py', text: 'x = 1\n# ai-provenance: started\ny = 2\n' }, { policies: [] });
  assert.deepEqual(
    a.findings.map((f) => [f.code, f.line, f.message]),
    [['AIF004', 1, 'malformed provenance marker: marker must say "begin" or "end" after "ai-provenance:"']],
  );
  assert.equal(a.markers.blocks.length, 0);
});

test('a ledger path with "./" is normalised', () => {
  const { policy } = parsePolicy('{"version": 1, "ledger": "./traces//ledger.jsonl"}', { file: '/r/.aifence.json' });
  assert.equal(policy!.ledger, '/r/traces/ledger.jsonl');
});

test('canonicalPath takes the stored spelling of the longest existing prefix (case-insensitive file systems)', () => {
  const stored = new Map([
    ['/repo', '/repo'],
    ['/repo/SRC', '/repo/src'],
    ['/repo/SRC/Secret', '/repo/src/secret'],
  ]);
  const look = {
    linkTarget: (p: string) => (stored.has(p) ? undefined : null),
    realpath: (p: string) => stored.get(p) ?? p,
  };
  assert.equal(canonicalPath('/repo/SRC/Secret/new-file.txt', look), '/repo/src/secret/new-file.txt');
  assert.equal(canonicalPath('/repo/SRC/Secret', look), '/repo/src/secret');
  assert.equal(canonicalPath('/elsewhere/x', look), '/elsewhere/x');
});
