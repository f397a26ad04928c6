// Finds provenance blocks in a file and everything wrong with them.
import type { CommentSyntax } from './commentSyntax';
import { sameCommentStructure } from './comments';
import type { LineSource } from './lines';
import { MARKER_FIELDS, MARKER_SOURCES, type MarkerLine, parseMarkerLine } from './markerSyntax';

export interface ProvenanceBlock {
  readonly id: string;
  readonly tool: string | undefined;
  readonly fields: ReadonlyMap<string, string>;
  /** 0-based lines of the begin and end markers. */
  readonly beginLine: number;
  readonly endLine: number;
}

export interface MarkerProblem {
  readonly line: number;
  readonly start: number;
  readonly end: number;
  readonly message: string;
  /** Replacement for the whole line when the repair is unambiguous. */
  readonly repair: string | undefined;
}

export interface EditedBlock {
  readonly block: ProvenanceBlock;
  readonly expected: string;
  readonly actual: string;
}

export interface MarkerScan {
  readonly blocks: readonly ProvenanceBlock[];
  readonly problems: readonly MarkerProblem[];
  /** Blocks whose `hash` no longer matches their content. */
  readonly edited: readonly EditedBlock[];
}

const ID_RE = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;
const MODEL_RE = /^[^/\s]+\/\S+$/;
const HASH_RE = /^sha256:([0-9a-f]{8,64})$/;
const ISO_RE = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/;

export function isValidDate(value: string): boolean {
  return ISO_RE.test(value) && !Number.isNaN(Date.parse(value));
}

/**
 * Field problems per parsed marker, remembered while the same parsed line and
 * tool check are reused (the server memoises parsing), so re-checking an
 * unchanged block after a keystroke costs a lookup.
 */
const fieldProblemCache = new WeakMap<MarkerLine, { knownTool: (id: string) => boolean; problems: string[] }>();

function fieldProblems(marker: MarkerLine, knownTool: (id: string) => boolean): string[] {
  const cached = fieldProblemCache.get(marker);
  if (cached && cached.knownTool === knownTool) return cached.problems;
  const problems = computeFieldProblems(marker, knownTool);
  fieldProblemCache.set(marker, { knownTool, problems });
  return problems;
}

/** Validates a marker's fields; returns messages. */
function computeFieldProblems(marker: MarkerLine, knownTool: (id: string) => boolean): string[] {
  const problems: string[] = [];
  const f = marker.fields;
  for (const key of f.keys()) {
    if (!(MARKER_FIELDS as readonly string[]).includes(key)) problems.push(`unknown field "${key}"`);
  }
  const id = f.get('id');
  if (id === undefined || id === '') problems.push('missing id');
  else if (!ID_RE.test(id)) problems.push(`id "${id}" may only use letters, digits, ".", "_" and "-"`);
  if (marker.kind === 'end') {
    for (const key of f.keys()) if (key !== 'id') problems.push(`an end marker only takes "id", not "${key}"`);
    return problems;
  }
  const tool = f.get('tool');
  if (tool === undefined || tool === '') problems.push('missing tool');
  else if (!knownTool(tool))
    problems.push(`unknown tool "${tool}"; use a built-in tool id or declare it in the policy's "tools"`);
  const model = f.get('model');
  if (model !== undefined && !MODEL_RE.test(model)) problems.push(`model "${model}" must be "provider/model"`);
  const at = f.get('at');
  if (at !== undefined && !isValidDate(at)) problems.push(`at "${at}" is not an ISO 8601 date`);
  const source = f.get('source');
  if (source !== undefined && !(MARKER_SOURCES as readonly string[]).includes(source)) {
    problems.push(`source "${source}" must be one of ${MARKER_SOURCES.join(', ')}`);
  }
  const hash = f.get('hash');
  if (hash !== undefined && !HASH_RE.test(hash))
    problems.push(`hash "${hash}" must be "sha256:" and at least 8 lowercase hex digits`);
  return problems;
}

/** Parsed marker lines, in line order; sources that cache parsing are asked first. */
export function findMarkerLines(source: LineSource, syntax: CommentSyntax): { line: number; marker: MarkerLine }[] {
  if (source.parsedMarkers) return source.parsedMarkers(syntax.id, (text) => parseMarkerLine(text, syntax));
  const parsed: { line: number; marker: MarkerLine }[] = [];
  for (const line of source.markerLines()) {
    const marker = parseMarkerLine(source.lineText(line), syntax);
    if (marker) parsed.push({ line, marker });
  }
  return parsed;
}

export function scanMarkers(source: LineSource, syntax: CommentSyntax, knownTool: (id: string) => boolean): MarkerScan {
  return structureMarkers(source, findMarkerLines(source, syntax), knownTool, syntax);
}

/** Pairs begin and end markers (given in line order) into blocks. */
export function structureMarkers(
  source: LineSource,
  parsed: readonly { line: number; marker: MarkerLine }[],
  knownTool: (id: string) => boolean,
  syntax: CommentSyntax,
): MarkerScan {
  const blocks: ProvenanceBlock[] = [];
  const problems: MarkerProblem[] = [];
  const edited: EditedBlock[] = [];
  const usedIds = new Set<string>();
  const ignoredIds = new Set<string>();
  const beginIds = new Set(parsed.filter((p) => p.marker.kind === 'begin').map((p) => p.marker.fields.get('id')));
  let open: { line: number; marker: MarkerLine } | undefined;

  const report = (line: number, marker: MarkerLine, message: string, repair?: string) =>
    problems.push({ line, start: marker.start, end: marker.end, message, repair });
  /** Every repair of a line, applied together, so that repairing once leaves nothing to repair. */
  const repairs = new Map<number, string>();

  for (const entry of parsed) {
    const { line, marker } = entry;
    if (marker.kind === 'unknown') {
      // Neither begin nor end: say so once, and leave block structure alone.
      for (const m of marker.problems) report(line, marker, `malformed provenance marker: ${m}`);
      continue;
    }
    const lineProblems = [...marker.problems, ...fieldProblems(marker, knownTool)];
    const id = marker.fields.get('id') ?? '';
    if (marker.canonical !== undefined) {
      repairs.set(line, marker.canonical);
      report(line, marker, 'malformed marker keyword; write "ai-provenance: begin" or "ai-provenance: end"');
    }

    if (marker.kind === 'begin') {
      for (const m of lineProblems) report(line, marker, `malformed provenance marker: ${m}`);
      if (open) {
        report(
          line,
          marker,
          `provenance blocks cannot nest or overlap: "begin id=${id}" is inside the open block "${open.marker.fields.get('id') ?? ''}"`,
        );
        if (id) ignoredIds.add(id);
        continue;
      }
      if (id && usedIds.has(id)) report(line, marker, `duplicate provenance id "${id}"; ids must be unique in a file`);
      if (id) usedIds.add(id);
      open = entry;
      continue;
    }

    // end marker
    if (!open) {
      if (!ignoredIds.has(id))
        report(line, marker, id ? `"end id=${id}" has no matching begin` : 'end marker has no matching begin');
      continue;
    }
    const openId = open.marker.fields.get('id') ?? '';
    // Only a valid id is copied to the end marker: anything else would need its own repair first.
    const copyable = ID_RE.test(openId);
    if (!id && openId) {
      if (copyable) repairs.set(line, marker.asEnd(openId));
      report(line, marker, `end marker is missing id; it closes "${openId}"`);
    } else if (id !== openId) {
      if (ignoredIds.has(id)) continue;
      if (copyable && !beginIds.has(id)) repairs.set(line, marker.asEnd(openId));
      report(line, marker, `"end id=${id}" does not close the open block "${openId}"`);
      if (beginIds.has(id)) continue;
    }
    for (const m of lineProblems) if (m !== 'missing id') report(line, marker, `malformed provenance marker: ${m}`);
    const block: ProvenanceBlock = {
      id: openId,
      tool: open.marker.fields.get('tool'),
      fields: open.marker.fields,
      beginLine: open.line,
      endLine: line,
    };
    blocks.push(block);
    const expected = block.fields.get('hash');
    if (expected && /^sha256:[0-9a-f]{8,64}$/.test(expected)) {
      const actual = source.rangeHash(block.beginLine + 1, block.endLine - 1);
      if (!actual.startsWith(expected)) edited.push({ block, expected, actual });
    }
    open = undefined;
  }
  if (open) {
    const id = open.marker.fields.get('id') ?? '';
    report(open.line, open.marker, `provenance block "${id}" is never closed; add "ai-provenance: end id=${id}"`);
  }
  for (let k = 0; k < problems.length; k++) {
    const repair = repairs.get(problems[k].line);
    const before = source.lineText(problems[k].line);
    // A repair that would move text between code and comment is not offered.
    if (repair !== undefined && repair !== before && sameCommentStructure(before, repair, syntax))
      problems[k] = { ...problems[k], repair };
  }
  problems.sort((a, b) => a.line - b.line);
  return { blocks, problems, edited };
}

export function lineInBlocks(blocks: readonly ProvenanceBlock[], line: number): ProvenanceBlock | undefined {
  for (const b of blocks) if (line >= b.beginLine && line <= b.endLine) return b;
  return undefined;
}
