// Agent Trace ledger lines for tests: one AI record per (path, first line, last line).

/** One JSONL record of AI-written line ranges (1-based, inclusive). */
export function ledgerRecord(id: string, ranges: readonly { path: string; start: number; end: number }[]): string {
  return JSON.stringify({
    version: '0.1.0',
    id,
    timestamp: '2026-11-21T10:00:00Z',
    tool: { name: 'claude-code' },
    files: ranges.map((r) => ({
      path: r.path,
      conversations: [{ contributor: { type: 'ai' }, ranges: [{ start_line: r.start, end_line: r.end }] }],
    })),
  });
}
