// .gitignore rules, compiled with minimatch. Later rules win; "!" re-includes.
import { GLOBSTAR, Minimatch } from 'minimatch';

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
    const mm = new Minimatch(pattern, { dot: true, nocomment: true, nonegate: true, optimizationLevel: 2 });
    // minimatch's makeRe drops a globstar when a pattern has two (`a/**/b/**`); match() does not.
    if (mm.set.some((part) => part.filter((p) => p === GLOBSTAR).length > 1)) {
      rules.push({ test: (rel) => mm.match(rel), negate, dirOnly });
      continue;
    }
    const regex = mm.makeRe();
    if (regex) rules.push({ test: (rel) => regex.test(rel), negate, dirOnly });
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
