// A small comment lexer: enough to tell whether text on a line sits inside a
// comment, the way the language sees it. Single-line strings are skipped within
// a line; strings that span lines (Python's triple quotes, template literals,
// heredocs, raw strings…) carry over to the next line like block comments, so a
// comment opener inside one is text, not a comment.
import type { CommentSyntax, MultilineString } from './commentSyntax';
import { type LineSource, lowerBound } from './lines';

export interface CommentSpan {
  readonly start: number;
  readonly end: number;
}

/** Where a line starts or ends: in code (undefined), or inside a block comment or a multi-line string. */
export type LexState =
  | undefined
  | { readonly kind: 'comment'; readonly close: string }
  | { readonly kind: 'string'; readonly close: string; readonly escapes: boolean }
  | { readonly kind: 'heredoc'; readonly word: string; readonly indented: boolean };

export interface LineComments {
  readonly spans: readonly CommentSpan[];
  /** True when the line has no code outside comments (and is not blank). */
  readonly commentOnly: boolean;
  /** The state the next line starts in. */
  readonly state: LexState;
}

export function sameState(a: LexState, b: LexState): boolean {
  return a === b || (a !== undefined && b !== undefined && JSON.stringify(a) === JSON.stringify(b));
}

export function scanLineComments(line: string, syntax: CommentSyntax, state: LexState): LineComments {
  const spans: CommentSpan[] = [];
  const n = line.length;
  let i = 0;
  if (state?.kind === 'comment') {
    const j = line.indexOf(state.close);
    if (j < 0) return { spans: [{ start: 0, end: n }], commentOnly: line.trim() !== '', state };
    spans.push({ start: 0, end: j + state.close.length });
    i = j + state.close.length;
  } else if (state?.kind === 'heredoc') {
    const body = state.indented ? line.trim() : line.trimEnd();
    return { spans, commentOnly: false, state: body === state.word ? undefined : state };
  } else if (state?.kind === 'string') {
    const j = closingIndex(line, 0, state.close, state.escapes);
    if (j < 0) return { spans, commentOnly: false, state };
    i = j + state.close.length;
  }
  let code = state?.kind === 'string';
  let heredoc: LexState;
  outer: while (i < n) {
    const c = line[i];
    if (c === ' ' || c === '\t') {
      i++;
      continue;
    }
    for (const [open, close] of syntax.block) {
      if (line.startsWith(open, i)) {
        const j = line.indexOf(close, i + open.length);
        if (j < 0) {
          spans.push({ start: i, end: n });
          return { spans, commentOnly: !code, state: { kind: 'comment', close } };
        }
        spans.push({ start: i, end: j + close.length });
        i = j + close.length;
        continue outer;
      }
    }
    for (const open of syntax.line) {
      if (line.startsWith(open, i)) {
        spans.push({ start: i, end: n });
        return { spans, commentOnly: !code, state: heredoc };
      }
    }
    code = true;
    for (const kind of syntax.strings) {
      const opened = openString(kind, line, i);
      if (!opened) continue;
      if (opened.kind === 'heredoc') {
        heredoc ??= opened;
        i = opened.after;
        continue outer;
      }
      const j = closingIndex(line, opened.after, opened.close, opened.escapes);
      if (j < 0)
        return { spans, commentOnly: false, state: { kind: 'string', close: opened.close, escapes: opened.escapes } };
      i = j + opened.close.length;
      continue outer;
    }
    if (syntax.quotes.includes(c)) {
      i++;
      while (i < n && line[i] !== c) i += line[i] === '\\' ? 2 : 1;
    }
    i++;
  }
  return { spans, commentOnly: !code && spans.length > 0, state: heredoc };
}

/** Index of `close` at or after `from`, skipping backslash escapes when the string has them; -1 when absent. */
function closingIndex(line: string, from: number, close: string, escapes: boolean): number {
  for (let i = from; i < line.length; i++) {
    if (escapes && line[i] === '\\') i++;
    else if (line.startsWith(close, i)) return i;
  }
  return -1;
}

const HEREDOC_RE = /<<([-~]?)(\s*)(["']?)([A-Za-z_][A-Za-z0-9_]*)\3/y;
const RUST_RAW_RE = /b?r(#*)"/y;
const CPP_RAW_RE = /(?:u8|u|U|L)?R"([^()\\\s"]{0,16})\(/y;
const IDENTIFIER_CHAR = /[A-Za-z0-9_]/;

type Opened =
  | { readonly kind: 'string'; readonly close: string; readonly escapes: boolean; readonly after: number }
  | { readonly kind: 'heredoc'; readonly word: string; readonly indented: boolean; readonly after: number };

/** The multi-line string of this kind that opens at `i`, if one does. */
function openString(kind: MultilineString, line: string, i: number): Opened | undefined {
  const match = (re: RegExp) => {
    // Prefixed literals (r"…", R"(…)") must not be the tail of an identifier.
    if (i > 0 && IDENTIFIER_CHAR.test(line[i - 1])) return null;
    re.lastIndex = i;
    return re.exec(line);
  };
  switch (kind.kind) {
    case 'delimited':
      return line.startsWith(kind.open, i)
        ? { kind: 'string', close: kind.close, escapes: kind.escapes, after: i + kind.open.length }
        : undefined;
    case 'heredoc': {
      if (line[i] !== '<') return undefined;
      HEREDOC_RE.lastIndex = i;
      const m = HEREDOC_RE.exec(line);
      // `<<<` is a here-string (bash) or another operator, not a heredoc.
      if (!m || (m[2] && !kind.space) || line[i + 2] === '<' || line[i - 1] === '<') return undefined;
      return { kind: 'heredoc', word: m[4], indented: m[1] !== '', after: i + m[0].length };
    }
    case 'rustRaw': {
      const m = line[i] === 'r' || line[i] === 'b' ? match(RUST_RAW_RE) : null;
      return m ? { kind: 'string', close: `"${m[1]}`, escapes: false, after: i + m[0].length } : undefined;
    }
    case 'cppRaw': {
      const m = /[uUL R]/.test(line[i]) ? match(CPP_RAW_RE) : null;
      return m ? { kind: 'string', close: `)${m[1]}"`, escapes: false, after: i + m[0].length } : undefined;
    }
  }
}

/**
 * The lexer state at the start of any line. Only lines holding a delimiter can
 * change it (and the line ending a heredoc), so only those are lexed, each once.
 */
export function lexStateTracker(source: LineSource, syntax: CommentSyntax): (line: number) => LexState {
  const triggers = stateTriggers(syntax);
  if (!triggers.length) return () => undefined;
  const candidates = source.linesContaining(triggers);
  /** Lines after which the state changed, and the state they left. */
  const changedAfter: number[] = [];
  const states: LexState[] = [];
  let state: LexState;
  const record = (line: number, next: LexState) => {
    if (sameState(next, state)) return;
    state = next;
    changedAfter.push(line);
    states.push(next);
  };
  let resumeAt = 0;
  for (const l of candidates) {
    if (l < resumeAt) continue;
    record(l, scanLineComments(source.lineText(l), syntax, state).state);
    if (state?.kind !== 'heredoc') continue;
    // A heredoc ends on a line that holds only its word: look for it line by line.
    let end = l + 1;
    while (end < source.lineCount && scanLineComments(source.lineText(end), syntax, state).state !== undefined) end++;
    record(end, undefined);
    resumeAt = end + 1;
  }
  return (line) => {
    const i = lowerBound(changedAfter, line);
    return i === 0 ? undefined : states[i - 1];
  };
}

/** Substrings that can change the state across lines: a line without any of them leaves it as it was (heredoc ends aside). */
function stateTriggers(syntax: CommentSyntax): string[] {
  const triggers = syntax.block.flat();
  for (const s of syntax.strings) {
    if (s.kind === 'delimited') triggers.push(s.open, s.close);
    else if (s.kind === 'heredoc') triggers.push('<<');
    else triggers.push('"');
  }
  return triggers;
}

/** Whether `after` in place of `before` leaves the code, and the state the next line starts in, as they were. */
export function sameCommentStructure(before: string, after: string, syntax: CommentSyntax): boolean {
  const starts: LexState[] = [undefined, ...syntax.block.map(([, close]) => ({ kind: 'comment' as const, close }))];
  return starts.every((start) => {
    const a = scanLineComments(before, syntax, start);
    const b = scanLineComments(after, syntax, start);
    return sameState(a.state, b.state) && codeOf(before, a.spans) === codeOf(after, b.spans);
  });
}

/** The line without its comments: what the compiler sees. */
export function codeOf(line: string, spans: readonly CommentSpan[]): string {
  let code = line;
  for (let k = spans.length - 1; k >= 0; k--) code = code.slice(0, spans[k].start) + code.slice(spans[k].end);
  return code;
}

export function inSpans(spans: readonly CommentSpan[], offset: number): boolean {
  for (const s of spans) if (offset >= s.start && offset < s.end) return true;
  return false;
}
