// .gitignore rules, on the backtracking-free glob matcher (a repository's
// .gitignore must not be able to make a walk hang). Later rules win; "!"
// re-includes. Git has no braces or extended globs, so neither is expanded.
import { compileGlob, type GlobSyntax, globSyntaxProblem } from '../policy/globMatcher';

const GITIGNORE_SYNTAX: GlobSyntax = { extglobs: false };
/** Longer rules are not applied (the file is then walked, not skipped): matching costs |path| × |rule|. */
const MAX_RULE_LENGTH = 4096;

interface Rule {
  readonly test: (rel: string) => boolean;
  readonly negate: boolean;
  readonly dirOnly: boolean;
}

export interface IgnoreFile {
  /** Directory of the .gitignore, '/' separators. */
  readonly dir: string;
  readonly rules: readonly Rule[];
}

export function parseGitignore(dir: string, text: string): IgnoreFile {
  const rules: Rule[] = [];
  for (let raw of text.split(/\r\n|\n|\r/)) {
    raw = raw.replace(/(?<!\\)\s+$/, '');
    if (raw === '' || raw.startsWith('#')) continue;
    let negate = false;
    if (raw.startsWith('!')) {
      negate = true;
      raw = raw.slice(1);
    }
    raw = raw.replace(/^\\([#!])/, '$1');
    const dirOnly = raw.endsWith('/');
    if (dirOnly) raw = raw.slice(0, -1);
    if (raw === '') continue;
    const anchored = raw.includes('/');
    const pattern = anchored ? raw.replace(/^\//, '') : `**/${raw}`;
    if (pattern.length > MAX_RULE_LENGTH || globSyntaxProblem(pattern, GITIGNORE_SYNTAX)) continue;
    const glob = compileGlob([pattern], GITIGNORE_SYNTAX, false);
    rules.push({ test: (rel) => glob.test(rel), negate, dirOnly });
  }
  return { dir, rules };
}

/** Whether `rel` (relative to the ignore file's dir) is ignored by it: true, false, or undefined when no rule matches. */
export function ignoredBy(file: IgnoreFile, rel: string, isDir: boolean): boolean | undefined {
  for (let i = file.rules.length - 1; i >= 0; i--) {
    const rule = file.rules[i];
    if (rule.dirOnly && !isDir) continue;
    if (rule.test(rel)) return !rule.negate;
  }
  return undefined;
}
