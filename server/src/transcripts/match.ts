// Regions of a file that match AI output in the index. A region is a run of
// k-grams found in one session's output, no further apart than a small edit
// breaks; it counts only when it spans enough tokens and fingerprints to say
// more than a shared idiom would.
import { getOrCreate } from '../engine';
import { K, kgramHashes, NO_HASH, type Tokens, tokenize, W } from './fingerprint';
import type { RecordInfo, TranscriptIndex } from './lookup';

/** Matched k-grams this many positions apart still belong to one region: one changed token breaks K k-grams, two near each other (a renamed name in a string and in code) about 2K. */
const MAX_GAP = 2 * K + W;
// Thresholds chosen with bench/transcripts.mjs (precision first: a false AIF003 costs more than a miss).
/** A region must span this many tokens (about three lines)… */
export const MIN_SPAN_TOKENS = 24;
/** …and this many lines… */
export const MIN_LINES = 4;
/** …and hold this many distinct fingerprints, which below LONG_SPAN_TOKENS must be ones few sessions produced. */
export const MIN_FINGERPRINTS = 4;
/**
 * A match of fewer fingerprints (a short snippet, or a partial paste of one) still
 * counts with this many when its tokens name this many distinct members and
 * literals: keywords, punctuation and local names alone are idioms many files share
 * (`if (a === b) return true; if (a === undefined || …`).
 */
export const SHORT_MIN_FINGERPRINTS = 3;
export const SHORT_MIN_CONTENT = 2;
/** Matches this long (about six lines) are specific enough on their own. */
export const LONG_SPAN_TOKENS = 48;

export interface MatchRegion {
  /** 0-based, inclusive lines of the file. */
  readonly startLine: number;
  readonly endLine: number;
  /** The record with the most matched fingerprints in the region (earliest on a tie). */
  readonly record: RecordInfo;
  /** Distinct fingerprints matched. */
  readonly hashes: readonly number[];
}

export interface MatchOptions {
  readonly minSpanTokens?: number;
  readonly minLines?: number;
  readonly minFingerprints?: number;
  /** Drops a candidate before overlapping ones are resolved (the git history rule). */
  readonly keep?: (region: MatchRegion) => boolean;
}

export function findMatches(text: string, index: TranscriptIndex, options: MatchOptions = {}): MatchRegion[] {
  if (index.size === 0) return [];
  const minSpan = options.minSpanTokens ?? MIN_SPAN_TOKENS;
  const tokens = tokenize(text);
  const hashes = kgramHashes(tokens);
  // Per session: the positions that matched, in file order, with their records.
  const bySession = new Map<number, { pos: number; ref: number }[]>();
  const infos = new Map<number, RecordInfo>();
  for (let p = 0; p < hashes.length; p++) {
    if (hashes[p] === NO_HASH) continue;
    for (const ref of index.lookup(hashes[p])) {
      const info = getOrCreate(infos, ref, () => index.record(ref));
      const list = getOrCreate(bySession, info.sessionId, () => []);
      if (list[list.length - 1]?.pos !== p || list[list.length - 1]?.ref !== ref) list.push({ pos: p, ref });
    }
  }
  const candidates: (MatchRegion & { score: number })[] = [];
  for (const hits of bySession.values()) {
    let start = 0;
    for (let i = 1; i <= hits.length; i++) {
      if (i < hits.length && hits[i].pos - hits[i - 1].pos <= MAX_GAP) continue;
      const run = hits.slice(start, i);
      start = i;
      const first = run[0].pos;
      const last = run[run.length - 1].pos + K - 1;
      const distinct = [...new Set(run.map((h) => hashes[h.pos]))];
      const span = last - first + 1;
      // A short match must rest on fingerprints few sessions produced; a long one may repeat what many did.
      const vouching = span >= LONG_SPAN_TOKENS ? distinct.length : distinct.filter((h) => index.isRare(h)).length;
      if (span < minSpan || vouching < SHORT_MIN_FINGERPRINTS) continue;
      if (
        vouching < (options.minFingerprints ?? MIN_FINGERPRINTS) &&
        distinctContent(tokens, first, last) < SHORT_MIN_CONTENT
      )
        continue;
      if (tokens.lines[last] - tokens.lines[first] + 1 < (options.minLines ?? MIN_LINES)) continue;
      const region = {
        startLine: tokens.lines[first],
        endLine: tokens.lines[last],
        record: representative(run, infos),
        hashes: distinct,
      };
      if (!options.keep || options.keep(region)) candidates.push({ ...region, score: distinct.length });
    }
  }
  // Where sessions overlap, the one with the most evidence wins.
  candidates.sort((a, b) => b.score - a.score || a.startLine - b.startLine);
  const out: MatchRegion[] = [];
  for (const c of candidates) {
    if (out.some((o) => c.startLine <= o.endLine && o.startLine <= c.endLine)) continue;
    out.push({ startLine: c.startLine, endLine: c.endLine, record: c.record, hashes: c.hashes });
  }
  return out.sort((a, b) => a.startLine - b.startLine);
}

/** How many distinct member names and literal classes the tokens first..last hold. */
function distinctContent(tokens: Tokens, first: number, last: number): number {
  const seen = new Set<number>();
  for (let t = first; t <= last; t++) if (tokens.content[t]) seen.add(tokens.values[t]);
  return seen.size;
}

function representative(run: readonly { ref: number }[], infos: ReadonlyMap<number, RecordInfo>): RecordInfo {
  const counts = new Map<number, number>();
  for (const h of run) counts.set(h.ref, (counts.get(h.ref) ?? 0) + 1);
  let best = run[0].ref;
  for (const [ref, n] of counts) {
    const b = counts.get(best) ?? 0;
    if (n > b || (n === b && (infos.get(ref)?.at ?? '') < (infos.get(best)?.at ?? ''))) best = ref;
  }
  return infos.get(best) as RecordInfo;
}
