// Decoding file bytes to text and back without losing a byte.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { decodeText, encodeText, looksBinary } from '../../../server/src/engine/io/textFile';

const TEXT = 'héllo wörld ✓ 🤖\r\nline 2\n';
const utf16be = (s: string) => {
  const le = Buffer.from(s, 'utf16le');
  for (let i = 0; i + 1 < le.length; i += 2) [le[i], le[i + 1]] = [le[i + 1], le[i]];
  return le;
};

describe('decodeText / encodeText', () => {
  const cases: [string, Buffer, string][] = [
    ['UTF-8', Buffer.from(TEXT, 'utf8'), 'utf8'],
    ['UTF-8 with BOM', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(TEXT, 'utf8')]), 'utf8bom'],
    ['UTF-16LE with BOM', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(TEXT, 'utf16le')]), 'utf16le'],
    ['UTF-16BE with BOM', Buffer.concat([Buffer.from([0xfe, 0xff]), utf16be(TEXT)]), 'utf16be'],
  ];
  for (const [name, bytes, encoding] of cases) {
    test(`${name}: decoded without the BOM and re-encoded byte for byte`, () => {
      const d = decodeText(bytes);
      assert.equal(d.encoding, encoding);
      assert.equal(d.text, TEXT);
      assert.equal(d.lossy, false);
      assert.equal(looksBinary(bytes), false);
      assert.ok(encodeText(d.text, d.encoding).equals(bytes));
    });
  }

  test('round trip for any string in every encoding (300 runs)', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: 'grapheme', maxLength: 60 }),
        fc.constantFrom('utf8', 'utf8bom', 'utf16le', 'utf16be' as const),
        (s, enc) => {
          // A UTF-8 file cannot start with U+FEFF without it being read as a BOM.
          fc.pre(!(enc === 'utf8' && s.startsWith('\ufeff')));
          const bytes = encodeText(s, enc);
          const d = decodeText(bytes);
          assert.equal(d.text, s);
          assert.equal(d.encoding, enc);
          assert.ok(encodeText(d.text, d.encoding).equals(bytes));
        },
      ),
      { numRuns: 300 },
    );
  });

  test('invalid UTF-8 is flagged lossy', () => {
    for (const bytes of [Buffer.from([0x61, 0xff, 0x62]), Buffer.from([0xc3]), Buffer.from([0xed, 0xa0, 0x80])]) {
      const d = decodeText(bytes);
      assert.equal(d.lossy, true, bytes.toString('hex'));
      assert.equal(d.encoding, 'utf8');
      assert.ok(!encodeText(d.text, d.encoding).equals(bytes));
    }
    assert.equal(decodeText(Buffer.from([0xef, 0xbb, 0xbf, 0xff])).lossy, true);
  });

  test('an unpaired UTF-16 surrogate is flagged lossy', () => {
    const d = decodeText(Buffer.from([0xff, 0xfe, 0x00, 0xd8, 0x61, 0x00]));
    assert.equal(d.encoding, 'utf16le');
    assert.equal(d.lossy, true);
  });

  test('empty input is empty UTF-8 text', () => {
    assert.deepEqual(decodeText(Buffer.alloc(0)), { text: '', encoding: 'utf8', lossy: false });
  });
});

describe('looksBinary', () => {
  test('a NUL byte in the first 8000 bytes means binary', () => {
    assert.equal(looksBinary(Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x00, 0x01])), true);
    assert.equal(looksBinary(Buffer.concat([Buffer.alloc(7999, 0x61), Buffer.from([0])])), true);
  });

  test('a NUL after the probe, or none at all, is text', () => {
    assert.equal(looksBinary(Buffer.concat([Buffer.alloc(8000, 0x61), Buffer.from([0])])), false);
    assert.equal(looksBinary(Buffer.from('plain text\n')), false);
    assert.equal(looksBinary(Buffer.alloc(0)), false);
  });

  test('UTF-16 with a BOM is text despite its NUL bytes', () => {
    assert.equal(looksBinary(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('abc', 'utf16le')])), false);
    assert.equal(looksBinary(Buffer.from('abc', 'utf16le')), true);
  });
});
