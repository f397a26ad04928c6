// Claude Code deny rules for the zones that block it: project-anchored
// (`/x`), each path with its subtree form, Read and Edit for every path.
// Rule format (Read/Edit specifiers, `/` anchors the project): https://code.claude.com/docs/en/permissions

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { CLAUDE_TOOL, claudeDenyRules } from '../../../server/src/agents/claudePermissions';
import { type PolicySpec, specOf } from '../../../server/src/engine/policy/spec';
import { policy, ROOT } from '../../helpers/engine';

/** The spec of a policy in `dir` (ROOT by default), as `install-hooks` builds it. */
function spec(body: object, dir = ROOT): PolicySpec {
  const text = JSON.stringify({ version: 1, ...body });
  return specOf(policy(text, { dir }), text);
}

const rules = (...specs: PolicySpec[]) => claudeDenyRules(ROOT, specs);

/** The four rules of one anchored path that is not already a subtree glob. */
const both = (p: string) => [`Read(${p})`, `Read(${p}/**)`, `Edit(${p})`, `Edit(${p}/**)`];

describe('claudeDenyRules', () => {
  test('the tool id is claude-code', () => {
    assert.equal(CLAUDE_TOOL, 'claude-code');
  });

  test('no policy, or no block zone, denies nothing', () => {
    assert.deepEqual(rules(), { rules: [], problems: [] });
    const warnOnly = spec({ zones: [{ name: 'w', paths: ['src'], ai: 'warn' }] });
    assert.deepEqual(rules(warnOnly), { rules: [], problems: [] });
  });

  test('a path with "/" is anchored at its policy; a bare name matches at any depth', () => {
    const s = spec({ zones: [{ name: 'z', paths: ['src/secret', '*.pem'], ai: 'block' }] });
    assert.deepEqual(rules(s), { rules: [...both('/src/secret'), ...both('/**/*.pem')], problems: [] });
  });

  test('a glob that already ends in ** has no separate subtree form', () => {
    const s = spec({ zones: [{ name: 'z', paths: ['vault/**', '**'], ai: 'block' }] });
    assert.deepEqual(rules(s).rules, ['Read(/vault/**)', 'Edit(/vault/**)', 'Read(/**)', 'Edit(/**)']);
  });

  test('leading "./" and trailing "/" are dropped first, as the engine does; braces expand', () => {
    const s = spec({ zones: [{ name: 'z', paths: ['./keys/', './db/keys/', 'src/{a,b}.ts'], ai: 'block' }] });
    assert.deepEqual(rules(s).rules, [
      ...both('/**/keys'),
      ...both('/db/keys'),
      ...both('/src/a.ts'),
      ...both('/src/b.ts'),
    ]);
  });

  test('a policy in a subdirectory prefixes its directory', () => {
    const s = spec({ zones: [{ name: 'z', paths: ['internal', 'db/schema.sql'], ai: 'block' }] }, `${ROOT}/svc`);
    assert.deepEqual(rules(s).rules, [...both('/svc/**/internal'), ...both('/svc/db/schema.sql')]);
  });

  test('except cannot be expressed: excepted files stay denied (the hooks allow them)', () => {
    const withExcept = spec({ zones: [{ name: 'z', paths: ['secrets'], except: ['secrets/README.md'], ai: 'block' }] });
    assert.deepEqual(rules(withExcept), { rules: both('/**/secrets'), problems: [] });
  });

  test('tools: zones for other tools deny nothing; claude-code and "*" zones do', () => {
    const s = spec({
      zones: [
        { name: 'copilot-only', paths: ['a'], ai: 'block', tools: ['copilot'] },
        { name: 'claude', paths: ['b'], ai: 'block', tools: ['copilot', 'claude-code'] },
        { name: 'star', paths: ['c'], ai: 'block', tools: ['*'] },
      ],
    });
    assert.deepEqual(rules(s).rules, [...both('/**/b'), ...both('/**/c')]);
  });

  test('a default-block policy is left to the hooks; its block zones still get rules', () => {
    const s = spec({
      defaults: { ai: 'block' },
      zones: [
        { name: 'open', paths: ['docs'], ai: 'allow' },
        { name: 'keys', paths: ['keys/*.pem'], ai: 'block' },
      ],
    });
    assert.deepEqual(rules(s), { rules: both('/keys/*.pem'), problems: [] });
  });

  test('a path blocked by two zones or two policies gives its rules once, in first-seen order', () => {
    const root = spec({
      zones: [
        { name: 'a', paths: ['secrets', 'x/y'], ai: 'block' },
        { name: 'b', paths: ['x/y'], ai: 'block' },
      ],
    });
    const again = spec({ zones: [{ name: 'c', paths: ['secrets'], ai: 'block' }] });
    assert.deepEqual(rules(root, again).rules, [...both('/**/secrets'), ...both('/x/y')]);
  });

  test('an extended glob has no rule form: it is reported, the rest of the zone still denied', () => {
    const s = spec({ zones: [{ name: 'z', paths: ['src/@(a|b).ts', 'vault'], ai: 'block' }] });
    assert.deepEqual(rules(s), {
      rules: both('/**/vault'),
      problems: [
        {
          glob: 'src/@(a|b).ts',
          reason: 'extended glob patterns (@(), !(), +(), *(), ?()) have no ignore-file equivalent',
        },
      ],
    });
  });
});
