// Amp: one JSON document per thread, $XDG_DATA_HOME/amp/threads/T-<uuid>.json
// (~/.local/share on every OS), and the VS Code extension's older
// <user data>/User/globalStorage/sourcegraph.amp/threads3/. Messages hold
// Anthropic-style blocks, but a tool_result keeps its output in run.result or
// run.progress. Sources: jonathan-kellerai/cross_agent_session_resumer
// src/providers/amp.rs @ec0eab96, noamsto/houston docs/AMP_AGENT_SUPPORT.md,
// research/transcripts/amp.md (Amp stopped writing these files around 2026-03-31).
import * as path from 'node:path';
import { isObject, str } from '../../engine/io/json';
import { addAnthropicContent, addShownOutput, isoTime, parseJson, textOf } from '../content';
import { findFiles, join, userDataDirs, xdgDataHome } from '../locate';
import { collector, type DocumentReader } from '../record';

const THREAD_FILE = /^T-[\w-]+\.json$/;
// Editors the extension ran in (amp.rs legacy_threads_roots).
const EDITORS = ['Code', 'Code - Insiders', 'VSCodium', 'Cursor', 'Windsurf'];

export const ampReader: DocumentReader = {
  id: 'amp',
  tool: 'amp',
  format: 'document',
  stores: (ctx) => [
    ...findFiles(join(xdgDataHome(ctx), 'amp', 'threads'), THREAD_FILE, 0),
    ...userDataDirs(ctx, EDITORS).flatMap((d) =>
      findFiles(join(d, 'User', 'globalStorage', 'sourcegraph.amp', 'threads3'), THREAD_FILE, 0),
    ),
  ],
  readDocument(text, store) {
    const thread = parseJson(text);
    if (!isObject(thread) || !Array.isArray(thread.messages)) return { records: [], skipped: 1 };
    const { records, add } = collector();
    let skipped = 0;
    const session = str(thread.id) ?? path.basename(store, '.json');
    const created = isoTime(thread.created);
    thread.messages.forEach((m, i) => {
      if (!isObject(m) || !['user', 'assistant', 'info'].includes(String(m.role)) || !Array.isArray(m.content)) {
        skipped++;
        return;
      }
      const sentAt = isObject(m.meta) ? isoTime(m.meta.sentAt) : undefined;
      const model = isObject(m.usage) ? str(m.usage.model) : undefined;
      const meta = { session, model, at: sentAt ?? created, key: `messages[${i}]` };
      addAnthropicContent(m.role, m.content, add, meta);
      for (const b of m.content)
        if (isObject(b) && b.type === 'tool_result' && isObject(b.run))
          for (const output of [b.run.result, b.run.progress]) addShownOutput(runText(output), add, meta);
    });
    return { records, skipped };
  },
};

/** A tool run's result or progress: a string, lines, or an object with its `output` (amp.rs render_tool_progress). */
function runText(value: unknown): string {
  return isObject(value) && typeof value.output === 'string' ? value.output : textOf(value);
}
