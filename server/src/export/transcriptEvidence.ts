// The extension point for transcript provenance: an agent's own transcript
// showing that it wrote these lines. server/src/transcripts/ (being built)
// supplies a TranscriptProvider; until then the export runs without one, and
// its tests use a stub provider.
import type { EvidenceSource, FileText } from './evidence';

export interface TranscriptRange {
  /** 1-based, inclusive, in the file's current text. */
  readonly startLine: number;
  readonly endLine: number;
  readonly tool: string | null;
  readonly model: string | null;
  /** Where the evidence is: the transcript file and entry. */
  readonly transcript: string;
}

export interface TranscriptProvider {
  rangesFor(file: FileText): readonly TranscriptRange[];
}

export function transcriptSource(provider: TranscriptProvider): EvidenceSource {
  return {
    kinds: ['transcript'],
    rangesFor: (file) =>
      provider.rangesFor(file).map((r) => ({
        startLine: r.startLine,
        endLine: r.endLine,
        evidence: 'transcript',
        tool: r.tool,
        model: r.model,
        detail: `transcript ${r.transcript}`,
      })),
  };
}
