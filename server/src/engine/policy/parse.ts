// Parses and validates one policy file. Every problem comes back with the
// position of the offending node; nothing here throws on bad input.

import { posix } from 'node:path';
import {
  findNodeAtLocation,
  getNodeValue,
  type Node,
  type ParseError,
  parseTree,
  printParseErrorCode,
} from 'jsonc-parser';
import type { z } from 'zod';
import { DEFAULT_LEDGER } from '../io/paths';
import { TextLines } from '../provenance/lines';
import { compilePolicy } from './compile';
import { globProblem, type PathPredicate } from './globs';
import { type AiRule, type PolicyFile, type ProvenanceRule, policySchema } from './schema';
import { isBuiltinTool } from './tools';
import type { ZoneIndex } from './zoneIndex';

export type PolicySource = 'repository' | 'managed';

export interface PolicyError {
  /** File as given to parsePolicy. */
  readonly file: string;
  /** 0-based line and character of the offending node. */
  readonly line: number;
  readonly character: number;
  readonly endLine: number;
  readonly endCharacter: number;
  readonly message: string;
}

export interface CompiledZone {
  readonly name: string;
  readonly ai: AiRule;
  readonly provenance: ProvenanceRule | undefined;
  /** undefined means every tool. */
  readonly tools: ReadonlySet<string> | undefined;
  readonly message: string | undefined;
  readonly includes: PathPredicate;
  readonly excludes: PathPredicate | undefined;
  /** 0-based line of the zone object in its policy file. */
  readonly line: number;
  readonly policy: Policy;
}

export interface Policy {
  /** Absolute path of the policy file, '/' separators. */
  readonly file: string;
  /** Directory the policy's globs are relative to, '/' separators, no trailing slash. */
  readonly dir: string;
  readonly source: PolicySource;
  readonly zones: readonly CompiledZone[];
  readonly defaults: { readonly ai: AiRule; readonly provenance: ProvenanceRule };
  readonly signatures: readonly string[];
  /** Tools declared by this policy (id → display name). */
  readonly tools: ReadonlyMap<string, string>;
  /** Absolute ledger path, '/' separators. */
  readonly ledger: string;
  /** Finds the zones whose paths match a relative path, in about its depth. */
  readonly index: ZoneIndex;
}

export interface ParseResult {
  readonly policy: Policy | undefined;
  readonly errors: readonly PolicyError[];
}

export interface ParseOptions {
  /** Absolute path of the policy file, '/' separators. */
  readonly file: string;
  /** Directory globs are relative to; defaults to the file's directory. */
  readonly dir?: string;
  readonly source?: PolicySource;
  /** Tool ids declared by enclosing policies. */
  readonly inheritedTools?: ReadonlySet<string>;
}

export function parsePolicy(text: string, options: ParseOptions): ParseResult {
  const file = options.file;
  const dir = options.dir ?? file.slice(0, Math.max(0, file.lastIndexOf('/')));
  const lines = new TextLines(text);
  const errorAt = (offset: number, length: number, message: string): PolicyError => {
    const start = lines.positionAt(offset);
    const end = lines.positionAt(offset + length);
    return {
      file,
      line: start.line,
      character: start.character,
      endLine: end.line,
      endCharacter: end.character,
      message,
    };
  };

  if (text.trim() === '')
    return { policy: undefined, errors: [errorAt(0, 0, 'policy file is empty; it needs at least {"version": 1}')] };

  const tooDeep = nestingBeyond(text, MAX_NESTING);
  if (tooDeep !== undefined)
    return {
      policy: undefined,
      errors: [errorAt(tooDeep, 1, `policy is nested more than ${MAX_NESTING} levels deep`)],
    };

  const syntaxErrors: ParseError[] = [];
  const root = parseTree(text, syntaxErrors, { allowTrailingComma: true, disallowComments: false });
  if (syntaxErrors.length || !root) {
    const errors = syntaxErrors.map((e) =>
      errorAt(e.offset, e.length, `JSON syntax error: ${describeParseError(printParseErrorCode(e.error))}`),
    );
    return { policy: undefined, errors: errors.length ? errors : [errorAt(0, 0, 'policy file is not JSON')] };
  }

  const value: unknown = getNodeValue(root);
  const parsed = policySchema.safeParse(value);
  if (!parsed.success) {
    // Glob problems are still worth reporting next to type errors: one round of fixes, not two.
    const errors = [
      ...parsed.error.issues.map((issue) => zodIssueError(issue, root, errorAt)),
      ...rawGlobErrors(value, root, errorAt),
    ];
    return { policy: undefined, errors: dedupe(errors).sort((a, b) => a.line - b.line || a.character - b.character) };
  }
  return buildPolicy(parsed.data, root, { ...options, dir }, errorAt);
}

type ErrorAt = (offset: number, length: number, message: string) => PolicyError;

/** Deeper JSON than any policy needs; the parser recurses, so refuse it before parsing. */
const MAX_NESTING = 64;

/** Offset of the bracket that goes past `max` levels, skipping strings and comments; undefined when within. */
function nestingBeyond(text: string, max: number): number | undefined {
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '"') {
      for (i++; i < text.length && text[i] !== '"'; i++) if (text[i] === '\\') i++;
    } else if (c === '/' && text[i + 1] === '/') {
      while (i < text.length && text[i] !== '\n') i++;
    } else if (c === '/' && text[i + 1] === '*') {
      const end = text.indexOf('*/', i + 2);
      i = end < 0 ? text.length : end + 1;
    } else if (c === '{' || c === '[') {
      if (++depth > max) return i;
    } else if (c === '}' || c === ']') depth--;
  }
  return undefined;
}

/** Glob problems found in a value that failed schema validation. */
function rawGlobErrors(value: unknown, root: Node, errorAt: ErrorAt): PolicyError[] {
  const zones = (value as { zones?: unknown } | null)?.zones;
  if (!Array.isArray(zones)) return [];
  const errors: PolicyError[] = [];
  zones.forEach((zone, i) => {
    for (const key of ['paths', 'except'] as const) {
      const list = (zone as Record<string, unknown> | null)?.[key];
      if (!Array.isArray(list)) continue;
      list.forEach((g, j) => {
        const problem = typeof g === 'string' && g !== '' ? globProblem(g) : undefined;
        if (problem)
          errors.push(nodeError(root, ['zones', i, key, j], `zones[${i}].${key}[${j}]: ${problem}`, errorAt));
      });
    }
  });
  return errors;
}

function dedupe(errors: PolicyError[]): PolicyError[] {
  const seen = new Set<string>();
  return errors.filter((e) => {
    const key = `${e.line}:${e.character}:${e.message}`;
    return !seen.has(key) && !!seen.add(key);
  });
}

function nodeError(
  root: Node,
  path: (string | number)[],
  message: string,
  errorAt: ErrorAt,
  keyOnly = false,
): PolicyError {
  // Walk up the path until a node exists (a missing property reports at its parent).
  for (let n = path.length; n >= 0; n--) {
    const node = findNodeAtLocation(root, path.slice(0, n));
    if (!node) continue;
    const target = keyOnly && node.parent?.type === 'property' ? node.parent.children![0] : node;
    return errorAt(target.offset, target.length, message);
  }
  return errorAt(0, 0, message);
}

function zodIssueError(issue: z.core.$ZodIssue, root: Node, errorAt: ErrorAt): PolicyError {
  const path = issue.path.filter((p): p is string | number => typeof p !== 'symbol');
  const where = path.length ? `${formatPath(path)}: ` : '';
  if (issue.code === 'unrecognized_keys') {
    const key = issue.keys[0];
    const keyNode = findNodeAtLocation(root, [...path, key])?.parent?.children?.[0];
    const message = `${where}unknown ${issue.keys.length > 1 ? 'keys' : 'key'} ${issue.keys.map((k) => `"${k}"`).join(', ')}`;
    return keyNode ? errorAt(keyNode.offset, keyNode.length, message) : nodeError(root, path, message, errorAt);
  }
  return nodeError(root, path, `${where}${issue.message}`, errorAt);
}

function formatPath(path: (string | number)[]): string {
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? p : `.${p}`)).join('');
}

function describeParseError(code: string): string {
  return code.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
}

function buildPolicy(
  spec: PolicyFile,
  root: Node,
  options: ParseOptions & { dir: string },
  errorAt: ErrorAt,
): ParseResult {
  const errors: PolicyError[] = [];
  const declared = new Map(Object.entries(spec.tools ?? {}));
  const knownTool = (id: string) =>
    id === '*' || isBuiltinTool(id) || declared.has(id) || options.inheritedTools?.has(id) === true;

  for (const id of declared.keys()) {
    if (isBuiltinTool(id))
      errors.push(nodeError(root, ['tools', id], `tools: "${id}" is a built-in tool id`, errorAt, true));
  }
  if (spec.ledger !== undefined) {
    const problem = globProblem(spec.ledger);
    if (problem && !problem.startsWith('glob expands'))
      errors.push(nodeError(root, ['ledger'], `ledger: ${problem.replace('glob', 'path')}`, errorAt));
  }

  const seen = new Map<string, number>();
  spec.zones.forEach((zone, i) => {
    const before = seen.get(zone.name);
    if (before !== undefined) {
      errors.push(
        nodeError(
          root,
          ['zones', i, 'name'],
          `zones[${i}].name: duplicate zone name "${zone.name}" (first declared in zones[${before}])`,
          errorAt,
        ),
      );
    } else seen.set(zone.name, i);
    const globErrors = (key: 'paths' | 'except', list: readonly string[]) =>
      list.forEach((g, j) => {
        const problem = globProblem(g);
        if (problem)
          errors.push(nodeError(root, ['zones', i, key, j], `zones[${i}].${key}[${j}]: ${problem}`, errorAt));
      });
    globErrors('paths', zone.paths);
    globErrors('except', zone.except ?? []);
    (zone.tools ?? []).forEach((t, j) => {
      if (!knownTool(t)) {
        errors.push(
          nodeError(
            root,
            ['zones', i, 'tools', j],
            `zones[${i}].tools[${j}]: unknown tool "${t}"; declare it in "tools" or use a built-in id`,
            errorAt,
          ),
        );
      }
    });
  });
  if (errors.length) return { policy: undefined, errors };

  const zoneLine = (i: number) => {
    const node = findNodeAtLocation(root, ['zones', i]);
    return node ? errorAt(node.offset, 0, '').line : 0;
  };
  const policy = compilePolicy({
    file: options.file,
    dir: options.dir,
    source: options.source ?? 'repository',
    defaults: { ai: spec.defaults?.ai ?? 'allow', provenance: spec.defaults?.provenance ?? 'optional' },
    signatures: spec.signatures ?? [],
    tools: declared,
    ledger: posix.normalize(`${options.dir}/${spec.ledger ?? DEFAULT_LEDGER}`),
    zones: spec.zones.map((z, i) => ({ ...z, line: zoneLine(i) })),
  });
  return { policy, errors };
}
