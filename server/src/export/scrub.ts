// The scrubbed copy: which ranges go, and cutting their whole lines out of
// the file's bytes. Nothing outside the cut spans changes: every other line
// keeps its bytes and its own line terminator.
import { createHash } from 'node:crypto';
import type { DecodedText, Encoding } from '../engine';
import type { AiRange, FileScrub, RemovedSpan } from './manifestSchema';

export interface ScrubSelection {
  /** Only these tools' ranges are removed. */
  readonly tools?: ReadonlySet<string>;
  /** Every range is removed except these tools'; a range naming no tool is removed. */
  readonly keepTools?: ReadonlySet<string>;
  /** Only ranges whose model matches one of these (exact, or a prefix ending in "*"). */
  readonly models?: readonly string[];
  /** Every range is removed except those whose model matches; a range naming no model is removed. */
  readonly keepModels?: readonly string[];
  /** Percent of lines: files with more selected AI lines are dropped whole, the others copied unchanged. */
  readonly dropFilesOver?: number;
}

function modelMatches(model: string | null, patterns: readonly string[]): boolean {
  if (model === null) return false;
  return patterns.some((p) => (p.endsWith('*') ? model.startsWith(p.slice(0, -1)) : model === p));
}

/** Whether the selection removes this range. */
export function isSelected(range: AiRange, s: ScrubSelection): boolean {
  if (s.tools && (range.tool === null || !s.tools.has(range.tool))) return false;
  if (s.keepTools && range.tool !== null && s.keepTools.has(range.tool)) return false;
  if (s.models && !modelMatches(range.model, s.models)) return false;
  if (s.keepModels && modelMatches(range.model, s.keepModels)) return false;
  return true;
}

/** Distinct lines covered by the ranges, as ascending disjoint runs (1-based, inclusive). */
export function mergeRanges(ranges: readonly { startLine: number; endLine: number }[]): [number, number][] {
  const sorted = [...ranges].sort((a, b) => a.startLine - b.startLine || a.endLine - b.endLine);
  const out: [number, number][] = [];
  for (const r of sorted) {
    const last = out[out.length - 1];
    if (last && r.startLine <= last[1] + 1) last[1] = Math.max(last[1], r.endLine);
    else out.push([r.startLine, r.endLine]);
  }
  return out;
}

export function countLines(runs: readonly [number, number][]): number {
  return runs.reduce((n, [a, b]) => n + b - a + 1, 0);
}

/**
 * Offsets (UTF-16 code units) where each line starts, plus text.length: line
 * n (1-based) is text[starts[n-1], starts[n]) with its terminator.
 */
export function lineStarts(text: string): number[] {
  const starts = [0];
  if (!text.includes('\r')) {
    // The common case, and much faster: indexOf scans natively.
    for (let i = text.indexOf('\n'); i >= 0 && i + 1 < text.length; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
    starts.push(text.length);
    return starts;
  }
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 13 && text.charCodeAt(i + 1) === 10) i++;
    if ((c === 10 || c === 13) && i + 1 < text.length) starts.push(i + 1);
  }
  starts.push(text.length);
  return starts;
}

/** Lines of text: a final terminator does not start another line. */
export function lineCount(starts: readonly number[]): number {
  return starts[starts.length - 1] === 0 ? 0 : starts.length - 1;
}

/** Byte spans of whole lines in the encoded file (BOM included in the offsets). */
export function removedSpans(
  text: string,
  starts: readonly number[],
  encoding: Encoding,
  runs: readonly [number, number][],
): RemovedSpan[] {
  const bom = encoding === 'utf8' ? 0 : encoding === 'utf8bom' ? 3 : 2;
  let charAt = 0;
  let byteAt = bom;
  const byteOffset = (char: number) => {
    // Runs ascend, so each offset continues from the previous one.
    if (encoding === 'utf16le' || encoding === 'utf16be') return bom + 2 * char;
    byteAt += Buffer.byteLength(text.slice(charAt, char), 'utf8');
    charAt = char;
    return byteAt;
  };
  return runs.map(([a, b]) => ({
    startLine: a,
    endLine: b,
    startByte: byteOffset(starts[a - 1]),
    endByte: byteOffset(starts[b]),
  }));
}

/** The bytes without the spans. */
export function cutSpans(bytes: Buffer, spans: readonly RemovedSpan[]): Buffer {
  const parts: Buffer[] = [];
  let at = 0;
  for (const s of spans) {
    parts.push(bytes.subarray(at, s.startByte));
    at = s.endByte;
  }
  parts.push(bytes.subarray(at));
  return Buffer.concat(parts);
}

export function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** What the copy of one file holds, and its bytes (undefined when the file is dropped). */
export function scrubCopy(
  bytes: Buffer,
  decoded: DecodedText,
  starts: readonly number[],
  lines: number,
  ranges: readonly AiRange[],
  selection: ScrubSelection,
): { scrub: FileScrub; copy: Buffer | undefined } {
  const selected = mergeRanges(ranges.filter((r) => isSelected(r, selection)));
  if (selection.dropFilesOver !== undefined) {
    const drop = lines > 0 && (countLines(selected) * 100) / lines > selection.dropFilesOver;
    return drop
      ? { scrub: { action: 'dropped', removed: [], sha256: null }, copy: undefined }
      : { scrub: { action: 'kept', removed: [], sha256: sha256(bytes) }, copy: bytes };
  }
  const removed = removedSpans(decoded.text, starts, decoded.encoding, selected);
  const copy = cutSpans(bytes, removed);
  return { scrub: { action: removed.length ? 'removed' : 'kept', removed, sha256: sha256(copy) }, copy };
}
