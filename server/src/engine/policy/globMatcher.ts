// Glob matching without backtracking, so no pattern or path from a repository
// can make matching slow: a pattern is a list of '/'-separated segments, `**`
// segments are run as a set of states over the path's segments, and every other
// segment is compiled to a small program run as a Pike VM (a set of program
// counters advanced one character at a time). Work is at most about
// |path| × |pattern| steps, whatever the pattern (`*a*a*a…b`, nested extglobs).
// Semantics follow minimatch with { dot: true }: `*`, `?`, `[…]`, `**`,
// `@(a|b)`, `?(…)`, `*(…)`, `+(…)`; `.` and `..` segments match only themselves.
// Simple patterns take a RegExp fast path (globRegExp.ts) with the same results.
import { segmentsToRegExp } from './globRegExp';

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
  /** The literal first segments of all alternatives, when each has one: no other path can match. */
  readonly firstSegments: ReadonlySet<string> | undefined;
}

export type Instruction =
  | { readonly op: 'char'; readonly c: string }
  | { readonly op: 'any' }
  | { readonly op: 'class'; readonly negate: boolean; readonly ranges: readonly (readonly [string, string])[] }
  | { readonly op: 'split'; readonly x: number; readonly y: number }
  | { readonly op: 'jmp'; readonly x: number }
  | { readonly op: 'match' };

export type Segment = { readonly kind: 'globstar' } | { readonly kind: 'literal'; readonly text: string } | Program;
interface Program {
  readonly kind: 'program';
  readonly code: readonly Instruction[];
  readonly seen: Uint32Array;
  generation: number;
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

/**
 * Compiles brace-free patterns (checked with globSyntaxProblem) into one
 * matcher: any of them matching. `linearOnly` turns the RegExp fast path off
 * (tests compare the two).
 */
export function compileGlob(
  patterns: readonly string[],
  syntax: GlobSyntax,
  subtree: boolean,
  linearOnly = false,
): CompiledGlob {
  const alternatives = patterns.map((p) => parseSegments(p, syntax));
  // When every alternative starts with a literal segment, most paths are rejected by their first one.
  const firsts = alternatives.map((a) => (a[0]?.kind === 'literal' ? a[0].text : undefined));
  const firstSegments = firsts.every((f) => f !== undefined) ? new Set(firsts) : undefined;
  const matchers = alternatives.map((segments): ((rel: string, counter: StepCounter) => boolean) => {
    const fast = linearOnly ? undefined : segmentsToRegExp(segments, subtree);
    return fast ? (rel) => fast.test(rel) : (rel, counter) => matchSegments(segments, rel, subtree, counter);
  });
  return {
    firstSegments,
    test: (rel, counter = NO_COUNTER) => {
      if (firstSegments) {
        const slash = rel.indexOf('/');
        if (!firstSegments.has(slash < 0 ? rel : rel.slice(0, slash))) return false;
      }
      return matchers.some((matches) => matches(rel, counter));
    },
  };
}

const NO_COUNTER: StepCounter = { steps: 0 };

/**
 * Runs the pattern's segments over the path's as a set of states (indexes into
 * `pattern`), walking `rel` by offsets rather than splitting it: this runs for
 * every file of a walk.
 */
function matchSegments(pattern: readonly Segment[], rel: string, subtree: boolean, counter: StepCounter): boolean {
  const end = pattern.length;
  let states = closeOverGlobstars(pattern, [0]);
  for (let from = 0; from <= rel.length; ) {
    if (subtree && states.includes(end)) return true;
    const slash = rel.indexOf('/', from);
    const to = slash < 0 ? rel.length : slash;
    const next: number[] = [];
    for (const i of states) {
      counter.steps++;
      if (i === end) continue;
      const p = pattern[i];
      if (p.kind === 'globstar') {
        if (isDotSegment(rel, from, to)) continue;
        addState(next, i);
        if (i + 1 === end) addState(next, end);
      } else if (matchesSegment(p, rel, from, to, counter)) addState(next, i + 1);
    }
    if (next.length === 0) return false;
    states = closeOverGlobstars(pattern, next);
    from = to + 1;
  }
  return states.includes(end);
}

function addState(states: number[], i: number): void {
  if (!states.includes(i)) states.push(i);
}

/** `**` matches zero segments too, except a trailing one: `a/**` matches what is under `a`, not `a`. */
function closeOverGlobstars(pattern: readonly Segment[], states: number[]): number[] {
  for (let k = 0; k < states.length; k++) {
    const i = states[k];
    if (i + 1 < pattern.length && pattern[i].kind === 'globstar') addState(states, i + 1);
  }
  return states;
}

function isDotSegment(rel: string, from: number, to: number): boolean {
  return rel.charCodeAt(from) === 46 && (to - from === 1 || (to - from === 2 && rel.charCodeAt(from + 1) === 46));
}

function matchesSegment(
  p: Exclude<Segment, { kind: 'globstar' }>,
  rel: string,
  from: number,
  to: number,
  counter: StepCounter,
): boolean {
  if (p.kind === 'literal') return to - from === p.text.length && rel.startsWith(p.text, from);
  // Wildcards never match the `.` and `..` segments.
  if (isDotSegment(rel, from, to)) return false;
  return runProgram(p, rel, from, to, counter);
}

/** Pike VM: every thread advances in lockstep, at most one per instruction, so no backtracking. */
function runProgram(program: Program, input: string, from: number, to: number, counter: StepCounter): boolean {
  const code = program.code;
  const seen = program.seen;
  let current: number[] = [];
  const add = (list: number[], start: number) => {
    const stack = [start];
    while (stack.length) {
      const pc = stack.pop()!;
      if (seen[pc] === program.generation) continue;
      seen[pc] = program.generation;
      counter.steps++;
      const ins = code[pc];
      if (ins.op === 'jmp') stack.push(ins.x);
      else if (ins.op === 'split') stack.push(ins.y, ins.x);
      else list.push(pc);
    }
  };
  nextGeneration(program);
  add(current, 0);
  // UTF-16 code units, as the pattern's characters are.
  for (let k = from; k < to; k++) {
    const c = input[k];
    nextGeneration(program);
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

/** Marks in `seen` are compared with the generation, so the array is reused without clearing (matching is synchronous). */
function nextGeneration(program: Program): void {
  if (++program.generation === 0xffffffff) {
    program.seen.fill(0);
    program.generation = 1;
  }
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
    segments.push(
      literal === undefined
        ? { kind: 'program', code, seen: new Uint32Array(code.length), generation: 0 }
        : { kind: 'literal', text: literal },
    );
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
    if (c === '[' && text[i + 1] === ':')
      throw new GlobSyntaxError('POSIX character classes ([:alpha:]) are not supported');
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
