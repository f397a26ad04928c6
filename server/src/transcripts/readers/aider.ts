// Aider: the append-only Markdown chat log in the repository,
// <git root>/.aider.chat.history.md or $AIDER_CHAT_HISTORY_FILE
// (research/transcripts/aider.md). No per-message time or session id: a session
// is the "# aider chat started at" header, and its time stands in.
import * as path from 'node:path';
import { isFile, join } from '../locate';
import { splitProse } from '../prose';
import { collector, type DocumentReader } from '../record';

const HEADER = /^# aider chat started at (\d{4}-\d\d-\d\d \d\d:\d\d:\d\d)\s*$/;
const MODEL = /^> (?:Main model|Model): (\S+)/;

export const aiderReader: DocumentReader = {
  id: 'aider',
  tool: 'aider',
  format: 'document',
  stores(ctx) {
    const configured = ctx.env.AIDER_CHAT_HISTORY_FILE;
    const candidates = [
      configured && path.resolve(ctx.repoRoot ?? ctx.home, configured),
      ctx.repoRoot && join(ctx.repoRoot, '.aider.chat.history.md'),
    ];
    return candidates.filter((f): f is string => !!f && isFile(f)).map((f) => f.replace(/\\/g, '/'));
  },
  readDocument(text, store) {
    const { records, add } = collector();
    let session = store;
    let at: string | undefined;
    let model: string | undefined;
    let reply: string[] = [];
    let replyLine = 0;
    const flush = () => {
      const split = splitProse(reply.join('\n'));
      const meta = { session, model, at, line: replyLine };
      for (const t of split.produced) add('produced', t, meta);
      for (const t of split.shown) add('shown', t, meta);
      reply = [];
    };
    text.split('\n').forEach((raw, i) => {
      const header = HEADER.exec(raw);
      if (header) {
        flush();
        // Local time, as aider writes it (datetime.now()).
        at = new Date(header[1].replace(' ', 'T')).toISOString();
        session = `${store}@${header[1]}`;
        model = undefined;
      } else if (raw.startsWith('#### ')) {
        flush();
        add('shown', raw.slice(5), { session, model, at, line: i + 1 });
      } else if (raw.startsWith('> ')) {
        flush();
        model = MODEL.exec(raw)?.[1] ?? model;
      } else {
        if (!reply.length) replyLine = i + 1;
        reply.push(raw);
      }
    });
    flush();
    return { records, skipped: 0 };
  },
};
