// Pure text edits behind quick fixes and `ai-fence check --fix`. Edits are
// offset ranges into the original text; nothing outside them changes.
import { randomBytes } from 'node:crypto';
import type { CommentSyntax } from './commentSyntax';
import { contentHash } from './hash';
import { detectEol, indentationOf, lineContentEnd, lineCount, lineEndIncludingBreak, lineText, type LineIndex } from './lines';
import type { ProvenanceBlock } from './markers';
import { canWriteMarkers, formatMarkerLine } from './markerSyntax';

export interface TextEdit {
  readonly start: number;
  readonly end: number;
  readonly newText: string;
}

/** Removes lines startLine..endLine (0-based, inclusive) with their line breaks. */
export function stripLines(index: LineIndex, startLine: number, endLine: number): TextEdit {
  return { start: index.starts[startLine], end: lineEndIncludingBreak(index, endLine), newText: '' };
}

export interface LabelOptions {
  readonly tool: string;
  readonly id?: string;
  readonly model?: string;
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

/**
 * Wraps lines startLine..endLine in begin/end markers, indented like the first
 * line and using the file's line ending. Returns no edits when an existing
 * block already wraps exactly these lines, or when the syntax cannot hold markers.
 */
export function labelLines(
  index: LineIndex,
  syntax: CommentSyntax,
  startLine: number,
  endLine: number,
  options: LabelOptions,
  blocks: readonly ProvenanceBlock[] = [],
): TextEdit[] {
  if (!canWriteMarkers(syntax)) return [];
  if (blocks.some((b) => b.beginLine === startLine - 1 && b.endLine === endLine + 1)) return [];
  const eol = detectEol(index.text);
  const indent = indentationOf(lineText(index, startLine));
  const id = options.id ?? newBlockId(options.usedIds);
  const begin = formatMarkerLine(syntax, indent, 'begin', [
    ['id', id],
    ['tool', options.tool],
    ['model', options.model],
    ['at', options.at ?? new Date().toISOString().replace(/\.\d{3}Z$/, 'Z')],
    ['source', options.source],
    ['by', options.by],
    ['hash', options.hash === false ? undefined : contentHash(index, startLine, endLine).slice(0, 'sha256:'.length + 16)],
  ]);
  const end = formatMarkerLine(syntax, indent, 'end', [['id', id]]);
  const afterEnd = lineContentEnd(index, endLine);
  const lastHasBreak = endLine + 1 < lineCount(index);
  return [
    { start: index.starts[startLine], end: index.starts[startLine], newText: begin + eol },
    lastHasBreak
      ? { start: lineEndIncludingBreak(index, endLine), end: lineEndIncludingBreak(index, endLine), newText: end + eol }
      : { start: afterEnd, end: afterEnd, newText: eol + end },
  ];
}

/** Replaces one line's content, keeping its line break. */
export function replaceLine(index: LineIndex, line: number, text: string): TextEdit {
  return { start: index.starts[line], end: lineContentEnd(index, line), newText: text };
}

/** Applies non-overlapping edits; later edits first so offsets stay valid. */
export function applyEdits(text: string, edits: readonly TextEdit[]): string {
  const sorted = [...edits].sort((a, b) => b.start - a.start || b.end - a.end);
  let out = text;
  let limit = Infinity;
  for (const e of sorted) {
    if (e.end > limit) throw new Error('overlapping edits');
    out = out.slice(0, e.start) + e.newText + out.slice(e.end);
    limit = e.start;
  }
  return out;
}

/** Merges overlapping or touching line regions so strips never overlap. */
export function mergeRegions(regions: readonly { startLine: number; endLine: number }[]): { startLine: number; endLine: number }[] {
  const sorted = [...regions].sort((a, b) => a.startLine - b.startLine);
  const out: { startLine: number; endLine: number }[] = [];
  for (const r of sorted) {
    const last = out[out.length - 1];
    if (last && r.startLine <= last.endLine + 1) last.endLine = Math.max(last.endLine, r.endLine);
    else out.push({ ...r });
  }
  return out;
}

