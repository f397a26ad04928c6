// Marker repairs: idempotent (repairing twice is repairing once) and never
// moving the line between code and comment, over generated malformed markers.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import type { FileAnalysis } from '../../../server/src/engine/provenance/analyze';
import { codeOf, type LexState, scanLineComments } from '../../../server/src/engine/provenance/comments';
import { applyEdits, replaceLine } from '../../../server/src/engine/provenance/fixes';
import { analyzeAt, lines } from '../../helpers/engine';

/** Every repair the analysis offers, one per line, applied at once. */
function repairAll(analysis: FileAnalysis, text: string): string {
  const byLine = new Map<number, string>();
  for (const f of analysis.findings)
    if (f.repair && !byLine.has(f.repair.line)) byLine.set(f.repair.line, f.repair.text);
  return applyEdits(
    text,
    [...byLine].map(([line, t]) => replaceLine(analysis.source, line, t)),
  );
}

const repaired = (file: string, text: string) => repairAll(analyzeAt(file, text), text);

/** Each line with its comments blanked out: what the compiler sees. */
function codeOnly(file: string, text: string): string[] {
  const syntax = analyzeAt(file, text).syntax;
  let state: LexState;
  return text.split('\n').map((line) => {
    const scan = scanLineComments(line, syntax, state);
    state = scan.state;
    return codeOf(line, scan.spans);
  });
}

const keyword = fc.constantFrom('ai-provenance:', 'AI-Provenance', 'ai_provenance:', 'ai provenance', 'Ai-Provenance:');
const kind = fc.constantFrom('begin', 'end', 'BEGIN', 'End');
const idField = fc.constantFrom(
  '',
  ' id=a1',
  ' id=b2',
  ' id="a b"',
  ' id="a1"',
  ' id=',
  ' id="x\\"y"',
  ' id=a*/b',
  ' id="q',
);
const otherFields = fc.constantFrom('', ' tool=claude-code', ' tool="x y"', ' junk', ' tool=copilot model=a/b');
const code = fc.constantFrom('int x = 1;', 'x = 1', '', '  y();', 'int old(); */', '/* note', 'return 0;');

function markerLine(open: string, close: fc.Arbitrary<string>): fc.Arbitrary<string> {
  return fc
    .tuple(keyword, kind, idField, otherFields, close)
    .map(([k, kd, id, other, c]) => `${open} ${k} ${kd}${id}${other}${c}`);
}

const files: [string, fc.Arbitrary<string>][] = [
  ['a.py', markerLine('#', fc.constant(''))],
  ['a.c', fc.oneof(markerLine('//', fc.constant('')), markerLine('/*', fc.constantFrom('', ' */')))],
  ['a.lua', markerLine('--', fc.constant(''))],
  ['a.html', markerLine('<!--', fc.constantFrom('', ' -->'))],
];

describe('marker repairs', () => {
  for (const [file, marker] of files) {
    const text = fc.array(fc.oneof({ weight: 3, arbitrary: marker }, { weight: 2, arbitrary: code }), {
      minLength: 1,
      maxLength: 8,
    });
    test(`${file}: repairing twice equals repairing once, and code stays code (500 runs)`, () => {
      fc.assert(
        fc.property(text, (ls) => {
          const before = lines(...ls);
          const once = repaired(file, before);
          assert.equal(repaired(file, once), once, `not idempotent:\n${before}---\n${once}`);
          assert.deepEqual(
            codeOnly(file, once),
            codeOnly(file, before),
            `comment structure changed:\n${before}---\n${once}`,
          );
        }),
        { numRuns: 500 },
      );
    });
  }

  test('id="a b" is not copied into the end marker (it grew by a word on every run)', () => {
    const text = lines('# ai-provenance: begin id="a b" tool=claude-code', 'x = 1', '# ai-provenance: end id=zz');
    assert.equal(repaired('a.py', text), text);
  });

  test('a valid id replaces a quoted wrong one whole', () => {
    const text = lines('# ai-provenance: begin id=a1 tool=claude-code', 'x = 1', '# ai-provenance: end id="z z"');
    assert.equal(
      repaired('a.py', text),
      lines('# ai-provenance: begin id=a1 tool=claude-code', 'x = 1', '# ai-provenance: end id=a1'),
    );
  });

  test('a misspelt keyword and a missing id are repaired together', () => {
    const text = lines('# ai-provenance: begin id=a1 tool=claude-code', 'x = 1', '# AI Provenance end');
    assert.equal(
      repaired('a.py', text),
      lines('# ai-provenance: begin id=a1 tool=claude-code', 'x = 1', '# ai-provenance: end id=a1'),
    );
  });
});
