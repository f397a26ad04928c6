// Transcript evidence enters the export through TranscriptProvider. The real
// provider (server/src/transcripts/) is being built elsewhere: these tests use
// a stub provider, standing in for it.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Workspace } from '../../../server/src/engine/io/workspace';
import { exportFile } from '../../../server/src/export/fileRecord';
import { type TranscriptProvider, transcriptSource } from '../../../server/src/export/transcriptEvidence';
import { tempDir, writeTree } from '../../helpers/tmp';

const POLICY = '{ "version": 1, "zones": [ { "name": "core", "paths": ["src/core"], "ai": "warn" } ] }';

function setup() {
  const root = tempDir();
  writeTree(root, { '.aifence.json': POLICY });
  const workspace = new Workspace({ root, managedPolicies: [] });
  const seen: string[] = [];
  const stub: TranscriptProvider = {
    rangesFor(file) {
      seen.push(`${file.repository}:${file.path}:${file.text.length}`);
      return [
        { startLine: 2, endLine: 3, tool: 'codex', model: 'openai/gpt-5-codex', transcript: 'rollout.jsonl#12' },
        // Out of the file: dropped, never cut.
        { startLine: 9, endLine: 12, tool: 'codex', model: null, transcript: 'rollout.jsonl#13' },
        { startLine: 3, endLine: 2, tool: 'codex', model: null, transcript: 'rollout.jsonl#14' },
      ];
    },
  };
  return { root, workspace, seen, source: transcriptSource(stub) };
}

const text = 'a = 1\nb = 2\nc = 3\nd = 4\n';

test('transcript ranges from a (stub) provider are zoned, checked against the file and cut by the scrub', () => {
  const { root, workspace, seen, source } = setup();
  const input = { repository: 'r', commit: null, path: 'src/core/x.py', enginePath: `${root}/src/core/x.py` };
  const { record, copy } = exportFile(input, Buffer.from(text), workspace, [source], {
    kinds: new Set(['transcript']),
    scrub: {},
  });
  assert.deepEqual(seen, [`r:src/core/x.py:${text.length}`]);
  assert.deepEqual(record.ranges, [
    {
      startLine: 2,
      endLine: 3,
      evidence: 'transcript',
      tool: 'codex',
      model: 'openai/gpt-5-codex',
      zone: 'core',
      detail: 'transcript rollout.jsonl#12',
    },
  ]);
  assert.deepEqual(record.scrub?.removed, [{ startLine: 2, endLine: 3, startByte: 6, endByte: 18 }]);
  assert.equal(copy?.toString(), 'a = 1\nd = 4\n');
});

test('transcript evidence is left out when the kind is not selected', () => {
  const { root, workspace, source } = setup();
  const input = { repository: 'r', commit: null, path: 'x.py', enginePath: `${root}/x.py` };
  const { record } = exportFile(input, Buffer.from(text), workspace, [source], { kinds: new Set(['label']) });
  assert.deepEqual(record.ranges, []);
  assert.equal(record.lines, 4);
});
