// Gemini CLI chat recordings: <GEMINI_CLI_HOME or home>/.gemini/tmp/<project>/chats/
// session-*.jsonl (since 0.39) or .json (before), subagents in chats/<parent>/
// (research/transcripts/gemini-cli.md). JSONL re-appends a message under the
// same id on every update and may rewind, so the file is replayed as a whole.
import { isObject, type Json, str } from '../../engine/io/json';
import { addShownOutput, addSplit, addToolInput, isoTime, parseJson, textOf } from '../content';
import { entries, findFiles, join } from '../locate';
import { splitProse } from '../prose';
import { collector, type DocumentReader, type ReadOutcome } from '../record';

interface Located {
  readonly message: Json;
  readonly line: number;
}

export const geminiReader: DocumentReader = {
  id: 'gemini-cli',
  tool: 'gemini',
  format: 'document',
  stores(ctx) {
    const tmp = join(ctx.env.GEMINI_CLI_HOME || ctx.home, '.gemini', 'tmp');
    return entries(tmp)
      .filter((e) => e.isDirectory())
      .flatMap((e) => findFiles(join(tmp, e.name, 'chats'), /\.jsonl?$/, 1));
  },
  readDocument(text, store) {
    return store.endsWith('.jsonl') ? fromLog(text) : fromRecord(text);
  },
};

/** Legacy pretty-printed ConversationRecord. */
function fromRecord(text: string): ReadOutcome {
  const doc = parseJson(text);
  if (!isObject(doc) || !Array.isArray(doc.messages)) return { records: [], skipped: 1 };
  return messagesToRecords(
    str(doc.sessionId) ?? '',
    doc.messages.map((m) => ({ message: m as Json, line: 0 })),
  );
}

/** JSONL: metadata line, messages (last line per id wins), `$set` updates and `$rewindTo`. */
function fromLog(text: string): ReadOutcome {
  let session = '';
  let skipped = 0;
  let messages = new Map<string, Located>();
  text.split('\n').forEach((raw, i) => {
    if (raw.trim() === '') return;
    const entry = parseJson(raw);
    if (!isObject(entry)) {
      skipped++;
      return;
    }
    if (typeof entry.id === 'string') {
      messages.delete(entry.id);
      messages.set(entry.id, { message: entry, line: i + 1 });
    } else if (typeof entry.$rewindTo === 'string') {
      const kept = new Map<string, Located>();
      for (const [id, m] of messages) {
        if (id === entry.$rewindTo) break;
        kept.set(id, m);
      }
      messages = kept;
    } else if (isObject(entry.$set)) {
      if (Array.isArray(entry.$set.messages)) {
        messages = new Map();
        for (const m of entry.$set.messages)
          if (isObject(m) && typeof m.id === 'string') messages.set(m.id, { message: m, line: i + 1 });
      }
      session = str(entry.$set.sessionId) ?? session;
    } else if (typeof entry.sessionId === 'string') session = entry.sessionId;
    else skipped++;
  });
  const out = messagesToRecords(session, [...messages.values()]);
  return { records: out.records, skipped: out.skipped + skipped };
}

function messagesToRecords(session: string, messages: readonly Located[]): ReadOutcome {
  const { records, add } = collector();
  let skipped = 0;
  for (const { message: m, line } of messages) {
    if (!isObject(m) || typeof m.type !== 'string') {
      skipped++;
      continue;
    }
    const meta = { session, model: str(m.model), at: isoTime(m.timestamp), line: line || undefined, key: str(m.id) };
    if (m.type === 'user') add('shown', textOf(m.content), meta);
    if (m.type !== 'gemini') continue;
    addSplit(splitProse(textOf(m.content)), add, meta);
    for (const call of Array.isArray(m.toolCalls) ? m.toolCalls : []) {
      if (!isObject(call)) continue;
      addToolInput(call.args, add, meta);
      for (const part of Array.isArray(call.result) ? call.result : []) {
        const response = isObject(part) && isObject(part.functionResponse) ? part.functionResponse.response : undefined;
        if (isObject(response)) addShownOutput(textOf(response.output), add, meta);
      }
    }
  }
  return { records, skipped };
}
