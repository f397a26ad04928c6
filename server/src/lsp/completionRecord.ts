// An accepted inline suggestion, recorded as an Agent Trace range in the
// workspace's ledger, like an agent's edit: the ledger then reports it as
// AI code until it is labelled.
import { appendRecord, traceRecord } from '../agents/ledgerAppend';
import { DEFAULT_LEDGER, relativeInside } from '../engine';
import type { RecordCompletionRequest } from '../protocol';
import type { ServerParts } from './parts';

export function recordCompletion(
  parts: Pick<ServerParts, 'documents' | 'registry' | 'trusted'>,
  p: RecordCompletionRequest.Params,
): RecordCompletionRequest.Result | null {
  if (!parts.trusted) return null;
  const w = parts.registry.forUri(p.uri);
  const doc = parts.documents.get(p.uri);
  if (!w || !doc || p.startLine < 0 || p.endLine < p.startLine || p.endLine >= doc.lineCount) return null;
  const root = w.workspace.root;
  const path = relativeInside(root, w.file);
  if (path === undefined) return null;
  // Ledger paths are relative to the policy that names the ledger: the root's, else the default.
  const rootPolicy = w.workspace.stackFor(w.file).policies.find((policy) => policy.dir === root);
  const ledger = rootPolicy?.ledger ?? `${root}/${DEFAULT_LEDGER}`;
  const record = traceRecord({
    files: [
      {
        path,
        ranges: [
          { startLine: p.startLine + 1, endLine: p.endLine + 1, contentHash: doc.rangeHash(p.startLine, p.endLine) },
        ],
      },
    ],
    tool: p.tool,
    metadata: { 'dev.ai-fence': { source: 'completion' } },
  });
  appendRecord(ledger, record);
  return { ledger };
}
