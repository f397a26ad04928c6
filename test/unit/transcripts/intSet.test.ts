import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { IntSet } from '../../../server/src/transcripts/intSet';

describe('IntSet', () => {
  it('holds what a Set holds, through growth, for 0, int32 and u32 spellings of a key', () => {
    const set = new IntSet(4);
    const reference = new Set<number>();
    // A fixed LCG: keys spread over all 32 bits, many drawn again.
    let x = 12345;
    for (let i = 0; i < 20_000; i++) {
      x = (Math.imul(x, 1103515245) + 12345) >>> 0;
      // Every 97th is 0; the rest differ in their top bits, as shownKey's do.
      const key = i % 97 === 0 ? 0 : Math.imul(x >>> 18, 0x9e3779b1) >>> 0;
      assert.equal(set.add(key >>> 0), !reference.has(key | 0), `add ${key}`);
      reference.add(key | 0);
    }
    for (const k of reference) {
      assert.equal(set.has(k), true);
      assert.equal(set.has(k >>> 0), true, 'the u32 spelling of an int32 key');
    }
    for (let k = 1; k < 5000; k++) assert.equal(set.has(k), reference.has(k), `has ${k}`);
    assert.equal(set.add(0), false);
  });
});
