// Policy globs compiled once into fast predicates over '/'-separated
// relative paths. Literal paths, names and `**/*.ext` take a string fast
// path; everything else runs on the backtracking-free matcher of globMatcher,
// after brace expansion (minimatch's, bounded by globProblem).
import { braceExpand } from 'minimatch';
import { type CompiledGlob, compileGlob, type GlobSyntax, globSyntaxProblem } from './globMatcher';

export type PathPredicate = (relPath: string) => boolean;

const GLOB_CHARS = /[*?[\]{}()!+@]/;
const MAX_PATTERN_LENGTH = 1024;
const MAX_BRACE_EXPANSION = 256;
/** Matching costs about |path| × this many steps at most, whatever the pattern. */
const MAX_EXPANDED_LENGTH = 4 * MAX_PATTERN_LENGTH;
const POLICY_GLOB_SYNTAX: GlobSyntax = { extglobs: true };

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
  const expanded = braceExpand(normalizeGlob(pattern));
  if (expanded.reduce((sum, p) => sum + p.length, 0) > MAX_EXPANDED_LENGTH) {
    return `glob's brace alternatives add up to more than ${MAX_EXPANDED_LENGTH} characters`;
  }
  for (const p of expanded) {
    const problem = globSyntaxProblem(p, POLICY_GLOB_SYNTAX);
    if (problem) return problem;
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
  // NFC: a zone written in one Unicode form matches a directory named in the other.
  let p = pattern.normalize('NFC').replace(/^(\.\/)+/, '');
  p = p.replace(/\/+$/, '');
  if (p === '' || p === '.') return '**';
  if (!p.includes('/')) p = `**/${p}`;
  return p;
}

/** How a normalised pattern can be matched; the fast kinds avoid regular expressions. */
export type GlobKind =
  /** The path itself or anything under it. */
  | { readonly kind: 'literal'; readonly path: string }
  /** A run of whole segments anywhere in the path (a name without "/"). */
  | { readonly kind: 'segments'; readonly run: string }
  /** Any segment ending in `suffix` (`**\/*.ext`), and anything under it. */
  | { readonly kind: 'suffix'; readonly suffix: string }
  /** Anything else, on the backtracking-free matcher; also matches what is under a match. */
  | { readonly kind: 'glob'; readonly glob: CompiledGlob };

export function classifyGlob(raw: string): GlobKind {
  const p = normalizeGlob(raw);
  // `dir/**` is `dir`: a directory covers its subtree anyway.
  const base = p.replace(/(\/\*\*)+$/, '');
  if (!GLOB_CHARS.test(base)) return { kind: 'literal', path: base };
  if (base.startsWith('**/') && !GLOB_CHARS.test(base.slice(3))) return { kind: 'segments', run: base.slice(3) };
  if (base.startsWith('**/*') && !base.slice(4).includes('/') && !GLOB_CHARS.test(base.slice(4)) && base.length > 4) {
    return { kind: 'suffix', suffix: base.slice(4) };
  }
  return { kind: 'glob', glob: compileGlob(braceExpand(base), POLICY_GLOB_SYNTAX, true) };
}

/** Whether a path matches one classified pattern. */
export function matchesKind(k: GlobKind, rel: string): boolean {
  switch (k.kind) {
    case 'literal':
      return rel === k.path || (rel.startsWith(k.path) && rel.charCodeAt(k.path.length) === 47);
    case 'segments':
      return containsSegmentRun(rel, k.run);
    case 'suffix':
      return hasSegmentWithSuffix(rel, k.suffix);
    case 'glob':
      return k.glob.test(rel);
  }
}

/** Compiles patterns (already checked with globProblem) into one predicate. */
export function compileGlobs(patterns: readonly string[]): PathPredicate {
  const kinds = patterns.map(classifyGlob);
  return (rel) => kinds.some((k) => matchesKind(k, rel));
}

/** True when some segment of rel ends with `suffix` (a `*` may match nothing). */
export function hasSegmentWithSuffix(rel: string, suffix: string): boolean {
  let from = 0;
  for (;;) {
    const i = rel.indexOf(suffix, from);
    if (i < 0) return false;
    const end = i + suffix.length;
    if (end === rel.length || rel.charCodeAt(end) === 47) return true;
    from = i + 1;
  }
}

/** True when `run` (one or more whole segments) appears in rel at a segment boundary. */
export function containsSegmentRun(rel: string, run: string): boolean {
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
