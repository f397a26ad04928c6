// Agent Trace ledger: parsing, unsafe paths, and relocation by content hash.

import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { describe, test } from 'node:test';
import { type LedgerRange, locateRanges, parseLedger } from '../../../server/src/engine/provenance/ledger';
import { murmur3Hex } from '../../../server/src/engine/provenance/murmur3';
import { analyzeAt, lines, textLines } from '../../helpers/engine';

const sha = (ls: string[]) => `sha256:${createHash('sha256').update(ls.join('\n')).digest('hex')}`;

/** One Agent Trace v0.1 record as a JSONL line. */
function record(files: unknown[], extra: Record<string, unknown> = {}): string {
  return JSON.stringify({ version: '0.1', id: 'rec-1', timestamp: '2026-11-21T10:00:00Z', ...extra, files });
}
const aiFile = (
  path: string,
  ranges: unknown[],
  contributor: Record<string, unknown> = { type: 'ai', model_id: 'anthropic/claude-opus-4-5' },
) => ({ path, conversations: [{ url: 'https://example.test/c/1', contributor, ranges }] });

describe('parseLedger', () => {
  test('a valid record: ai ranges by path, with tool, model, conversation and ledger line', () => {
    const text = [
      '',
      record([aiFile('src/a.py', [{ start_line: 3, end_line: 5, content_hash: 'sha256:0123456789abcdef' }])], {
        tool: { name: 'Claude Code' },
      }),
    ].join('\n');
    const ledger = parseLedger(text);
    assert.deepEqual(ledger.problems, []);
    assert.deepEqual([...ledger.byPath.keys()], ['src/a.py']);
    assert.deepEqual(ledger.byPath.get('src/a.py'), [
      {
        path: 'src/a.py',
        startLine: 3,
        endLine: 5,
        contentHash: 'sha256:0123456789abcdef',
        tool: 'claude-code',
        toolVersion: undefined,
        model: 'anthropic/claude-opus-4-5',
        conversation: 'https://example.test/c/1',
        recordId: 'rec-1',
        revision: undefined,
        ledgerLine: 2,
      },
    ]);
  });

  test('malformed lines are reported with their 1-based line and skipped; good lines still count', () => {
    const text = [
      '{not json',
      record([aiFile('a.py', [{ start_line: 1, end_line: 1 }])]),
      '[1, 2]',
      JSON.stringify({ version: '0.1', id: 'x' }),
      record([{ path: 'b.py' }]),
      record([
        aiFile('c.py', [
          { start_line: 'one', end_line: 2 },
          { start_line: 5, end_line: 4 },
          { start_line: 0, end_line: 1 },
        ]),
      ]),
    ].join('\r\n');
    const ledger = parseLedger(text);
    assert.deepEqual(
      ledger.problems.map((p) => p.line),
      [1, 3, 4, 5, 6, 6, 6],
    );
    assert.match(ledger.problems[0].message, /not valid JSON/);
    assert.match(ledger.problems[1].message, /not an Agent Trace record/);
    assert.match(ledger.problems[3].message, /without "path" or "conversations"/);
    assert.match(ledger.problems[4].message, /integer start_line and end_line/);
    assert.match(ledger.problems[5].message, /range 5-4 .* is empty/);
    assert.deepEqual([...ledger.byPath.keys()], ['a.py']);
  });

  test('paths leaving the repository or absolute paths are ignored with a problem', () => {
    const paths = ['../../etc/passwd', 'src/../../x', '/etc/passwd', 'C:/Windows/x.py', 'src\\a.py'];
    const ledger = parseLedger(paths.map((p) => record([aiFile(p, [{ start_line: 1, end_line: 1 }])])).join('\n'));
    assert.equal(ledger.byPath.size, 0);
    assert.deepEqual(
      ledger.problems.map((p) => p.line),
      [1, 2, 3, 4, 5],
    );
    assert.match(ledger.problems[0].message, /leaves the repository/);
    assert.match(ledger.problems[2].message, /absolute/);
  });

  test('"./" prefixes are dropped', () => {
    assert.deepEqual(
      [...parseLedger(record([aiFile('./src/a.py', [{ start_line: 1, end_line: 1 }])])).byPath.keys()],
      ['src/a.py'],
    );
  });

  test('non-ai contributors are ignored', () => {
    const ledger = parseLedger(
      record([
        aiFile('h.py', [{ start_line: 1, end_line: 9 }], { type: 'human' }),
        aiFile('m.py', [{ start_line: 1, end_line: 9 }], { type: 'mixed' }),
        aiFile('u.py', [{ start_line: 1, end_line: 9 }], { type: 'unknown' }),
      ]),
    );
    assert.equal(ledger.byPath.size, 0);
    assert.deepEqual(ledger.problems, []);
  });

  test("a range's contributor overrides its conversation's (agent handoffs)", () => {
    const ledger = parseLedger(
      record([
        aiFile(
          'a.py',
          [
            { start_line: 1, end_line: 1 },
            { start_line: 2, end_line: 2, contributor: { type: 'ai', model_id: 'openai/gpt-5' } },
          ],
          { type: 'human' },
        ),
        aiFile('b.py', [
          { start_line: 1, end_line: 1 },
          { start_line: 2, end_line: 2, contributor: { type: 'human' } },
        ]),
        { path: 'c.py', conversations: [{ ranges: [{ start_line: 4, end_line: 4, contributor: { type: 'ai' } }] }] },
      ]),
    );
    assert.deepEqual(
      [...ledger.byPath.values()].flat().map((r) => [r.path, r.startLine, r.model]),
      [
        ['a.py', 2, 'openai/gpt-5'],
        ['b.py', 1, 'anthropic/claude-opus-4-5'],
        ['c.py', 4, undefined],
      ],
    );
  });

  test('tool version and vcs revision are read from the record', () => {
    const [r] = parseLedger(
      record([aiFile('a.py', [{ start_line: 1, end_line: 1 }])], {
        tool: { name: 'cursor', version: '2.4.0' },
        vcs: { type: 'git', revision: 'a1b2c3d4' },
      }),
    ).byPath.get('a.py')!;
    assert.deepEqual([r.tool, r.toolVersion, r.revision], ['cursor', '2.4.0', 'a1b2c3d4']);
  });

  test('tool names are normalised to tool ids', () => {
    const tools = ['GitHub Copilot', 'cursor', 'Some Unknown Thing'].map(
      (name) =>
        parseLedger(record([aiFile('a.py', [{ start_line: 1, end_line: 1 }])], { tool: { name } })).byPath.get(
          'a.py',
        )![0].tool,
    );
    assert.deepEqual(tools, ['copilot', 'cursor', undefined]);
    const odd = parseLedger(
      record([aiFile('a.py', [{ start_line: 1, end_line: 1 }])], { tool: { name: 'constructor' } }),
    );
    assert.equal(odd.byPath.get('a.py')![0].tool, undefined);
  });
});

describe('murmur3Hex', () => {
  test('MurmurHash3 x86 32-bit, seed 0: the published test vectors', () => {
    assert.deepEqual(['', 'a', 'ab', 'abc', 'hello', 'The quick brown fox jumps over the lazy dog'].map(murmur3Hex), [
      '00000000',
      '3c2569b2',
      '9bbfd75f',
      'b3dd93fa',
      '248bfa47',
      '2e4ff723',
    ]);
  });
});

describe('locateRanges', () => {
  const body = ['def ai():', '    return 42'];
  const original = ['import os', '', ...body, '', 'x = 1'];
  const range = (over: Partial<LedgerRange> = {}): LedgerRange => ({
    path: 'a.py',
    startLine: 3,
    endLine: 4,
    contentHash: sha(body),
    tool: 'copilot',
    toolVersion: undefined,
    model: undefined,
    conversation: undefined,
    recordId: 'r',
    revision: undefined,
    ledgerLine: 1,
    ...over,
  });
  const where = (text: string[], r: LedgerRange[]) =>
    locateRanges(textLines(lines(...text)), r).map((l) => [l.startLine, l.endLine]);

  test('in place: found at the recorded lines (0-based in the result)', () => {
    assert.deepEqual(where(original, [range()]), [[2, 3]]);
  });

  test('lines inserted above: relocated by content hash', () => {
    assert.deepEqual(where(['# new', '# lines', '# here', ...original], [range()]), [[5, 6]]);
  });

  test('lines removed above: relocated upward', () => {
    assert.deepEqual(where(original.slice(2), [range()]), [[0, 1]]);
  });

  test('a short hash prefix is enough', () => {
    assert.deepEqual(where(['#', ...original], [range({ contentHash: sha(body).slice(0, 'sha256:'.length + 8) })]), [
      [3, 4],
    ]);
  });

  test('content gone: the range is not returned', () => {
    assert.deepEqual(where(['import os', '', 'def ai():', '    return 43', '', 'x = 1'], [range()]), []);
  });

  test('without a hash: taken as recorded when it fits, dropped when the file is shorter', () => {
    assert.deepEqual(where(['a', 'b', 'c', 'd'], [range({ contentHash: undefined })]), [[2, 3]]);
    assert.deepEqual(where(['a', 'b'], [range({ contentHash: undefined })]), []);
  });

  test("murmur3 (the spec's hash kind): relocated by content, dropped when the content is gone", () => {
    const m3 = `murmur3:${murmur3Hex(body.join('\n'))}`;
    assert.deepEqual(where(['# new', ...original], [range({ contentHash: m3 })]), [[3, 4]]);
    assert.deepEqual(
      where(['#', ...original], [range({ contentHash: m3.toUpperCase().replace('MURMUR3', 'murmur3') })]),
      [[3, 4]],
    );
    assert.deepEqual(where(['import os', '', 'def ai():', '    return 43'], [range({ contentHash: m3 })]), []);
  });

  test('an unusable hash is treated like no hash', () => {
    assert.deepEqual(where(['a', 'b', 'c', 'd'], [range({ contentHash: 'md5:abc' })]), [[2, 3]]);
  });

  test('CRLF text hashes like LF', () => {
    const crlf = textLines(['#', ...original, ''].join('\r\n'));
    assert.deepEqual(
      locateRanges(crlf, [range()]).map((l) => l.startLine),
      [3],
    );
  });
});

describe('ledger ranges through analyze()', () => {
  test('an unlabeled ledger range is AIF003 with ledger evidence', () => {
    const text = lines('# one', '# two', 'import os', '', 'def ai():', '    return 42', '', 'x = 1');
    const r: LedgerRange = {
      path: 'a.py',
      startLine: 3,
      endLine: 4,
      contentHash: sha(['def ai():', '    return 42']),
      tool: 'cursor',
      toolVersion: '2.1.0',
      model: 'openai/gpt-5',
      conversation: 'c1',
      recordId: 'r',
      revision: '0123abc',
      ledgerLine: 7,
    };
    const a = analyzeAt('a.py', text, [], [r]);
    assert.deepEqual(
      a.findings.map((f) => [f.code, f.line, f.endLine, f.tool, f.evidence]),
      [
        [
          'AIF003',
          4,
          5,
          'cursor',
          { kind: 'ledger', ledgerLine: 7, conversation: 'c1', model: 'openai/gpt-5', revision: '0123abc' },
        ],
      ],
    );
    assert.match(a.findings[0].message, /recorded in the Agent Trace ledger for Cursor/);
  });

  test('a ledger range inside a labelled block is not reported', () => {
    const text = lines('# ai-provenance: begin id=a tool=cursor', 'x = 1', '# ai-provenance: end id=a');
    const r: LedgerRange = {
      path: 'a.py',
      startLine: 2,
      endLine: 2,
      contentHash: undefined,
      tool: 'cursor',
      toolVersion: undefined,
      model: undefined,
      conversation: undefined,
      recordId: 'r',
      revision: undefined,
      ledgerLine: 1,
    };
    assert.deepEqual(analyzeAt('a.py', text, [], [r]).findings, []);
  });
});
