// Checking files through the check cache, shared by `check` (its main thread
// and its workers) and the editor's workspace scan. A file goes through
// three steps: `probe` (stat and look up; no read on a hit), `checkWork`
// (read, hash, and analyse unless the hash proves the content unchanged) and
// `settle` (record the result). The stat is taken before the read, so a file
// that changes while it is checked shows as changed next time. With a Watchman
// journal (watchmanJournal.ts), what it proves unchanged needs no stat at all.
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import { type CheckCache, CLEAN, type FileOutcome, type FileStamp } from '../cache/checkCache';
import type { FileAnalysis } from '../provenance/analyze';
import type { DecodedText } from './textFile';
import { type DirEntry, readDirEntries } from './walker';
import type { JournalChanges } from './watchmanJournal';
import type { Workspace } from './workspace';

/** A file the cache could not answer for: what `checkWork` needs and what `settle` records. */
export interface PendingCheck {
  readonly file: string;
  readonly stamp?: FileStamp;
  readonly context?: string;
  /** Content hash of a cached entry whose stat changed; its outcome stands when the content hash still equals it. */
  readonly knownHash?: string;
  readonly knownOutcome?: FileOutcome;
}

export interface WorkResult {
  /** Absent when the content hash equalled `knownHash`. */
  readonly outcome?: FileOutcome;
  readonly hash?: string;
  readonly analysis?: FileAnalysis;
  readonly decoded?: DecodedText;
}

export type Probe =
  | { readonly kind: 'hit'; readonly outcome: FileOutcome }
  | ({ readonly kind: 'work' } & PendingCheck);

/** Looks `file` up; without a cache (or a context to key it by), every file is work. */
export function probe(
  workspace: Workspace,
  cache: CheckCache | undefined,
  file: string,
  maxFileBytes: number,
  journal?: JournalChanges,
): Probe {
  if (!cache) return { kind: 'work', file };
  const context = workspace.cacheContext(file, maxFileBytes);
  const unchanged = context !== undefined && journal?.unchanged(file) && cache.unchangedLookup(file, context);
  if (unchanged) return { kind: 'hit', outcome: unchanged };
  let stamp: FileStamp | undefined;
  try {
    stamp = stampOf(fs.statSync(file));
  } catch {
    // The read will say why.
  }
  if (context === undefined || stamp === undefined) return { kind: 'work', file };
  const found = cache.lookup(file, stamp, context);
  if (found.kind === 'hit') return found;
  if (found.kind === 'verify')
    return { kind: 'work', file, stamp, context, knownHash: found.hash, knownOutcome: found.outcome };
  return { kind: 'work', file, stamp, context };
}

/** Reads and checks one file; hashes it when the result will be cached. */
export function checkWork(workspace: Workspace, pending: PendingCheck, maxFileBytes: number): WorkResult {
  const r = workspace.readBytes(pending.file, maxFileBytes, true);
  if (r.kind === 'skip') return { outcome: { skip: r.reason, message: r.message } };
  const hash = pending.context === undefined ? undefined : contentHash(r.bytes);
  if (hash !== undefined && hash === pending.knownHash) return { hash };
  const checked = workspace.checkBytes(pending.file, r.bytes);
  if (checked.kind === 'skip') return { outcome: { skip: checked.reason, message: checked.message }, hash };
  const findings = checked.analysis?.findings;
  return { outcome: findings?.length ? { findings } : {}, hash, analysis: checked.analysis, decoded: checked.decoded };
}

/** Records a work result in the cache and gives the file's outcome. */
export function settle(cache: CheckCache | undefined, pending: PendingCheck, result: WorkResult, now: number) {
  const given = result.outcome ?? pending.knownOutcome;
  const outcome = given?.skip || given?.findings?.length ? given : CLEAN;
  if (cache && pending.stamp && pending.context !== undefined)
    cache.record(pending.file, { stamp: pending.stamp, hash: result.hash, context: pending.context, outcome, now });
  return outcome;
}

/**
 * A walker `readDir` that answers from the cache's listings while a
 * directory's stat is unchanged (one stat instead of a readdir; none when the
 * journal proves it unchanged), and records fresh listings. A
 * directory holding anything but files, directories and links is always read
 * afresh, so the walk can say what that is.
 */
export function cachedReadDir(cache: CheckCache, now: number, journal?: JournalChanges): (dir: string) => DirEntry[] {
  return (dir) => {
    const unchanged = journal?.unchanged(dir) && cache.listing(dir, 'unchanged');
    if (unchanged) return unchanged.map(fromListing);
    const stamp = stampOf(fs.lstatSync(dir));
    const known = cache.listing(dir, stamp);
    if (known) return known.map(fromListing);
    const entries = readDirEntries(dir);
    const kinds = entries.map(toListing);
    if (kinds.every((k) => k !== undefined)) cache.recordListing(dir, stamp, kinds, now);
    return entries;
  };
}

/** A directory entry from a cached listing: a name and a kind letter (one small object per entry; a walk makes 100k). */
class ListedEntry implements DirEntry {
  constructor(
    readonly name: string,
    private readonly kind: string,
  ) {}
  isFile(): boolean {
    return this.kind === 'f';
  }
  isDirectory(): boolean {
    return this.kind === 'd';
  }
  isSymbolicLink(): boolean {
    return this.kind === 'l';
  }
  isFIFO(): boolean {
    return false;
  }
  isSocket(): boolean {
    return false;
  }
  isCharacterDevice(): boolean {
    return false;
  }
  isBlockDevice(): boolean {
    return false;
  }
}

function toListing(e: DirEntry): string | undefined {
  const kind = e.isSymbolicLink() ? 'l' : e.isDirectory() ? 'd' : e.isFile() ? 'f' : undefined;
  return kind && `${kind}${e.name}`;
}

function fromListing(entry: string): DirEntry {
  return new ListedEntry(entry.slice(1), entry[0]);
}

function stampOf(st: fs.Stats): FileStamp {
  return { size: st.size, mtimeMs: st.mtimeMs, ctimeMs: st.ctimeMs, ino: st.ino };
}

export function contentHash(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}
