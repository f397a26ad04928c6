// One file's manifest record, and its scrubbed bytes: the engine's analysis
// plus every other evidence source, zoned by the policy, then cut.

import type { SkipReason, Workspace } from '../engine';
import { decodeText, resolve } from '../engine';
import { type Attributed, analysisRanges, compareRanges, type EvidenceSource } from './evidence';
import { type AiRange, type EvidenceKind, type FileRecord, MANIFEST_VERSION } from './manifestSchema';
import { lineCount, lineStarts, type ScrubSelection, scrubCopy, sha256 } from './scrub';

export interface ExportSettings {
  readonly kinds: ReadonlySet<EvidenceKind>;
  /** Present when a scrubbed copy is made. */
  readonly scrub?: ScrubSelection;
}

export interface FileInput {
  readonly repository: string;
  readonly commit: string | null;
  /** Relative to the repository, '/' separators. */
  readonly path: string;
  /** Where the policy sees the file: the repository root joined with `path`. */
  readonly enginePath: string;
}

export interface ExportedFile {
  readonly record: FileRecord;
  /** The copy's bytes; undefined when the file is not copied. */
  readonly copy?: Buffer;
}

export function skippedFile(
  input: FileInput,
  reason: SkipReason | 'undecodable',
  settings: ExportSettings,
  bytes?: Buffer,
): ExportedFile {
  return {
    record: {
      ...head(input),
      sha256: bytes ? sha256(bytes) : null,
      bytes: bytes?.length ?? 0,
      lines: 0,
      skipped: reason,
      ranges: [],
      ...(settings.scrub ? { scrub: { action: 'dropped' as const, removed: [], sha256: null } } : {}),
    },
  };
}

export function exportFile(
  input: FileInput,
  bytes: Buffer,
  workspace: Workspace,
  sources: readonly EvidenceSource[],
  settings: ExportSettings,
): ExportedFile {
  const checked = workspace.checkBytes(input.enginePath, bytes);
  if (checked.kind === 'skip') return skippedFile(input, checked.reason, settings, bytes);
  const decoded = checked.decoded ?? decodeText(bytes);
  // Fail closed: text we cannot decode exactly can be neither analysed nor cut.
  if (decoded.lossy) return skippedFile(input, 'undecodable', settings, bytes);
  const starts = lineStarts(decoded.text);
  const lines = lineCount(starts);
  const found: Attributed[] = checked.analysis ? analysisRanges(checked.analysis) : [];
  const file = { repository: input.repository, path: input.path, text: decoded.text };
  for (const source of sources) found.push(...source.rangesFor(file));
  const policies = workspace.stackFor(input.enginePath).policies;
  const zones = new Map<string | null, string | null>();
  const zoneOf = (tool: string | null) => {
    if (!zones.has(tool))
      zones.set(tool, resolve(policies, input.enginePath, tool ?? undefined).decidingZone?.name ?? null);
    return zones.get(tool)!;
  };
  const ranges: AiRange[] = [];
  for (const r of found) {
    if (!settings.kinds.has(r.evidence) || r.startLine < 1 || r.startLine > lines || r.endLine < r.startLine) continue;
    ranges.push({
      startLine: r.startLine,
      endLine: Math.min(r.endLine, lines),
      evidence: r.evidence,
      tool: r.tool,
      model: r.model,
      zone: zoneOf(r.tool),
      detail: r.detail,
    });
  }
  ranges.sort(compareRanges);
  const record: FileRecord = { ...head(input), sha256: sha256(bytes), bytes: bytes.length, lines, ranges };
  if (!settings.scrub) return { record };
  const { scrub, copy } = scrubCopy(bytes, decoded, starts, lines, ranges, settings.scrub);
  return { record: { ...record, scrub }, copy };
}

function head(input: FileInput) {
  return {
    type: 'file' as const,
    version: MANIFEST_VERSION,
    repository: input.repository,
    commit: input.commit,
    path: input.path,
  };
}
