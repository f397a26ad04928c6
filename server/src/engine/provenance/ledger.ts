// Agent Trace ledger (agent-trace.dev v0.1, JSONL): which line ranges AI wrote.
// Read as the spec's schema and its reference implementation (cursor/agent-trace
// README.md and reference/trace-store.ts) write it: `tool {name, version}` and
// `vcs` per record, a contributor per conversation that a range may override.
// Ranges move as files change, so each is relocated by its content hash
// (`sha256:` as we write it, or `murmur3:` as in the spec).
import { isObject, str } from '../io/json';
import { normalizeToolName } from '../policy/tools';
import type { LineSource } from './lines';
import { murmur3Hex } from './murmur3';

export interface LedgerRange {
  /** Path relative to the ledger's root directory, '/' separators. */
  readonly path: string;
  /** 1-based, inclusive, as recorded. */
  readonly startLine: number;
  readonly endLine: number;
  readonly contentHash: string | undefined;
  readonly tool: string | undefined;
  readonly toolVersion: string | undefined;
  readonly model: string | undefined;
  readonly conversation: string | undefined;
  readonly recordId: string | undefined;
  /** The revision the line numbers refer to (`vcs.revision`). */
  readonly revision: string | undefined;
  /** 1-based line of the record in the ledger file. */
  readonly ledgerLine: number;
}

export interface LedgerProblem {
  /** 1-based line in the ledger file. */
  readonly line: number;
  readonly message: string;
}

export interface Ledger {
  readonly byPath: ReadonlyMap<string, readonly LedgerRange[]>;
  readonly problems: readonly LedgerProblem[];
}

export const EMPTY_LEDGER: Ledger = { byPath: new Map(), problems: [] };

/** Why a recorded path cannot be used, or undefined. */
export function unsafeLedgerPath(path: string): string | undefined {
  if (path.startsWith('/') || /^[A-Za-z]:/.test(path) || path.includes('\\'))
    return `absolute or non-'/' path "${path}" ignored`;
  if (path.split('/').includes('..')) return `path "${path}" leaves the repository; ignored`;
  return undefined;
}

export function parseLedger(text: string): Ledger {
  const byPath = new Map<string, LedgerRange[]>();
  const problems: LedgerProblem[] = [];
  const lines = text.split(/\r\n|\n|\r/);
  lines.forEach((raw, i) => {
    const ledgerLine = i + 1;
    if (raw.trim() === '') return;
    let record: unknown;
    try {
      record = JSON.parse(raw);
    } catch {
      problems.push({ line: ledgerLine, message: 'not valid JSON; line skipped' });
      return;
    }
    if (!isObject(record) || !Array.isArray(record.files)) {
      problems.push({ line: ledgerLine, message: 'not an Agent Trace record (no "files" array); line skipped' });
      return;
    }
    const toolName = isObject(record.tool) ? str(record.tool.name) : str(record.tool);
    const recordTool = normalizeToolName(toolName);
    const toolVersion = isObject(record.tool) ? str(record.tool.version) : undefined;
    const revision = isObject(record.vcs) ? str(record.vcs.revision) : undefined;
    for (const file of record.files) {
      if (!isObject(file) || !str(file.path) || !Array.isArray(file.conversations)) {
        problems.push({ line: ledgerLine, message: 'file entry without "path" or "conversations"; skipped' });
        continue;
      }
      const path = (file.path as string).replace(/^\.\//, '');
      const unsafe = unsafeLedgerPath(path);
      if (unsafe) {
        problems.push({ line: ledgerLine, message: unsafe });
        continue;
      }
      for (const conv of file.conversations) {
        if (!isObject(conv) || !Array.isArray(conv.ranges)) continue;
        for (const r of conv.ranges) {
          // A range's own contributor overrides its conversation's (spec: "for agent handoffs").
          const contributor = isObject(r) && isObject(r.contributor) ? r.contributor : conv.contributor;
          if (!isObject(contributor) || contributor.type !== 'ai') continue;
          if (!isObject(r) || !Number.isInteger(r.start_line) || !Number.isInteger(r.end_line)) {
            problems.push({
              line: ledgerLine,
              message: `range in "${path}" needs integer start_line and end_line; skipped`,
            });
            continue;
          }
          const startLine = r.start_line as number;
          const endLine = r.end_line as number;
          if (startLine < 1 || endLine < startLine) {
            problems.push({
              line: ledgerLine,
              message: `range ${startLine}-${endLine} in "${path}" is empty or starts before line 1; skipped`,
            });
            continue;
          }
          const list = byPath.get(path) ?? [];
          list.push({
            path,
            startLine,
            endLine,
            contentHash: str(r.content_hash),
            tool: normalizeToolName(str(conv.tool) ?? toolName) ?? recordTool,
            toolVersion,
            model: str(contributor.model_id),
            conversation: str(conv.url) ?? str(conv.id),
            recordId: str(record.id),
            revision,
            ledgerLine,
          });
          byPath.set(path, list);
        }
      }
    }
  });
  return { byPath, problems };
}

export interface LocatedRange {
  readonly range: LedgerRange;
  /** 0-based, inclusive, in the current text. */
  readonly startLine: number;
  readonly endLine: number;
}

/** How many lines a relocation search may hash before it gives up. */
const RELOCATE_BUDGET_LINES = 200_000;

/**
 * Where each recorded range is now. Ranges with a sha256 or murmur3 content
 * hash are found by content, nearest to the recorded place first; a range whose
 * content is gone is dropped. Other ranges are taken as recorded when they still fit.
 */
export function locateRanges(source: LineSource, ranges: readonly LedgerRange[]): LocatedRange[] {
  const total = source.lineCount;
  const located: LocatedRange[] = [];
  for (const range of ranges) {
    const len = range.endLine - range.startLine + 1;
    const recorded = range.startLine - 1;
    const matches = hashMatcher(source, range.contentHash, len);
    if (!matches) {
      if (recorded + len <= total) located.push({ range, startLine: recorded, endLine: recorded + len - 1 });
      continue;
    }
    const at = findByHash(matches, recorded, len, total);
    if (at !== undefined) located.push({ range, startLine: at, endLine: at + len - 1 });
  }
  return located;
}

/** Whether the `len` lines from a 0-based start have the recorded hash; undefined for hashes we cannot check. */
function hashMatcher(
  source: LineSource,
  contentHash: string | undefined,
  len: number,
): ((start: number) => boolean) | undefined {
  if (!contentHash) return undefined;
  if (/^sha256:[0-9a-f]{8,}$/.test(contentHash))
    return (start) => source.rangeHash(start, start + len - 1).startsWith(contentHash);
  const murmur = /^murmur3:([0-9a-f]{8})$/i.exec(contentHash);
  if (murmur) {
    const want = murmur[1].toLowerCase();
    return (start) => {
      const lines: string[] = [];
      for (let l = start; l < start + len; l++) lines.push(source.lineText(l));
      return murmur3Hex(lines.join('\n')) === want;
    };
  }
  return undefined;
}

function findByHash(
  matches: (start: number) => boolean,
  recorded: number,
  len: number,
  total: number,
): number | undefined {
  const last = total - len;
  if (last < 0) return undefined;
  let budget = RELOCATE_BUDGET_LINES;
  for (let d = 0; budget > 0 && (recorded - d >= 0 || recorded + d <= last); d++) {
    for (const start of d === 0 ? [recorded] : [recorded - d, recorded + d]) {
      if (start < 0 || start > last) continue;
      budget -= len;
      if (matches(start)) return start;
    }
  }
  return undefined;
}
