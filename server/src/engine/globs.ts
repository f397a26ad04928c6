// Policy globs compiled once into fast predicates over '/'-separated
// relative paths. Literal paths and `dir/**` take a string fast path;
// everything else goes through minimatch's own regular expression, except
// patterns with two or more `**`: minimatch's makeRe drops a globstar there
// (`a/**/b/**` becomes `a/**/b`), so those use Minimatch.match.
import { GLOBSTAR, Minimatch } from 'minimatch';

export type PathPredicate = (relPath: string) => boolean;

const GLOB_CHARS = /[*?[\]{}()!+@]/;
const MAX_PATTERN_LENGTH = 1024;
const MAX_BRACE_EXPANSION = 256;
const MINIMATCH_OPTIONS = { dot: true, nocomment: true, nonegate: true, optimizationLevel: 2 } as const;

/** Why a policy glob is unusable, or undefined when it is fine. */
export function globProblem(pattern: string): string | undefined {
  if (pattern.length > MAX_PATTERN_LENGTH) return `glob is longer than ${MAX_PATTERN_LENGTH} characters`;
  if (pattern.includes('\\')) return 'globs use "/" separators; backslashes are not allowed';
  if (pattern.startsWith('/') || /^[A-Za-z]:/.test(pattern)) {
    return 'absolute globs are not allowed; write the path relative to the policy file';
  }
  if (pattern.split('/').includes('..')) return '".." is not allowed in globs; put a policy file higher up instead';
  if (pattern.startsWith('!')) return 'negated globs are not allowed; use "except"';
  if (braceExpansionSize(pattern) > MAX_BRACE_EXPANSION) {
    return `glob expands to more than ${MAX_BRACE_EXPANSION} alternatives`;
  }
  return undefined;
}

/** Upper bound of the number of alternatives brace expansion produces. */
function braceExpansionSize(pattern: string): number {
  const stack: number[] = [];
  let total = 1;
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '{') stack.push(1);
    else if (c === ',' && stack.length) stack[stack.length - 1]++;
    else if (c === '}' && stack.length) {
      total *= stack.pop()!;
      if (total > MAX_BRACE_EXPANSION) return total;
    }
  }
  return total;
}

/** The pattern rewritten to the documented semantics: name at any depth, directory covers its subtree. */
export function normalizeGlob(pattern: string): string {
  let p = pattern.replace(/^(\.\/)+/, '');
  p = p.replace(/\/+$/, '');
  if (p === '' || p === '.') return '**';
  if (!p.includes('/')) p = `**/${p}`;
  return p;
}

/** Compiles patterns (already checked with globProblem) into one predicate. */
export function compileGlobs(patterns: readonly string[]): PathPredicate {
  const literals = new Set<string>();
  const anyDepthNames = new Set<string>();
  const regexSources: string[] = [];
  const slow: Minimatch[] = [];
  for (const raw of patterns) {
    const p = normalizeGlob(raw);
    // `dir/**` is `dir`: a directory covers its subtree anyway.
    const base = p.replace(/(\/\*\*)+$/, '');
    if (!GLOB_CHARS.test(base)) {
      literals.add(base);
      continue;
    }
    if (base.startsWith('**/') && !GLOB_CHARS.test(base.slice(3))) {
      anyDepthNames.add(base.slice(3));
      continue;
    }
    const mm = new Minimatch(base, MINIMATCH_OPTIONS);
    if (mm.set.some((part) => part.filter((s) => s === GLOBSTAR).length > 1)) {
      slow.push(mm, new Minimatch(`${base}/**`, MINIMATCH_OPTIONS));
      continue;
    }
    // The path itself or anything under it.
    const re = mm.makeRe();
    if (re) regexSources.push(re.source.replace(/\$$/, '(?:\\/.*)?$'));
  }
  const regex = regexSources.length ? new RegExp(regexSources.map((s) => `(?:${s})`).join('|')) : undefined;
  const literalList = [...literals];
  const names = [...anyDepthNames];
  return (rel) => {
    for (const lit of literalList) {
      if (rel === lit || (rel.startsWith(lit) && rel.charCodeAt(lit.length) === 47)) return true;
    }
    if (names.length) {
      for (const name of names) if (containsSegmentRun(rel, name)) return true;
    }
    if (regex && regex.test(rel)) return true;
    for (const m of slow) if (m.match(rel)) return true;
    return false;
  };
}

/** True when `run` (one or more whole segments) appears in rel at a segment boundary. */
function containsSegmentRun(rel: string, run: string): boolean {
  let from = 0;
  for (;;) {
    const i = rel.indexOf(run, from);
    if (i < 0) return false;
    const before = i === 0 || rel.charCodeAt(i - 1) === 47;
    const after = i + run.length === rel.length || rel.charCodeAt(i + run.length) === 47;
    if (before && after) return true;
    from = i + 1;
  }
}
