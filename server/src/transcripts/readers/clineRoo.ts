// Cline and Roo Code (research/transcripts/cline-roo.md). Cline's SDK store:
// <CLINE_DATA_DIR or ~/.cline/data>/sessions/<id>/<id>.messages.json; its
// pre-SDK task folders and Roo's keep api_conversation_history.json (Anthropic
// MessageParam[] with optional ts), under the data dir or VS Code globalStorage.
import * as path from 'node:path';
import { isObject, str } from '../../engine/io/json';
import { addAnthropicContent, isoTime, parseJson } from '../content';
import { entries, findFiles, join, userDataDirs } from '../locate';
import { collector, type DocumentReader, type LocateContext, type ReadOutcome } from '../record';

const PRODUCTS = ['Code', 'Code - Insiders', 'VSCodium', 'Cursor'];

function taskFiles(tasksDir: string): string[] {
  return entries(tasksDir)
    .filter((e) => e.isDirectory())
    .flatMap((e) => findFiles(join(tasksDir, e.name), /^api_conversation_history\.json$/, 0));
}

function globalStorage(ctx: LocateContext, extension: string): string[] {
  return userDataDirs(ctx, PRODUCTS).flatMap((d) => taskFiles(join(d, 'User', 'globalStorage', extension, 'tasks')));
}

function read(text: string, store: string): ReadOutcome {
  const doc = parseJson(text);
  const messages = Array.isArray(doc) ? doc : isObject(doc) ? doc.messages : undefined;
  if (!Array.isArray(messages)) return { records: [], skipped: 1 };
  // SDK files name their session; task folders are named by their task id.
  const session = (isObject(doc) && str(doc.sessionId)) || path.basename(path.dirname(store));
  const fallbackAt = isObject(doc) ? isoTime(doc.updated_at) : undefined;
  const { records, add } = collector();
  let skipped = 0;
  messages.forEach((m, i) => {
    if (!isObject(m) || (m.role !== 'user' && m.role !== 'assistant')) {
      skipped++;
      return;
    }
    const model = isObject(m.modelInfo) ? str(m.modelInfo.id) : undefined;
    const meta = { session, model, at: isoTime(m.ts) ?? fallbackAt, key: `messages[${i}]` };
    addAnthropicContent(m.role, m.content, add, meta);
  });
  return { records, skipped };
}

export const clineReader: DocumentReader = {
  id: 'cline',
  tool: 'cline',
  format: 'document',
  stores(ctx) {
    const data = ctx.env.CLINE_DATA_DIR || join(ctx.env.CLINE_DIR || join(ctx.home, '.cline'), 'data');
    const sessions = join(data, 'sessions');
    return [
      ...entries(sessions)
        .filter((e) => e.isDirectory())
        .flatMap((e) => findFiles(join(sessions, e.name), /\.messages\.json$/, 0)),
      ...taskFiles(join(data, 'tasks')),
      ...globalStorage(ctx, 'saoudrizwan.claude-dev'),
    ];
  },
  readDocument: read,
};

export const rooCodeReader: DocumentReader = {
  id: 'roo-code',
  tool: 'roo-code',
  format: 'document',
  stores: (ctx) => globalStorage(ctx, 'rooveterinaryinc.roo-cline'),
  readDocument: read,
};
