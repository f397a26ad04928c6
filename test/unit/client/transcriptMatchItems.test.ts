// The QuickPick rows and messages of "Show Transcript Matches for Current File", without VS Code.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { noTranscriptMatchMessage, transcriptMatchItem } from '../../../client/src/transcriptMatchItems';

const match = {
  startLine: 4,
  endLine: 11,
  tool: 'claude-code',
  model: 'claude-sonnet-4-5-20250929',
  at: '2026-11-30T09:15:42.000Z',
  session: '7f3c2a10-5b6e-4c1d-9a2f-0e8d4b6c1a23',
  store: '/home/dev/.claude/projects/-work-repo/7f3c2a10-5b6e-4c1d-9a2f-0e8d4b6c1a23.jsonl',
  storeLine: 2,
};

test('a match row: 1-based lines, tool, model and time, session and transcript line', () => {
  assert.deepEqual(transcriptMatchItem(match), {
    label: 'Lines 5–12',
    description: 'claude-code (claude-sonnet-4-5-20250929) · 2026-11-30 09:15:42 UTC',
    detail: `session ${match.session} · ${match.store}:2`,
  });
});

test('a one-line match without model or time, from a store keyed by message', () => {
  const { model, at, storeLine, ...rest } = match;
  assert.deepEqual(
    transcriptMatchItem({
      ...rest,
      startLine: 7,
      endLine: 7,
      store: '/home/dev/.cursor/chats/store.db',
      storeKey: 'b1e2',
    }),
    {
      label: 'Line 8',
      description: 'claude-code',
      detail: `session ${match.session} · /home/dev/.cursor/chats/store.db [b1e2]`,
    },
  );
});

test('no match: says how many sessions the index holds, or that transcripts are not read', () => {
  const status = { enabled: true, stores: 3, sessions: 12 };
  assert.equal(
    noTranscriptMatchMessage([], status),
    'AI Fence: the transcript index has no match for this file (12 sessions indexed).',
  );
  assert.equal(
    noTranscriptMatchMessage([], { ...status, sessions: 1 }),
    'AI Fence: the transcript index has no match for this file (1 session indexed).',
  );
  assert.equal(noTranscriptMatchMessage([], undefined), 'AI Fence: the transcript index has no match for this file.');
  assert.equal(
    noTranscriptMatchMessage(null, status),
    'AI Fence: AI transcripts are not read for this file (workspace not trusted, or `aiFence.transcripts.enable` is off).',
  );
});
