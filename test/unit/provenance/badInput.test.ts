// Bad input ends in a clear message: nothing throws, hangs or crashes.

import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { Workspace } from '../../../server/src/engine/io/workspace';
import { parsePolicy } from '../../../server/src/engine/policy/parse';
import { resolve } from '../../../server/src/engine/policy/zones';
import { analyze } from '../../../server/src/engine/provenance/analyze';
import { ALL_SYNTAXES } from '../../../server/src/engine/provenance/commentSyntax';
import { parseLedger } from '../../../server/src/engine/provenance/ledger';
import { parseMarkerLine } from '../../../server/src/engine/provenance/markerSyntax';
import { FIXTURES, tempDir, writeTree } from '../../helpers/tmp';

const CORPUS = path.join(FIXTURES, 'bad-input');
// Accepted on purpose: literal signatures that look like regexes, and a long chain of globstars (minimatch collapses it).
const VALID_POLICIES = new Set(['regex-signature.json', 'globstar-chain.json']);

// Every problem of each corpus file, as "line:column message" (1-based) and "line: message" for markers.
const MARKER_PROBLEMS: Record<string, string[]> = {
  'bad-date.py': ['1: malformed provenance marker: at "2026-13-45T99:00:00Z" is not an ISO 8601 date'],
  'duplicate-id.py': ['4: duplicate provenance id "a"; ids must be unique in a file'],
  'garbage-fields.py': [
    '1: malformed provenance marker: expected key=value, found "====="',
    '1: malformed provenance marker: expected key=value, found ""x""',
    '1: malformed provenance marker: expected key=value, found "\\"',
    '1: malformed provenance marker: missing id',
    '1: malformed provenance marker: unknown tool "="; use a built-in tool id or declare it in the policy\'s "tools"',
  ],
  'html-no-closer.html': ['1: malformed provenance marker: marker is missing its closing "-->"'],
  'neither.py': ['1: malformed provenance marker: marker must say "begin" or "end" after "ai-provenance:"'],
  'no-id.py': ['1: malformed provenance marker: missing id'],
  'no-tool.py': ['1: malformed provenance marker: missing tool'],
  'overlap.py': ['2: provenance blocks cannot nest or overlap: "begin id=b" is inside the open block "a"'],
  'unclosed.py': ['1: provenance block "a" is never closed; add "ai-provenance: end id=a"'],
  'unknown-tool.py': [
    '1: malformed provenance marker: unknown tool "skynet"; use a built-in tool id or declare it in the policy\'s "tools"',
  ],
  'unopened.py': ['2: "end id=a" has no matching begin'],
  'unterminated-quote.py': ['1: malformed provenance marker: unterminated quoted value for "by"'],
};

const POLICY_ERRORS: Record<string, string[]> = {
  'absolute-glob.json': [
    '1:53 zones[0].paths[0]: absolute globs are not allowed; write the path relative to the policy file',
  ],
  'backslash-glob.json': ['1:53 zones[0].paths[0]: globs use "/" separators; backslashes are not allowed'],
  'bad-rule.json': ['1:65 zones[0].ai: Invalid option: expected one of "block"|"warn"|"allow"'],
  'brace-bomb.json': ['1:50 zones[0].paths[0]: glob expands to more than 256 alternatives'],
  'comments-only.json': ['3:1 JSON syntax error: value expected'],
  'deep-braces.json': ['1:50 zones[0].paths[0]: glob expands to more than 256 alternatives'],
  'deeply-nested.json': ['1:84 policy is nested more than 64 levels deep'],
  'dotdot-glob.json': ['1:53 zones[0].paths[0]: ".." is not allowed in globs; put a policy file higher up instead'],
  'duplicate-zone.json': ['1:86 zones[1].name: duplicate zone name "a" (first declared in zones[0])'],
  'empty-paths.json': ['1:52 zones[0].paths: a zone needs at least one path'],
  'empty.json': ['1:1 policy file is empty; it needs at least {"version": 1}'],
  'long-pattern.json': ['1:50 zones[0].paths[0]: glob is longer than 1024 characters'],
  'negated-glob.json': ['1:53 zones[0].paths[0]: negated globs are not allowed; use "except"'],
  'not-an-object.json': ['1:1 Invalid input: expected object, received array'],
  'nul-bytes.json': ['1:38 JSON syntax error: invalid character'],
  'syntax-error.json': [
    '1:45 JSON syntax error: close bracket expected',
    '1:45 JSON syntax error: close brace expected',
  ],
  'unknown-keys.json': ['1:17 unknown key "zone"', '1:58 defaults: unknown key "colour"'],
  'unknown-tool.json': ['1:84 zones[0].tools[0]: unknown tool "acme"; declare it in "tools" or use a built-in id'],
  'version-2.json': ['1:14 version: Invalid input: expected 1'],
  'whitespace-only.json': ['1:1 policy file is empty; it needs at least {"version": 1}'],
  'windows-absolute-glob.json': [
    '1:53 zones[0].paths[0]: absolute globs are not allowed; write the path relative to the policy file',
  ],
  'wrong-types.json': [
    '1:14 version: Invalid input: expected 1',
    '1:28 zones: Invalid input: expected array, received object',
  ],
};

describe('bad policy files', () => {
  for (const name of fs.readdirSync(path.join(CORPUS, 'policies'))) {
    test(name, { timeout: 30_000 }, () => {
      const text = fs.readFileSync(path.join(CORPUS, 'policies', name), 'utf8');
      const { policy, errors } = parsePolicy(text, { file: `/repo/${name}` });
      if (VALID_POLICIES.has(name)) {
        assert.notEqual(policy, undefined, 'valid');
        assert.deepEqual(errors, []);
        return;
      }
      assert.equal(policy, undefined, 'rejected');
      assert.deepEqual(
        errors.map((e) => `${e.line + 1}:${e.character + 1} ${e.message}`),
        POLICY_ERRORS[name],
      );
      const lines = text.split('\n');
      for (const e of errors) assert.ok(e.character <= lines[e.line].length, 'column inside the line');
    });
  }

  test('a globstar chain matches without blowup', () => {
    const text = fs.readFileSync(path.join(CORPUS, 'policies', 'globstar-chain.json'), 'utf8');
    const { policy } = parsePolicy(text, { file: '/repo/.aifence.json' });
    assert.equal(resolve([policy!], `/repo/${'d/'.repeat(300)}x`).ai, 'block');
    assert.equal(resolve([policy!], `/repo/${'d/'.repeat(300)}y`).ai, 'allow');
  });

  test('10k zones load and resolve', { timeout: 60_000 }, () => {
    const zones = Array.from({ length: 10_000 }, (_, i) => ({
      name: `z${i}`,
      paths: [`dir${i}/`, `**/*.ext${i}`, `a/{b,c}/d${i}/**`],
      ai: ['block', 'warn', 'allow'][i % 3],
    }));
    const { policy, errors } = parsePolicy(JSON.stringify({ version: 1, zones }), { file: '/repo/.aifence.json' });
    assert.deepEqual(errors, []);
    assert.equal(policy!.zones.length, 10_000);
    assert.equal(resolve([policy!], '/repo/dir3/x.py').ai, 'block');
    assert.equal(resolve([policy!], '/repo/a/c/d9999/f').ai, 'block');
    assert.equal(resolve([policy!], '/repo/q/file.ext4').ai, 'warn');
    assert.equal(resolve([policy!], '/repo/nothing/here.txt').ai, 'allow');
  });
});

describe('hostile ledger', () => {
  test('every bad line is reported and skipped; nothing escapes the repository', () => {
    const ledger = parseLedger(fs.readFileSync(path.join(CORPUS, 'ledger.jsonl'), 'utf8'));
    assert.deepEqual([...ledger.byPath.keys()], []);
    const byLine = new Map(ledger.problems.map((p) => [p.line, p.message]));
    assert.match(byLine.get(1)!, /\.\.\/\.\.\/etc\/passwd.*leaves the repository/);
    assert.match(byLine.get(2)!, /absolute/);
    assert.match(byLine.get(4)!, /not valid JSON/);
    assert.match(byLine.get(5)!, /not valid JSON/);
    assert.match(byLine.get(6)!, /not an Agent Trace record/);
    assert.match(byLine.get(8)!, /integer start_line/);
    assert.match(byLine.get(9)!, /empty or starts before line 1/);
  });
});

describe('odd content', () => {
  const policy = parsePolicy('{"version": 1}', { file: '/repo/.aifence.json' }).policy!;
  const read = (name: string) => {
    const ws = new Workspace({ root: path.join(CORPUS, 'content'), managedPolicies: ['/nonexistent/policy.json'] });
    return ws.readFile(path.join(CORPUS, 'content', name));
  };

  test('binary files are skipped as binary', () => {
    assert.equal(read('binary.bin').kind, 'skip');
  });

  for (const [name, line] of [
    ['utf16le-bom.py', 0],
    ['utf16be-bom.py', 0],
    ['utf8-bom.py', 0],
    ['crlf.py', 0],
    ['mixed-eol.py', 0],
    ['lone-cr.py', 0],
    ['invalid-utf8.py', 0],
    ['no-newline-at-end.py', 0],
    ['only-signature.py', 0],
    ['emoji.ts', 0],
  ] as const) {
    test(`${name}: decoded and analysed`, () => {
      const r = read(name);
      assert.equal(r.kind, 'text');
      if (r.kind !== 'text') return;
      const a = analyze({ file: `/repo/${name}`, text: r.decoded.text }, { policies: [policy] });
      const aif003 = a.findings.filter((f) => f.code === 'AIF003');
      assert.equal(aif003.length, 1, 'the signature is found');
      assert.equal(aif003[0].line, line);
      if (name === 'invalid-utf8.py') assert.equal(r.decoded.lossy, true, 'flagged so --fix leaves it alone');
    });
  }

  test('a minified one-line file is analysed as one region', () => {
    const r = read('minified.js');
    assert.equal(r.kind, 'text');
    if (r.kind !== 'text') return;
    const a = analyze({ file: '/repo/minified.js', text: r.decoded.text }, { policies: [policy] });
    assert.deepEqual(
      a.findings.map((f) => [f.code, f.line, f.endLine]),
      [['AIF003', 0, 0]],
    );
  });

  test('a 50 MB file is skipped as oversized by default and analysed when allowed', { timeout: 120_000 }, () => {
    const dir = tempDir();
    const line = 'x = compute(1, 2)  # filler filler filler filler\n';
    const big = `${line.repeat(Math.ceil((50 * 1024 * 1024) / line.length))}# Generated by ChatGPT\ny = 1\n`;
    writeTree(dir, { 'big.py': big });
    const ws = new Workspace({ root: dir, managedPolicies: ['/nonexistent/policy.json'] });
    const skipped = ws.checkFile(path.join(dir, 'big.py'));
    assert.deepEqual([skipped.kind, skipped.kind === 'skip' && skipped.reason], ['skip', 'oversized']);
    const allowed = ws.checkFile(path.join(dir, 'big.py'), 60 * 1024 * 1024);
    assert.equal(allowed.kind, 'checked');
    assert.equal(allowed.kind === 'checked' && allowed.analysis?.findings.filter((f) => f.code === 'AIF003').length, 1);
  });

  test('a 1M-line file with 5000 labelled blocks and a 200k-character marker line', { timeout: 120_000 }, () => {
    const parts: string[] = [];
    for (let i = 0; i < 5000; i++)
      parts.push(`# ai-provenance: begin id=m${i} tool=copilot`, `x${i} = 1`, `# ai-provenance: end id=m${i}`);
    parts.push(
      `# ai-provenance: begin id=huge tool=copilot ${'k=v '.repeat(50_000)}`,
      'y = 2',
      '# ai-provenance: end id=huge',
    );
    while (parts.length < 1_000_000) parts.push('z = 3');
    const a = analyze({ file: '/repo/a.py', text: parts.join('\n') }, { policies: [policy] });
    assert.equal(a.markers.blocks.length, 5001);
    assert.ok(
      a.findings.some((f) => f.code === 'AIF004' && /expected key=value|given twice/.test(f.message)),
      'the huge marker line is reported, not fatal',
    );
  });

  test('a deleted file and a directory read as a file give clear skips', () => {
    const dir = tempDir();
    writeTree(dir, { 'sub/a.py': 'x\n' });
    const ws = new Workspace({ root: dir, managedPolicies: ['/nonexistent/policy.json'] });
    const gone = ws.checkFile(path.join(dir, 'gone.py'));
    assert.deepEqual(gone.kind === 'skip' && [gone.reason, gone.message], ['vanished', 'deleted while scanning']);
    const folder = ws.checkFile(path.join(dir, 'sub'));
    assert.equal(folder.kind === 'skip' && folder.reason, 'unreadable');
  });
});

describe('broken markers', () => {
  const policy = parsePolicy('{"version": 1}', { file: '/repo/.aifence.json' }).policy!;
  for (const name of fs.readdirSync(path.join(CORPUS, 'markers'))) {
    test(`${name}: AIF004, no throw`, () => {
      const text = fs.readFileSync(path.join(CORPUS, 'markers', name), 'utf8');
      const a = analyze({ file: `/repo/${name}`, text }, { policies: [policy] });
      assert.deepEqual(
        a.findings.filter((f) => f.code === 'AIF004').map((f) => `${f.line + 1}: ${f.message}`),
        MARKER_PROBLEMS[name],
      );
    });
  }
});

describe('fuzzing', () => {
  const RUNS = 1000;
  test(`the policy parser never throws (${RUNS} runs × 3 generators)`, () => {
    const parse = (text: string) => {
      const r = parsePolicy(text, { file: '/repo/.aifence.json' });
      assert.ok(r.policy !== undefined || r.errors.length > 0);
    };
    fc.assert(fc.property(fc.string({ maxLength: 300 }), parse), { numRuns: RUNS });
    fc.assert(fc.property(fc.json({ maxDepth: 4 }), parse), { numRuns: RUNS });
    const zone = fc.record(
      {
        name: fc.oneof(fc.string(), fc.constant('a')),
        paths: fc.array(fc.oneof(fc.string(), fc.constantFrom('**', '/x', '../y', '{a,b}', '!x', 'a\\b', '[z')), {
          maxLength: 3,
        }),
        ai: fc.oneof(fc.constantFrom('block', 'warn', 'allow'), fc.string()),
        tools: fc.option(fc.array(fc.oneof(fc.constantFrom('*', 'copilot', 'constructor', '__proto__'), fc.string()))),
      },
      { requiredKeys: [] },
    );
    fc.assert(
      fc.property(
        fc.record(
          { version: fc.oneof(fc.constant(1), fc.anything()), zones: fc.array(zone, { maxLength: 4 }) },
          { requiredKeys: [] },
        ),
        (p) => parse(JSON.stringify(p)),
      ),
      { numRuns: RUNS },
    );
  });

  test(`the marker parser never throws (${RUNS} runs × every comment syntax)`, () => {
    const fragment = fc.oneof(
      fc.string({ maxLength: 20 }),
      fc.constantFrom(
        'ai-provenance:',
        'begin',
        'end',
        'id=',
        'tool=copilot',
        '"',
        '\\',
        '=',
        ' ',
        '#',
        '//',
        '<!--',
        '-->',
        '/*',
        '*/',
        '--',
      ),
    );
    const line = fc.array(fragment, { maxLength: 12 }).map((parts) => parts.join(''));
    fc.assert(
      fc.property(line, fc.constantFrom(...ALL_SYNTAXES), (text, syntax) => {
        const m = parseMarkerLine(text, syntax);
        assert.ok(m === undefined || ['begin', 'end', 'unknown'].includes(m.kind));
      }),
      { numRuns: RUNS },
    );
  });

  test(`analysis never throws on marker-rich random files (${RUNS} runs)`, () => {
    const policy = parsePolicy('{"version": 1, "zones": [{"name": "z", "paths": ["**"], "ai": "block"}]}', {
      file: '/repo/.aifence.json',
    }).policy!;
    const lineGen = fc.oneof(
      fc.string({ maxLength: 30 }),
      fc.constantFrom(
        '# ai-provenance: begin id=a tool=copilot',
        '# ai-provenance: end id=a',
        '# ai-provenance: end',
        '# Generated by ChatGPT',
        '',
        '    x = 1',
        '/* a',
        '*/',
      ),
    );
    fc.assert(
      fc.property(fc.array(lineGen, { maxLength: 30 }), fc.constantFrom('\n', '\r\n', '\r'), (lines, eol) => {
        const a = analyze({ file: '/repo/a.py', text: lines.join(eol) }, { policies: [policy] });
        for (const f of a.findings) assert.ok(f.line <= f.endLine && f.line < lines.length + 1);
      }),
      { numRuns: RUNS },
    );
  });
});

describe('case folding', () => {
  test("a match whose lower case differs from the phrase's (Greek final sigma) is still attributed, not a crash", () => {
    const policy = parsePolicy('{"version": 1, "signatures": ["ΣΥΣΤΗΜΑ ΤΝ"]}', { file: '/repo/.aifence.json' }).policy!;
    const a = analyze({ file: '/repo/a.ts', text: '// ςυςτημα τν\nx = 1\n' }, { policies: [policy] });
    assert.deepEqual(
      a.findings.map((f) => [f.code, f.evidence?.kind === 'signature' && f.evidence.phrase]),
      [['AIF003', 'ΣΥΣΤΗΜΑ ΤΝ']],
    );
  });
});
