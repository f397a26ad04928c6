// compilePolicy: validated parts in, a Policy whose zones match paths out.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { compilePolicy, type PolicyParts, type ZoneSpec } from '../../../server/src/engine/policy/compile';
import { resolve } from '../../../server/src/engine/policy/zones';

const zone = (z: Partial<ZoneSpec> & Pick<ZoneSpec, 'name' | 'paths'>): ZoneSpec => ({ ai: 'block', line: 0, ...z });

const parts = (zones: readonly ZoneSpec[], more: Partial<PolicyParts> = {}): PolicyParts => ({
  file: '/repo/.aifence.json',
  dir: '/repo',
  source: 'repository',
  defaults: { ai: 'allow', provenance: 'optional' },
  signatures: [],
  tools: new Map(),
  ledger: '/repo/.agent-trace/traces.jsonl',
  zones,
  ...more,
});

describe('compilePolicy', () => {
  test('copies the policy fields as given', () => {
    const tools = new Map([['acme', 'Acme AI']]);
    const p = compilePolicy(
      parts([], {
        file: '/repo/svc/.aifence.json',
        dir: '/repo/svc',
        source: 'managed',
        defaults: { ai: 'warn', provenance: 'required' },
        signatures: ['Acme wrote this'],
        tools,
        ledger: '/repo/svc/ledger.jsonl',
      }),
    );
    assert.equal(p.file, '/repo/svc/.aifence.json');
    assert.equal(p.dir, '/repo/svc');
    assert.equal(p.source, 'managed');
    assert.deepEqual(p.defaults, { ai: 'warn', provenance: 'required' });
    assert.deepEqual(p.signatures, ['Acme wrote this']);
    assert.equal(p.tools, tools);
    assert.equal(p.ledger, '/repo/svc/ledger.jsonl');
    assert.deepEqual(p.zones, []);
    assert.deepEqual(p.index.match('any/file.ts'), []);
  });

  test('each zone keeps its fields and points back at its policy', () => {
    const p = compilePolicy(
      parts([
        zone({ name: 'a', paths: ['src'], ai: 'warn', provenance: 'required', message: 'Ask first', line: 4 }),
        zone({ name: 'b', paths: ['b'] }),
      ]),
    );
    const [a, b] = p.zones;
    assert.deepEqual(
      { name: a.name, ai: a.ai, provenance: a.provenance, message: a.message, line: a.line, tools: a.tools },
      { name: 'a', ai: 'warn', provenance: 'required', message: 'Ask first', line: 4, tools: undefined },
    );
    assert.equal(a.policy, p);
    assert.equal(b.provenance, undefined);
    assert.equal(b.message, undefined);
  });

  test('tools: a list becomes a set; "*" or no list means every tool', () => {
    const p = compilePolicy(
      parts([
        zone({ name: 'listed', paths: ['a'], tools: ['copilot', 'cursor'] }),
        zone({ name: 'star', paths: ['a'], tools: ['copilot', '*'] }),
        zone({ name: 'none', paths: ['a'] }),
      ]),
    );
    assert.deepEqual([...(p.zones[0].tools ?? [])], ['copilot', 'cursor']);
    assert.equal(p.zones[1].tools, undefined);
    assert.equal(p.zones[2].tools, undefined);
  });

  test('includes and excludes are the zone globs; an empty except excludes nothing', () => {
    const p = compilePolicy(
      parts([
        zone({ name: 'src', paths: ['src', '*.pem'], except: ['src/vendor'] }),
        zone({ name: 'empty-except', paths: ['lib'], except: [] }),
      ]),
    );
    const [src, lib] = p.zones;
    assert.deepEqual(
      ['src/a.ts', 'deep/key.pem', 'src/vendor/x.ts', 'other/a.ts'].map((r) => src.includes(r)),
      [true, true, true, false],
    );
    assert.deepEqual(
      ['src/a.ts', 'src/vendor/x.ts', 'src/vendor'].map((r) => src.excludes?.(r)),
      [false, true, true],
    );
    assert.equal(lib.excludes, undefined);
  });

  test('the index finds zones by their paths, in zone order, without applying except', () => {
    const p = compilePolicy(
      parts([
        zone({ name: 'src', paths: ['src'], except: ['src/vendor'] }),
        zone({ name: 'pem', paths: ['**/*.pem'] }),
        zone({ name: 'vendor', paths: ['src/vendor/**'] }),
      ]),
    );
    assert.deepEqual(p.index.match('src/vendor/key.pem'), [0, 1, 2]);
    assert.deepEqual(p.index.match('docs/key.pem'), [1]);
    assert.deepEqual(p.index.match('docs/a.md'), []);
  });

  test('resolve applies the compiled zones: except, tools and strictness', () => {
    const p = compilePolicy(
      parts([
        zone({ name: 'src', paths: ['src'], except: ['src/vendor'], ai: 'warn' }),
        zone({ name: 'core', paths: ['src/core'], tools: ['copilot'] }),
      ]),
    );
    const rule = (rel: string, tool?: string) => {
      const r = resolve([p], `/repo/${rel}`, tool);
      return `${r.ai}@${r.decidingZone?.name ?? '-'}`;
    };
    assert.equal(rule('src/a.ts'), 'warn@src');
    assert.equal(rule('src/vendor/a.ts'), 'allow@-');
    assert.equal(rule('src/core/a.ts', 'copilot'), 'block@core');
    assert.equal(rule('src/core/a.ts', 'cursor'), 'warn@src');
    assert.equal(rule('src/core/a.ts'), 'block@core');
  });
});
