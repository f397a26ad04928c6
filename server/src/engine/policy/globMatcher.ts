// Glob matching without backtracking, so no pattern or path from a repository
// can make matching slow: a pattern is a list of '/'-separated segments, `**`
// segments are run as a set of states over the path's segments, and every other
// segment is compiled to a small program run as a Pike VM (a set of program
// counters advanced one character at a time). Work is at most about
// |path| × |pattern| steps, whatever the pattern (`*a*a*a…b`, nested extglobs).
// Semantics follow minimatch with { dot: true }: `*`, `?`, `[…]`, `**`,
// `@(a|b)`, `?(…)`, `*(…)`, `+(…)`; `.` and `..` segments match only themselves.

export interface GlobSyntax {
  /** Extended globs `@(…)`, `?(…)`, `*(…)`, `+(…)` (policy globs: yes; .gitignore: no). */
  readonly extglobs: boolean;
}

/** Counts the work a match does; tests use it to prove the bound without timing. */
export interface StepCounter {
  steps: number;
}

export interface CompiledGlob {
  /** Whether rel matches; with `subtree`, also anything under a match. */
  test(rel: string, counter?: StepCounter): boolean;
}

type Instruction =
  | { readonly op: 'char'; readonly c: string }
  | { readonly op: 'any' }
  | { readonly op: 'class'; readonly negate: boolean; readonly ranges: readonly (readonly [string, string])[] }
  | { readonly op: 'split'; readonly x: number; readonly y: number }
  | { readonly op: 'jmp'; readonly x: number }
  | { readonly op: 'match' };

type Segment = { readonly kind: 'globstar' } | { readonly kind: 'literal'; readonly text: string } | Program;
interface Program {
  readonly kind: 'program';
  readonly code: readonly Instruction[];
}

class GlobSyntaxError extends Error {}

/** Why one brace-free pattern cannot be compiled, or undefined when it can. */
export function globSyntaxProblem(pattern: string, syntax: GlobSyntax): string | undefined {
  try {
    parseSegments(pattern, syntax);
    return undefined;
  } catch (e) {
    if (e instanceof GlobSyntaxError) return e.message;
    throw e;
  }
}

/** Compiles brace-free patterns (checked with globSyntaxProblem) into one matcher: any of them matching. */
export function compileGlob(patterns: readonly string[], syntax: GlobSyntax, subtree: boolean): CompiledGlob {
  const alternatives = patterns.map((p) => parseSegments(p, syntax));
  return {
    test: (rel, counter = { steps: 0 }) => {
      const path = rel.split('/');
      return alternatives.some((segments) => matchSegments(segments, path, subtree, counter));
    },
  };
}

/** Runs the pattern's segments over the path's as a set of states (indexes into `pattern`). */
function matchSegments(pattern: readonly Segment[], path: readonly string[], subtree: boolean, counter: StepCounter) {
  const end = pattern.length;
  // `**` matches zero segments too, except a trailing one: `a/**` matches what is under `a`, not `a`.
  const close = (states: Set<number>) => {
    for (let i = 0; i < end; i++) {
      if (states.has(i) && pattern[i].kind === 'globstar' && i + 1 < end) states.add(i + 1);
    }
    return states;
  };
  let states = close(new Set([0]));
  for (const segment of path) {
    if (subtree && states.has(end)) return true;
    const next = new Set<number>();
    for (const i of states) {
      counter.steps++;
      if (i === end) continue;
      const p = pattern[i];
      if (p.kind === 'globstar') {
        if (segment === '.' || segment === '..') continue;
        next.add(i);
        if (i + 1 === end) next.add(end);
      } else if (matchesSegment(p, segment, counter)) next.add(i + 1);
    }
    if (next.size === 0) return false;
    states = close(next);
  }
  return states.has(end);
}

function matchesSegment(p: Exclude<Segment, { kind: 'globstar' }>, segment: string, counter: StepCounter): boolean {
  if (p.kind === 'literal') return p.text === segment;
  // Wildcards never match the `.` and `..` segments.
  if (segment === '.' || segment === '..') return false;
  return runProgram(p.code, segment, counter);
}

/** Pike VM: every thread advances in lockstep, at most one per instruction, so no backtracking. */
function runProgram(code: readonly Instruction[], input: string, counter: StepCounter): boolean {
  let current: number[] = [];
  let seen = new Uint32Array(code.length);
  let generation = 1;
  const add = (list: number[], start: number) => {
    const stack = [start];
    while (stack.length) {
      const pc = stack.pop()!;
      if (seen[pc] === generation) continue;
      seen[pc] = generation;
      counter.steps++;
      const ins = code[pc];
      if (ins.op === 'jmp') stack.push(ins.x);
      else if (ins.op === 'split') stack.push(ins.y, ins.x);
      else list.push(pc);
    }
  };
  add(current, 0);
  // UTF-16 code units, as the pattern's characters are.
  for (let k = 0; k < input.length; k++) {
    const c = input[k];
    generation++;
    if (generation === 0xffffffff) {
      seen = new Uint32Array(code.length);
      generation = 1;
    }
    const next: number[] = [];
    for (const pc of current) {
      counter.steps++;
      const ins = code[pc];
      if (
        (ins.op === 'char' && ins.c === c) ||
        ins.op === 'any' ||
        (ins.op === 'class' && ins.ranges.some(([lo, hi]) => c >= lo && c <= hi) !== ins.negate)
      )
        add(next, pc + 1);
    }
    if (next.length === 0) return false;
    current = next;
  }
  return current.some((pc) => code[pc].op === 'match');
}

function parseSegments(pattern: string, syntax: GlobSyntax): Segment[] {
  const segments: Segment[] = [];
  // Empty and `.` segments are dropped, repeated `**` collapsed, as minimatch does.
  for (const text of pattern.split('/')) {
    if (text === '' || text === '.') continue;
    if (text === '**') {
      if (segments[segments.length - 1]?.kind !== 'globstar') segments.push({ kind: 'globstar' });
      continue;
    }
    const code: Instruction[] = [];
    const literal = compileSequence(text, 0, text.length, syntax, code);
    code.push({ op: 'match' });
    segments.push(literal === undefined ? { kind: 'program', code } : { kind: 'literal', text: literal });
  }
  return segments;
}

const EXTGLOB = /[@?*+!]/;

/**
 * Appends code for text[from, to) and returns the literal text when it has no
 * wildcard (so a plain comparison can be used instead).
 */
function compileSequence(
  text: string,
  from: number,
  to: number,
  syntax: GlobSyntax,
  code: Instruction[],
): string | undefined {
  let literal: string | undefined = '';
  const char = (c: string) => {
    code.push({ op: 'char', c });
    if (literal !== undefined) literal += c;
  };
  for (let i = from; i < to; ) {
    const c = text[i];
    if (syntax.extglobs && EXTGLOB.test(c) && text[i + 1] === '(') {
      const close = matchingParen(text, i + 1, to);
      if (close >= 0) {
        compileExtglob(c, text, i + 2, close, syntax, code);
        literal = undefined;
        i = close + 1;
        continue;
      }
    }
    if (c === '\\' && i + 1 < to) {
      char(text[i + 1]);
      i += 2;
    } else if (c === '*') {
      // A run of `*` is one star: split to the end or to one more character, then back.
      const loop = code.length;
      code.push({ op: 'split', x: loop + 1, y: loop + 3 }, { op: 'any' }, { op: 'jmp', x: loop });
      literal = undefined;
      while (text[i] === '*' && !(syntax.extglobs && text[i + 1] === '(' && matchingParen(text, i + 1, to) >= 0)) i++;
    } else if (c === '?') {
      code.push({ op: 'any' });
      literal = undefined;
      i++;
    } else if (c === '[') {
      const cls = parseClass(text, i, to);
      if (cls) {
        code.push(cls.instruction);
        literal = undefined;
        i = cls.end;
      } else {
        char(c);
        i++;
      }
    } else {
      char(c);
      i++;
    }
  }
  return literal;
}

/** Index of the `)` closing the `(` at `open`, or -1 (then the text is literal, as in minimatch). */
function matchingParen(text: string, open: number, to: number): number {
  let depth = 0;
  for (let i = open; i < to; i++) {
    if (text[i] === '\\') i++;
    else if (text[i] === '(') depth++;
    else if (text[i] === ')' && --depth === 0) return i;
  }
  return -1;
}

function compileExtglob(kind: string, text: string, from: number, to: number, syntax: GlobSyntax, code: Instruction[]) {
  if (kind === '!') throw new GlobSyntaxError('negated extended globs "!(…)" are not supported; use "except"');
  const start = code.length;
  if (kind === '+') {
    // body, then back to it or on: the body is compiled once, so nesting does not multiply the code.
    compileAlternatives(text, from, to, syntax, code);
    code.push({ op: 'split', x: start, y: code.length + 1 });
    return;
  }
  // `?(…)` and `*(…)` may skip the body; `*(…)` loops back to that choice.
  if (kind !== '@') code.push({ op: 'split', x: start + 1, y: -1 });
  compileAlternatives(text, from, to, syntax, code);
  if (kind === '*') code.push({ op: 'jmp', x: start });
  if (kind !== '@') code[start] = { op: 'split', x: start + 1, y: code.length };
}

/** `a|b|c` between from and to (top-level bars only), each alternative jumping to the end. */
function compileAlternatives(text: string, from: number, to: number, syntax: GlobSyntax, code: Instruction[]) {
  const bars: number[] = [];
  let depth = 0;
  for (let i = from; i < to; i++) {
    if (text[i] === '\\') i++;
    else if (text[i] === '(') depth++;
    else if (text[i] === ')') depth--;
    else if (text[i] === '|' && depth === 0) bars.push(i);
  }
  const bounds = [from - 1, ...bars, to];
  const jumps: number[] = [];
  for (let a = 0; a + 1 < bounds.length; a++) {
    const last = a + 2 === bounds.length;
    const split = code.length;
    if (!last) code.push({ op: 'split', x: split + 1, y: -1 });
    compileSequence(text, bounds[a] + 1, bounds[a + 1], syntax, code);
    if (!last) {
      jumps.push(code.length);
      code.push({ op: 'jmp', x: -1 });
      code[split] = { op: 'split', x: split + 1, y: code.length };
    }
  }
  for (const j of jumps) code[j] = { op: 'jmp', x: code.length };
}

/** A bracket expression `[…]` starting at `open`, or undefined when it is not closed (then `[` is literal). */
function parseClass(text: string, open: number, to: number): { instruction: Instruction; end: number } | undefined {
  let i = open + 1;
  const negate = text[i] === '!' || text[i] === '^';
  if (negate) i++;
  const ranges: [string, string][] = [];
  for (let first = true; i < to; first = false) {
    let c = text[i];
    if (c === ']' && !first) return { instruction: { op: 'class', negate, ranges }, end: i + 1 };
    if (c === '[' && text[i + 1] === ':') throw new GlobSyntaxError('POSIX character classes ([:alpha:]) are not supported');
    if (c === '\\' && i + 1 < to) c = text[++i];
    if (text[i + 1] === '-' && i + 2 < to && text[i + 2] !== ']') {
      const hi = text[i + 2] === '\\' && i + 3 < to ? text[i + 3] : text[i + 2];
      ranges.push([c, hi]);
      i += text[i + 2] === '\\' ? 4 : 3;
    } else {
      ranges.push([c, c]);
      i++;
    }
  }
  return undefined;
}
