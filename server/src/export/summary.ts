// Per-repository summaries, computed from file records alone, so a merge of
// partial manifests gives the same summaries as one export of everything.
import { getOrCreate } from '../engine';
import { type FileRecord, MANIFEST_VERSION, type RepositoryRecord } from './manifestSchema';
import { countLines, mergeRanges } from './scrub';

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

export class Summaries {
  private readonly byRepository = new Map<string, Mutable<RepositoryRecord>>();

  add(f: FileRecord): void {
    const s = getOrCreate(
      this.byRepository,
      f.repository,
      (): Mutable<RepositoryRecord> => ({
        type: 'repository' as const,
        version: MANIFEST_VERSION,
        repository: f.repository,
        commit: f.commit,
        files: 0,
        skipped: 0,
        filesWithAi: 0,
        lines: 0,
        aiLines: 0,
        linesByEvidence: {},
        linesByTool: {},
      }),
    );
    s.files++;
    if (f.skipped) s.skipped++;
    if (f.ranges.length) s.filesWithAi++;
    s.lines += f.lines;
    s.aiLines += countLines(mergeRanges(f.ranges));
    const tally = (counts: Record<string, number>, key: (r: FileRecord['ranges'][number]) => string) => {
      const groups = new Map<string, FileRecord['ranges'][number][]>();
      for (const r of f.ranges) getOrCreate(groups, key(r), () => []).push(r);
      for (const [k, rs] of groups) counts[k] = (counts[k] ?? 0) + countLines(mergeRanges(rs));
    };
    tally(s.linesByEvidence, (r) => r.evidence);
    tally(s.linesByTool, (r) => r.tool ?? 'unknown');
    if (f.scrub) {
      s.scrub ??= { kept: 0, removed: 0, dropped: 0, removedLines: 0, removedBytes: 0 };
      s.scrub[f.scrub.action]++;
      for (const r of f.scrub.removed) {
        s.scrub.removedLines += r.endLine - r.startLine + 1;
        s.scrub.removedBytes += r.endByte - r.startByte;
      }
    }
  }

  /** One record per repository, by repository name, with sorted counts. */
  records(): RepositoryRecord[] {
    return [...this.byRepository.values()]
      .sort((a, b) => (a.repository < b.repository ? -1 : a.repository > b.repository ? 1 : 0))
      .map((s) => ({ ...s, linesByEvidence: sortKeys(s.linesByEvidence), linesByTool: sortKeys(s.linesByTool) }));
  }
}

function sortKeys(o: Record<string, number>): Record<string, number> {
  return Object.fromEntries(Object.entries(o).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}
