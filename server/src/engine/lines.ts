// Line bookkeeping shared by every scanner: offsets of line starts and
// the line terminator style, so fixes can write what the file already uses.

export interface LineIndex {
  /** Offset of the first character of each line. */
  readonly starts: readonly number[];
  readonly text: string;
}

export function buildLineIndex(text: string): LineIndex {
  const starts = [0];
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10) starts.push(i + 1);
    else if (c === 13) {
      if (text.charCodeAt(i + 1) === 10) i++;
      starts.push(i + 1);
    }
  }
  return { starts, text };
}

export function lineCount(index: LineIndex): number {
  return index.starts.length;
}

/** Text of a line without its terminator. */
export function lineText(index: LineIndex, line: number): string {
  return index.text.slice(index.starts[line], lineContentEnd(index, line));
}

/** Offset just past the line's content (before its terminator). */
export function lineContentEnd(index: LineIndex, line: number): number {
  const next = line + 1 < index.starts.length ? index.starts[line + 1] : index.text.length;
  let end = next;
  if (end > index.starts[line] && index.text.charCodeAt(end - 1) === 10) end--;
  if (end > index.starts[line] && index.text.charCodeAt(end - 1) === 13) end--;
  return end;
}

/** Offset of the start of the line after `line` (text length for the last line). */
export function lineEndIncludingBreak(index: LineIndex, line: number): number {
  return line + 1 < index.starts.length ? index.starts[line + 1] : index.text.length;
}

/** 0-based line and character of an offset. */
export function positionAt(index: LineIndex, offset: number): { line: number; character: number } {
  let lo = 0;
  let hi = index.starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (index.starts[mid] <= offset) lo = mid;
    else hi = mid - 1;
  }
  return { line: lo, character: offset - index.starts[lo] };
}

/** The terminator used by the first line break in the text, or '\n' when there is none. */
export function detectEol(text: string): string {
  const i = text.search(/\r\n|\n|\r/);
  if (i < 0) return '\n';
  return text[i] === '\r' ? (text[i + 1] === '\n' ? '\r\n' : '\r') : '\n';
}

/** Leading whitespace of a line. */
export function indentationOf(line: string): string {
  const m = /^[ \t]*/.exec(line);
  return m ? m[0] : '';
}
