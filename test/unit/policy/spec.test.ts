// Policy specs: the plain-JSON form the hooks cache. A policy taken through
// specOf, JSON and compileSpec must classify every path as the parsed one does.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import type { Policy } from '../../../server/src/engine/policy/parse';
import { blockOnly, compileSpec, isPolicySpec, type PolicySpec, specOf } from '../../../server/src/engine/policy/spec';
import { resolve } from '../../../server/src/engine/policy/zones';
import { policy, ROOT } from '../../helpers/engine';

/** The policy parsed from `text`, its spec, and the spec compiled after a trip through JSON (as the cache stores it). */
function roundTrip(text: string, dir = ROOT): { parsed: Policy; spec: PolicySpec; compiled: Policy } {
  const parsed = policy(text, { dir });
  const spec = specOf(parsed, text);
  return { parsed, spec, compiled: compileSpec(JSON.parse(JSON.stringify(spec))) };
}

/** A resolution as plain data: rule, deciding zone and the matching zones' names. */
const ruling = (policies: readonly Policy[], file: string, tool?: string) => {
  const r = resolve(policies, file, tool);
  return { ai: r.ai, provenance: r.provenance, decidingZone: r.decidingZone?.name, zones: r.zones.map((z) => z.name) };
};

const TEXT = `{
  // JSONC: comments and trailing commas are fine.
  "version": 1,
  "defaults": { "ai": "warn" },
  "tools": { "acme": "Acme AI" },
  "signatures": ["Acme wrote this"],
  "ledger": "audit/trace.jsonl",
  "zones": [
    { "name": "secrets", "paths": ["secrets", "*.pem"], "ai": "block", "message": "No AI here" },
    {
      "name": "src",
      "paths": ["src/**"],
      "except": ["src/vendor", "**/*.gen.ts"],
      "ai": "allow",
      "provenance": "required",
      "tools": ["copilot", "acme"],
    },
    { "name": "docs", "paths": ["docs/{api,guide}/*.md"], "ai": "allow", "except": [], "tools": ["*"] },
  ],
}
`;

describe('specOf', () => {
  test('keeps the raw globs and every zone field, in file order', () => {
    const { spec } = roundTrip(TEXT, '/repo/svc');
    assert.deepEqual(spec, {
      file: '/repo/svc/.aifence.json',
      dir: '/repo/svc',
      source: 'repository',
      defaults: { ai: 'warn', provenance: 'optional' },
      tools: { acme: 'Acme AI' },
      ledger: '/repo/svc/audit/trace.jsonl',
      zones: [
        { name: 'secrets', paths: ['secrets', '*.pem'], ai: 'block', message: 'No AI here', line: 8 },
        {
          name: 'src',
          paths: ['src/**'],
          except: ['src/vendor', '**/*.gen.ts'],
          ai: 'allow',
          tools: ['copilot', 'acme'],
          provenance: 'required',
          line: 9,
        },
        // An empty except and a "*" tool list are dropped: both mean "none" and "every tool".
        { name: 'docs', paths: ['docs/{api,guide}/*.md'], ai: 'allow', line: 17 },
      ],
    });
  });

  test('a policy without zones, defaults or tools', () => {
    const { spec } = roundTrip('{"version": 1}');
    assert.deepEqual(spec, {
      file: '/repo/.aifence.json',
      dir: '/repo',
      source: 'repository',
      defaults: { ai: 'allow', provenance: 'optional' },
      tools: {},
      ledger: '/repo/.agent-trace/traces.jsonl',
      zones: [],
    });
  });
});

describe('compileSpec', () => {
  test('restores the policy fields; signatures are not part of a spec', () => {
    const { parsed, compiled } = roundTrip(TEXT);
    assert.deepEqual(
      { file: compiled.file, dir: compiled.dir, source: compiled.source, ledger: compiled.ledger },
      { file: parsed.file, dir: parsed.dir, source: parsed.source, ledger: parsed.ledger },
    );
    assert.deepEqual(compiled.defaults, parsed.defaults);
    assert.deepEqual([...compiled.tools], [['acme', 'Acme AI']]);
    assert.deepEqual(parsed.signatures, ['Acme wrote this']);
    assert.deepEqual(compiled.signatures, []);
    assert.deepEqual(
      compiled.zones.map((z) => [z.name, z.line, z.message, z.tools && [...z.tools]]),
      parsed.zones.map((z) => [z.name, z.line, z.message, z.tools && [...z.tools]]),
    );
  });

  test('classifies paths exactly as the parsed policy does', () => {
    const { parsed, compiled } = roundTrip(TEXT, '/repo/svc');
    const files = [
      'secrets/a',
      'x/secrets/b.txt',
      'deep/key.pem',
      'src/a.ts',
      'src/vendor/a.ts',
      'src/x.gen.ts',
      'docs/api/a.md',
      'docs/other/a.md',
      'README.md',
    ].map((r) => `/repo/svc/${r}`);
    for (const file of [...files, '/repo/outside.pem'])
      for (const tool of [undefined, 'copilot', 'acme', 'cursor'])
        assert.deepEqual(ruling([compiled], file, tool), ruling([parsed], file, tool), `${file} ${tool}`);
    assert.deepEqual(ruling([compiled], '/repo/svc/src/vendor/a.ts', 'copilot'), {
      ai: 'warn',
      provenance: 'optional',
      decidingZone: undefined,
      zones: [],
    });
    assert.deepEqual(ruling([compiled], '/repo/svc/deep/key.pem'), {
      ai: 'block',
      provenance: 'optional',
      decidingZone: 'secrets',
      zones: ['secrets'],
    });
  });

  test('property: random policies classify random paths the same after the round trip', () => {
    const GLOBS = ['src', 'src/**', '*.pem', 'secret', 'a/b', 'docs/*.md', '**/gen/**', 'src/{a,b}.ts', 'x?', 'lib/'];
    const SEGMENTS = ['src', 'a', 'b', 'secret', 'gen', 'docs', 'lib', 'x1', 'a.ts', 'b.ts', 'k.pem', 'r.md'];
    const TOOLS = ['copilot', 'cursor', '*'];
    const zoneArb = fc.record(
      {
        paths: fc.uniqueArray(fc.constantFrom(...GLOBS), { minLength: 1, maxLength: 3 }),
        except: fc.uniqueArray(fc.constantFrom(...GLOBS), { maxLength: 2 }),
        ai: fc.constantFrom('allow', 'warn', 'block'),
        provenance: fc.constantFrom('optional', 'required'),
        tools: fc.uniqueArray(fc.constantFrom(...TOOLS), { minLength: 1, maxLength: 2 }),
      },
      { requiredKeys: ['paths', 'ai'] },
    );
    const policyArb = fc.record({
      defaults: fc.record({ ai: fc.constantFrom('allow', 'warn', 'block') }),
      zones: fc.array(zoneArb, { maxLength: 5 }),
    });
    const fileArb = fc.array(fc.constantFrom(...SEGMENTS), { minLength: 1, maxLength: 4 }).map((s) => s.join('/'));
    fc.assert(
      fc.property(
        policyArb,
        fc.array(fileArb, { minLength: 1, maxLength: 8 }),
        fc.constantFrom(undefined, 'copilot', 'cursor'),
        (p, files, tool) => {
          const text = JSON.stringify({ version: 1, ...p, zones: p.zones.map((z, i) => ({ name: `z${i}`, ...z })) });
          const { parsed, compiled } = roundTrip(text);
          for (const rel of files)
            assert.deepEqual(ruling([compiled], `${ROOT}/${rel}`, tool), ruling([parsed], `${ROOT}/${rel}`, tool));
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe('blockOnly', () => {
  test('keeps the block zones only and relaxes the defaults', () => {
    const { spec } = roundTrip(TEXT);
    const kept = blockOnly(spec);
    assert.deepEqual(kept, {
      ...spec,
      defaults: { ai: 'allow', provenance: 'optional' },
      zones: [spec.zones[0]],
    });
    assert.deepEqual(ruling([compileSpec(kept)], '/repo/secrets/a'), {
      ai: 'block',
      provenance: 'optional',
      decidingZone: 'secrets',
      zones: ['secrets'],
    });
    assert.equal(ruling([compileSpec(kept)], '/repo/README.md').ai, 'allow');
  });
});

describe('isPolicySpec', () => {
  const { spec } = roundTrip(TEXT);
  const plain = JSON.parse(JSON.stringify(spec)) as Record<string, unknown>;

  test('accepts a spec read back from JSON', () => {
    assert.equal(isPolicySpec(plain), true);
  });

  test('rejects values that are not objects', () => {
    for (const v of [null, undefined, 1, 'spec', true]) assert.equal(isPolicySpec(v), false, String(v));
  });

  test('rejects a spec with a field missing or of the wrong type', () => {
    for (const [key, bad] of [
      ['file', 1],
      ['dir', undefined],
      ['ledger', null],
      ['zones', {}],
      ['defaults', null],
      ['tools', 'acme'],
    ] as const)
      assert.equal(isPolicySpec({ ...plain, [key]: bad }), false, key);
  });

  test('rejects a zone without a name or paths', () => {
    const zones = plain.zones as Record<string, unknown>[];
    assert.equal(isPolicySpec({ ...plain, zones: [...zones, null] }), false);
    assert.equal(isPolicySpec({ ...plain, zones: [{ ...zones[0], name: 3 }] }), false);
    assert.equal(isPolicySpec({ ...plain, zones: [{ ...zones[0], paths: 'secrets' }] }), false);
  });
});
