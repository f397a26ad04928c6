// Transcript evidence for a repository: brings the index up to date, loads
// it, and turns a file's matches into the ranges the checker reports as AIF003.
import * as os from 'node:os';
import type { TranscriptRange } from '../engine';
import { transcriptCacheDir } from './cacheDir';
import { GitHistory } from './history';
import { type IndexReport, updateIndex } from './indexer';
import { TranscriptIndex } from './lookup';
import { findMatches, type MatchRegion } from './match';
import { READERS } from './readers';
import type { LocateContext } from './record';

/** Transcript messages older than this are left out of the index (the tools themselves keep 30 days by default). */
export const DEFAULT_RETENTION_DAYS = 365;

export interface TranscriptSettings {
  readonly env: NodeJS.ProcessEnv;
  readonly repoRoot: string;
  /** Source ids not to read (`--no-source`). */
  readonly disabled: ReadonlySet<string>;
  readonly retentionDays: number;
}

export function locateContext(env: NodeJS.ProcessEnv, repoRoot?: string): LocateContext {
  const home = (process.platform === 'win32' ? env.USERPROFILE : env.HOME) || os.homedir();
  return { home, env, platform: process.platform, repoRoot };
}

export interface TranscriptEvidenceSource {
  readonly report: IndexReport;
  readonly index: TranscriptIndex;
  /** Matches in a file's text, minus what git history had before the session. */
  regionsFor(file: string, text: string): MatchRegion[];
  rangesFor(file: string, text: string): TranscriptRange[];
}

export function openTranscripts(settings: TranscriptSettings): TranscriptEvidenceSource {
  const locate = locateContext(settings.env, settings.repoRoot);
  const report = updateIndex({
    dir: transcriptCacheDir(locate),
    readers: READERS.filter((r) => !settings.disabled.has(r.id)),
    locate,
    retentionDays: settings.retentionDays,
  });
  const index = new TranscriptIndex(report.entries);
  const history = new GitHistory(settings.repoRoot);
  const regionsFor = (file: string, text: string) =>
    findMatches(text, index, { keep: (r) => !history.predates(file, r) });
  return {
    report,
    index,
    regionsFor,
    rangesFor: (file, text) => regionsFor(file, text).map(toTranscriptRange),
  };
}

/** A matched region as the engine's transcript evidence. */
export function toTranscriptRange(r: MatchRegion): TranscriptRange {
  return {
    startLine: r.startLine,
    endLine: r.endLine,
    evidence: {
      kind: 'transcript',
      tool: r.record.tool,
      model: r.record.model,
      session: r.record.session,
      at: r.record.at,
      store: r.record.store,
      storeLine: r.record.line,
      storeKey: r.record.key,
    },
  };
}
