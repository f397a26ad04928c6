// The fast path of glob matching: a pattern whose segments cannot make a
// backtracking RegExp slow becomes one V8 RegExp. Allowed: at most one `**`
// and, in each segment, at most one `*` among characters, `?` and classes
// (no extglobs). Each segment is then matched in time linear in its length
// (`[^/]*` cannot cross a `/`), and the single `**` only multiplies that by
// the number of path segments. Everything else stays on the linear matcher,
// which defines the semantics this must reproduce (see globMatcher.ts).
import type { Instruction, Segment } from './globMatcher';

/** No `.` or `..` segment: wildcards never match them. */
const NOT_DOT = '(?!\\.\\.?(?:/|$))';
const ANY_SEGMENT = `${NOT_DOT}[^/]*`;

/** The pattern as one anchored RegExp, or undefined when it could backtrack badly. */
export function segmentsToRegExp(segments: readonly Segment[], subtree: boolean): RegExp | undefined {
  if (segments.length === 0 || segments.filter((s) => s.kind === 'globstar').length > 1) return undefined;
  let source = '';
  let afterGlobstar = false;
  for (const [i, s] of segments.entries()) {
    const separator = i === 0 || afterGlobstar ? '' : '/';
    afterGlobstar = false;
    if (s.kind === 'globstar') {
      // Trailing: one or more segments; elsewhere zero or more, each followed by its `/`.
      if (i + 1 === segments.length) source += `${separator}${ANY_SEGMENT}(?:/${ANY_SEGMENT})*`;
      else {
        source += `${separator}(?:${ANY_SEGMENT}/)*`;
        afterGlobstar = true;
      }
      continue;
    }
    const body = s.kind === 'literal' ? codeUnits(s.text) : programSource(s.code);
    if (body === undefined) return undefined;
    source += separator + (s.kind === 'literal' ? body : NOT_DOT + body);
  }
  return new RegExp(`^${source}${subtree ? '(?:/|$)' : '$'}`);
}

/** A segment's program as RegExp source, when it has at most one star and nothing but characters, `?` and classes. */
function programSource(code: readonly Instruction[]): string | undefined {
  let source = '';
  let stars = 0;
  for (let pc = 0; pc < code.length; pc++) {
    const ins = code[pc];
    if (ins.op === 'char') source += codeUnits(ins.c);
    else if (ins.op === 'any') source += '[^/]';
    else if (ins.op === 'class') {
      if (ins.ranges.some(([lo, hi]) => lo > hi)) return undefined;
      const ranges = ins.ranges.map(([lo, hi]) => (lo === hi ? codeUnits(lo) : `${codeUnits(lo)}-${codeUnits(hi)}`));
      source += `[${ins.negate ? '^/' : ''}${ranges.join('')}]`;
    } else if (ins.op === 'match') return pc + 1 === code.length ? source : undefined;
    else if (isStar(code, pc) && ++stars === 1) {
      source += '[^/]*';
      pc += 2;
    } else return undefined;
  }
  return undefined;
}

/** The code of `*`: split to one more character or on, the character, and a jump back. */
function isStar(code: readonly Instruction[], pc: number): boolean {
  const split = code[pc];
  const back = code[pc + 2];
  return (
    split.op === 'split' &&
    split.x === pc + 1 &&
    split.y === pc + 3 &&
    code[pc + 1]?.op === 'any' &&
    back?.op === 'jmp' &&
    back.x === pc
  );
}

/** One UTF-16 code unit as a RegExp escape, so nothing in it is syntax (inside or outside a class). */
function codeUnits(text: string): string {
  let out = '';
  for (let i = 0; i < text.length; i++) out += `\\u${text.charCodeAt(i).toString(16).padStart(4, '0')}`;
  return out;
}
