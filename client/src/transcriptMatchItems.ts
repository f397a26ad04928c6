// The wording of "Show Transcript Matches for Current File", as pure functions
// so it is unit-tested without VS Code.
import type { TranscriptMatchesRequest, TranscriptStatusRequest } from '../../server/src/protocol';

type Match = TranscriptMatchesRequest.Match;

export interface TranscriptMatchItem {
  readonly label: string;
  readonly description: string;
  readonly detail: string;
}

/** One QuickPick row: the lines (1-based, as the editor shows them), who wrote them and when, and where the transcript says so. */
export function transcriptMatchItem(m: Match): TranscriptMatchItem {
  const lines = m.startLine === m.endLine ? `Line ${m.startLine + 1}` : `Lines ${m.startLine + 1}–${m.endLine + 1}`;
  const at = m.at ? ` · ${m.at.slice(0, 10)} ${m.at.slice(11, 19)} UTC` : '';
  const location = m.storeLine !== undefined ? `:${m.storeLine}` : m.storeKey !== undefined ? ` [${m.storeKey}]` : '';
  return {
    label: lines,
    description: `${m.tool}${m.model ? ` (${m.model})` : ''}${at}`,
    detail: `session ${m.session} · ${m.store}${location}`,
  };
}

/** The message when nothing is listed: transcripts not read (null), or read without a match here. */
export function noTranscriptMatchMessage(
  matches: readonly Match[] | null,
  status: TranscriptStatusRequest.Result | undefined,
): string {
  if (!matches)
    return 'AI Fence: AI transcripts are not read for this file (workspace not trusted, or `aiFence.transcripts.enable` is off).';
  const indexed = status?.enabled ? ` (${status.sessions} session${status.sessions === 1 ? '' : 's'} indexed)` : '';
  return `AI Fence: the transcript index has no match for this file${indexed}.`;
}
