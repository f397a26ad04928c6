// Zone resolution: which rule applies to a (file, tool), and why no policy can loosen another.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { managedPolicyPaths } from '../../../server/src/engine/io/paths';
import { ParsingPolicyLoader } from '../../../server/src/engine/policy/parsingLoader';
import { PolicyRepository } from '../../../server/src/engine/policy/stack';
import { relativeInside, resolve } from '../../../server/src/engine/policy/zones';
import { policy, ROOT } from '../../helpers/engine';

const rule = (policies: Parameters<typeof resolve>[0], rel: string, tool?: string) => {
  const r = resolve(policies, `${ROOT}/${rel}`, tool);
  return `${r.ai}/${r.provenance}${r.decidingZone ? `@${r.decidingZone.name}` : ''}`;
};

describe('one policy', () => {
  const p = policy({
    zones: [
      { name: 'secrets', paths: ['secrets'], ai: 'block' },
      { name: 'src', paths: ['src'], except: ['src/vendor', '**/*.gen.ts'], ai: 'warn', provenance: 'required' },
      { name: 'copilot-free', paths: ['src/core'], ai: 'block', tools: ['copilot'] },
      { name: 'docs', paths: ['docs'], ai: 'allow' },
      { name: 'docs-api', paths: ['docs/api'], ai: 'warn' },
    ],
  });

  test('a name matches at any depth, a directory covers its subtree', () => {
    assert.equal(rule([p], 'secrets/key.pem'), 'block/optional@secrets');
    assert.equal(rule([p], 'deep/down/secrets/key.pem'), 'block/optional@secrets');
    assert.equal(rule([p], 'src/a/b/c.ts'), 'warn/required@src');
  });

  test('dotfiles are in their zone', () => {
    assert.equal(rule([p], 'secrets/.env'), 'block/optional@secrets');
    assert.equal(rule([p], 'src/.eslintrc.js'), 'warn/required@src');
  });

  test('except removes files from a zone', () => {
    assert.equal(rule([p], 'src/vendor/lib.ts'), 'allow/optional');
    assert.equal(rule([p], 'src/app/x.gen.ts'), 'allow/optional');
    assert.equal(resolve([p], `${ROOT}/src/vendor/lib.ts`).zones.length, 0);
  });

  test('tools filter: a zone only applies to its tools (an unknown tool gets every zone)', () => {
    assert.equal(rule([p], 'src/core/a.ts', 'copilot'), 'block/required@copilot-free');
    assert.equal(rule([p], 'src/core/a.ts', 'cursor'), 'warn/required@src');
    assert.equal(rule([p], 'src/core/a.ts'), 'block/required@copilot-free');
    assert.deepEqual(
      resolve([p], `${ROOT}/src/core/a.ts`, 'cursor').zones.map((z) => z.name),
      ['src'],
    );
  });

  test('strictest of the matching zones wins (block > warn > allow), in any order', () => {
    assert.equal(rule([p], 'docs/api/x.md'), 'warn/optional@docs-api');
    const reversed = policy({
      zones: [
        { name: 'allow', paths: ['a'], ai: 'allow' },
        { name: 'block', paths: ['a/b'], ai: 'block' },
        { name: 'warn', paths: ['a/b/c'], ai: 'warn' },
      ],
    });
    assert.equal(rule([reversed], 'a/b/c/d'), 'block/optional@block');
    assert.deepEqual(
      resolve([reversed], `${ROOT}/a/b/c/d`).zones.map((z) => z.name),
      ['block', 'warn', 'allow'],
    );
  });

  test('provenance: strictest of the matching zones (required > optional)', () => {
    const q = policy({
      zones: [
        { name: 'loose', paths: ['a'], ai: 'block', provenance: 'optional' },
        { name: 'strict', paths: ['a/b'], ai: 'allow', provenance: 'required' },
      ],
    });
    assert.equal(rule([q], 'a/b/x'), 'block/required@loose');
    assert.equal(rule([q], 'a/x'), 'block/optional@loose');
  });

  test('defaults apply only to files in no zone of the policy', () => {
    const q = policy({
      defaults: { ai: 'block', provenance: 'required' },
      zones: [{ name: 'open', paths: ['public'], ai: 'allow', provenance: 'optional' }],
    });
    assert.equal(rule([q], 'public/index.html'), 'allow/optional@open');
    assert.equal(rule([q], 'src/main.ts'), 'block/required');
    // A zone without provenance takes the policy's default provenance.
    const r = policy({
      defaults: { ai: 'allow', provenance: 'required' },
      zones: [{ name: 'w', paths: ['w'], ai: 'warn' }],
    });
    assert.equal(rule([r], 'w/x'), 'warn/required@w');
  });

  test('no policies: allow, optional', () => {
    assert.equal(rule([], 'anything'), 'allow/optional');
  });
});

describe('stacked policies (outermost first)', () => {
  test('a nested policy cannot loosen its parent: parent block + child allow zone is block', () => {
    const parent = policy({ zones: [{ name: 'core', paths: ['pkg/core'], ai: 'block' }] });
    const child = policy({ zones: [{ name: 'free', paths: ['core'], ai: 'allow' }] }, { dir: `${ROOT}/pkg` });
    assert.equal(rule([parent, child], 'pkg/core/a.ts'), 'block/optional@core');
    assert.deepEqual(
      resolve([parent, child], `${ROOT}/pkg/core/a.ts`).zones.map((z) => z.name),
      ['core', 'free'],
    );
  });

  test('a nested policy can tighten its parent', () => {
    const parent = policy({ zones: [{ name: 'pkg', paths: ['pkg'], ai: 'warn' }] });
    const child = policy(
      { zones: [{ name: 'inner', paths: ['x'], ai: 'block', provenance: 'required' }] },
      { dir: `${ROOT}/pkg` },
    );
    assert.equal(rule([parent, child], 'pkg/x/a.ts'), 'block/required@inner');
    assert.equal(rule([parent, child], 'pkg/y/a.ts'), 'warn/optional@pkg');
  });

  test('child defaults cannot loosen parent defaults; parent defaults still apply to files in a child zone', () => {
    const parent = policy({ defaults: { ai: 'warn', provenance: 'required' } });
    const child = policy(
      { defaults: { ai: 'allow', provenance: 'optional' }, zones: [{ name: 'c', paths: ['c'], ai: 'allow' }] },
      { dir: `${ROOT}/sub` },
    );
    assert.equal(rule([parent, child], 'sub/c/a'), 'warn/required');
    assert.equal(rule([parent, child], 'sub/other'), 'warn/required');
  });

  test('a policy only covers its own subtree', () => {
    const child = policy({ defaults: { ai: 'block' } }, { dir: `${ROOT}/sub` });
    assert.equal(rule([child], 'sub/a'), 'block/optional');
    assert.equal(rule([child], 'subway/a'), 'allow/optional');
    assert.equal(relativeInside(`${ROOT}/sub`, `${ROOT}/subway/a`), undefined);
    assert.equal(relativeInside(`${ROOT}/sub`, `${ROOT}/sub/a/b`), 'a/b');
  });

  test('globs are relative to the directory of the policy that declares them', () => {
    const child = policy({ zones: [{ name: 'gen', paths: ['gen/**'], ai: 'block' }] }, { dir: `${ROOT}/pkg` });
    assert.equal(rule([child], 'pkg/gen/a'), 'block/optional@gen');
    assert.equal(rule([child], 'gen/a'), 'allow/optional');
  });
});

describe('PolicyRepository: managed and nested policy files', () => {
  const files: Record<string, string> = {
    '/etc/managed.json': JSON.stringify({
      version: 1,
      zones: [{ name: 'corp-secrets', paths: ['secrets'], ai: 'block', message: 'Corporate rule' }],
    }),
    [`${ROOT}/.aifence.json`]: JSON.stringify({
      version: 1,
      zones: [{ name: 'repo-open', paths: ['secrets/public'], ai: 'allow' }],
    }),
    [`${ROOT}/pkg/.aifence.json`]: JSON.stringify({
      version: 1,
      tools: { 'acme-ai': 'Acme' },
      zones: [{ name: 'pkg-warn', paths: ['**'], ai: 'warn', tools: ['acme-ai'] }],
    }),
    [`${ROOT}/pkg/deep/.aifence.json`]: JSON.stringify({
      version: 1,
      zones: [{ name: 'deep', paths: ['x'], ai: 'block', tools: ['acme-ai'] }],
    }),
    [`${ROOT}/broken/.aifence.json`]: '{ "version": 1, ',
  };
  const reader = { readText: (p: string) => files[p] };
  const repo = () => new PolicyRepository(ROOT, new ParsingPolicyLoader(reader), ['/etc/managed.json']);

  test('the managed policy comes first and cannot be loosened by the repository', () => {
    const stack = repo().stackForFile(`${ROOT}/secrets/public/a.txt`);
    assert.deepEqual(
      stack.policies.map((p) => [p.source, p.file]),
      [
        ['managed', '/etc/managed.json'],
        ['repository', `${ROOT}/.aifence.json`],
      ],
    );
    assert.equal(rule(stack.policies, 'secrets/public/a.txt'), 'block/optional@corp-secrets');
  });

  test('managed globs are relative to the repository root', () => {
    const stack = repo().stackForFile(`${ROOT}/pkg/secrets/a.txt`);
    assert.equal(rule(stack.policies, 'pkg/secrets/a.txt'), 'block/optional@corp-secrets');
  });

  test('nested policies stack from the root down and inherit declared tools', () => {
    const r = repo();
    const stack = r.stackForFile(`${ROOT}/pkg/deep/x/a.ts`);
    // The managed policy's globs are relative to the root, like the root policy's.
    assert.deepEqual(
      stack.policies.map((p) => p.dir),
      [ROOT, ROOT, `${ROOT}/pkg`, `${ROOT}/pkg/deep`],
    );
    assert.deepEqual(
      stack.states.every((s) => s.errors.length === 0),
      true,
    );
    assert.equal(rule(stack.policies, 'pkg/deep/x/a.ts', 'acme-ai'), 'block/optional@deep');
    assert.equal(rule(stack.policies, 'pkg/deep/x/a.ts', 'copilot'), 'allow/optional');
    assert.equal(rule(stack.policies, 'pkg/other.ts', 'acme-ai'), 'warn/optional@pkg-warn');
  });

  test('a broken nested policy is reported and the parent still applies', () => {
    const stack = repo().stackForFile(`${ROOT}/broken/secrets/a`);
    const broken = stack.states.find((s) => s.file === `${ROOT}/broken/.aifence.json`);
    assert.equal(broken?.policy, undefined);
    assert.deepEqual(
      broken?.errors.map((e) => `${e.line}:${e.character} ${e.message}`),
      [
        '0:16 JSON syntax error: property name expected',
        '0:16 JSON syntax error: value expected',
        '0:16 JSON syntax error: close brace expected',
      ],
    );
    assert.equal(rule(stack.policies, 'broken/secrets/a'), 'block/optional@corp-secrets');
  });

  test('a directory listed without a policy file takes its parent stack without a read', () => {
    const reads: string[] = [];
    const readText = (p: string) => {
      reads.push(p);
      return files[p];
    };
    const r = new PolicyRepository(ROOT, new ParsingPolicyLoader({ readText }), ['/etc/managed.json']);
    r.noteNoPolicyIn(`${ROOT}/pkg/src`);
    r.noteNoPolicyIn(`${ROOT}/pkg/src/lib`);
    assert.equal(r.stackForFile(`${ROOT}/pkg/src/lib/a.ts`), r.stackForDir(`${ROOT}/pkg`));
    assert.deepEqual(reads, ['/etc/managed.json', `${ROOT}/.aifence.json`, `${ROOT}/pkg/.aifence.json`]);
    // A stack already read stands, and the root always reads its own policy.
    const deep = r.stackForDir(`${ROOT}/pkg/deep`);
    r.noteNoPolicyIn(`${ROOT}/pkg/deep`);
    assert.equal(r.stackForDir(`${ROOT}/pkg/deep`), deep);
    assert.equal(deep.policies.at(-1)?.dir, `${ROOT}/pkg/deep`);
    const fresh = new PolicyRepository(ROOT, new ParsingPolicyLoader(reader));
    fresh.noteNoPolicyIn(ROOT);
    assert.equal(fresh.stackForDir(ROOT).policies.at(-1)?.file, `${ROOT}/.aifence.json`);
  });

  test('managedPolicyPaths: the machine location always, then AIFENCE_MANAGED_POLICY and the setting', () => {
    assert.deepEqual(managedPolicyPaths({ AIFENCE_MANAGED_POLICY: 'C:\\corp\\p.json' }, undefined, 'linux'), [
      '/etc/ai-fence/policy.json',
      'C:/corp/p.json',
    ]);
    assert.deepEqual(managedPolicyPaths({}, undefined, 'linux'), ['/etc/ai-fence/policy.json']);
    assert.deepEqual(managedPolicyPaths({}, '/srv/org.json', 'darwin'), [
      '/Library/Application Support/AI Fence/policy.json',
      '/srv/org.json',
    ]);
    assert.deepEqual(managedPolicyPaths({ ProgramData: 'D:\\PD' }, undefined, 'win32'), ['D:/PD/AI Fence/policy.json']);
    assert.deepEqual(managedPolicyPaths({ AIFENCE_MANAGED_POLICY: '/etc/ai-fence/policy.json' }, undefined, 'linux'), [
      '/etc/ai-fence/policy.json',
    ]);
  });
});
