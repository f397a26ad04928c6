// A ledger written by other Agent Trace tools, in the shapes of the spec and
// its reference implementation (test/fixtures/workspaces/agent-trace-reference/SOURCES.md):
// `ai-fence check` reads it from the default .agent-trace/traces.jsonl.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { runCli } from '../helpers/cli';
import { copyFixture } from '../helpers/tmp';

interface Report {
  files: {
    path: string;
    findings: { code: string; line: number; endLine: number; tool: string; evidence: unknown }[];
  }[];
}

describe('a ledger in the reference implementation shape', () => {
  test('every AI range is found: as recorded, relocated by its murmur3 hash, and by a per-range contributor', () => {
    const repo = copyFixture('agent-trace-reference');
    const r = runCli(repo, ['check', '--format', 'json']);
    assert.equal(r.code, 1, r.stderr);
    const found = (JSON.parse(r.stdout) as Report).files.flatMap((f) =>
      f.findings.map((x) => [f.path, x.code, x.line, x.endLine, x.tool, x.evidence]),
    );
    assert.deepEqual(found, [
      [
        'src/utils/helpers.ts',
        'AIF003',
        3,
        5,
        'claude-code',
        {
          kind: 'ledger',
          ledgerLine: 2,
          conversation: 'https://api.example.com/v1/conversations/abc',
          model: 'openai/gpt-4o',
          revision: 'b2c3d4e5f6a7b8c9d0e1f2a3b4c5d6e7f8a9b0c1',
        },
      ],
      [
        'src/utils/parser.ts',
        'AIF003',
        3,
        5,
        'cursor',
        {
          kind: 'ledger',
          ledgerLine: 1,
          conversation: 'file:///home/dev/.cursor/transcripts/abc.jsonl',
          model: 'anthropic/claude-opus-4-5-20251101',
          revision: 'a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d6e7f8a9b0',
        },
      ],
      [
        'vendor/lib.js',
        'AIF001',
        2,
        2,
        'claude-code',
        { kind: 'ledger', ledgerLine: 3, model: 'anthropic/claude-sonnet-4-5' },
      ],
      [
        'vendor/lib.js',
        'AIF003',
        2,
        2,
        'claude-code',
        { kind: 'ledger', ledgerLine: 3, model: 'anthropic/claude-sonnet-4-5' },
      ],
    ]);
  });
});
