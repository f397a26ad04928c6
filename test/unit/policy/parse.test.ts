// parsePolicy: JSONC parsing, validation, and the exact position of every error.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { type PolicyError, parsePolicy } from '../../../server/src/engine/policy/parse';
import { lines, policy, policyErrors, ROOT } from '../../helpers/engine';

/** [line, character, endLine, endCharacter] of an error, all 0-based. */
const span = (e: PolicyError) => [e.line, e.character, e.endLine, e.endCharacter];

/** Single error of an invalid policy. */
function onlyError(text: string): PolicyError {
  const errors = policyErrors(text);
  assert.equal(errors.length, 1, JSON.stringify(errors));
  assert.equal(errors[0].file, `${ROOT}/.aifence.json`);
  return errors[0];
}

describe('JSONC input', () => {
  test('comments and trailing commas parse', () => {
    const p = policy(
      lines(
        '// leading comment',
        '{',
        '  /* block */ "version": 1, // trailing',
        '  "zones": [',
        '    { "name": "a", "paths": ["x",], "ai": "block", },',
        '  ],',
        '  "signatures": ["Made by Acme AI",],',
        '}',
      ),
    );
    assert.deepEqual(
      p.zones.map((z) => [z.name, z.ai, z.line]),
      [['a', 'block', 4]],
    );
    assert.deepEqual(p.signatures, ['Made by Acme AI']);
  });

  test('defaults and ledger resolve relative to the policy directory', () => {
    const minimal = policy('{"version": 1}', { dir: '/repo/sub' });
    assert.deepEqual(minimal.defaults, { ai: 'allow', provenance: 'optional' });
    assert.equal(minimal.ledger, '/repo/sub/.agent-trace/traces.jsonl');
    assert.equal(minimal.dir, '/repo/sub');
    const custom = policy({ ledger: 'traces/ai.jsonl', defaults: { ai: 'warn' } });
    assert.equal(custom.ledger, '/repo/traces/ai.jsonl');
    assert.deepEqual(custom.defaults, { ai: 'warn', provenance: 'optional' });
  });

  test('tools: "*" means every tool, a list is kept as a set', () => {
    const p = policy({
      zones: [
        { name: 'all', paths: ['a'], ai: 'block', tools: ['*'] },
        { name: 'some', paths: ['b'], ai: 'block', tools: ['copilot', 'cursor'] },
      ],
    });
    assert.equal(p.zones[0].tools, undefined);
    assert.deepEqual([...p.zones[1].tools!], ['copilot', 'cursor']);
  });

  test('a tool declared in "tools" may be used in zones, and one inherited from a parent policy too', () => {
    const p = policy({
      tools: { 'acme-ai': 'Acme AI' },
      zones: [{ name: 'z', paths: ['a'], ai: 'block', tools: ['acme-ai'] }],
    });
    assert.equal(p.tools.get('acme-ai'), 'Acme AI');
    const child = policy(
      { zones: [{ name: 'z', paths: ['a'], ai: 'block', tools: ['acme-ai'] }] },
      { inheritedTools: new Set(['acme-ai']) },
    );
    assert.deepEqual([...child.zones[0].tools!], ['acme-ai']);
  });
});

describe('error positions (0-based line and character of the offending node)', () => {
  test('JSON syntax error points at the unexpected token', () => {
    const e = onlyError(
      lines('{', '  "version": 1,', '  "zones": [', '    { "name": "a" "paths": ["x"] }', '  ]', '}'),
    );
    assert.deepEqual(span(e), [3, 18, 3, 25]);
    assert.match(e.message, /^JSON syntax error: comma expected$/);
  });

  test('unterminated document reports a syntax error at the end', () => {
    const errors = policyErrors('{\n  "version": 1,\n');
    assert.deepEqual(
      errors.map((e) => `${e.line}:${e.character} ${e.message}`),
      [
        '2:0 JSON syntax error: property name expected',
        '2:0 JSON syntax error: value expected',
        '2:0 JSON syntax error: close brace expected',
      ],
    );
  });

  test('wrong type points at the value', () => {
    const e = onlyError(
      lines('{', '  "version": 1,', '  "zones": [{ "name": "a", "paths": ["x"], "ai": "nope" }]', '}'),
    );
    assert.deepEqual(span(e), [2, 49, 2, 55]);
    assert.match(e.message, /^zones\[0\]\.ai: /);
  });

  test('paths given as a string instead of an array points at the string', () => {
    const e = onlyError(
      lines('{', '  "version": 1,', '  "zones": [{ "name": "a", "paths": "src", "ai": "block" }]', '}'),
    );
    assert.deepEqual(span(e), [2, 36, 2, 41]);
    assert.match(e.message, /^zones\[0\]\.paths: /);
  });

  test('unknown top-level key points at the key', () => {
    const e = onlyError(lines('{', '  "version": 1,', '  "zonez": []', '}'));
    assert.deepEqual(span(e), [2, 2, 2, 9]);
    assert.equal(e.message, 'unknown key "zonez"');
  });

  test('unknown key inside a zone points at that key', () => {
    const e = onlyError(
      lines(
        '{',
        '  "version": 1,',
        '  "zones": [',
        '    { "name": "a", "paths": ["x"], "ai": "block", "colour": 1 }',
        '  ]',
        '}',
      ),
    );
    assert.deepEqual(span(e), [3, 50, 3, 58]);
    assert.equal(e.message, 'zones[0]: unknown key "colour"');
  });

  test('missing version reports at the enclosing object', () => {
    const e = onlyError(lines('{', '  "zones": []', '}'));
    assert.deepEqual(span(e), [0, 0, 2, 1]);
    assert.match(e.message, /^version: /);
  });

  test('wrong version points at the number', () => {
    const e = onlyError('{"version": 2}');
    assert.deepEqual(span(e), [0, 12, 0, 13]);
  });

  test('duplicate zone name points at the second name', () => {
    const e = onlyError(
      lines(
        '{',
        '  "version": 1,',
        '  "zones": [',
        '    { "name": "a", "paths": ["x"], "ai": "block" },',
        '    { "name": "a", "paths": ["y"], "ai": "warn" }',
        '  ]',
        '}',
      ),
    );
    assert.deepEqual(span(e), [4, 14, 4, 17]);
    assert.equal(e.message, 'zones[1].name: duplicate zone name "a" (first declared in zones[0])');
  });

  // Each glob case: a zone on line 3 whose paths[0] (or except[0]) starts at character 28.
  const globCase = (glob: string, key: 'paths' | 'except' = 'paths') =>
    lines(
      '{',
      '  "version": 1,',
      '  "zones": [',
      key === 'paths'
        ? `    { "ai": "block", "paths": [${JSON.stringify(glob)}], "name": "z" }`
        : `    { "ai": "block", "except": [${JSON.stringify(glob)}], "paths": ["src"], "name": "z" }`,
      '  ]',
      '}',
    );
  const globCases: [string, string, 'paths' | 'except', RegExp][] = [
    ['absolute glob', '/etc/secrets', 'paths', /absolute globs are not allowed/],
    ['Windows drive glob', 'C:/secrets', 'paths', /absolute globs are not allowed/],
    ['".." glob', 'src/../secrets', 'paths', /"\.\." is not allowed/],
    ['negated glob', '!vendor', 'except', /negated globs are not allowed/],
    ['backslash', 'src\\secrets', 'paths', /backslashes are not allowed/],
    [
      'too many brace alternatives',
      '{a,b,c,d}{a,b,c,d}{a,b,c,d}{a,b,c,d,e}',
      'paths',
      /expands to more than 256 alternatives/,
    ],
  ];
  for (const [name, glob, key, message] of globCases) {
    test(`${name} points at the glob string`, () => {
      const e = onlyError(globCase(glob, key));
      const start = key === 'paths' ? 31 : 32;
      assert.deepEqual(span(e), [3, start, 3, start + JSON.stringify(glob).length]);
      assert.match(e.message, new RegExp(`^zones\\[0\\]\\.${key}\\[0\\]: `));
      assert.match(e.message, message);
    });
  }

  test('256 brace alternatives are still fine', () => {
    policy({ zones: [{ name: 'z', paths: ['{a,b,c,d}{a,b,c,d}{a,b,c,d}{a,b,c,d}'], ai: 'block' }] });
  });

  test('unknown tool in zone.tools points at that tool', () => {
    const e = onlyError(
      lines(
        '{',
        '  "version": 1,',
        '  "zones": [',
        '    { "name": "z", "paths": ["a"], "ai": "block", "tools": ["copilot", "gizmo"] }',
        '  ]',
        '}',
      ),
    );
    assert.deepEqual(span(e), [3, 71, 3, 78]);
    assert.match(e.message, /^zones\[0\]\.tools\[1\]: unknown tool "gizmo"/);
  });

  test('"constructor" is not a built-in tool id', () => {
    const e = onlyError(
      '{"version": 1, "zones": [{"name": "z", "paths": ["a"], "ai": "block", "tools": ["constructor"]}]}',
    );
    assert.match(e.message, /unknown tool "constructor"/);
    policy({ tools: { constructor: 'In-house builder' } });
  });

  test('redeclaring a built-in tool points at its key', () => {
    const e = onlyError(lines('{', '  "version": 1,', '  "tools": { "copilot": "Mine" }', '}'));
    assert.deepEqual(span(e), [2, 13, 2, 22]);
  });

  test('empty and whitespace-only files', () => {
    for (const text of ['', '  \n\t\n']) {
      const e = onlyError(text);
      assert.deepEqual(span(e), [0, 0, 0, 0]);
      assert.match(e.message, /policy file is empty/);
    }
  });

  test('several problems are all reported, none throws', () => {
    const errors = policyErrors(
      lines(
        '{',
        '  "version": 1,',
        '  "zones": [',
        '    { "name": "a", "paths": ["/abs", "ok", "x/../y"], "ai": "block" },',
        '    { "name": "a", "paths": ["b"], "ai": "warn" }',
        '  ]',
        '}',
      ),
    );
    assert.deepEqual(
      errors.map((e) => [e.line, e.character]),
      [
        [3, 29],
        [3, 43],
        [4, 14],
      ],
    );
  });

  test('CRLF line endings do not shift positions', () => {
    const text = ['{', '  "version": 1,', '  "zonez": []', '}'].join('\r\n');
    const [e] = parsePolicy(text, { file: '/r/.aifence.json' }).errors;
    assert.deepEqual(span(e), [2, 2, 2, 9]);
  });
});
