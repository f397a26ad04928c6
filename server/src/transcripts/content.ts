// Shapes several tools share: tool-call arguments, Anthropic-style content
// blocks, and line-numbered read output.
import { isObject } from '../engine/io/json';
import { type Split, splitEditBlocks, splitPatch, splitProse } from './prose';
import type { RecordKind, TranscriptRecord } from './record';

export type Add = (kind: RecordKind, text: unknown, meta: Omit<TranscriptRecord, 'kind' | 'text'>) => void;
type Meta = Omit<TranscriptRecord, 'kind' | 'text'>;

// Argument names of the edit tools in the research notes: Claude Code Write/Edit/NotebookEdit, Gemini
// write_file/replace, Copilot create_file/replace_string_in_file/insert_edit_into_file, Continue
// create_new_file/single_find_and_replace, Cline editor, Roo write_to_file/search_replace, opencode write/edit,
// Amp create_file/edit_file (its published system prompt's tool schemas: `content`, `old_str`/`new_str`).
const PRODUCED_KEYS = ['content', 'contents', 'new_string', 'newString', 'new_text', 'new_str', 'new_source', 'code'];
const SHOWN_KEYS = ['old_string', 'oldString', 'old_text', 'old_str'];
const PATCH_KEYS = ['input', 'patch', 'patchText'];
const NESTED_KEYS = ['edits', 'replacements'];

export function addSplit(split: Split, add: Add, meta: Meta): void {
  for (const t of split.produced) add('produced', t, meta);
  for (const t of split.shown) add('shown', t, meta);
}

/** Produced and shown text in one tool call's arguments (an object, or a JSON string of one). */
export function addToolInput(input: unknown, add: Add, meta: Meta): void {
  const args = typeof input === 'string' ? parseJson(input) : input;
  if (!isObject(args)) return;
  for (const k of PRODUCED_KEYS) if (typeof args[k] === 'string') add('produced', args[k], meta);
  for (const k of SHOWN_KEYS) add('shown', args[k], meta);
  for (const k of PATCH_KEYS) {
    const v = args[k];
    if (typeof v === 'string' && /^(\*\*\* Begin Patch|--- |@@)/m.test(v)) addSplit(splitPatch(v), add, meta);
  }
  if (typeof args.diff === 'string') addSplit(splitEditBlocks(args.diff), add, meta);
  for (const k of NESTED_KEYS) {
    const list = args[k];
    if (Array.isArray(list)) for (const e of list) addToolInput(e, add, meta);
  }
}

export function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** Text of a string, or of `{text}` / `{value}` parts. */
export function textOf(content: unknown): string {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return isObject(content) && typeof content.text === 'string' ? content.text : '';
  return content
    .map((p) => (typeof p === 'string' ? p : isObject(p) ? (p.text ?? p.value ?? '') : ''))
    .filter((t): t is string => typeof t === 'string')
    .join('\n');
}

/** Read output numbered like `cat -n` ("     1\t…"): the same text without the numbers. */
export function withoutLineNumbers(text: string): string | undefined {
  const numbered = /^\s*\d+(\t|→|: )/;
  // Most output is not numbered: its first line (\s* skips blank ones) says so without splitting the rest.
  if (!numbered.test(text)) return undefined;
  const lines = text.split('\n');
  if (!lines.filter((l) => l !== '').every((l) => numbered.test(l))) return undefined;
  return lines.map((l) => l.replace(numbered, '')).join('\n');
}

/** Tool output the AI read: as given, and without `cat -n` numbers when it has them. */
export function addShownOutput(text: string, add: Add, meta: Meta): void {
  add('shown', text, meta);
  const plain = withoutLineNumbers(text);
  if (plain !== undefined) add('shown', plain, meta);
}

/**
 * Anthropic Messages content (Claude Code, Cline, Roo): assistant text and
 * tool_use are produced, user text and tool_result were shown.
 */
export function addAnthropicContent(role: unknown, content: unknown, add: Add, meta: Meta): void {
  const blocks = typeof content === 'string' ? [{ type: 'text', text: content }] : content;
  if (!Array.isArray(blocks)) return;
  for (const b of blocks) {
    if (!isObject(b)) continue;
    if (b.type === 'text' && typeof b.text === 'string') {
      if (role === 'assistant') addSplit(splitProse(b.text), add, meta);
      else addShownOutput(b.text, add, meta);
    } else if (b.type === 'tool_use' && role === 'assistant') addToolInput(b.input, add, meta);
    else if (b.type === 'tool_result') addShownOutput(textOf(b.content), add, meta);
  }
}

/** An ISO time from epoch milliseconds (number or digit string) or an ISO string. */
export function isoTime(v: unknown): string | undefined {
  const ms = typeof v === 'number' ? v : typeof v === 'string' && /^\d+$/.test(v) ? Number(v) : undefined;
  if (ms !== undefined) return Number.isFinite(ms) ? new Date(ms).toISOString() : undefined;
  if (typeof v !== 'string') return undefined;
  const t = Date.parse(v);
  return Number.isNaN(t) ? undefined : new Date(t).toISOString();
}
