// Reading and writing a single `ai-provenance:` marker line.
import type { CommentSyntax } from './commentSyntax';

export const MARKER_KEYWORD = 'ai-provenance';
export const MARKER_FIELDS = ['id', 'tool', 'model', 'at', 'source', 'by', 'hash'] as const;
export type MarkerField = (typeof MARKER_FIELDS)[number];
export const MARKER_SOURCES = ['paste', 'completion', 'agent', 'chat', 'manual'] as const;

/** Used for unknown file types: markers are recognised after any common opener, never written. */
export const FALLBACK_SYNTAX: CommentSyntax = {
  id: 'unknown',
  line: ['#', '//', '--', ';', '%'],
  block: [
    ['/*', '*/'],
    ['<!--', '-->'],
  ],
  quotes: [],
  strings: [],
};

export interface MarkerLine {
  /** 'unknown' when the line names neither begin nor end. */
  readonly kind: 'begin' | 'end' | 'unknown';
  readonly fields: ReadonlyMap<string, string>;
  /** Problems with the line's own syntax (not with its place in the file). */
  readonly problems: readonly string[];
  /** The canonical text of this line when its keyword was misspelt in an unambiguous way. */
  readonly canonical: string | undefined;
  /** Character range of the marker text (after indentation). */
  readonly start: number;
  readonly end: number;
  /** The line rewritten as the canonical end marker of block `id`, opener and closer (if it had one) kept. */
  readonly asEnd: (id: string) => string;
}

const KEYWORD_RE = /^ai[-_ ]?provenance\b\s*:?\s*/i;

/**
 * Parses a line as a marker. Returns undefined when the line is not a marker
 * attempt: a marker must start its line (after indentation) with a comment opener.
 */
export function parseMarkerLine(line: string, syntax: CommentSyntax): MarkerLine | undefined {
  const indent = line.length - line.trimStart().length;
  const rest = line.slice(indent);
  // Longest opener first: several block openers start with a line opener (Lua `--[[`).
  const openers: [string, string][] = [
    ...syntax.line.map((o): [string, string] => [o, '']),
    ...syntax.block.map(([o, c]): [string, string] => [o, c]),
  ];
  openers.sort((a, b) => b[0].length - a[0].length);
  let found: { opener: string; closer: string; lead: number; body: string; keyword: RegExpExecArray } | undefined;
  for (const [opener, closer] of openers) {
    if (!rest.startsWith(opener)) continue;
    const after = rest.slice(opener.length);
    const body = after.trimStart();
    const keyword = KEYWORD_RE.exec(body);
    if (keyword) {
      found = { opener, closer, lead: after.length - body.length, body, keyword };
      break;
    }
  }
  if (!found) return undefined;
  const { opener, closer, lead, body, keyword } = found;

  const problems: string[] = [];
  let content = body.slice(keyword[0].length);
  const trailingSpace = content.length - content.trimEnd().length;
  content = content.trimEnd();
  const closed = closer !== '' && content.endsWith(closer);
  if (closed) content = content.slice(0, -closer.length).trimEnd();
  else if (closer) problems.push(`marker is missing its closing "${closer}"`);
  const kindMatch = /^(begin|end)\b/i.exec(content);
  // Without a colon or a begin/end word this is ordinary prose about provenance.
  if (!kindMatch && !keyword[0].includes(':')) return undefined;
  const closing = closed ? ` ${closer}` : '';
  const asEnd = (id: string) =>
    `${line.slice(0, indent)}${opener}${' '.repeat(Math.max(lead, 1))}${MARKER_KEYWORD}: end id=${id}${closing}`;
  if (!kindMatch) {
    return {
      asEnd,
      kind: 'unknown',
      fields: new Map(),
      problems: ['marker must say "begin" or "end" after "ai-provenance:"'],
      canonical: undefined,
      start: indent,
      end: line.length - trailingSpace,
    };
  }
  const kind = kindMatch[1].toLowerCase() as 'begin' | 'end';
  const { fields, problems: fieldProblems } = parseFields(content.slice(kindMatch[0].length));
  problems.push(...fieldProblems);

  const canonicalHead = `${MARKER_KEYWORD}: ${kind}`;
  const written = `${keyword[0].trimEnd()} ${kindMatch[1]}`;
  const canonical =
    written !== canonicalHead
      ? line.slice(0, indent) +
        opener +
        ' '.repeat(Math.max(lead, 1)) +
        canonicalHead +
        content.slice(kindMatch[0].length) +
        // Never add a missing closer: the lines below would turn from comment into code.
        closing
      : undefined;
  return { kind, fields, problems, canonical, start: indent, end: line.length - trailingSpace, asEnd };
}

/** Parses `key=value` pairs; values are bare tokens or double-quoted strings with \" and \\ escapes. */
export function parseFields(text: string): { fields: Map<string, string>; problems: string[] } {
  const fields = new Map<string, string>();
  const problems: string[] = [];
  let i = 0;
  while (i < text.length) {
    while (i < text.length && (text[i] === ' ' || text[i] === '\t')) i++;
    if (i >= text.length) break;
    const keyStart = i;
    while (i < text.length && /[A-Za-z0-9_-]/.test(text[i])) i++;
    const key = text.slice(keyStart, i);
    if (!key || text[i] !== '=') {
      const token = text.slice(keyStart).split(/\s/)[0];
      problems.push(`expected key=value, found "${token}"`);
      while (i < text.length && text[i] !== ' ' && text[i] !== '\t') i++;
      continue;
    }
    i++;
    let value = '';
    if (text[i] === '"') {
      i++;
      let closed = false;
      while (i < text.length) {
        const c = text[i];
        if (c === '\\' && i + 1 < text.length) {
          value += text[i + 1];
          i += 2;
        } else if (c === '"') {
          closed = true;
          i++;
          break;
        } else {
          value += c;
          i++;
        }
      }
      if (!closed) problems.push(`unterminated quoted value for "${key}"`);
    } else {
      const start = i;
      while (i < text.length && text[i] !== ' ' && text[i] !== '\t') i++;
      value = text.slice(start, i);
    }
    if (fields.has(key)) problems.push(`field "${key}" is given twice`);
    else fields.set(key, value);
  }
  return { fields, problems };
}

/** A value written bare when it is a plain token, quoted otherwise. */
export function formatValue(value: string): string {
  return /^[^\s"\\=]+$/.test(value) ? value : `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

/** A complete marker line in the file's comment syntax. */
export function formatMarkerLine(
  syntax: CommentSyntax,
  indent: string,
  kind: 'begin' | 'end',
  fields: readonly (readonly [string, string | undefined])[],
): string {
  const parts = [`${MARKER_KEYWORD}: ${kind}`];
  for (const [k, v] of fields) if (v !== undefined && v !== '') parts.push(`${k}=${formatValue(v)}`);
  const body = parts.join(' ');
  if (syntax.line.length) return `${indent}${syntax.line[0]} ${body}`;
  const [open, close] = syntax.block[0];
  return `${indent}${open} ${body} ${close}`;
}

/** Whether labels can be written in this syntax. */
export function canWriteMarkers(syntax: CommentSyntax): boolean {
  return syntax.id !== FALLBACK_SYNTAX.id && (syntax.line.length > 0 || syntax.block.length > 0);
}
