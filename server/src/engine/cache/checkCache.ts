// The check cache (`check --cache`, the editor's workspace scan): what checking
// a file gave, keyed by everything the result depends on. A file's entry is
// reused only when its context (the fingerprints of the policies that apply,
// its ledger ranges, the size limit; see Workspace.cacheContext) is the same
// and its content is: the same stat (size, mtime, ctime, inode), or else the
// same content hash. The whole cache belongs to one AI Fence version and one
// root (its identity). Pure: reading and writing the file is checkCacheFile.ts.
//
// A big tree has 100k entries, so the file is compact (one string per file
// and per directory, paths relative to the root, in flat arrays: JSON objects
// with 100k keys parse several times slower) and an entry is validated when
// it is looked up: a malformed one is never trusted, only counted.
import { isObject } from '../io/json';
import type { JournalMark } from '../io/watchmanJournal';
import type { SkipReason } from '../io/workspace';
import { FINDING_CODES, type Finding } from '../provenance/findings';

export const CACHE_FORMAT = 'ai-fence-check-cache';
const FORMAT_VERSION = 3;
/**
 * A file changed this recently may change again within the file system's
 * timestamp resolution without its stat changing (git's "racy" files): its
 * entry is then trusted only after comparing the content hash.
 */
export const RACY_MS = 2000;

/** What checking one file gave: a skip, findings, or neither (clean). */
export interface FileOutcome {
  readonly skip?: SkipReason;
  /** Why the file was skipped. */
  readonly message?: string;
  readonly findings?: readonly Finding[];
}

export interface FileStamp {
  readonly size: number;
  readonly mtimeMs: number;
  readonly ctimeMs: number;
  readonly ino: number;
}

export type Lookup =
  | { readonly kind: 'hit'; readonly outcome: FileOutcome }
  /** The stat differs but the content may not: reuse `outcome` when the content hash equals `hash`. */
  | { readonly kind: 'verify'; readonly hash: string; readonly outcome: FileOutcome }
  | { readonly kind: 'miss' };

const SKIPS: readonly SkipReason[] = ['binary', 'oversized', 'unreadable', 'vanished'];
/** Skips that say something about the file's content or size; the others are passing states. */
const CACHEABLE_SKIPS: ReadonlySet<SkipReason> = new Set(['binary', 'oversized']);
/** The outcome of every clean file: one object, not one per file of a 100k-file check. */
export const CLEAN: FileOutcome = Object.freeze({});
/** Keys and values per chunk of the serialized cache. */
const CHUNK_ELEMENTS = 4096;

/**
 * On disk, each map is a flat array of keys and values (`[path, value, …]`).
 * `entries[path]` is `stamp|hash|context`, with an empty stamp for a
 * racy file and an empty hash for content never read (an oversized file);
 * `outcomes[path]` is there for files that were not clean; `dirs[dir]` is
 * `stamp|listing`, the listing being the entries joined by `/`, each a kind
 * letter (`f` file, `d` directory, `l` symbolic link) and its name.
 * A listing is reused while the directory's stat is the same: adding,
 * removing or renaming an entry changes its mtime and ctime.
 */
interface Stored {
  readonly contexts: string[];
  readonly entries: Map<string, unknown>;
  readonly outcomes: Map<string, unknown>;
  readonly dirs: Map<string, unknown>;
}

export class CheckCache {
  /** Whether anything was recorded or dropped since the cache was read. */
  changed = false;
  /** Entries that were malformed when looked up (never trusted). */
  malformed = 0;
  private mark?: JournalMark;
  private readonly contextIndex = new Map<string, number>();
  /**
   * Keys looked up or recorded since the last `retain`: they are kept without
   * asking. None while everything in the cache was recorded since it was
   * empty (a run filling it): a set of every key costs a 100k-file fill 10 MB.
   */
  private used: Set<string> | undefined;

  private constructor(
    private readonly version: string,
    readonly root: string,
    private readonly stored: Stored,
  ) {
    for (const [i, c] of stored.contexts.entries()) this.contextIndex.set(c, i);
    if (stored.entries.size || stored.dirs.size) this.used = new Set();
  }

  static empty(version: string, root: string): CheckCache {
    return new CheckCache(version, root, { contexts: [], entries: new Map(), outcomes: new Map(), dirs: new Map() });
  }

  /** The cache in `text`; a corrupt or foreign one gives an empty cache and the reason. */
  static parse(text: string, version: string, root: string): { cache: CheckCache; problem?: string } {
    const empty = { cache: CheckCache.empty(version, root) };
    let data: unknown;
    try {
      data = JSON.parse(text);
    } catch {
      return { ...empty, problem: 'not valid JSON' };
    }
    if (!isObject(data) || data.format !== CACHE_FORMAT) return { ...empty, problem: 'not an AI Fence check cache' };
    if (data.version !== FORMAT_VERSION || data.aifence !== version || data.root !== root)
      return { ...empty, problem: 'written by another AI Fence version or for another root' };
    const { contexts, entries, outcomes, dirs } = data;
    const maps = [entries, outcomes, dirs].map(fromFlat);
    if (!Array.isArray(contexts) || !contexts.every((c) => typeof c === 'string') || maps.some((m) => !m))
      return { ...empty, problem: 'malformed' };
    const [entryMap, outcomeMap, dirMap] = maps as Map<string, unknown>[];
    const stored = { contexts: contexts as string[], entries: entryMap, outcomes: outcomeMap, dirs: dirMap };
    const cache = new CheckCache(version, root, stored);
    const { journal } = data;
    if (isObject(journal) && typeof journal.watch === 'string' && typeof journal.clock === 'string')
      cache.mark = { watch: journal.watch, clock: journal.clock };
    return { cache };
  }

  /** The Watchman clock every entry was read after (see watchmanJournal.ts), if any. */
  get journal(): JournalMark | undefined {
    return this.mark;
  }

  /** A newer clock of the same watch alone is not worth rewriting the file: the stored one stays sound, only older. */
  set journal(mark: JournalMark | undefined) {
    if (mark?.watch === this.mark?.watch && mark?.clock === this.mark?.clock) return;
    if (!mark || !this.mark || mark.watch !== this.mark.watch) this.changed = true;
    this.mark = mark;
  }

  lookup(file: string, stamp: FileStamp, context: string): Lookup {
    const key = this.key(file);
    const raw = this.stored.entries.get(key);
    if (raw === undefined) return { kind: 'miss' };
    this.used?.add(key);
    const entry = this.decodeEntry(raw, this.stored.outcomes.get(key));
    if (!entry) {
      this.malformed++;
      return { kind: 'miss' };
    }
    if (entry.context !== context) return { kind: 'miss' };
    if (entry.stamp === encodeStamp(stamp)) return { kind: 'hit', outcome: entry.outcome };
    return entry.hash ? { kind: 'verify', hash: entry.hash, outcome: entry.outcome } : { kind: 'miss' };
  }

  /**
   * The outcome of `file`, which the journal proves unchanged since its entry
   * was recorded, without its stat; undefined for a racy entry (its content
   * may have changed under the same stat before it was recorded) or another context.
   */
  unchangedLookup(file: string, context: string): FileOutcome | undefined {
    const key = this.key(file);
    const raw = this.stored.entries.get(key);
    if (raw === undefined) return undefined;
    this.used?.add(key);
    // Only what this answer rests on is decoded (a restart makes 100k of these): a stamp, the context, the outcome.
    const first = typeof raw === 'string' ? raw.indexOf('|') : -1;
    const second = first < 0 ? -1 : (raw as string).indexOf('|', first + 1);
    const outcome = this.stored.outcomes.get(key);
    if (second < 0 || (outcome !== undefined && !isFileOutcome(outcome))) {
      this.malformed++;
      return undefined;
    }
    const racy = first === 0;
    if (racy || this.stored.contexts[Number((raw as string).slice(second + 1))] !== context) return undefined;
    return (outcome as FileOutcome | undefined) ?? CLEAN;
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
    const key = this.key(file);
    this.changed = true;
    this.used?.add(key);
    if (outcome.skip && !CACHEABLE_SKIPS.has(outcome.skip)) {
      this.drop(key);
      return;
    }
    let index = this.contextIndex.get(context);
    if (index === undefined) {
      index = this.stored.contexts.push(context) - 1;
      this.contextIndex.set(context, index);
    }
    this.stored.entries.set(key, [isRacy(stamp, now) ? '' : encodeStamp(stamp), hash ?? '', index].join('|'));
    if (outcome.skip || outcome.findings?.length) this.stored.outcomes.set(key, outcome);
    else this.stored.outcomes.delete(key);
  }

  /** The entries of `dir` as last listed, when its stat is still `stamp` (or the journal says it is unchanged). */
  listing(dir: string, stamp: FileStamp | 'unchanged'): string[] | undefined {
    const key = this.key(dir);
    const raw = this.stored.dirs.get(key);
    if (typeof raw !== 'string') return undefined;
    this.used?.add(key);
    const bar = raw.indexOf('|');
    // 'unchanged': the journal proves the directory unchanged since it was listed.
    if (stamp !== 'unchanged' && raw.slice(0, bar) !== encodeStamp(stamp)) return undefined;
    if (raw.length === bar + 1) return [];
    if (!isListing(raw, bar + 1)) {
      this.malformed++;
      return undefined;
    }
    return raw.slice(bar + 1).split('/');
  }

  /** Remembers a listing of `dir`, taken after `stamp`; a racy one is not kept. */
  recordListing(dir: string, stamp: FileStamp, entries: readonly string[], now: number): void {
    const key = this.key(dir);
    this.used?.add(key);
    if (isRacy(stamp, now)) this.stored.dirs.delete(key);
    else this.stored.dirs.set(key, [encodeStamp(stamp), entries.join('/')].join('|'));
    this.changed = true;
  }

  /**
   * Drops what is gone: keeps the files and directories looked up or recorded
   * since the last call, and of the others those that pass `keep` (asked only
   * for those: a path string per entry of a 100k-file cache is costly).
   */
  retain(keep: (path: string) => boolean): void {
    const used = this.used;
    this.used = new Set();
    if (!used) return;
    const kept = (key: string) => used.has(key) || keep(this.path(key));
    for (const key of this.stored.entries.keys()) if (!kept(key)) this.drop(key);
    for (const key of this.stored.dirs.keys())
      if (!kept(key)) {
        this.stored.dirs.delete(key);
        this.changed = true;
      }
  }

  /**
   * The cache file's text, in chunks: a 100k-file cache is 40 MB of JSON,
   * which as one string (and one buffer to write it) would raise the peak
   * memory of the run that fills it by twice that.
   */
  *serialize(): Generator<string> {
    const { contexts, entries, outcomes, dirs } = this.stored;
    const journal = this.mark;
    const data = {
      format: CACHE_FORMAT,
      version: FORMAT_VERSION,
      aifence: this.version,
      root: this.root,
      journal,
      contexts,
    };
    yield JSON.stringify(data).slice(0, -1);
    for (const [name, map] of [
      ['entries', entries],
      ['outcomes', outcomes],
      ['dirs', dirs],
    ] as const) {
      yield `,${JSON.stringify(name)}:[`;
      yield* flatChunks(map);
      yield ']';
    }
    yield '}\n';
  }

  /** Forgets a file's entry (its result is not to be reused). */
  forget(file: string): void {
    this.drop(this.key(file));
  }

  private drop(key: string): void {
    if (this.stored.entries.delete(key)) this.changed = true;
    this.stored.outcomes.delete(key);
  }

  /** Paths inside the root are stored relative to it (they never start with '/'). */
  private key(file: string): string {
    return file.startsWith(`${this.root}/`) ? file.slice(this.root.length + 1) : file;
  }

  private path(key: string): string {
    return key.startsWith('/') || /^[A-Za-z]:/.test(key) ? key : `${this.root}/${key}`;
  }

  private decodeEntry(raw: unknown, outcome: unknown) {
    if (typeof raw !== 'string') return undefined;
    const [stamp, hash, index, ...rest] = raw.split('|');
    const context = this.stored.contexts[Number(index)];
    if (rest.length || context === undefined || !/^\d+$/.test(index)) return undefined;
    if (stamp !== '' && !/^[\d.]+,[\d.]+,[\d.]+,\d+$/.test(stamp)) return undefined;
    if (hash !== '' && !/^[0-9a-f]{64}$/.test(hash)) return undefined;
    if (outcome !== undefined && !isFileOutcome(outcome)) return undefined;
    return { stamp: stamp || undefined, hash: hash || undefined, context, outcome: outcome ?? CLEAN };
  }
}

/**
 * Whether `text` from `start` is a listing: entries joined by '/', each a kind
 * letter (`f`, `d`, `l`) and a name of at least one character. One pass over
 * the characters: a restart checks 200k listings.
 */
function isListing(text: string, start: number): boolean {
  let kindNext = true;
  let nameLength = 0;
  for (let i = start; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (kindNext) {
      if (c !== 102 && c !== 100 && c !== 108) return false;
      kindNext = false;
      nameLength = 0;
    } else if (c === 47) {
      if (nameLength === 0) return false;
      kindNext = true;
    } else nameLength++;
  }
  return !kindNext && nameLength > 0;
}

/** `[key, value, …]` as a map; undefined when it is not such an array with string keys. */
function fromFlat(flat: unknown): Map<string, unknown> | undefined {
  if (!Array.isArray(flat) || flat.length % 2) return undefined;
  const map = new Map<string, unknown>();
  for (let i = 0; i < flat.length; i += 2) {
    if (typeof flat[i] !== 'string') return undefined;
    map.set(flat[i], flat[i + 1]);
  }
  return map;
}

/** The elements of `map` as a flat JSON array (`key, value, …`, without the brackets), a few thousand at a time. */
function* flatChunks(map: ReadonlyMap<string, unknown>): Generator<string> {
  let batch: unknown[] = [];
  let separator = '';
  for (const [key, value] of map) {
    batch.push(key, value);
    if (batch.length < CHUNK_ELEMENTS) continue;
    yield separator + JSON.stringify(batch).slice(1, -1);
    separator = ',';
    batch = [];
  }
  if (batch.length) yield separator + JSON.stringify(batch).slice(1, -1);
}

/**
 * Stored strings are built with join, not template literals: a template makes
 * a rope of a dozen small strings, which a filled 100k-file cache keeps alive
 * (about 300 bytes more per entry than the flat string join makes).
 */
function encodeStamp(s: FileStamp): string {
  return [s.size, s.mtimeMs, s.ctimeMs, s.ino].join(',');
}

function isRacy(stamp: FileStamp, now: number): boolean {
  return stamp.mtimeMs >= now - RACY_MS || stamp.ctimeMs >= now - RACY_MS;
}

export function isFileOutcome(v: unknown): v is FileOutcome {
  if (!isObject(v)) return false;
  if (v.skip !== undefined && !SKIPS.includes(v.skip as SkipReason)) return false;
  if (v.message !== undefined && typeof v.message !== 'string') return false;
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
