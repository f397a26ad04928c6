// The scrub cuts whole lines and nothing else: a property test over random
// texts (every line terminator, non-ASCII text, every encoding) and random
// ranges, against an oracle built line by line.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { type Encoding, encodeText } from '../../../server/src/engine/io/textFile';
import type { AiRange } from '../../../server/src/export/manifestSchema';
import {
  cutSpans,
  isSelected,
  lineCount,
  lineStarts,
  mergeRanges,
  removedSpans,
} from '../../../server/src/export/scrub';

const ENCODINGS: Encoding[] = ['utf8', 'utf8bom', 'utf16le', 'utf16be'];
const BOM_BYTES: Record<Encoding, number> = { utf8: 0, utf8bom: 3, utf16le: 2, utf16be: 2 };

const lineArb = fc.record({
  text: fc.string({ unit: fc.constantFrom('a', 'é', '€', '😀', ' ', '\t', '#', 'x'), maxLength: 6 }),
  eol: fc.constantFrom('\n', '\r\n', '\r'),
});

test('scrub: the copy is the original without exactly the selected lines, byte for byte', () => {
  fc.assert(
    fc.property(
      fc.array(lineArb, { minLength: 1, maxLength: 12 }),
      fc.boolean(),
      fc.constantFrom(...ENCODINGS),
      fc.array(fc.tuple(fc.nat(11), fc.nat(3)), { maxLength: 4 }),
      (lines, finalEol, encoding, picks) => {
        const pieces = lines.map((l, i) => l.text + (i < lines.length - 1 || finalEol ? l.eol : ''));
        // "\r" followed by a line starting "\n" would be one CRLF terminator: not what the oracle means.
        fc.pre(!pieces.some((p, i) => p.endsWith('\r') && pieces[i + 1]?.startsWith('\n')));
        const text = pieces.join('');
        const bytes = encodeText(text, encoding);
        const starts = lineStarts(text);
        const total = lineCount(starts);
        assert.equal(total, pieces.filter((p) => p !== '').length);
        const ranges = picks
          .map(([a, len]) => ({ startLine: a + 1, endLine: a + 1 + len }))
          .filter((r) => r.startLine <= total)
          .map((r) => ({ ...r, endLine: Math.min(r.endLine, total) }));
        const runs = mergeRanges(ranges);
        const spans = removedSpans(text, starts, encoding, runs);
        const copy = cutSpans(bytes, spans);
        const removed = (n: number) => runs.some(([a, b]) => n >= a && n <= b);
        // Oracle: the file re-encoded from the surviving lines, each with its own terminator.
        const kept = pieces.filter((p, i) => p !== '' && !removed(i + 1)).join('');
        assert.deepEqual(copy, encodeText(kept, encoding));
        // Every span is exactly the bytes of its lines, where the oracle puts them.
        const encodedLength = (s: string) => encodeText(s, encoding).length - BOM_BYTES[encoding];
        for (const s of spans) {
          const before = pieces.slice(0, s.startLine - 1).join('');
          const cut = pieces.slice(s.startLine - 1, s.endLine).join('');
          assert.equal(s.startByte, BOM_BYTES[encoding] + encodedLength(before));
          assert.equal(s.endByte - s.startByte, encodedLength(cut));
        }
        // And every byte outside the spans is in the copy, in order.
        let at = 0;
        const outside: number[] = [];
        for (const s of spans) {
          for (let i = at; i < s.startByte; i++) outside.push(bytes[i]);
          at = s.endByte;
        }
        for (let i = at; i < bytes.length; i++) outside.push(bytes[i]);
        assert.deepEqual([...copy], outside);
      },
    ),
    { numRuns: 500 },
  );
});

test('scrub: a CRLF file keeps CRLF, and a cut last line leaves the line before it as it was', () => {
  const text = 'a\r\nb\r\nc';
  const starts = lineStarts(text);
  const spans = removedSpans(text, starts, 'utf8', [[3, 3]]);
  assert.deepEqual(spans, [{ startLine: 3, endLine: 3, startByte: 6, endByte: 7 }]);
  assert.equal(cutSpans(Buffer.from(text), spans).toString(), 'a\r\nb\r\n');
  assert.equal(cutSpans(Buffer.from(text), removedSpans(text, starts, 'utf8', [[1, 2]])).toString(), 'c');
});

test('line counts: a final terminator starts no line; the empty file has none', () => {
  assert.equal(lineCount(lineStarts('')), 0);
  assert.equal(lineCount(lineStarts('\n')), 1);
  assert.equal(lineCount(lineStarts('a\nb')), 2);
  assert.equal(lineCount(lineStarts('a\r\nb\r\n')), 2);
  assert.equal(lineCount(lineStarts('a\r\rb')), 3);
});

test('selection: tools, kept tools, models and kept models; unknown tool or model fails closed', () => {
  const r = (tool: string | null, model: string | null): AiRange => ({
    startLine: 1,
    endLine: 1,
    evidence: 'label',
    tool,
    model,
    zone: null,
    detail: '',
  });
  assert.equal(isSelected(r('copilot', null), {}), true);
  assert.equal(isSelected(r('copilot', null), { tools: new Set(['copilot']) }), true);
  assert.equal(isSelected(r(null, null), { tools: new Set(['copilot']) }), false);
  assert.equal(isSelected(r('claude-code', null), { keepTools: new Set(['claude-code']) }), false);
  assert.equal(isSelected(r(null, null), { keepTools: new Set(['claude-code']) }), true);
  assert.equal(isSelected(r('x', 'openai/gpt-5'), { models: ['openai/*'] }), true);
  assert.equal(isSelected(r('x', 'openai-like/gpt'), { models: ['openai/*'] }), false);
  assert.equal(isSelected(r('x', 'anthropic/claude'), { keepModels: ['anthropic/claude'] }), false);
  assert.equal(isSelected(r('x', null), { keepModels: ['anthropic/*'] }), true);
});

test('mergeRanges joins overlapping and adjacent ranges', () => {
  assert.deepEqual(
    mergeRanges([
      { startLine: 5, endLine: 6 },
      { startLine: 1, endLine: 2 },
      { startLine: 3, endLine: 3 },
      { startLine: 6, endLine: 9 },
      { startLine: 11, endLine: 11 },
    ]),
    [
      [1, 3],
      [5, 9],
      [11, 11],
    ],
  );
});
