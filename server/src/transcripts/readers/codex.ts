// OpenAI Codex CLI rollouts: $CODEX_HOME/sessions/YYYY/MM/DD/rollout-*.jsonl and
// archived_sessions/ (research/transcripts/codex.md). The model comes from the
// last turn_context and the session from session_meta, carried across appends.
import { isObject, type Json, str } from '../../engine/io/json';
import { type Add, addShownOutput, addSplit, addToolInput, isoTime, parseJson, textOf } from '../content';
import { findFiles, join } from '../locate';
import { splitPatch, splitProse } from '../prose';
import { type Carry, collector, type LineReader, type TranscriptRecord } from '../record';

type Meta = Omit<TranscriptRecord, 'kind' | 'text'>;

export const codexReader: LineReader = {
  id: 'codex',
  tool: 'codex',
  format: 'lines',
  stores(ctx) {
    const home = ctx.env.CODEX_HOME || join(ctx.home, '.codex');
    return [
      ...findFiles(join(home, 'sessions'), /^rollout-.*\.jsonl$/, 3),
      ...findFiles(join(home, 'archived_sessions'), /^rollout-.*\.jsonl$/, 0),
    ];
  },
  readLines(text, firstLine, carry, store) {
    const { records, add } = collector();
    const state: Record<string, string> = { ...carry };
    state.session ??= /([0-9a-f]{8}-[0-9a-f-]{27})\.jsonl$/.exec(store)?.[1] ?? store;
    let skipped = 0;
    text.split('\n').forEach((raw, i) => {
      if (raw.trim() === '') return;
      const line = parseJson(raw);
      if (!isObject(line) || typeof line.type !== 'string' || !isObject(line.payload)) {
        skipped++;
        return;
      }
      const p = line.payload;
      if (line.type === 'session_meta') state.session = str(p.id) ?? str(p.session_id) ?? state.session;
      else if (line.type === 'turn_context' && str(p.model)) state.model = p.model as string;
      const meta = { session: state.session, model: state.model, at: isoTime(line.timestamp), line: firstLine + i };
      if (line.type === 'response_item') addResponseItem(p, add, meta);
      else if (line.type === 'event_msg') {
        // agent_message repeats the response_item text; the index keeps each fingerprint once per session.
        if (p.type === 'agent_message' && typeof p.message === 'string') addSplit(splitProse(p.message), add, meta);
        else if (p.type === 'user_message') add('shown', p.message, meta);
      }
    });
    return { records, skipped, carry: state as Carry };
  },
};

function addResponseItem(p: Json, add: Add, meta: Meta): void {
  if (p.type === 'message') {
    const text = Array.isArray(p.content)
      ? p.content
          .filter((c) => isObject(c) && typeof c.text === 'string')
          .map((c) => (c as Json).text as string)
          .join('\n')
      : '';
    if (p.role === 'assistant') addSplit(splitProse(text), add, meta);
    else add('shown', text, meta);
  } else if (p.type === 'custom_tool_call' && typeof p.input === 'string') {
    addSplit(splitPatch(p.input), add, meta);
  } else if (p.type === 'function_call' || p.type === 'local_shell_call') {
    const args = p.type === 'function_call' ? parseJson(String(p.arguments ?? '')) : p.action;
    if (!isObject(args)) return;
    // Oldest form: shell ["apply_patch", patch]; shell_command: one string holding the patch.
    const command = Array.isArray(args.command) ? args.command : [args.command];
    const patch = command.find((c) => typeof c === 'string' && c.includes('*** Begin Patch'));
    if (typeof patch === 'string') addSplit(splitPatch(patch.slice(patch.indexOf('*** Begin Patch'))), add, meta);
    else addToolInput(args, add, meta);
  } else if (p.type === 'function_call_output' || p.type === 'custom_tool_call_output') {
    const out = isObject(p.output) ? p.output.content : p.output;
    addShownOutput(textOf(out), add, meta);
  }
}
