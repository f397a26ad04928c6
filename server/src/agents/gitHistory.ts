// Git history as AI evidence, shared by `ai-fence audit` and `ai-fence export`:
// commits with their touched files, git-ai notes, and blame to carry noted
// lines forward to HEAD or the working tree.
import { execFileSync } from 'node:child_process';
import { getOrCreate } from '../engine/getOrCreate';
import { type AuthorshipLog, noteEntryAt, parseAuthorshipLog } from './aiAttribution';

export class GitError extends Error {}

export function git(root: string, args: string[], input?: string): string {
  try {
    // core.fsmonitor would run a command the repository's own config names.
    return execFileSync('git', ['-c', 'core.quotePath=false', '-c', 'core.fsmonitor=false', ...args], {
      cwd: root,
      encoding: 'utf8',
      maxBuffer: 1 << 30,
      input,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
  } catch (e) {
    const err = e as { stderr?: string; message: string };
    throw new GitError((err.stderr || err.message).trim());
  }
}

export interface CommitRecord {
  readonly sha: string;
  readonly authorName: string;
  readonly authorEmail: string;
  readonly committerName: string;
  readonly date: string;
  readonly subject: string;
  readonly message: string;
  /** Paths touched (relative to the root), as of that commit. */
  readonly files: readonly string[];
}

/** Commits reachable from HEAD (after `since`, when given), newest first. */
export function listCommits(root: string, since: string | undefined): CommitRecord[] {
  const range = since ? [`${since}..HEAD`] : ['HEAD'];
  const out = git(root, [
    'log',
    '--no-renames',
    '--format=%x1e%H%x1f%an%x1f%ae%x1f%cn%x1f%aI%x1f%B%x1f',
    '--name-only',
    ...range,
    '--',
  ]);
  const commits: CommitRecord[] = [];
  for (const chunk of out.split('\x1e')) {
    if (!chunk.trim()) continue;
    const [sha, authorName, authorEmail, committerName, date, message, names] = chunk.split('\x1f');
    commits.push({
      sha: sha.trim(),
      authorName,
      authorEmail,
      committerName,
      date,
      message,
      subject: message.split('\n')[0] ?? '',
      files: (names ?? '')
        .split('\n')
        .map((s) => s.trim())
        .filter(Boolean),
    });
  }
  return commits;
}

/** The commits in `since..HEAD`, or undefined for all history. */
export function commitSet(root: string, since: string | undefined): Set<string> | undefined {
  if (!since) return undefined;
  return new Set(
    git(root, ['rev-list', `${since}..HEAD`])
      .split('\n')
      .filter(Boolean),
  );
}

/** git-ai authorship logs by commit sha (empty when there is no refs/notes/ai). */
export function readAiNotes(root: string, commits: Set<string> | undefined): Map<string, AuthorshipLog> {
  let list: string;
  try {
    list = git(root, ['notes', '--ref=refs/notes/ai', 'list']);
  } catch {
    return new Map();
  }
  const pairs = list
    .split('\n')
    .map((l) => l.trim().split(/\s+/))
    .filter((p) => p.length === 2 && (!commits || commits.has(p[1])));
  if (!pairs.length) return new Map();
  const blobs = readBlobs(
    root,
    pairs.map((p) => p[0]),
  );
  const notes = new Map<string, AuthorshipLog>();
  for (const [blob, commit] of pairs) {
    const text = blobs.get(blob);
    if (text !== undefined) notes.set(commit, parseAuthorshipLog(text));
  }
  return notes;
}

function readBlobs(root: string, shas: string[]): Map<string, string> {
  const out = execFileSync('git', ['cat-file', '--batch'], {
    cwd: root,
    input: `${shas.join('\n')}\n`,
    maxBuffer: 1 << 30,
  });
  const map = new Map<string, string>();
  let pos = 0;
  while (pos < out.length) {
    const nl = out.indexOf(0x0a, pos);
    if (nl < 0) break;
    const header = out.subarray(pos, nl).toString('utf8').split(' ');
    pos = nl + 1;
    if (header[1] === 'missing' || header.length < 3) continue;
    const size = Number(header[2]);
    map.set(header[0], out.subarray(pos, pos + size).toString('utf8'));
    pos += size + 1;
  }
  return map;
}

/** Files at HEAD (relative paths). */
export function headFiles(root: string): string[] {
  try {
    return git(root, ['ls-tree', '-r', '--name-only', 'HEAD']).split('\n').filter(Boolean);
  } catch {
    return [];
  }
}

export interface BlameLine {
  readonly sha: string;
  /** 1-based line in the commit's version of the file. */
  readonly origLine: number;
  readonly origFile: string;
  /** 1-based line at HEAD. */
  readonly finalLine: number;
}

/** `git blame --line-porcelain REV -- file`; without REV, the working tree's file. */
export function blame(root: string, file: string, rev: string | undefined): BlameLine[] {
  const out = git(root, ['blame', '--line-porcelain', ...(rev ? [rev] : []), '--', file]);
  const lines: BlameLine[] = [];
  let cur: { sha: string; orig: number; final: number; file?: string } | undefined;
  for (const line of out.split('\n')) {
    const head = /^([0-9a-f]{40,64}) (\d+) (\d+)/.exec(line);
    if (head && !cur) {
      cur = { sha: head[1], orig: Number(head[2]), final: Number(head[3]) };
      continue;
    }
    if (!cur) continue;
    if (line.startsWith('filename ')) cur.file = line.slice('filename '.length);
    else if (line.startsWith('\t')) {
      lines.push({ sha: cur.sha, origLine: cur.orig, finalLine: cur.final, origFile: cur.file ?? file });
      cur = undefined;
    }
  }
  return lines;
}

export interface NoteSession {
  readonly commit: string;
  /** Normalised tool id ('other' when the note names none). */
  readonly tool: string;
  readonly model: string | undefined;
  /** 1-based lines in the blamed version, ascending. */
  readonly lines: number[];
}

/** Blamed lines that git-ai notes attribute to AI, grouped by (commit, session) so each names its agent. */
export function noteSessions(lines: readonly BlameLine[], notes: ReadonlyMap<string, AuthorshipLog>): NoteSession[] {
  const byKey = new Map<string, NoteSession>();
  for (const l of lines) {
    const log = notes.get(l.sha);
    if (!log) continue;
    const entry = noteEntryAt(log, l.origFile, l.origLine);
    if (!entry) continue;
    const prompt =
      log.prompts[entry.hash] ?? log.prompts[Object.keys(log.prompts).find((k) => k.startsWith(entry.hash)) ?? ''];
    const session = getOrCreate(byKey, `${l.sha}:${entry.hash}`, () => ({
      commit: l.sha,
      tool: normalizeNoteTool(prompt?.tool ?? 'other'),
      model: prompt?.model,
      lines: [],
    }));
    session.lines.push(l.finalLine);
  }
  return [...byKey.values()];
}

function normalizeNoteTool(tool: string): string {
  const t = tool.toLowerCase();
  if (t === 'claude' || t === 'claude-code' || t === 'claude_code') return 'claude-code';
  if (t.includes('copilot')) return 'copilot';
  if (t.includes('cursor')) return 'cursor';
  if (t.includes('codex')) return 'codex';
  if (t.includes('gemini')) return 'gemini';
  return t.replace(/[^a-z0-9._-]/g, '-') || 'other';
}

/** Line numbers as ascending runs of consecutive lines. */
export function lineRuns(lines: readonly number[]): { start: number; end: number }[] {
  const sorted = [...new Set(lines)].sort((a, b) => a - b);
  const out: { start: number; end: number }[] = [];
  for (const n of sorted) {
    const last = out[out.length - 1];
    if (last && last.end + 1 === n) last.end = n;
    else out.push({ start: n, end: n });
  }
  return out;
}
