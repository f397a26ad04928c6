// Which accepted inline suggestions are labelled: multi-line ones in zones requiring provenance for their tool.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { needsCompletionLabel } from '../../../client/src/completionLabel';

const status = (
  provenance: 'required' | 'optional',
  rules: { tool: string; provenance: 'required' | 'optional' }[] = [],
  blocks: { startLine: number; endLine: number }[] = [],
) => ({
  checked: true,
  provenance,
  rules: rules.map((r) => ({ ...r, toolName: r.tool, ai: 'allow' as const })),
  blocks,
});

test('a multi-line accept where provenance is required for its tool is labelled', () => {
  assert.equal(
    needsCompletionLabel(status('optional', [{ tool: 'copilot', provenance: 'required' }]), 'copilot', 3, 5),
    true,
  );
});

test('a single-line accept is not labelled', () => {
  assert.equal(
    needsCompletionLabel(status('required', [{ tool: 'copilot', provenance: 'required' }]), 'copilot', 3, 3),
    false,
  );
});

test('where provenance is optional for the tool, nothing is labelled', () => {
  assert.equal(
    needsCompletionLabel(status('required', [{ tool: 'copilot', provenance: 'optional' }]), 'copilot', 3, 5),
    false,
  );
});

test('a tool without a rule of its own gets the strictest rule', () => {
  assert.equal(
    needsCompletionLabel(status('required', [{ tool: 'copilot', provenance: 'optional' }]), 'acme', 3, 5),
    true,
  );
  assert.equal(needsCompletionLabel(status('optional'), 'acme', 3, 5), false);
});

test('a file AI Fence does not check is not labelled', () => {
  assert.equal(needsCompletionLabel({ ...status('required'), checked: false }, 'other', 3, 5), false);
});

test('lines inside a labelled block are not labelled again; lines beside it are', () => {
  const s = status('required', [], [{ startLine: 2, endLine: 9 }]);
  assert.equal(needsCompletionLabel(s, 'other', 3, 5), false);
  assert.equal(needsCompletionLabel(s, 'other', 10, 12), true);
});
