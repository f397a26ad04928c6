// VS Code chat sessions (GitHub Copilot Chat): <userData>/User/workspaceStorage/
// <id>/chatSessions/<sessionId>.json (before 1.109) or .jsonl (an operation log
// replayed from its kind-0 line), and globalStorage/emptyWindowChatSessions/
// (research/transcripts/vscode-copilot.md).
import { isObject, type Json, str } from '../../engine/io/json';
import { addShownOutput, addSplit, addToolInput, isoTime, parseJson, textOf } from '../content';
import { entries, findFiles, join, userDataDirs } from '../locate';
import { splitProse } from '../prose';
import { collector, type DocumentReader, type ReadOutcome } from '../record';

const PRODUCTS = ['Code', 'Code - Insiders', 'VSCodium'];

export const vscodeCopilotReader: DocumentReader = {
  id: 'vscode-copilot',
  tool: 'copilot',
  format: 'document',
  stores(ctx) {
    return userDataDirs(ctx, PRODUCTS).flatMap((dir) => {
      const workspaces = join(dir, 'User', 'workspaceStorage');
      return [
        ...entries(workspaces)
          .filter((e) => e.isDirectory())
          .flatMap((e) => findFiles(join(workspaces, e.name, 'chatSessions'), /\.jsonl?$/, 0)),
        ...findFiles(join(dir, 'User', 'globalStorage', 'emptyWindowChatSessions'), /\.jsonl?$/, 0),
      ];
    });
  },
  readDocument(text, store) {
    const replayed = store.endsWith('.jsonl') ? replay(text) : { data: parseJson(text), skipped: 0 };
    if (!isObject(replayed.data)) return { records: [], skipped: replayed.skipped + 1 };
    const out = sessionRecords(replayed.data);
    return { records: out.records, skipped: out.skipped + replayed.skipped };
  },
};

/** objectMutationLog.ts: 0 initial value, 1 set at path, 2 push (after truncating to i), 3 delete. */
function replay(text: string): { data: unknown; skipped: number } {
  let data: unknown;
  let skipped = 0;
  for (const raw of text.split('\n')) {
    if (raw.trim() === '') continue;
    const op = parseJson(raw);
    if (!isObject(op) || typeof op.kind !== 'number') {
      skipped++;
      continue;
    }
    if (op.kind === 0) {
      data = op.v;
      continue;
    }
    const path = Array.isArray(op.k) ? op.k : undefined;
    if (!path?.length || data === undefined) {
      skipped++;
      continue;
    }
    const parent = walk(data, path.slice(0, -1)) as Record<string | number, unknown> | undefined;
    const last = path[path.length - 1] as string | number;
    if (!parent || typeof parent !== 'object') {
      skipped++;
      continue;
    }
    if (op.kind === 1) parent[last] = op.v;
    else if (op.kind === 3) delete parent[last];
    else if (op.kind === 2) {
      const list = Array.isArray(parent[last]) ? (parent[last] as unknown[]) : [];
      if (typeof op.i === 'number') list.length = Math.min(list.length, op.i);
      if (Array.isArray(op.v)) list.push(...op.v);
      parent[last] = list;
    } else skipped++;
  }
  return { data, skipped };
}

function walk(value: unknown, path: readonly unknown[]): unknown {
  let v = value;
  for (const k of path) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<string, unknown>)[k as string];
  }
  return v;
}

function sessionRecords(data: Json): ReadOutcome {
  const { records, add } = collector();
  let skipped = 0;
  const session = str(data.sessionId) ?? '';
  const requests = Array.isArray(data.requests) ? data.requests : [];
  requests.forEach((r, i) => {
    if (!isObject(r)) {
      skipped++;
      return;
    }
    const meta = { session, model: str(r.modelId), at: isoTime(r.timestamp), key: `requests[${i}]` };
    if (isObject(r.message)) add('shown', r.message.text, meta);
    for (const part of Array.isArray(r.response) ? r.response : []) {
      if (!isObject(part)) continue;
      // Markdown is stored bare ({value}) in the op log, as {kind:"markdownContent", content} in older files.
      const markdown = typeof part.value === 'string' ? part.value : isObject(part.content) ? part.content.value : '';
      if (typeof markdown === 'string' && !part.kind) addSplit(splitProse(markdown), add, meta);
      if (part.kind === 'markdownContent' && typeof markdown === 'string') addSplit(splitProse(markdown), add, meta);
      if (part.kind === 'textEditGroup' && Array.isArray(part.edits))
        for (const group of part.edits)
          for (const e of Array.isArray(group) ? group : []) if (isObject(e)) add('produced', e.text, meta);
    }
    const metadata = isObject(r.result) && isObject(r.result.metadata) ? r.result.metadata : undefined;
    if (!metadata) return;
    for (const round of Array.isArray(metadata.toolCallRounds) ? metadata.toolCallRounds : []) {
      if (!isObject(round)) continue;
      if (typeof round.response === 'string') addSplit(splitProse(round.response), add, meta);
      for (const call of Array.isArray(round.toolCalls) ? round.toolCalls : [])
        if (isObject(call)) addToolInput(call.arguments, add, meta);
    }
    if (isObject(metadata.toolCallResults))
      for (const result of Object.values(metadata.toolCallResults))
        if (isObject(result)) addShownOutput(textOf(result.content), add, meta);
  });
  return { records, skipped };
}
