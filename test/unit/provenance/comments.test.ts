// The line comment lexer: which parts of a line are comments, whether the
// line is comment-only, and which block comment stays open into the next line.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { inSpans, type LineComments, scanLineComments } from '../../../server/src/engine/provenance/comments';
import { syntax, textLines } from '../../helpers/engine';

/** Spans as "start-end" strings, then the two flags, for one-line assertions. */
const scan = (lang: string, line: string, openBlock = -1) => show(scanLineComments(line, syntax(lang), openBlock));
const show = (r: LineComments) => ({
  spans: r.spans.map((s) => `${s.start}-${s.end}`),
  commentOnly: r.commentOnly,
  openBlock: r.openBlock,
});

/** Every line of a text, the open block carried from line to line as the scanners do. */
function scanText(lang: string, text: string): ReturnType<typeof show>[] {
  const source = textLines(text);
  const out: ReturnType<typeof show>[] = [];
  let state = -1;
  for (let l = 0; l < source.lineCount; l++) {
    const r = scanLineComments(source.lineText(l), syntax(lang), state);
    out.push(show(r));
    state = r.openBlock;
  }
  return out;
}

describe('line comments', () => {
  test('an empty line has no spans and is not comment-only', () => {
    assert.deepEqual(scan('typescript', ''), { spans: [], commentOnly: false, openBlock: -1 });
  });

  test('a blank line is not comment-only', () => {
    assert.deepEqual(scan('python', ' \t '), { spans: [], commentOnly: false, openBlock: -1 });
  });

  test('a trailing comment runs to the end of the line; the line has code', () => {
    assert.deepEqual(scan('typescript', 'x = 1; // note'), { spans: ['7-14'], commentOnly: false, openBlock: -1 });
  });

  test('an indented comment makes the line comment-only', () => {
    assert.deepEqual(scan('python', '    # note'), { spans: ['4-10'], commentOnly: true, openBlock: -1 });
  });

  test('a line opener inside a line comment opens nothing more', () => {
    assert.deepEqual(scan('typescript', '// a /* b'), { spans: ['0-9'], commentOnly: true, openBlock: -1 });
  });
});

describe('strings', () => {
  test('a comment opener inside a string is not a comment', () => {
    assert.deepEqual(scan('python', 's = "# no" # yes'), { spans: ['11-16'], commentOnly: false, openBlock: -1 });
    assert.deepEqual(scan('typescript', "s = '/* no */'"), { spans: [], commentOnly: false, openBlock: -1 });
  });

  test('a backslash escapes the closing quote', () => {
    assert.deepEqual(scan('python', 's = "a\\"# b" # c'), { spans: ['13-16'], commentOnly: false, openBlock: -1 });
  });

  test('an unterminated string swallows the rest of its line only', () => {
    assert.deepEqual(scanText('python', 's = "abc # no\n# yes\n'), [
      { spans: [], commentOnly: false, openBlock: -1 },
      { spans: ['0-5'], commentOnly: true, openBlock: -1 },
      { spans: [], commentOnly: false, openBlock: -1 },
    ]);
  });

  test('backticks are quotes in JavaScript', () => {
    assert.deepEqual(scan('javascript', 'f(`// no`); // yes'), { spans: ['12-18'], commentOnly: false, openBlock: -1 });
  });

  test('markup has no quotes: an apostrophe in prose does not hide a comment', () => {
    assert.deepEqual(scan('html', "it's <!-- c -->"), { spans: ['5-15'], commentOnly: false, openBlock: -1 });
  });
});

describe('block comments', () => {
  test('a closed block comment between code', () => {
    assert.deepEqual(scan('c', 'a /* b */ c'), { spans: ['2-9'], commentOnly: false, openBlock: -1 });
  });

  test('two blocks and nothing else make a comment-only line', () => {
    assert.deepEqual(scan('c', '/* a */ /* b */'), { spans: ['0-7', '8-15'], commentOnly: true, openBlock: -1 });
  });

  test('an unterminated block runs to the end of the line and stays open', () => {
    assert.deepEqual(scan('c', 'x /* open'), { spans: ['2-9'], commentOnly: false, openBlock: 0 });
  });

  test('an open block: a line without its close is all comment', () => {
    assert.deepEqual(scan('c', ' still inside ', 0), { spans: ['0-14'], commentOnly: true, openBlock: 0 });
  });

  test('an open block: an empty line stays inside and is not comment-only', () => {
    assert.deepEqual(scan('c', '', 0), { spans: ['0-0'], commentOnly: false, openBlock: 0 });
  });

  test('an open block closes, then the rest of the line is scanned', () => {
    assert.deepEqual(scan('c', 'end */ code // tail', 0), {
      spans: ['0-6', '12-19'],
      commentOnly: false,
      openBlock: -1,
    });
    assert.deepEqual(scan('c', 'end */', 0), { spans: ['0-6'], commentOnly: true, openBlock: -1 });
  });

  test('an open block closes and a new one opens on the same line', () => {
    assert.deepEqual(scan('c', 'a */ b /* c', 0), { spans: ['0-4', '7-11'], commentOnly: false, openBlock: 0 });
  });

  test('the block opener "/*/" does not close itself', () => {
    assert.deepEqual(scan('c', '/*/ x'), { spans: ['0-5'], commentOnly: true, openBlock: 0 });
  });

  test('blocks do not nest: the first close ends the comment', () => {
    assert.deepEqual(scan('c', '/* a /* b */ c */'), { spans: ['0-12'], commentOnly: false, openBlock: -1 });
    assert.deepEqual(scan('haskell', '{- a {- b -} c -}'), { spans: ['0-12'], commentOnly: false, openBlock: -1 });
  });

  test('block openers are tried before line openers that prefix them (Lua, Julia)', () => {
    assert.deepEqual(scan('lua', '--[[ open'), { spans: ['0-9'], commentOnly: true, openBlock: 0 });
    assert.deepEqual(scan('lua', '-- line [['), { spans: ['0-10'], commentOnly: true, openBlock: -1 });
    assert.deepEqual(scan('julia', '#= a =# x # b'), { spans: ['0-7', '10-13'], commentOnly: false, openBlock: -1 });
  });

  test('the open block index names which pair is open (Pascal has two)', () => {
    assert.deepEqual(scan('pascal', 'x (* open'), { spans: ['2-9'], commentOnly: false, openBlock: 1 });
    // Inside "(*", a "}" does not close it; "*)" does.
    assert.deepEqual(scan('pascal', 'a } b *) c', 1), { spans: ['0-8'], commentOnly: false, openBlock: -1 });
    assert.deepEqual(scan('pascal', 'a *) b } c', 0), { spans: ['0-8'], commentOnly: false, openBlock: -1 });
  });

  test('a language without block comments never leaves one open', () => {
    assert.deepEqual(scan('python', 'x = 1 /* no'), { spans: [], commentOnly: false, openBlock: -1 });
  });
});

describe('lines of a text', () => {
  const LF = '/* a\n b\n*/ x\n// c\n';

  test('a block comment carries across lines', () => {
    assert.deepEqual(scanText('typescript', LF), [
      { spans: ['0-4'], commentOnly: true, openBlock: 0 },
      { spans: ['0-2'], commentOnly: true, openBlock: 0 },
      { spans: ['0-2'], commentOnly: false, openBlock: -1 },
      { spans: ['0-4'], commentOnly: true, openBlock: -1 },
      { spans: [], commentOnly: false, openBlock: -1 },
    ]);
  });

  test('CRLF and CR line ends give the same result as LF', () => {
    const expected = scanText('typescript', LF);
    assert.deepEqual(scanText('typescript', LF.replace(/\n/g, '\r\n')), expected);
    assert.deepEqual(scanText('typescript', LF.replace(/\n/g, '\r')), expected);
  });
});

describe('inSpans', () => {
  const spans = [
    { start: 2, end: 5 },
    { start: 8, end: 9 },
  ];

  test('start is inside, end is not', () => {
    assert.deepEqual(
      [0, 1, 2, 3, 4, 5, 6, 7, 8, 9].filter((o) => inSpans(spans, o)),
      [2, 3, 4, 8],
    );
  });

  test('no spans hold nothing; an empty span holds nothing', () => {
    assert.equal(inSpans([], 0), false);
    assert.equal(inSpans([{ start: 3, end: 3 }], 3), false);
  });
});
