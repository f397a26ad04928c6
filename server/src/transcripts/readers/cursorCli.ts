// Cursor CLI (cursor-agent): ~/.cursor/chats/<md5(workspace path)>/<session uuid>/
// store.db, SQLite. Table blobs(id, data) is content-addressed: its JSON blobs are
// the messages in rowid order (Vercel AI SDK shapes: text, tool-call with args,
// tool-result with result), the others protobuf graph state; meta key "0" holds
// the agent record (hex-encoded or plain JSON), meta.json beside it the session's
// createdAtMs. Source: skillsynchq/txcript docs/formats/cursor.md @47b82412
// (community reverse engineering, cursor-agent 2026.09.02; Cursor is closed source).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { isObject, str } from '../../engine/io/json';
import { type Add, addShownOutput, addSplit, addToolInput, isoTime, parseJson, textOf } from '../content';
import { findFiles, join } from '../locate';
import { splitProse } from '../prose';
import { collector, type DatabaseReader, type ReadOutcome, type TranscriptRecord } from '../record';
import { columnText, openReadOnly, type Rows } from './sqlite';

type Meta = Omit<TranscriptRecord, 'kind' | 'text'>;

export const cursorCliReader: DatabaseReader = {
  id: 'cursor-cli',
  tool: 'cursor',
  format: 'database',
  // <workspace hash>/<session>/store.db: two directory levels below chats.
  stores: (ctx) => findFiles(join(ctx.home, '.cursor', 'chats'), /^store\.db$/, 2),
  readDatabase(store) {
    const db = openReadOnly(store);
    try {
      const agent = agentRecord(db);
      return readBlobs(db.each('SELECT id, data FROM blobs ORDER BY rowid'), {
        session: path.basename(path.dirname(store)),
        at: createdAtMs(store) ?? isoTime(agent?.createdAt),
        model: str(agent?.lastUsedModel),
      });
    } finally {
      db.close();
    }
  },
};

/** A session's blobs rows in rowid order; `defaults` stand in for what a message does not say. */
export function readBlobs(rows: Iterable<Record<string, unknown>>, defaults: Meta): ReadOutcome {
  const { records, add } = collector();
  let skipped = 0;
  for (const row of rows) {
    const text = columnText(row.data);
    // Messages are JSON objects; anything else is the protobuf turn graph, not a message.
    if (!text.startsWith('{')) continue;
    const message = parseJson(text);
    if (!isObject(message) || !['user', 'assistant', 'tool', 'system'].includes(String(message.role))) {
      skipped++;
      continue;
    }
    const options = isObject(message.providerOptions) ? message.providerOptions.cursor : undefined;
    const meta = {
      session: defaults.session,
      model: (isObject(options) ? str(options.modelName) : undefined) ?? defaults.model,
      at: isoTime(message.createdAt) ?? defaults.at,
      key: String(row.id),
    };
    addMessage(message.role === 'assistant', message.content, add, meta);
  }
  return { records, skipped };
}

/** Assistant text and tool-call args are produced; everything else (prompts, tool results) was shown. */
function addMessage(assistant: boolean, content: unknown, add: Add, meta: Meta): void {
  const parts = typeof content === 'string' ? [{ type: 'text', text: content }] : content;
  if (!Array.isArray(parts)) return;
  for (const p of parts) {
    if (!isObject(p)) continue;
    if (p.type === 'text' && typeof p.text === 'string') {
      if (assistant) addSplit(splitProse(p.text), add, meta);
      else addShownOutput(p.text, add, meta);
    } else if (p.type === 'tool-call' && assistant) addToolInput(p.args, add, meta);
    else if (p.type === 'tool-result') addShownOutput(textOf(p.result), add, meta);
  }
}

/** The agent record under meta key "0", stored hex-encoded or as plain JSON. */
function agentRecord(db: Rows): Record<string, unknown> | undefined {
  for (const row of db.each(`SELECT value FROM meta WHERE key = '0'`)) {
    const value = columnText(row.value).trim();
    const json = /^([0-9a-f]{2})+$/i.test(value) ? Buffer.from(value, 'hex').toString('utf8') : value;
    const record = parseJson(json);
    return isObject(record) ? record : undefined;
  }
  return undefined;
}

/** createdAtMs of meta.json beside the store, when it has one. */
function createdAtMs(store: string): string | undefined {
  try {
    const meta = parseJson(fs.readFileSync(path.join(path.dirname(store), 'meta.json'), 'utf8'));
    return isObject(meta) ? isoTime(meta.createdAtMs) : undefined;
  } catch {
    return undefined;
  }
}
