// Pure fixes, as properties (fast-check): strip, label, idempotence, line endings.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { isBuiltinTool } from '../../../server/src/engine/policy/tools';
import { applyEdits, type LabelOptions, labelLines, stripLines } from '../../../server/src/engine/provenance/fixes';
import { indentationOf } from '../../../server/src/engine/provenance/lines';
import { scanMarkers } from '../../../server/src/engine/provenance/markers';
import { syntax, textLines } from '../../helpers/engine';

const RUNS = 300;
const OPTS: LabelOptions = { tool: 'copilot', id: 'f1x', at: '2026-01-01T00:00:00Z' };

/**
 * A text: lines from a small alphabet joined by LF, CRLF or a mix of both, with or
 * without a final break. (Lone CR is left out: an inserted CR followed by an existing
 * LF would read as one CRLF break.)
 */
const eolStyle = fc.constantFrom('lf', 'crlf', 'mixed');
const lineArb = fc.constantFrom(
  '',
  'x = 1',
  '    y = 2',
  '\tz()',
  '  # note',
  '// c',
  '<p>',
  'a{b:c}',
  '        deep',
  ' ',
);
function textArb(style?: 'lf' | 'crlf' | 'mixed') {
  return fc
    .record({
      style: style ? fc.constant(style) : eolStyle,
      lines: fc.array(lineArb, { minLength: 1, maxLength: 12 }),
      mixed: fc.array(fc.constantFrom('\n', '\r\n'), { minLength: 12, maxLength: 12 }),
      finalBreak: fc.boolean(),
    })
    .map(({ style: s, lines, mixed, finalBreak }) => {
      const eol = (i: number) => (s === 'lf' ? '\n' : s === 'crlf' ? '\r\n' : mixed[i]);
      return lines.map((l, i) => l + (i < lines.length - 1 || finalBreak ? eol(i) : '')).join('');
    });
}
/** A text plus a region of its lines (0-based, inclusive). */
const withRegion = (style?: 'lf' | 'crlf' | 'mixed') =>
  textArb(style).chain((text) => {
    const n = textLines(text).lineCount;
    return fc
      .tuple(fc.constant(text), fc.integer({ min: 0, max: n - 1 }), fc.integer({ min: 0, max: n - 1 }))
      .map(([t, a, b]) => ({ text: t, start: Math.min(a, b), end: Math.max(a, b) }));
  });

/** The text cut into lines that keep their terminators (independent of the engine). */
function pieces(text: string): string[] {
  const out = text.match(/[^\r\n]*(\r\n|\n|\r)/g) ?? [];
  const rest = text.slice(out.join('').length);
  return [...out, rest];
}
const breaks = (text: string) => ({
  crlf: (text.match(/\r\n/g) ?? []).length,
  lf: (text.match(/(?<!\r)\n/g) ?? []).length,
  cr: (text.match(/\r(?!\n)/g) ?? []).length,
});
const firstEol = (text: string) => /\r\n|\n|\r/.exec(text)?.[0] ?? '\n';

const known = (t: string) => isBuiltinTool(t);
const SYNTAXES = ['python', 'typescript', 'css', 'html', 'lua', 'sql'] as const;

describe('stripLines', () => {
  test(`changes no byte outside the region (${RUNS} runs)`, () => {
    fc.assert(
      fc.property(withRegion(), ({ text, start, end }) => {
        const out = applyEdits(text, [stripLines(textLines(text), start, end)]);
        const p = pieces(text);
        assert.equal(out, [...p.slice(0, start), ...p.slice(end + 1)].join(''));
      }),
      { numRuns: RUNS },
    );
  });

  test('examples', () => {
    assert.equal(applyEdits('a\nb\nc\n', [stripLines(textLines('a\nb\nc\n'), 1, 1)]), 'a\nc\n');
    assert.equal(applyEdits('a\r\nb', [stripLines(textLines('a\r\nb'), 1, 1)]), 'a\r\n');
    assert.equal(applyEdits('a\nb', [stripLines(textLines('a\nb'), 0, 1)]), '');
  });
});

describe('labelLines', () => {
  const label = (text: string, start: number, end: number, lang = 'python') =>
    applyEdits(text, labelLines(textLines(text), syntax(lang), start, end, OPTS));

  test(`label then strip (markers included) equals stripping the bare region (${RUNS} runs)`, () => {
    fc.assert(
      fc.property(withRegion(), fc.constantFrom(...SYNTAXES), ({ text, start, end }, lang) => {
        const labelled = label(text, start, end, lang);
        const stripLabelled = applyEdits(labelled, [stripLines(textLines(labelled), start, end + 2)]);
        const stripBare = applyEdits(text, [stripLines(textLines(text), start, end)]);
        assert.equal(stripLabelled, stripBare);
      }),
      { numRuns: RUNS },
    );
  });

  test(`labelling is idempotent: labelling the result again gives no edits (${RUNS} runs)`, () => {
    fc.assert(
      fc.property(withRegion(), fc.constantFrom(...SYNTAXES), ({ text, start, end }, lang) => {
        const labelled = label(text, start, end, lang);
        const scan = scanMarkers(textLines(labelled), syntax(lang), known);
        assert.deepEqual(scan.problems, [], labelled);
        assert.deepEqual(
          scan.blocks.map((b) => [b.beginLine, b.endLine]),
          [[start, end + 2]],
        );
        assert.deepEqual(labelLines(textLines(labelled), syntax(lang), start + 1, end + 1, OPTS, scan.blocks), []);
      }),
      { numRuns: RUNS },
    );
  });

  test(`leaves every original byte in place and adds exactly two line breaks of the file's own kind (${RUNS} runs)`, () => {
    fc.assert(
      fc.property(withRegion(), ({ text, start, end }) => {
        const labelled = label(text, start, end);
        // Removing the two marker lines gives back the original, byte for byte; when the
        // region ends on the last line (which has no break), a break now precedes the end marker.
        const lp = pieces(labelled);
        const rest = [...lp.slice(0, start), ...lp.slice(start + 1, end + 2), ...lp.slice(end + 3)].join('');
        const lastLine = end === textLines(text).lineCount - 1;
        assert.equal(rest, lastLine ? text + firstEol(text) : text);
        const before = breaks(text);
        const eol = firstEol(text);
        const key = eol === '\r\n' ? 'crlf' : eol === '\n' ? 'lf' : 'cr';
        assert.deepEqual(breaks(labelled), { ...before, [key]: before[key] + 2 });
      }),
      { numRuns: RUNS },
    );
  });

  test(`markers use the file's comment syntax and the first line's indentation (${RUNS} runs)`, () => {
    fc.assert(
      fc.property(withRegion('lf'), fc.constantFrom(...SYNTAXES), ({ text, start, end }, lang) => {
        const s = syntax(lang);
        const indent = indentationOf(textLines(text).lineText(start));
        const out = textLines(label(text, start, end, lang));
        const [open, close] = s.line.length ? [s.line[0], ''] : [s.block[0][0], ` ${s.block[0][1]}`];
        assert.equal(
          out.lineText(start),
          `${indent}${open} ai-provenance: begin id=f1x tool=copilot at=2026-01-01T00:00:00Z hash=${out.rangeHash(start + 1, end + 1).slice(0, 23)}${close}`,
        );
        assert.equal(out.lineText(end + 2), `${indent}${open} ai-provenance: end id=f1x${close}`);
      }),
      { numRuns: RUNS },
    );
  });

  test('examples: CRLF kept, last line without a break, empty last line', () => {
    assert.equal(
      label('a\r\nb\r\n', 1, 1).replace(/ at=.*$/m, ''),
      'a\r\n# ai-provenance: begin id=f1x tool=copilot\r\nb\r\n# ai-provenance: end id=f1x\r\n',
    );
    assert.equal(
      label('a\nb', 1, 1).replace(/ at=\S+ hash=\S+/, ''),
      'a\n# ai-provenance: begin id=f1x tool=copilot\nb\n# ai-provenance: end id=f1x',
    );
    assert.equal(
      label('a\n', 1, 1).replace(/ at=\S+ hash=\S+/, ''),
      'a\n# ai-provenance: begin id=f1x tool=copilot\n\n# ai-provenance: end id=f1x',
    );
  });

  test('no edits where markers cannot be written', () => {
    assert.deepEqual(
      labelLines(textLines('x\n'), { id: 'unknown', line: ['#'], block: [], quotes: [], strings: [] }, 0, 0, OPTS),
      [],
    );
  });

  test('a fresh id avoids the ids already used', () => {
    const edits = labelLines(textLines('x\n'), syntax('python'), 0, 0, { tool: 'copilot', usedIds: new Set(['a']) });
    assert.match(
      edits[0].newText,
      /^# ai-provenance: begin id=[0-9a-f]{8} tool=copilot at=\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ hash=sha256:[0-9a-f]{16}\n$/,
    );
  });
});
