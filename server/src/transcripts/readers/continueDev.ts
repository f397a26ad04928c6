// Continue: <CONTINUE_GLOBAL_DIR or ~/.continue>/sessions/<sessionId>.json, with
// the index sessions.json beside it (research/transcripts/continue.md). Messages
// carry no time: the session's dateCreated from the index stands in.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { isObject, str } from '../../engine/io/json';
import { addShownOutput, addSplit, addToolInput, isoTime, parseJson, textOf } from '../content';
import { findFiles, join } from '../locate';
import { splitProse } from '../prose';
import { collector, type DocumentReader } from '../record';

export const continueReader: DocumentReader = {
  id: 'continue',
  tool: 'continue',
  format: 'document',
  stores(ctx) {
    const dir = ctx.env.CONTINUE_GLOBAL_DIR ? path.resolve(ctx.env.CONTINUE_GLOBAL_DIR) : join(ctx.home, '.continue');
    return findFiles(join(dir, 'sessions'), /^(?!sessions\.json$).*\.json$/, 0);
  },
  readDocument(text, store) {
    const doc = parseJson(text);
    if (!isObject(doc) || !Array.isArray(doc.history)) return { records: [], skipped: 1 };
    const { records, add } = collector();
    let skipped = 0;
    const session = str(doc.sessionId) ?? path.basename(store, '.json');
    const at = createdAt(store, session);
    doc.history.forEach((item, i) => {
      const message = isObject(item) ? item.message : undefined;
      if (!isObject(item) || !isObject(message)) {
        skipped++;
        return;
      }
      const logs = Array.isArray(item.promptLogs) ? item.promptLogs.filter(isObject) : [];
      const model = str(logs[0]?.modelTitle) ?? str(doc.chatModelTitle);
      const meta = { session, model, at, key: `history[${i}]` };
      for (const c of Array.isArray(item.contextItems) ? item.contextItems : [])
        if (isObject(c)) addShownOutput(textOf(c.content), add, meta);
      if (message.role === 'assistant') {
        addSplit(splitProse(textOf(message.content)), add, meta);
        for (const call of Array.isArray(message.toolCalls) ? message.toolCalls : [])
          if (isObject(call) && isObject(call.function)) addToolInput(call.function.arguments, add, meta);
      } else if (message.role === 'user' || message.role === 'tool') addShownOutput(textOf(message.content), add, meta);
    });
    return { records, skipped };
  },
};

/** dateCreated of the session in sessions.json, else the file's modification time. */
function createdAt(store: string, session: string): string | undefined {
  const index = parseJson(readOrEmpty(join(path.dirname(store), 'sessions.json')));
  const entry = Array.isArray(index) ? index.find((e) => isObject(e) && e.sessionId === session) : undefined;
  const created = isObject(entry) ? isoTime(entry.dateCreated) : undefined;
  if (created) return created;
  try {
    return fs.statSync(store).mtime.toISOString();
  } catch {
    return undefined;
  }
}

function readOrEmpty(file: string): string {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return '';
  }
}
