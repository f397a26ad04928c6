// Pure text edits behind quick fixes and `ai-fence check --fix`. Edits use
// line/character positions (LSP's shape), so any LineSource can produce them.
import { randomBytes } from 'node:crypto';
import type { CommentSyntax } from './commentSyntax';
import { lexStateTracker } from './comments';
import { hashLines, indentationOf, type LineSource, type Position, TextLines } from './lines';
import { canWriteMarkers, formatMarkerLine } from './markerSyntax';
import type { ProvenanceBlock } from './markers';

export interface TextEdit {
  readonly range: { readonly start: Position; readonly end: Position };
  readonly newText: string;
}

const at = (line: number, character: number): Position => ({ line, character });

/** Removes lines startLine..endLine (0-based, inclusive) with their line breaks. */
export function stripLines(source: LineSource, startLine: number, endLine: number): TextEdit {
  const end = endLine + 1 < source.lineCount ? at(endLine + 1, 0) : at(endLine, source.lineText(endLine).length);
  return { range: { start: at(startLine, 0), end }, newText: '' };
}

export interface LabelOptions {
  readonly tool: string;
  readonly id?: string;
  readonly model?: string;
  /** ISO 8601 time; now when omitted. */
  readonly at?: string;
  readonly source?: string;
  readonly by?: string;
  /** Record a content hash so later edits show up as AIF006 (default true). */
  readonly hash?: boolean;
  /** Ids already used in the file, to avoid collisions. */
  readonly usedIds?: ReadonlySet<string>;
}

export function newBlockId(used: ReadonlySet<string> = new Set()): string {
  for (;;) {
    const id = randomBytes(4).toString('hex');
    if (!used.has(id)) return id;
  }
}

export function isoNow(): string {
  return isoSeconds(new Date().toISOString());
}

/** An ISO time to the second, as markers write it. */
const isoSeconds = (iso: string): string => iso.replace(/\.\d{3}Z$/, 'Z');

/** A begin marker line; the hash (16 hex digits) is computed only when asked for. */
function beginMarker(
  syntax: CommentSyntax,
  indent: string,
  id: string,
  options: LabelOptions,
  hash: () => string,
): string {
  return formatMarkerLine(syntax, indent, 'begin', [
    ['id', id],
    ['tool', options.tool],
    ['model', options.model],
    ['at', options.at ? isoSeconds(options.at) : isoNow()],
    ['source', options.source],
    ['by', options.by],
    ['hash', options.hash === false ? undefined : hash().slice(0, 'sha256:'.length + 16)],
  ]);
}

/**
 * Why lines startLine..endLine cannot be labelled or stripped without changing
 * the program, or undefined when they can: a marker line inserted, or lines
 * removed, inside a string literal or a block comment would change what is
 * code, string and comment.
 */
export function regionProblem(
  source: LineSource,
  syntax: CommentSyntax,
  startLine: number,
  endLine: number,
): string | undefined {
  const stateAt = lexStateTracker(source, syntax);
  const inside = (line: number) => stateAt(line)?.kind;
  const where = inside(startLine) ?? inside(endLine + 1);
  if (!where) return undefined;
  const what = where === 'comment' ? 'a block comment' : 'a string literal';
  return `lines ${startLine + 1}-${endLine + 1} start or end inside ${what}`;
}

/**
 * Wraps lines startLine..endLine in begin/end markers, indented like the first
 * line and using the file's line ending. Returns no edits when an existing
 * block already wraps exactly these lines, or when the syntax cannot hold markers.
 */
export function labelLines(
  source: LineSource,
  syntax: CommentSyntax,
  startLine: number,
  endLine: number,
  options: LabelOptions,
  blocks: readonly ProvenanceBlock[] = [],
): TextEdit[] {
  if (!canWriteMarkers(syntax)) return [];
  if (blocks.some((b) => b.beginLine === startLine - 1 && b.endLine === endLine + 1)) return [];
  if (regionProblem(source, syntax, startLine, endLine)) return [];
  const indent = indentationOf(source.lineText(startLine));
  const id = options.id ?? newBlockId(options.usedIds);
  const begin = beginMarker(syntax, indent, id, options, () => source.rangeHash(startLine, endLine));
  const end = formatMarkerLine(syntax, indent, 'end', [['id', id]]);
  const eol = source.eol;
  const afterEnd =
    endLine + 1 < source.lineCount
      ? { range: { start: at(endLine + 1, 0), end: at(endLine + 1, 0) }, newText: end + eol }
      : {
          range: {
            start: at(endLine, source.lineText(endLine).length),
            end: at(endLine, source.lineText(endLine).length),
          },
          newText: eol + end,
        };
  return [{ range: { start: at(startLine, 0), end: at(startLine, 0) }, newText: begin + eol }, afterEnd];
}

/** Replaces one line's content, keeping its line break. */
export function replaceLine(source: LineSource, line: number, text: string): TextEdit {
  return { range: { start: at(line, 0), end: at(line, source.lineText(line).length) }, newText: text };
}

/** Applies non-overlapping edits to a text; throws on overlap rather than guess. */
export function applyEdits(text: string, edits: readonly TextEdit[]): string {
  const lines = new TextLines(text);
  const resolved = edits.map((e, i) => ({
    start: lines.offsetAt(e.range.start),
    end: lines.offsetAt(e.range.end),
    text: e.newText,
    i,
  }));
  // Insertions at the same offset keep their given order (a label's begin before its end).
  resolved.sort((a, b) => b.start - a.start || b.end - a.end || b.i - a.i);
  let out = text;
  let limit = Infinity;
  for (const e of resolved) {
    if (e.end > limit) throw new Error('overlapping edits');
    out = out.slice(0, e.start) + e.text + out.slice(e.end);
    limit = e.start;
  }
  return out;
}

/** Merges overlapping or touching line regions so strips never overlap. */
export function mergeRegions(
  regions: readonly { startLine: number; endLine: number }[],
): { startLine: number; endLine: number }[] {
  const sorted = [...regions].sort((a, b) => a.startLine - b.startLine);
  const out: { startLine: number; endLine: number }[] = [];
  for (const r of sorted) {
    const last = out[out.length - 1];
    if (last && r.startLine <= last.endLine + 1) last.endLine = Math.max(last.endLine, r.endLine);
    else out.push({ ...r });
  }
  return out;
}

/**
 * `text` wrapped in markers, ready to insert at a cursor that sits after
 * `indent` on an otherwise empty line: the begin marker takes the cursor's
 * place, the text's lines keep their shape re-indented under `indent`, and a
 * text that ended with a line break still does. Undefined when the syntax
 * cannot hold markers.
 */
export function labelText(
  text: string,
  syntax: CommentSyntax,
  options: LabelOptions,
  indent: string,
  eol: string,
): string | undefined {
  if (!canWriteMarkers(syntax)) return undefined;
  const endsWithBreak = /(\r\n|\n|\r)$/.test(text);
  const lines = text.replace(/(\r\n|\n|\r)$/, '').split(/\r\n|\n|\r/);
  const common = commonIndentation(lines);
  const placed = lines.map((l) => (l.trim() === '' ? '' : indent + l.slice(common.length)));
  const id = options.id ?? newBlockId(options.usedIds);
  const begin = beginMarker(syntax, '', id, options, () =>
    hashLines({ lineText: (i) => placed[i] }, 0, placed.length - 1),
  );
  const end = formatMarkerLine(syntax, indent, 'end', [['id', id]]);
  return `${begin}${eol}${placed.join(eol)}${eol}${end}${endsWithBreak ? eol : ''}`;
}

/** The leading whitespace every non-blank line shares. */
function commonIndentation(lines: readonly string[]): string {
  let common: string | undefined;
  for (const l of lines) {
    if (l.trim() === '') continue;
    const own = indentationOf(l);
    if (common === undefined) common = own;
    else {
      let n = 0;
      while (n < common.length && n < own.length && common[n] === own[n]) n++;
      common = common.slice(0, n);
    }
  }
  return common ?? '';
}
