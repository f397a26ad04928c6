// Checking through the check cache with real files: results made with
// transcript evidence (the trusted editor's scan) and without it (`check`)
// share one cache file but never answer for each other.

import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { CheckCache, type FileOutcome } from '../../../server/src/engine/cache/checkCache';
import { checkWork, probe, settle } from '../../../server/src/engine/io/cachedCheck';
import { Workspace } from '../../../server/src/engine/io/workspace';
import type { TranscriptRange } from '../../../server/src/engine/provenance/analyze';
import { tempDir } from '../../helpers/tmp';

/** Past the racy window, so entries recorded "now" are trusted by their stat alone. */
const LATER = Date.now() + 60_000;

/** The whole file matches a Claude Code answer. */
const wholeFile = (_file: string, text: string): TranscriptRange[] => [
  {
    startLine: 0,
    endLine: text.split('\n').length - 2,
    evidence: {
      kind: 'transcript',
      tool: 'claude-code',
      model: 'claude-sonnet-4',
      session: 's1',
      at: '2026-11-30T10:00:00Z',
      store: '/home/u/.claude/projects/p/s1.jsonl',
      storeLine: 3,
    },
  },
];

function checked(workspace: Workspace, cache: CheckCache, file: string): { outcome: FileOutcome; hit: boolean } {
  const found = probe(workspace, cache, file, workspace.maxFileBytes);
  if (found.kind === 'hit') return { outcome: found.outcome, hit: true };
  return { outcome: settle(cache, found, checkWork(workspace, found, workspace.maxFileBytes), LATER), hit: false };
}

const codes = (o: FileOutcome) => (o.findings ?? []).map((f) => f.code);

describe('the check cache and transcript evidence', () => {
  test('an outcome with transcript evidence is never the answer for a check without it, nor the reverse', () => {
    const root = tempDir('aifence-cachedcheck-');
    const file = path.join(root, 'a.py');
    fs.writeFileSync(file, 'def f(x):\n    return x * 2 + 1\n');
    const managedPolicies = ['/nonexistent/policy.json'];
    const editor = new Workspace({ root, managedPolicies, transcripts: wholeFile });
    const cli = new Workspace({ root, managedPolicies });
    const cache = CheckCache.empty('test', root);

    const first = checked(editor, cache, file);
    assert.deepEqual([first.hit, codes(first.outcome)], [false, ['AIF003']]);
    assert.deepEqual(
      [checked(editor, cache, file).hit, codes(checked(editor, cache, file).outcome)],
      [true, ['AIF003']],
    );

    const withoutTranscripts = checked(cli, cache, file);
    assert.deepEqual([withoutTranscripts.hit, codes(withoutTranscripts.outcome)], [false, []]);
    assert.equal(checked(cli, cache, file).hit, true);

    const again = checked(editor, cache, file);
    assert.deepEqual([again.hit, codes(again.outcome)], [false, ['AIF003']]);
  });
});
