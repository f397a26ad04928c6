// Which accepted inline suggestions are labelled: multi-line ones in zones requiring provenance for their tool.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { needsCompletionLabel } from '../../../client/src/completionLabel';

type Provenance = 'required' | 'optional';
const status = (
  provenance: Provenance,
  copilot?: Provenance,
  blocks: { startLine: number; endLine: number }[] = [],
) => ({
  checked: true,
  provenance,
  rules: copilot ? [{ tool: 'copilot', toolName: 'Copilot', ai: 'allow' as const, provenance: copilot }] : [],
  blocks,
});

const cases: [string, ReturnType<typeof status>, string, number, number, boolean][] = [
  [
    'a multi-line accept where its tool needs provenance is labelled',
    status('optional', 'required'),
    'copilot',
    3,
    5,
    true,
  ],
  ['a single-line accept is not labelled', status('required', 'required'), 'copilot', 3, 3, false],
  [
    'where provenance is optional for the tool, nothing is labelled',
    status('required', 'optional'),
    'copilot',
    3,
    5,
    false,
  ],
  [
    'a tool without a rule of its own gets the strictest rule: required',
    status('required', 'optional'),
    'acme',
    3,
    5,
    true,
  ],
  ['a tool without a rule of its own gets the strictest rule: optional', status('optional'), 'acme', 3, 5, false],
  ['a file AI Fence does not check is not labelled', { ...status('required'), checked: false }, 'other', 3, 5, false],
  [
    'lines inside a labelled block are not labelled again',
    status('required', undefined, [{ startLine: 2, endLine: 9 }]),
    'other',
    3,
    5,
    false,
  ],
  [
    'lines beside a labelled block are labelled',
    status('required', undefined, [{ startLine: 2, endLine: 9 }]),
    'other',
    10,
    12,
    true,
  ],
];

for (const [name, s, tool, startLine, endLine, expected] of cases)
  test(name, () => assert.equal(needsCompletionLabel(s, tool, startLine, endLine), expected));
