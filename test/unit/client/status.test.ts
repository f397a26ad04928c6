// Status-bar wording and assistant detection, without VS Code.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { blockedAssistants, detectAssistants } from '../../../client/src/assistants';
import { type StatusInput, statusView } from '../../../client/src/statusModel';
import type { FileStatusRequest } from '../../../server/src/protocol';

const zone = {
  name: 'training',
  ai: 'block' as const,
  provenance: 'optional' as const,
  tools: ['*'],
  message: 'No AI here.',
  policyUri: 'file:///r/.aifence.json',
  line: 4,
};
const blocked: FileStatusRequest.Result = {
  uri: 'file:///r/training/a.py',
  checked: true,
  ai: 'block',
  provenance: 'optional',
  zone,
  zones: [zone],
  rules: [{ tool: 'copilot', toolName: 'GitHub Copilot', ai: 'block', provenance: 'optional', zone: 'training' }],
  policies: [{ uri: 'file:///r/.aifence.json', source: 'repository', valid: true }],
  aiBlocks: 2,
  unlabeled: 1,
  blocks: [],
  unlabeledRegions: [],
};
const base: StatusInput = {
  status: blocked,
  policy: { valid: true, errors: [] },
  server: 'running',
  crashes: 0,
  aiSwitchedOff: false,
  assistants: [],
  trusted: true,
};

test('blocked, warned and allowed files', () => {
  assert.deepEqual([statusView(base).text, statusView(base).background], ['$(shield) AI blocked · training', 'error']);
  const warn = statusView({ ...base, status: { ...blocked, ai: 'warn', zone: { ...zone, name: 'eval', ai: 'warn' } } });
  assert.deepEqual([warn.text, warn.background], ['$(warning) AI warn · eval', 'warning']);
  const allow = statusView({ ...base, status: { ...blocked, ai: 'allow', zone: undefined, zones: [] } });
  assert.deepEqual([allow.text, allow.background], ['$(check) AI allowed', undefined]);
});

test('tooltip carries the zone message, the policy line, counts and command links', () => {
  const t = statusView(base).tooltip;
  assert.match(t, /> No AI here\\\./);
  assert.match(t, /\[Policy line 5\]\(file:\/\/\/r\/\.aifence\.json#L5\)/);
  assert.match(t, /2 labelled AI blocks, 1 unlabeled AI region\./);
  assert.match(t, /command:aiFence\.showPolicy/);
  assert.match(t, /AI assistants: none detected/);
});

test('invalid policy, switched-off AI, crashes, stopped server and restricted mode', () => {
  const invalid = statusView({
    ...base,
    policy: { valid: false, errors: [{ uri: 'file:///r/.aifence.json', line: 2, character: 3, message: 'bad' }] },
  });
  assert.deepEqual([invalid.text, invalid.background], ['$(error) AI Fence: policy invalid', 'error']);
  assert.match(invalid.tooltip, /\.aifence\.json#L3/);
  assert.equal(statusView({ ...base, aiSwitchedOff: true }).text, '$(shield) AI blocked · training · AI off');
  assert.match(statusView({ ...base, crashes: 2 }).tooltip, /crashed 2 times and was restarted/);
  assert.equal(statusView({ ...base, server: 'stopped', crashes: 5 }).text, '$(error) AI Fence: server stopped');
  assert.match(statusView({ ...base, trusted: false }).tooltip, /Restricted mode/);
});

test('assistant detection is case-insensitive, maps to tool ids and lists active ones first', () => {
  const found = detectAssistants([
    { id: 'ms-python.python', isActive: true },
    { id: 'GitHub.copilot', isActive: false },
    { id: 'Anthropic.claude-code', isActive: true, displayName: 'Claude Code' },
    { id: 'RooVeterinaryInc.roo-cline', isActive: true },
    { id: 'kilocode.Kilo-Code', isActive: false },
  ]);
  assert.deepEqual(
    found.map((a) => [a.tool, a.active]),
    [
      ['claude-code', true],
      ['roo-code', true],
      ['copilot', false],
      ['kilo-code', false],
    ],
  );
  assert.equal(found[0].displayName, 'Claude Code');
});

test('the tooltip says whether agent hooks and ignore files are in place, with a link to install', () => {
  const missing = statusView({ ...base, agentSetup: { hooks: 'missing', ignoreFiles: 'drifted' } }).tooltip;
  assert.match(
    missing,
    /Agent hooks: not installed; ignore files: out of date · \[Install agent hooks\]\(command:aiFence\.installHooks\)/,
  );
  const fine = statusView({ ...base, agentSetup: { hooks: 'installed', ignoreFiles: 'in-sync' } }).tooltip;
  assert.match(fine, /Agent hooks: installed; ignore files: in sync\n/);
  assert.doesNotMatch(fine, /Install agent hooks/);
});

test('only active assistants that the rules block are warned about', () => {
  const found = detectAssistants([
    { id: 'GitHub.copilot', isActive: true },
    { id: 'Anthropic.claude-code', isActive: true },
    { id: 'Continue.continue', isActive: false },
  ]);
  const rules = [
    { tool: 'copilot', ai: 'block' },
    { tool: 'claude-code', ai: 'warn' },
    { tool: 'continue', ai: 'block' },
  ];
  assert.deepEqual(
    blockedAssistants(found, rules).map((a) => a.tool),
    ['copilot'],
  );
});

test('the tooltip says what the transcript index holds, or that transcripts are not read', () => {
  const on = statusView({
    ...base,
    transcripts: { enabled: true, stores: 9, sessions: 12, updatedAt: '2026-11-30T13:45:07.123Z' },
  }).tooltip;
  assert.ok(on.includes('AI transcripts: 9 sources indexed, 12 sessions, updated 13:45:07 UTC.'), on);
  const one = statusView({ ...base, transcripts: { enabled: true, stores: 1, sessions: 1 } }).tooltip;
  assert.ok(one.includes('AI transcripts: 1 source indexed, 1 session.'), one);
  const off = statusView({ ...base, transcripts: { enabled: false, stores: 0, sessions: 0 } }).tooltip;
  assert.ok(off.includes('AI transcripts: not read (workspace not trusted, or `aiFence.transcripts.enable` is off).'));
  assert.ok(!statusView(base).tooltip.includes('AI transcripts'), 'unknown: nothing said');
});

test('the tooltip names each problem of the last transcript index update', () => {
  const failed = statusView({
    ...base,
    transcripts: { enabled: true, stores: 1, sessions: 1, problems: ['the index worker failed (exited with code 1)'] },
  }).tooltip;
  assert.ok(
    failed.includes(
      'AI transcripts: 1 source indexed, 1 session.\n\n$(warning) AI transcripts: the index worker failed \\(exited with code 1\\)',
    ),
    failed,
  );
});
