// Provenance markers: blocks, every AIF004 kind with its position and repair, AIF006, CRLF.

import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { describe, test } from 'node:test';
import { isBuiltinTool } from '../../../server/src/engine/policy/tools';
import { type MarkerScan, scanMarkers } from '../../../server/src/engine/provenance/markers';
import { analyzeAt, lines, policy, syntax, textLines } from '../../helpers/engine';

const known = (t: string) => isBuiltinTool(t) || t === 'acme-ai';
const scan = (lang: string, text: string): MarkerScan => scanMarkers(textLines(text), syntax(lang), known);
const blocks = (s: MarkerScan) => s.blocks.map((b) => `${b.id}:${b.beginLine}-${b.endLine}`);
/** Problems as [line, start, end, message]. */
const problems = (s: MarkerScan) => s.problems.map((p) => [p.line, p.start, p.end, p.message]);

const BEGIN =
  '# ai-provenance: begin id=a1 tool=claude-code model=anthropic/claude-opus-4-5 at=2026-11-21T10:15:00Z source=paste by=alice';
const END = '# ai-provenance: end id=a1';
const sha = (s: string) => createHash('sha256').update(s).digest('hex');

describe('valid blocks', () => {
  test('the example from the spec parses with every field', () => {
    const s = scan('python', lines(BEGIN, 'x = 1', 'y = 2', END));
    assert.deepEqual(problems(s), []);
    assert.deepEqual(blocks(s), ['a1:0-3']);
    const b = s.blocks[0];
    assert.equal(b.tool, 'claude-code');
    assert.deepEqual(Object.fromEntries(b.fields), {
      id: 'a1',
      tool: 'claude-code',
      model: 'anthropic/claude-opus-4-5',
      at: '2026-11-21T10:15:00Z',
      source: 'paste',
      by: 'alice',
    });
  });

  test('quoted values with escapes, indentation, and a policy-declared tool', () => {
    const s = scan(
      'python',
      lines(
        'def f():',
        '    # ai-provenance: begin id=b.2 tool=acme-ai by="Ann \\"A\\" Lee"',
        '    return 1',
        '    # ai-provenance: end id=b.2',
      ),
    );
    assert.deepEqual(problems(s), []);
    assert.equal(s.blocks[0].fields.get('by'), 'Ann "A" Lee');
  });

  test('several blocks in sequence', () => {
    const s = scan(
      'python',
      lines(BEGIN, 'a', END, '# ai-provenance: begin id=b tool=copilot', 'b', '# ai-provenance: end id=b'),
    );
    assert.deepEqual(blocks(s), ['a1:0-2', 'b:3-5']);
    assert.deepEqual(problems(s), []);
  });

  for (const [lang, open, close] of [
    ['typescript', '//', ''],
    ['css', '/*', ' */'],
    ['html', '<!--', ' -->'],
    ['lua', '--', ''],
  ] as const) {
    test(`${lang}: markers in ${open}${close} comments`, () => {
      const text = lines(
        `${open} ai-provenance: begin id=k tool=cursor${close}`,
        'code',
        `  ${open} ai-provenance: end id=k${close}`,
      );
      const s = scan(lang, text);
      assert.deepEqual(problems(s), []);
      assert.deepEqual(blocks(s), ['k:0-2']);
    });
  }

  test('a "#" line is not a marker in TypeScript, "//" is not one in Python', () => {
    assert.deepEqual(
      blocks(scan('typescript', lines('# ai-provenance: begin id=a tool=copilot', 'x', '# ai-provenance: end id=a'))),
      [],
    );
    assert.deepEqual(
      blocks(scan('python', lines('// ai-provenance: begin id=a tool=copilot', 'x', '// ai-provenance: end id=a'))),
      [],
    );
  });
});

describe('AIF004 kinds', () => {
  test('unclosed block: reported on its begin line', () => {
    const s = scan('python', lines('x = 0', BEGIN, 'x = 1'));
    assert.deepEqual(problems(s), [
      [1, 0, BEGIN.length, 'provenance block "a1" is never closed; add "ai-provenance: end id=a1"'],
    ]);
    assert.deepEqual(blocks(s), []);
  });

  test('unopened end', () => {
    const s = scan('python', lines('x = 1', END));
    assert.deepEqual(problems(s), [[1, 0, END.length, '"end id=a1" has no matching begin']]);
  });

  test('begin without id', () => {
    const s = scan('python', lines('# ai-provenance: begin tool=copilot', 'x', '# ai-provenance: end'));
    assert.deepEqual(problems(s), [[0, 0, 35, 'malformed provenance marker: missing id']]);
  });

  test('end without id: repaired to close the open block, keeping indentation', () => {
    const s = scan('python', lines(BEGIN, 'x', '    # ai-provenance: end'));
    assert.deepEqual(problems(s), [[2, 4, 24, 'end marker is missing id; it closes "a1"']]);
    assert.equal(s.problems[0].repair, '    # ai-provenance: end id=a1');
    assert.deepEqual(blocks(s), ['a1:0-2']);
  });

  test('end without id in HTML: repair goes before the closer', () => {
    const s = scan(
      'html',
      lines('<!-- ai-provenance: begin id=h1 tool=copilot -->', '<p>', '<!-- ai-provenance: end -->'),
    );
    assert.equal(s.problems[0].repair, '<!-- ai-provenance: end id=h1 -->');
  });

  test('duplicate id', () => {
    const s = scan('python', lines(BEGIN, 'a', END, BEGIN, 'b', END));
    assert.deepEqual(problems(s), [[3, 0, BEGIN.length, 'duplicate provenance id "a1"; ids must be unique in a file']]);
  });

  const fieldCases: [string, string, string][] = [
    ['missing tool', '# ai-provenance: begin id=a1', 'missing tool'],
    [
      'unknown tool',
      '# ai-provenance: begin id=a1 tool=gizmo',
      'unknown tool "gizmo"; use a built-in tool id or declare it in the policy\'s "tools"',
    ],
    [
      '"constructor" is not a tool',
      '# ai-provenance: begin id=a1 tool=constructor',
      'unknown tool "constructor"; use a built-in tool id or declare it in the policy\'s "tools"',
    ],
    ['bad date', '# ai-provenance: begin id=a1 tool=copilot at=2026-13-45', 'at "2026-13-45" is not an ISO 8601 date'],
    [
      'not a date at all',
      '# ai-provenance: begin id=a1 tool=copilot at=yesterday',
      'at "yesterday" is not an ISO 8601 date',
    ],
    [
      'bad source',
      '# ai-provenance: begin id=a1 tool=copilot source=magic',
      'source "magic" must be one of paste, completion, agent, chat, manual',
    ],
    [
      'bad hash',
      '# ai-provenance: begin id=a1 tool=copilot hash=sha256:XYZ',
      'hash "sha256:XYZ" must be "sha256:" and at least 8 lowercase hex digits',
    ],
    [
      'short hash',
      '# ai-provenance: begin id=a1 tool=copilot hash=sha256:abc',
      'hash "sha256:abc" must be "sha256:" and at least 8 lowercase hex digits',
    ],
    ['bad model', '# ai-provenance: begin id=a1 tool=copilot model=gpt4', 'model "gpt4" must be "provider/model"'],
    ['unknown field', '# ai-provenance: begin id=a1 tool=copilot colour=red', 'unknown field "colour"'],
    ['field given twice', '# ai-provenance: begin id=a1 tool=copilot tool=cursor', 'field "tool" is given twice'],
    ['not key=value', '# ai-provenance: begin id=a1 tool=copilot oops', 'expected key=value, found "oops"'],
    ['unterminated quote', '# ai-provenance: begin id=a1 tool=copilot by="ann', 'unterminated quoted value for "by"'],
  ];
  for (const [name, begin, message] of fieldCases) {
    test(name, () => {
      const id = /id=(\S+)/.exec(begin)![1];
      const s = scan('python', lines(begin, 'x', `# ai-provenance: end id=${id}`));
      assert.deepEqual(problems(s), [[0, 0, begin.length, `malformed provenance marker: ${message}`]]);
    });
  }

  test('bad id characters: reported on the begin and on the end that repeats it', () => {
    const s = scan('python', lines('# ai-provenance: begin id=-x tool=copilot', 'x', '# ai-provenance: end id=-x'));
    const message = 'malformed provenance marker: id "-x" may only use letters, digits, ".", "_" and "-"';
    assert.deepEqual(problems(s), [
      [0, 0, 41, message],
      [2, 0, 26, message],
    ]);
  });

  test('an end marker takes only an id', () => {
    const s = scan('python', lines(BEGIN, 'x', '# ai-provenance: end id=a1 tool=copilot'));
    assert.deepEqual(
      problems(s).map((p) => p[3]),
      ['malformed provenance marker: an end marker only takes "id", not "tool"'],
    );
  });

  test('overlap / nesting: the inner begin is reported, the outer block survives', () => {
    const s = scan(
      'python',
      lines(BEGIN, '# ai-provenance: begin id=b2 tool=copilot', 'x', '# ai-provenance: end id=b2', END),
    );
    assert.deepEqual(problems(s), [
      [1, 0, 41, 'provenance blocks cannot nest or overlap: "begin id=b2" is inside the open block "a1"'],
    ]);
    assert.deepEqual(blocks(s), ['a1:0-4']);
  });

  test('mismatched end id: repaired to the open id when no begin uses it', () => {
    const s = scan('python', lines(BEGIN, 'x', '# ai-provenance: end id=zz'));
    assert.deepEqual(problems(s), [[2, 0, 26, '"end id=zz" does not close the open block "a1"']]);
    assert.equal(s.problems[0].repair, '# ai-provenance: end id=a1');
  });

  test('misspelt keyword: repaired to the canonical form', () => {
    const s = scan('python', lines('# AI-Provenance: Begin id=a1 tool=copilot', 'x', '# ai_provenance end id=a1'));
    assert.deepEqual(
      s.problems.map((p) => [p.line, p.repair]),
      [
        [0, '# ai-provenance: begin id=a1 tool=copilot'],
        [2, '# ai-provenance: end id=a1'],
      ],
    );
  });

  test('HTML marker without its closing "-->" is a problem', () => {
    const s = scan(
      'html',
      lines('<!-- ai-provenance: begin id=h tool=copilot -->', '<p>', '<!-- ai-provenance: end id=h'),
    );
    assert.deepEqual(problems(s), [[2, 0, 28, 'malformed provenance marker: marker is missing its closing "-->"']]);
  });

  test('"ai-provenance:" without begin or end', () => {
    const s = scan('python', lines('# ai-provenance: started id=a1'));
    assert.deepEqual(problems(s), [
      [0, 0, 30, 'malformed provenance marker: marker must say "begin" or "end" after "ai-provenance:"'],
    ]);
  });
});

describe('what does not count as a marker', () => {
  test('marker after code on the same line', () => {
    const s = scan(
      'python',
      lines('x = 1  # ai-provenance: begin id=a1 tool=copilot', 'y = 2', 'z = 3  # ai-provenance: end id=a1'),
    );
    assert.deepEqual(blocks(s), []);
    assert.deepEqual(problems(s), []);
  });

  test('marker text in a string literal', () => {
    const s = scan(
      'typescript',
      lines('const a = "// ai-provenance: begin id=a1 tool=copilot";', "const b = '// ai-provenance: end id=a1';"),
    );
    assert.deepEqual(blocks(s), []);
    assert.deepEqual(problems(s), []);
  });

  test('prose about provenance in a comment', () => {
    assert.deepEqual(
      problems(scan('python', lines('# AI provenance is tracked by our tooling', '# see ai-provenance docs'))),
      [],
    );
  });
});

describe('AIF006: content changed after hashing', () => {
  const hashed = (body: string[], hash: string, eol = '\n') =>
    [`# ai-provenance: begin id=h tool=copilot hash=sha256:${hash}`, ...body, '# ai-provenance: end id=h', ''].join(
      eol,
    );

  test('matching hash (prefix of the sha256 of the lines joined with \\n): nothing reported', () => {
    const full = sha('x = 1\ny = 2');
    for (const h of [full.slice(0, 8), full.slice(0, 16), full]) {
      const a = analyzeAt('a.py', hashed(['x = 1', 'y = 2'], h));
      assert.deepEqual(a.findings, [], h);
    }
  });

  test('edited content gives AIF006 on the begin line', () => {
    const a = analyzeAt(
      'a.py',
      lines('import os', ...hashed(['x = 1', 'y = 3'], sha('x = 1\ny = 2').slice(0, 16)).split('\n').slice(0, -1)),
    );
    assert.deepEqual(
      a.findings.map((f) => [f.code, f.severity, f.line, f.region]),
      [['AIF006', 'information', 1, { startLine: 1, endLine: 4 }]],
    );
    assert.match(a.findings[0].message, /AI block "h" was edited after it was labelled/);
  });

  test('CRLF files hash the same as LF files', () => {
    const h = sha('x = 1\ny = 2').slice(0, 16);
    assert.deepEqual(analyzeAt('a.py', hashed(['x = 1', 'y = 2'], h, '\r\n')).findings, []);
    assert.deepEqual(
      analyzeAt('a.py', hashed(['x = 1', 'y = 9'], h, '\r\n')).findings.map((f) => f.code),
      ['AIF006'],
    );
  });

  test('CRLF: blocks and problem positions are the same as with LF', () => {
    const text = [BEGIN, 'x', '    # ai-provenance: end', ''].join('\r\n');
    const s = scan('python', text);
    assert.deepEqual(blocks(s), ['a1:0-2']);
    assert.deepEqual(problems(s), [[2, 4, 24, 'end marker is missing id; it closes "a1"']]);
    assert.equal(s.problems[0].repair, '    # ai-provenance: end id=a1');
  });
});

describe('AIF004 through analyze()', () => {
  test('findings carry code, severity, exact range and the repair', () => {
    const a = analyzeAt('m.py', lines('x = 0', BEGIN, 'x = 1', '  # ai-provenance: end'));
    assert.deepEqual(
      a.findings.map((f) => [f.code, f.severity, f.line, f.character, f.endLine, f.endCharacter, f.repair]),
      [['AIF004', 'error', 3, 2, 3, 22, { line: 3, text: '  # ai-provenance: end id=a1' }]],
    );
  });

  test('a tool declared by a policy is known to markers', () => {
    const p = policy({ tools: { 'acme-gpt': 'Acme GPT' } });
    const text = lines('# ai-provenance: begin id=a tool=acme-gpt', 'x', '# ai-provenance: end id=a');
    assert.deepEqual(analyzeAt('m.py', text, [p]).findings, []);
    assert.deepEqual(
      analyzeAt('m.py', text, []).findings.map((f) => f.code),
      ['AIF004'],
    );
  });
});
