// Git history as evidence for the export: lines of the working tree that
// `git blame` traces to a commit with an AI trailer or author, and lines that
// a git-ai note (refs/notes/ai) attributes to an AI session.
import { type Attribution, type AuthorshipLog, commitAttributions } from '../agents/aiAttribution';
import { type BlameLine, blame, git, lineRuns, listCommits, noteSessions, readAiNotes } from '../agents/gitHistory';
import { getOrCreate } from '../engine';
import type { Attributed, EvidenceSource } from './evidence';
import type { EvidenceKind } from './manifestSchema';

/** HEAD of the repository at `root`, or null when it has no commit (or git is missing). */
export function headCommit(root: string): string | null {
  try {
    return git(root, ['rev-parse', '--verify', '--quiet', 'HEAD']).trim() || null;
  } catch {
    return null;
  }
}

/** The git evidence of one repository; blames only files that an attributed commit or a note names. */
export function gitEvidence(root: string, kinds: ReadonlySet<EvidenceKind>): EvidenceSource {
  const wanted: EvidenceKind[] = (['git-ai-note', 'commit-trailer'] as const).filter((k) => kinds.has(k));
  const attributed = new Map<string, Attribution[]>();
  const candidates = new Set<string>();
  let notes: Map<string, AuthorshipLog> = new Map();
  if (wanted.length && headCommit(root)) {
    if (kinds.has('commit-trailer')) {
      for (const c of listCommits(root, undefined)) {
        const a = commitAttributions(c);
        if (!a.length) continue;
        attributed.set(c.sha, a);
        for (const f of c.files) candidates.add(f);
      }
    }
    if (kinds.has('git-ai-note')) {
      notes = readAiNotes(root, undefined);
      for (const log of notes.values()) for (const f of log.files.keys()) candidates.add(f);
    }
  }
  return {
    kinds: wanted,
    rangesFor(file) {
      if (!candidates.has(file.path)) return [];
      let lines: BlameLine[];
      try {
        lines = blame(root, file.path, undefined);
      } catch {
        return []; // untracked, or not in any commit
      }
      return [...noteRanges(lines, notes), ...trailerRanges(lines, attributed)];
    },
  };
}

function noteRanges(lines: readonly BlameLine[], notes: ReadonlyMap<string, AuthorshipLog>): Attributed[] {
  return noteSessions(lines, notes).flatMap((s) =>
    lineRuns(s.lines).map((r) => ({
      startLine: r.start,
      endLine: r.end,
      evidence: 'git-ai-note' as const,
      tool: s.tool,
      model: s.model ?? null,
      detail: `git-ai note on ${s.commit}`,
    })),
  );
}

function trailerRanges(lines: readonly BlameLine[], attributed: ReadonlyMap<string, Attribution[]>): Attributed[] {
  const byCommit = new Map<string, number[]>();
  for (const l of lines) {
    if (attributed.has(l.sha)) getOrCreate(byCommit, l.sha, () => []).push(l.finalLine);
  }
  return [...byCommit].flatMap(([sha, commitLines]) =>
    attributed.get(sha)!.flatMap((a) =>
      lineRuns(commitLines).map((r) => ({
        startLine: r.start,
        endLine: r.end,
        evidence: 'commit-trailer' as const,
        tool: a.tool,
        model: null,
        detail: `commit ${sha}: ${a.evidence}`,
      })),
    ),
  );
}
