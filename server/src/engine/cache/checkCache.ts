// The check cache (`check --cache`, the editor's workspace scan): what checking
// a file gave, keyed by everything the result depends on. A file's entry is
// reused only when its context (the fingerprints of the policies that apply,
// its ledger ranges, the size limit; see Workspace.cacheContext) is the same
// and its content is: the same stat (size, mtime, ctime, inode), or else the
// same content hash. The whole cache belongs to one AI Fence version and one
// root (its identity). Pure: reading and writing the file is checkCacheFile.ts.
import { isObject } from '../io/json';
import type { SkipReason } from '../io/workspace';
import { FINDING_CODES, type Finding } from '../provenance/findings';

export const CACHE_FORMAT = 'ai-fence-check-cache';
const FORMAT_VERSION = 1;
/**
 * A file changed this recently may change again within the file system's
 * timestamp resolution without its stat changing (git's "racy" files): its
 * entry is then trusted only after comparing the content hash.
 */
export const RACY_MS = 2000;

/** What checking one file gave: a skip, findings, or neither (clean). */
export interface FileOutcome {
  readonly skip?: SkipReason;
  readonly findings?: readonly Finding[];
}

export interface FileStamp {
  readonly size: number;
  readonly mtimeMs: number;
  readonly ctimeMs: number;
  readonly ino: number;
}

interface Entry {
  /** Absent when the file was racy when recorded: only its hash proves it unchanged. */
  readonly stamp: FileStamp | undefined;
  /** sha256 of the bytes; absent when they were never read (an oversized file). */
  readonly hash: string | undefined;
  readonly context: string;
  readonly outcome: FileOutcome;
}

export type Lookup =
  | { readonly kind: 'hit'; readonly outcome: FileOutcome }
  /** The stat differs but the content may not: reuse `outcome` when the content hash equals `hash`. */
  | { readonly kind: 'verify'; readonly hash: string; readonly outcome: FileOutcome }
  | { readonly kind: 'miss' };

const SKIPS: readonly SkipReason[] = ['binary', 'oversized', 'unreadable', 'vanished'];
/** Skips that say something about the file's content or size; the others are passing states. */
const CACHEABLE_SKIPS: ReadonlySet<SkipReason> = new Set(['binary', 'oversized']);

/**
 * A directory's entries as last listed, each a kind letter and the name
 * (`f` file, `d` directory, `l` symbolic link, `o` other). Reused while the
 * directory's stat is the same: adding, removing or renaming an entry
 * changes its mtime and ctime.
 */
interface Listing {
  readonly stamp: FileStamp;
  readonly entries: readonly string[];
}

export class CheckCache {
  private constructor(
    /** The AI Fence version and root the entries belong to. */
    readonly identity: string,
    private readonly entries: Map<string, Entry>,
    private readonly listings: Map<string, Listing>,
  ) {}

  /** Whether anything was recorded or dropped since the cache was read. */
  changed = false;

  static empty(identity: string): CheckCache {
    return new CheckCache(identity, new Map(), new Map());
  }

  /** The cache in `text`; a corrupt or foreign one gives an empty cache and the reason. */
  static parse(text: string, identity: string): { cache: CheckCache; problem?: string } {
    const empty = { cache: CheckCache.empty(identity) };
    let data: unknown;
    try {
      data = JSON.parse(text);
    } catch {
      return { ...empty, problem: 'not valid JSON' };
    }
    if (!isObject(data) || data.format !== CACHE_FORMAT) return { ...empty, problem: 'not an AI Fence check cache' };
    if (data.version !== FORMAT_VERSION || data.identity !== identity)
      return { ...empty, problem: 'written by another AI Fence version or for another root' };
    const { contexts, entries, dirs } = data;
    if (
      !Array.isArray(contexts) ||
      !contexts.every((c) => typeof c === 'string') ||
      !isObject(entries) ||
      !isObject(dirs)
    )
      return { ...empty, problem: 'malformed' };
    const parsed = new Map<string, Entry>();
    for (const [file, raw] of Object.entries(entries)) {
      const entry = parseEntry(raw, contexts as string[]);
      if (!entry) return { ...empty, problem: `malformed entry for ${file}` };
      parsed.set(file, entry);
    }
    const listings = new Map<string, Listing>();
    for (const [dir, raw] of Object.entries(dirs)) {
      const listing = parseListing(raw);
      if (!listing) return { ...empty, problem: `malformed listing of ${dir}` };
      listings.set(dir, listing);
    }
    return { cache: new CheckCache(identity, parsed, listings) };
  }

  get size(): number {
    return this.entries.size;
  }

  lookup(file: string, stamp: FileStamp, context: string): Lookup {
    const entry = this.entries.get(file);
    if (!entry || entry.context !== context) return { kind: 'miss' };
    if (entry.stamp && sameStamp(entry.stamp, stamp)) return { kind: 'hit', outcome: entry.outcome };
    return entry.hash ? { kind: 'verify', hash: entry.hash, outcome: entry.outcome } : { kind: 'miss' };
  }

  /**
   * Remembers what checking `file` gave. `stamp` must be taken before the file
   * was read, so a change during the check shows as a different stamp next time.
   */
  record(
    file: string,
    result: { stamp: FileStamp; hash?: string; context: string; outcome: FileOutcome; now: number },
  ) {
    const { stamp, hash, context, outcome, now } = result;
    if (outcome.skip && !CACHEABLE_SKIPS.has(outcome.skip)) {
      this.entries.delete(file);
      return;
    }
    this.entries.set(file, { stamp: isRacy(stamp, now) ? undefined : stamp, hash, context, outcome });
    this.changed = true;
  }

  /** The entries of `dir` as last listed, when its stat is still `stamp`. */
  listing(dir: string, stamp: FileStamp): readonly string[] | undefined {
    const found = this.listings.get(dir);
    return found && sameStamp(found.stamp, stamp) ? found.entries : undefined;
  }

  /** Remembers a listing of `dir`, taken after `stamp`; a racy one is not kept. */
  recordListing(dir: string, stamp: FileStamp, entries: readonly string[], now: number): void {
    if (isRacy(stamp, now)) this.listings.delete(dir);
    else this.listings.set(dir, { stamp, entries });
    this.changed = true;
  }

  /** Keeps only the files and directories that pass `keep` (drops what is gone). */
  retain(keep: (path: string) => boolean): void {
    for (const map of [this.entries, this.listings])
      for (const key of map.keys())
        if (!keep(key)) {
          map.delete(key);
          this.changed = true;
        }
  }

  serialize(): string {
    const contexts: string[] = [];
    const index = new Map<string, number>();
    const entries: Record<string, unknown> = {};
    for (const [file, e] of this.entries) {
      let i = index.get(e.context);
      if (i === undefined) {
        i = contexts.push(e.context) - 1;
        index.set(e.context, i);
      }
      const stamp = e.stamp ? [e.stamp.size, e.stamp.mtimeMs, e.stamp.ctimeMs, e.stamp.ino] : null;
      entries[file] = [stamp, e.hash ?? null, i, e.outcome];
    }
    const dirs: Record<string, unknown> = {};
    for (const [dir, l] of this.listings)
      dirs[dir] = [[l.stamp.size, l.stamp.mtimeMs, l.stamp.ctimeMs, l.stamp.ino], l.entries];
    const data = { format: CACHE_FORMAT, version: FORMAT_VERSION, identity: this.identity, contexts, entries, dirs };
    return `${JSON.stringify(data)}\n`;
  }
}

/** The identity of a cache: entries of another version or root never apply. */
export function cacheIdentity(version: string, root: string): string {
  return JSON.stringify([version, root]);
}

function isRacy(stamp: FileStamp, now: number): boolean {
  return stamp.mtimeMs >= now - RACY_MS || stamp.ctimeMs >= now - RACY_MS;
}

function sameStamp(a: FileStamp, b: FileStamp): boolean {
  return a.size === b.size && a.mtimeMs === b.mtimeMs && a.ctimeMs === b.ctimeMs && a.ino === b.ino;
}

const isStamp = (v: unknown): v is [number, number, number, number] =>
  Array.isArray(v) && v.length === 4 && v.every(Number.isFinite);

function parseListing(raw: unknown): Listing | undefined {
  if (!Array.isArray(raw) || raw.length !== 2) return undefined;
  const [stamp, entries] = raw as unknown[];
  if (!isStamp(stamp) || !Array.isArray(entries)) return undefined;
  if (!entries.every((e) => typeof e === 'string' && e.length > 1 && 'fdlo'.includes(e[0]) && !e.includes('/')))
    return undefined;
  return { stamp: { size: stamp[0], mtimeMs: stamp[1], ctimeMs: stamp[2], ino: stamp[3] }, entries };
}

function parseEntry(raw: unknown, contexts: readonly string[]): Entry | undefined {
  if (!Array.isArray(raw) || raw.length !== 4) return undefined;
  const [stamp, hash, context, outcome] = raw as unknown[];
  if (stamp !== null && !isStamp(stamp)) return undefined;
  if (hash !== null && (typeof hash !== 'string' || !/^[0-9a-f]{64}$/.test(hash))) return undefined;
  if (typeof context !== 'number' || contexts[context] === undefined || !isOutcome(outcome)) return undefined;
  return {
    stamp: stamp ? { size: stamp[0], mtimeMs: stamp[1], ctimeMs: stamp[2], ino: stamp[3] } : undefined,
    hash: hash ?? undefined,
    context: contexts[context],
    outcome,
  };
}

function isOutcome(v: unknown): v is FileOutcome {
  if (!isObject(v)) return false;
  if (v.skip !== undefined && !SKIPS.includes(v.skip as SkipReason)) return false;
  return v.findings === undefined || (Array.isArray(v.findings) && v.findings.every(isFinding));
}

function isFinding(v: unknown): v is Finding {
  return (
    isObject(v) &&
    typeof v.code === 'string' &&
    Object.hasOwn(FINDING_CODES, v.code) &&
    ['error', 'warning', 'information'].includes(v.severity as string) &&
    typeof v.message === 'string' &&
    [v.line, v.character, v.endLine, v.endCharacter].every((n) => Number.isInteger(n) && (n as number) >= 0)
  );
}
