// The index in memory for lookups: every produced fingerprint sorted by hash,
// so a lookup is a binary search. Fingerprints produced in many sessions are
// dropped as too common (generic code every session writes says nothing about
// where a given copy came from).
import type { StoreEntry } from './storeEntry';

/** A fingerprint is too common when more sessions than this produced it… */
export const COMMON_MIN_SESSIONS = 20;
/** …and they are more than this share of all sessions. */
export const COMMON_SESSION_SHARE = 0.05;
/** Produced in at least this many sessions (or this share), a fingerprint still extends a match but does not vouch for one. */
export const FREQUENT_MIN_SESSIONS = 3;
export const FREQUENT_SESSION_SHARE = 0.01;

export interface RecordInfo {
  readonly source: string;
  readonly tool: string;
  readonly store: string;
  readonly session: string;
  /** Index of the session across all stores. */
  readonly sessionId: number;
  readonly model?: string;
  readonly at?: string;
  readonly line?: number;
  readonly key?: string;
}

export class TranscriptIndex {
  readonly hashes: Uint32Array;
  /** Global record number of each hash, same order. */
  readonly refs: Uint32Array;
  /** 1 where the hash is produced in few sessions: evidence of its own. */
  readonly rare: Uint8Array;
  readonly sessionCount: number;
  readonly commonDropped: number;
  private readonly entries: readonly StoreEntry[];
  /** Global record number → [entry index, record index]. */
  private readonly recordBase: number[] = [];
  private readonly sessionBase: number[] = [];

  constructor(entries: readonly StoreEntry[]) {
    this.entries = entries;
    let records = 0;
    let sessions = 0;
    let postings = 0;
    for (const e of entries) {
      this.recordBase.push(records);
      this.sessionBase.push(sessions);
      records += e.meta.records.length;
      sessions += e.meta.sessions.length;
      postings += e.produced.length / 2;
    }
    this.sessionCount = sessions;
    // Global session of each global record, so grouping needs no record lookups.
    const sessionOf = new Uint32Array(records);
    const hashes = new Uint32Array(postings);
    const refs = new Uint32Array(postings);
    let o = 0;
    entries.forEach((e, ei) => {
      const base = this.recordBase[ei];
      e.meta.records.forEach((r, i) => {
        sessionOf[base + i] = this.sessionBase[ei] + r[0];
      });
      for (let i = 0; i < e.produced.length; i += 2) {
        hashes[o] = e.produced[i];
        refs[o++] = base + e.produced[i + 1];
      }
    });
    sortByHash(hashes, refs);
    const limit = Math.max(COMMON_MIN_SESSIONS, sessions * COMMON_SESSION_SHARE);
    const frequent = Math.max(FREQUENT_MIN_SESSIONS, sessions * FREQUENT_SESSION_SHARE);
    const rare = new Uint8Array(postings);
    // The last group each session was counted in: distinct sessions per hash without a Set.
    const countedIn = new Int32Array(sessions).fill(-1);
    let kept = 0;
    let i = 0;
    while (i < postings) {
      const h = hashes[i];
      let j = i;
      let distinct = 0;
      for (; j < postings && hashes[j] === h; j++) {
        const s = sessionOf[refs[j]];
        if (countedIn[s] !== i) {
          countedIn[s] = i;
          distinct++;
        }
      }
      if (distinct <= limit)
        for (let x = i; x < j; x++) {
          hashes[kept] = h;
          rare[kept] = distinct < frequent ? 1 : 0;
          refs[kept++] = refs[x];
        }
      i = j;
    }
    this.commonDropped = postings - kept;
    this.hashes = hashes.subarray(0, kept);
    this.refs = refs.subarray(0, kept);
    this.rare = rare.subarray(0, kept);
  }

  get size(): number {
    return this.hashes.length;
  }

  /** Whether few sessions produced this hash (see FREQUENT_MIN_SESSIONS). */
  isRare(hash: number): boolean {
    const at = this.find(hash);
    return at < this.hashes.length && this.hashes[at] === hash && this.rare[at] === 1;
  }

  /** Global record numbers that produced this hash. */
  lookup(hash: number): Uint32Array {
    const lo = this.find(hash);
    let end = lo;
    while (end < this.hashes.length && this.hashes[end] === hash) end++;
    return this.refs.subarray(lo, end);
  }

  /** First position whose hash is not below `hash`. */
  private find(hash: number): number {
    let lo = 0;
    let hi = this.hashes.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.hashes[mid] < hash) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  record(ref: number): RecordInfo {
    let lo = 0;
    let hi = this.recordBase.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >>> 1;
      if (this.recordBase[mid] <= ref) lo = mid;
      else hi = mid - 1;
    }
    const e = this.entries[lo];
    const [session, model, at, line, key] = e.meta.records[ref - this.recordBase[lo]];
    return {
      source: e.meta.source,
      tool: e.meta.tool,
      store: e.meta.store,
      session: e.meta.sessions[session],
      sessionId: this.sessionBase[lo] + session,
      model: model === null ? undefined : e.meta.models[model],
      at: at === null ? undefined : new Date(at).toISOString(),
      line: line ?? undefined,
      key: key ?? undefined,
    };
  }
}

/** Sorts hashes ascending, moving refs along; stable (LSD radix sort, two 16-bit passes), so each hash keeps its refs in input order. */
function sortByHash(hashes: Uint32Array, refs: Uint32Array): void {
  const n = hashes.length;
  let fromH: Uint32Array = hashes;
  let fromR: Uint32Array = refs;
  let toH: Uint32Array = new Uint32Array(n);
  let toR: Uint32Array = new Uint32Array(n);
  for (const shift of [0, 16]) {
    const counts = new Uint32Array(65537);
    for (let i = 0; i < n; i++) counts[((fromH[i] >>> shift) & 0xffff) + 1]++;
    for (let d = 1; d <= 65536; d++) counts[d] += counts[d - 1];
    for (let i = 0; i < n; i++) {
      const at = counts[(fromH[i] >>> shift) & 0xffff]++;
      toH[at] = fromH[i];
      toR[at] = fromR[i];
    }
    [fromH, toH] = [toH, fromH];
    [fromR, toR] = [toR, fromR];
  }
  // After an even number of passes the sorted data is back in the arrays passed in.
}
