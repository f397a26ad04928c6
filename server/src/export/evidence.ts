// AI-attributed line ranges of one file, from every kind of evidence. The
// engine's analysis gives labels, signatures and ledger ranges; other
// sources (git history, transcripts) plug in as EvidenceSources.
import type { Evidence, FileAnalysis } from '../engine';
import type { AiRange, EvidenceKind } from './manifestSchema';

/** One line per kind, for the command's help. */
export const EVIDENCE_HELP: Record<EvidenceKind, string> = {
  label: 'ai-provenance blocks',
  signature: 'phrases AI tools leave in comments',
  ledger: 'Agent Trace ledger ranges',
  'git-ai-note': 'git-ai notes (refs/notes/ai) carried to the working tree with blame',
  'commit-trailer': 'lines blamed on commits with AI trailers or authors',
  transcript: "the AI tools' local transcripts (needs --transcripts)",
};

/** A range before the policy has said which zone decides it. */
export type Attributed = Omit<AiRange, 'zone'>;

export interface FileText {
  readonly repository: string;
  /** Relative to the repository, '/' separators. */
  readonly path: string;
  readonly text: string;
}

export interface EvidenceSource {
  readonly kinds: readonly EvidenceKind[];
  rangesFor(file: FileText): readonly Attributed[];
}

/** Labels, signatures and ledger ranges the engine found. */
export function analysisRanges(analysis: FileAnalysis): Attributed[] {
  const out: Attributed[] = [];
  for (const b of analysis.markers.blocks) {
    out.push({
      startLine: b.beginLine + 1,
      endLine: b.endLine + 1,
      evidence: 'label',
      tool: b.tool ?? null,
      model: b.fields.get('model') ?? null,
      detail: `block ${b.id}`,
    });
  }
  for (const f of analysis.findings) {
    // Every signature and ledger region yields exactly one AIF003.
    if (f.code !== 'AIF003' || !f.region || !f.evidence || f.evidence.kind === 'label') continue;
    const e = f.evidence;
    out.push({
      startLine: f.region.startLine + 1,
      endLine: f.region.endLine + 1,
      evidence: e.kind,
      tool: f.tool ?? null,
      model: ('model' in e ? e.model : undefined) ?? null,
      detail: detailOf(e),
    });
  }
  return out;
}

/** Every kind of unlabeled evidence must say what shows it (a new kind fails to compile here). */
function detailOf(e: Exclude<Evidence, { kind: 'label' }>): string {
  switch (e.kind) {
    case 'signature':
      return `signature "${e.phrase}"`;
    case 'ledger':
      return `ledger line ${e.ledgerLine}`;
    case 'transcript':
      return `transcript ${e.store}${e.storeLine !== undefined ? `:${e.storeLine}` : ''}`;
  }
}

const KIND_ORDER = new Map<string, number>(
  ['label', 'signature', 'ledger', 'git-ai-note', 'commit-trailer', 'transcript'].map((k, i) => [k, i]),
);

/** The manifest's order: by position, then evidence kind, tool, model and detail. */
export function compareRanges(a: AiRange, b: AiRange): number {
  return (
    a.startLine - b.startLine ||
    a.endLine - b.endLine ||
    KIND_ORDER.get(a.evidence)! - KIND_ORDER.get(b.evidence)! ||
    cmp(a.tool, b.tool) ||
    cmp(a.model, b.model) ||
    cmp(a.zone, b.zone) ||
    cmp(a.detail, b.detail)
  );
}

function cmp(a: string | null, b: string | null): number {
  if (a === b) return 0;
  if (a === null) return -1;
  if (b === null) return 1;
  return a < b ? -1 : 1;
}
