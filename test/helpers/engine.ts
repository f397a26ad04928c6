// Shared helpers for engine unit tests: build policies and analyse text in one call.
import assert from 'node:assert/strict';
import { type Policy, type PolicyError, type PolicySource, parsePolicy } from '../../server/src/engine/policy/parse';
import { analyze, type FileAnalysis } from '../../server/src/engine/provenance/analyze';
import { type CommentSyntax, syntaxForLanguageId } from '../../server/src/engine/provenance/commentSyntax';
import type { LedgerRange } from '../../server/src/engine/provenance/ledger';
import { TextLines } from '../../server/src/engine/provenance/lines';

export const ROOT = '/repo';

export interface PolicyOptions {
  /** Directory of the policy file (absolute, '/' separators); default ROOT. */
  readonly dir?: string;
  readonly source?: PolicySource;
  readonly inheritedTools?: ReadonlySet<string>;
}

/** Parses a policy (object or JSONC text) and fails the test when it is invalid. */
export function policy(spec: object | string, options: PolicyOptions = {}): Policy {
  const dir = options.dir ?? ROOT;
  const text = typeof spec === 'string' ? spec : JSON.stringify({ version: 1, ...spec }, null, 2);
  const result = parsePolicy(text, {
    file: `${dir}/.aifence.json`,
    dir,
    source: options.source,
    inheritedTools: options.inheritedTools,
  });
  assert.deepEqual(result.errors, [], 'policy should be valid');
  assert.ok(result.policy);
  return result.policy;
}

/** The errors of a policy text that must be invalid. */
export function policyErrors(text: string): readonly PolicyError[] {
  const result = parsePolicy(text, { file: `${ROOT}/.aifence.json` });
  assert.equal(result.policy, undefined, 'policy should be invalid');
  assert.ok(result.errors.length > 0);
  return result.errors;
}

export function syntax(languageId: string): CommentSyntax {
  const s = syntaxForLanguageId(languageId);
  assert.ok(s, `no syntax for ${languageId}`);
  return s;
}

export function textLines(text: string): TextLines {
  return new TextLines(text);
}

/** Analyses `text` as the file `rel` (relative to ROOT). */
export function analyzeAt(
  rel: string,
  text: string,
  policies: readonly Policy[] = [],
  ledgerRanges: readonly LedgerRange[] = [],
): FileAnalysis {
  return analyze({ file: `${ROOT}/${rel}`, text }, { policies, ledgerRanges });
}

/** Findings as compact `line:code` strings (1-based lines), for readable assertions. */
export function codes(analysis: FileAnalysis): string[] {
  return analysis.findings.map((f) => `${f.line + 1}:${f.code}`);
}

/** Lines of a text joined with '\n' plus a trailing newline. */
export function lines(...ls: string[]): string {
  return `${ls.join('\n')}\n`;
}
