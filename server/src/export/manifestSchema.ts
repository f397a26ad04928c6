// The export manifest (JSON Lines): one `file` record per file, then one
// `repository` summary per repository. schemas/export-manifest.schema.json is
// generated from this (npm run schema). Bump MANIFEST_VERSION on any change a
// consumer could notice; adding an optional field is such a change too.
import { z } from 'zod';

export const MANIFEST_VERSION = 1 as const;

export const EVIDENCE_KINDS = ['label', 'signature', 'ledger', 'git-ai-note', 'commit-trailer', 'transcript'] as const;
export type EvidenceKind = (typeof EVIDENCE_KINDS)[number];

export const SKIP_REASONS = ['binary', 'oversized', 'unreadable', 'vanished', 'undecodable'] as const;

const line = z.number().int().min(1);
const count = z.number().int().min(0);

const aiRange = z.strictObject({
  startLine: line.describe('First line, 1-based.'),
  endLine: line.describe('Last line, 1-based, inclusive.'),
  evidence: z.enum(EVIDENCE_KINDS).describe('How the lines were recognised as AI output.'),
  tool: z.string().nullable().describe('Tool id (e.g. "claude-code"), null when the evidence names none.'),
  model: z.string().nullable().describe('Model id as the evidence gives it, null when unknown.'),
  zone: z.string().nullable().describe('The policy zone that decides the rule for this tool here, null for none.'),
  detail: z
    .string()
    .describe(
      'What shows it: the block id, the signature phrase, the ledger line, the commit (and trailer), or the transcript.',
    ),
});

const removedSpan = z.strictObject({
  startLine: line,
  endLine: line.describe('Inclusive.'),
  startByte: count.describe('Offset of the first removed byte in the original file.'),
  endByte: count.describe('Offset after the last removed byte (exclusive).'),
});

const fileScrub = z.strictObject({
  action: z
    .enum(['kept', 'removed', 'dropped'])
    .describe('kept: copied unchanged; removed: copied without `removed`; dropped: not in the copy.'),
  removed: z.array(removedSpan).describe('Whole lines cut from the file, ascending and disjoint.'),
  sha256: z.string().nullable().describe('Hex SHA-256 of the copy, null when dropped.'),
});

export const fileRecordSchema = z.strictObject({
  type: z.literal('file'),
  version: z.literal(MANIFEST_VERSION),
  repository: z.string().describe('The repository: its path relative to the working directory, or as given on stdin.'),
  commit: z.string().nullable().describe('HEAD of the repository, null when unknown.'),
  path: z.string().describe("Relative to the repository, '/' separators."),
  sha256: z.string().nullable().describe('Hex SHA-256 of the file bytes, null when they were not read.'),
  bytes: count,
  lines: count.describe('Lines of text (a final line terminator does not start another line).'),
  skipped: z.enum(SKIP_REASONS).optional().describe('Present when the file was not analysed; it is never copied.'),
  ranges: z
    .array(aiRange)
    .describe('Every AI-attributed range found, sorted; ranges of different evidence may overlap.'),
  scrub: fileScrub.optional().describe('Present with --scrub: what the copy holds.'),
});

const lineCounts = z.record(z.string(), count);

export const repositoryRecordSchema = z.strictObject({
  type: z.literal('repository'),
  version: z.literal(MANIFEST_VERSION),
  repository: z.string(),
  commit: z.string().nullable(),
  files: count.describe('File records, skipped ones included.'),
  skipped: count,
  filesWithAi: count,
  lines: count,
  aiLines: count.describe('Lines inside at least one AI range.'),
  linesByEvidence: lineCounts.describe('AI lines per evidence kind.'),
  linesByTool: lineCounts.describe('AI lines per tool ("unknown" when the evidence names none).'),
  scrub: z
    .strictObject({
      kept: count,
      removed: count,
      dropped: count,
      removedLines: count,
      removedBytes: count,
    })
    .optional(),
});

export const manifestRecordSchema = z.discriminatedUnion('type', [fileRecordSchema, repositoryRecordSchema]);

export type AiRange = z.infer<typeof aiRange>;
export type RemovedSpan = z.infer<typeof removedSpan>;
export type FileScrub = z.infer<typeof fileScrub>;
export type FileRecord = z.infer<typeof fileRecordSchema>;
export type RepositoryRecord = z.infer<typeof repositoryRecordSchema>;
export type ManifestRecord = z.infer<typeof manifestRecordSchema>;

export function manifestJsonSchema(): object {
  return z.toJSONSchema(manifestRecordSchema, { io: 'output' });
}
