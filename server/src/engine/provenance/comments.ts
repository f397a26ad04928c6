// A small, forgiving comment lexer: enough to tell whether text on a line
// sits inside a comment. Strings are skipped within a line only.
import type { CommentSyntax } from './commentSyntax';

export interface CommentSpan {
  readonly start: number;
  readonly end: number;
}

export interface LineComments {
  readonly spans: readonly CommentSpan[];
  /** True when the line has no code outside comments (and is not blank). */
  readonly commentOnly: boolean;
  /** Index into syntax.block of a block comment still open at the end of the line, or -1. */
  readonly openBlock: number;
}

export function scanLineComments(line: string, syntax: CommentSyntax, openBlock: number): LineComments {
  const spans: CommentSpan[] = [];
  let code = false;
  let i = 0;
  let state = openBlock;
  const n = line.length;
  if (state >= 0) {
    const close = syntax.block[state][1];
    const j = line.indexOf(close);
    if (j < 0) return { spans: [{ start: 0, end: n }], commentOnly: line.trim() !== '', openBlock: state };
    spans.push({ start: 0, end: j + close.length });
    i = j + close.length;
    state = -1;
  }
  outer: while (i < n) {
    const c = line[i];
    if (c === ' ' || c === '\t') {
      i++;
      continue;
    }
    for (let b = 0; b < syntax.block.length; b++) {
      const [open, close] = syntax.block[b];
      if (line.startsWith(open, i)) {
        const j = line.indexOf(close, i + open.length);
        if (j < 0) {
          spans.push({ start: i, end: n });
          return { spans, commentOnly: !code, openBlock: b };
        }
        spans.push({ start: i, end: j + close.length });
        i = j + close.length;
        continue outer;
      }
    }
    for (const open of syntax.line) {
      if (line.startsWith(open, i)) {
        spans.push({ start: i, end: n });
        return { spans, commentOnly: !code, openBlock: -1 };
      }
    }
    code = true;
    if (syntax.quotes.includes(c)) {
      i++;
      while (i < n && line[i] !== c) i += line[i] === '\\' ? 2 : 1;
    }
    i++;
  }
  return { spans, commentOnly: !code && spans.length > 0, openBlock: -1 };
}

export function inSpans(spans: readonly CommentSpan[], offset: number): boolean {
  for (const s of spans) if (offset >= s.start && offset < s.end) return true;
  return false;
}
