// Line access for the scanners. `LineSource` is what analysis reads; the CLI
// uses TextLines over a whole string, the language server an incremental
// document that keeps per-line caches, so a keystroke costs what it changes.
import { createHash } from 'node:crypto';

export interface Position {
  /** 0-based line. */
  readonly line: number;
  /** 0-based UTF-16 code unit within the line. */
  readonly character: number;
}

export interface LineSource {
  readonly lineCount: number;
  /** Terminator written when lines are inserted: the file's own. */
  readonly eol: string;
  lineText(line: number): string;
  /** Sorted lines that contain "provenance" in any case: the marker prefilter. */
  markerLines(): readonly number[];
  /** Sorted lines where `regex` (global, literal phrases) matches. */
  linesMatching(regex: RegExp): readonly number[];
  /** Sorted lines that contain any of these literal strings (block-comment delimiters). */
  linesContaining(needles: readonly string[]): readonly number[];
  /** `sha256:<hex>` of lines start..end (inclusive) joined with '\n'. */
  rangeHash(startLine: number, endLine: number): string;
  /** Parsed marker lines, when the source caches them (the server's incremental document does). */
  parsedMarkers?<M>(syntaxId: string, parse: (text: string) => M | undefined): { line: number; marker: M }[];
}

export function hashLines(source: Pick<LineSource, 'lineText'>, startLine: number, endLine: number): string {
  const hash = createHash('sha256');
  for (let l = startLine; l <= endLine; l++) {
    if (l > startLine) hash.update('\n');
    hash.update(source.lineText(l));
  }
  return `sha256:${hash.digest('hex')}`;
}

/** A whole text held as one string with line-start offsets. */
export class TextLines implements LineSource {
  /** Offset of the first character of each line. */
  readonly starts: number[];
  readonly eol: string;

  constructor(readonly text: string) {
    const starts = [0];
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 10) starts.push(i + 1);
      else if (c === 13) {
        if (text.charCodeAt(i + 1) === 10) i++;
        starts.push(i + 1);
      }
    }
    this.starts = starts;
    this.eol = detectEol(text);
  }

  get lineCount(): number {
    return this.starts.length;
  }

  lineText(line: number): string {
    return this.text.slice(this.starts[line], this.lineContentEnd(line));
  }

  /** Offset just past the line's content (before its terminator). */
  lineContentEnd(line: number): number {
    const next = line + 1 < this.starts.length ? this.starts[line + 1] : this.text.length;
    let end = next;
    if (end > this.starts[line] && this.text.charCodeAt(end - 1) === 10) end--;
    if (end > this.starts[line] && this.text.charCodeAt(end - 1) === 13) end--;
    return end;
  }

  offsetAt(p: Position): number {
    if (p.line >= this.starts.length) return this.text.length;
    const next = p.line + 1 < this.starts.length ? this.starts[p.line + 1] : this.text.length;
    return Math.min(this.starts[p.line] + p.character, next);
  }

  positionAt(offset: number): Position {
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo, character: offset - this.starts[lo] };
  }

  markerLines(): readonly number[] {
    return this.linesOfOffsets((from) => {
      const a = this.text.indexOf('rovenance', from);
      const b = this.text.indexOf('ROVENANCE', from);
      return a < 0 ? b : b < 0 ? a : Math.min(a, b);
    });
  }

  linesMatching(regex: RegExp): readonly number[] {
    const re = new RegExp(regex.source, regex.flags.includes('g') ? regex.flags : `${regex.flags}g`);
    return this.linesOfOffsets((from) => {
      re.lastIndex = from;
      const m = re.exec(this.text);
      return m ? m.index : -1;
    });
  }

  linesContaining(needles: readonly string[]): readonly number[] {
    if (!needles.length) return [];
    return this.linesOfOffsets((from) => {
      let best = -1;
      for (const n of needles) {
        const i = this.text.indexOf(n, from);
        if (i >= 0 && (best < 0 || i < best)) best = i;
      }
      return best;
    });
  }

  rangeHash(startLine: number, endLine: number): string {
    return hashLines(this, startLine, endLine);
  }

  /** Lines holding the offsets `next` yields, each line once, in order. */
  private linesOfOffsets(next: (from: number) => number): number[] {
    const lines: number[] = [];
    let from = 0;
    let line = 0;
    for (;;) {
      const i = next(from);
      if (i < 0) break;
      while (line + 1 < this.starts.length && this.starts[line + 1] <= i) line++;
      lines.push(line);
      // Skip to the next line: one hit per line is enough.
      from = line + 1 < this.starts.length ? this.starts[line + 1] : this.text.length + 1;
      if (from > this.text.length) break;
    }
    return lines;
  }
}

/** The terminator used by the first line break in the text, or '\n' when there is none. */
export function detectEol(text: string): string {
  const i = text.search(/\r\n|\n|\r/);
  if (i < 0) return '\n';
  return text[i] === '\r' ? (text[i + 1] === '\n' ? '\r\n' : '\r') : '\n';
}

/** Index of the first element of sorted `a` that is not less than `x`. */
export function lowerBound(a: readonly number[], x: number): number {
  let lo = 0;
  let hi = a.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (a[mid] < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Leading whitespace of a line. */
export function indentationOf(line: string): string {
  const m = /^[ \t]*/.exec(line);
  return m ? m[0] : '';
}
