// Code fingerprints that survive re-indenting, renaming and moving: a token
// stream with whitespace and comments dropped, identifiers and literals mapped
// to classes, hashed in k-grams and thinned by winnowing (Schleimer, Wilkerson
// & Aiken, "Winnowing: local algorithms for document fingerprinting", SIGMOD 2003).
//
// K = 16 tokens: about two lines of code, long enough that a k-gram of
// keywords, punctuation and classes is rarely shared by unrelated code.
// W = 8: winnowing keeps the minimum hash of every 8 consecutive k-grams, so any
// shared run of W + K - 1 = 23 tokens (three lines) is guaranteed a shared
// fingerprint, at a density of about 2 / (W + 1) = 22% of positions.
//
// Identifiers are encoded the way Baker's parameterised matching does: by the
// distance back to the previous use of the same name (capped at K, "first use"
// beyond), so a consistent rename keeps every hash while x+y and a+b+c do not
// look alike. Names after '.' are the exception: they keep their name, because
// renaming a variable does not rename the API it calls, and without them
// `this.a = bind(this.a, this)` looks like every other line of its kind.

export const K = 16;
export const W = 8;

export interface Tokens {
  /** Token values (classes for literals, distances for identifiers, codes for keywords and punctuation). */
  readonly values: Int32Array;
  /** For an identifier used again within K tokens, how far back its previous use is; else 0. */
  readonly distances: Uint8Array;
  /** 0-based line of each token in the text. */
  readonly lines: Uint32Array;
  readonly count: number;
}

/** Literals fall into this many classes by a hash of their text: enough to tell `case 1: return "a"` tables apart, few enough to say little about the text. */
const LITERAL_CLASSES = 16;
// Int32 values keep V8 on its fast integer paths.
const NUMBER = 0x1e3779b1;
const STRING = 0x05ebca6b;
const FIRST_USE = 0x42b2ae35;
const IDENT_BASE = 0x27d4eb2f;
const MEMBER = 0x165667b1;
const punctuation = (c: number) => Math.imul(c + 1, 0x9e3779b1) | 0;
const DOT = punctuation(46);

const KEYWORDS = new Set(
  (
    'abstract as async await break case catch class const continue def default defer delete do elif else enum ' +
    'except export extends false final finally fn for from func function go if impl implements import in instanceof ' +
    'interface is lambda let match mod module mut new nil none not null of or and package pass private protected pub ' +
    'public raise return self static struct super switch this throw throws trait true try type typeof undefined use ' +
    'var void while with yield string number boolean int float double char bool long short byte unsigned signed'
  ).split(' '),
);

const isIdentStart = (c: number) => (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95 || c === 36 || c > 127;
const isIdentPart = (c: number) => isIdentStart(c) || (c >= 48 && c <= 57);
const isDigit = (c: number) => c >= 48 && c <= 57;

function fnv(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

const keywordCodes = new Set<number>([...KEYWORDS].map(fnv));

/** Splits code into normalised tokens. Never throws; unknown characters are punctuation. */
export function tokenize(text: string): Tokens {
  const n = text.length;
  const values = new Int32Array(n + 1);
  const distances = new Uint8Array(n + 1);
  const lines = new Uint32Array(n + 1);
  // Name hash of each identifier token (0 for others), to find a name's previous use in the last K tokens.
  const names = new Uint32Array(n + 1);
  let count = 0;
  let line = 0;
  let i = 0;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === 10) {
      line++;
      i++;
    } else if (c === 32 || c === 9 || c === 13 || c === 12 || c === 11) {
      i++;
    } else if (c === 47 && text.charCodeAt(i + 1) === 47) {
      while (i < n && text.charCodeAt(i) !== 10) i++;
    } else if (c === 47 && text.charCodeAt(i + 1) === 42) {
      i += 2;
      while (i < n && !(text.charCodeAt(i) === 42 && text.charCodeAt(i + 1) === 47)) {
        if (text.charCodeAt(i) === 10) line++;
        i++;
      }
      i += 2;
    } else if (c === 35 && !isIdentStart(text.charCodeAt(i + 1)) && text.charCodeAt(i + 1) !== 91) {
      // '#' comment (Python, shell, Ruby); '#include', '#[attr]' and '#private' stay code.
      while (i < n && text.charCodeAt(i) !== 10) i++;
    } else if (c === 34 || c === 39 || c === 96) {
      const at = count++;
      lines[at] = line;
      let h = 0x811c9dc5;
      i++;
      while (i < n) {
        const d = text.charCodeAt(i);
        h = Math.imul(h ^ d, 0x01000193);
        if (d === 92) i++;
        else if (d === c) break;
        else if (d === 10) {
          if (c !== 96) break;
          line++;
        }
        i++;
      }
      i++;
      values[at] = STRING + (h & (LITERAL_CLASSES - 1));
    } else if (isDigit(c) || (c === 46 && isDigit(text.charCodeAt(i + 1)))) {
      let h = 0x811c9dc5;
      while (i < n && (isIdentPart(text.charCodeAt(i)) || text.charCodeAt(i) === 46))
        h = Math.imul(h ^ text.charCodeAt(i++), 0x01000193);
      values[count] = NUMBER + (h & (LITERAL_CLASSES - 1));
      lines[count++] = line;
    } else if (isIdentStart(c)) {
      let h = 0x811c9dc5;
      while (i < n && isIdentPart(text.charCodeAt(i))) h = Math.imul(h ^ text.charCodeAt(i++), 0x01000193);
      let v: number;
      if (keywordCodes.has(h >>> 0)) v = h;
      else if (count > 0 && values[count - 1] === DOT) v = h ^ MEMBER;
      else {
        const name = h >>> 0 || 1;
        names[count] = name;
        let d = 1;
        while (d < K && d <= count && names[count - d] !== name) d++;
        if (d >= K || d > count) v = FIRST_USE;
        else {
          v = IDENT_BASE + d;
          distances[count] = d;
        }
      }
      values[count] = v;
      lines[count++] = line;
    } else {
      values[count] = punctuation(c);
      lines[count++] = line;
      i++;
    }
  }
  return { values, distances, lines, count };
}

const BASE = 0x01000193;

/** Stands for a k-gram too uniform to fingerprint; never stored or looked up. */
export const NO_HASH = 0xffffffff;
/** A k-gram needs this many distinct token values: `a, b, c, d, …` parameter lists and tables of numbers say nothing. */
const MIN_DISTINCT = 6;

/**
 * The hash of every k-gram, by position (length count - K + 1, or 0).
 * An identifier's distance is only meaningful inside its k-gram, so a distance
 * reaching back past the k-gram's first token counts as a first use there.
 */
export function kgramHashes(tokens: Tokens): Uint32Array {
  const n = tokens.count - K + 1;
  if (n <= 0) return new Uint32Array(0);
  const out = new Uint32Array(n);
  const v = tokens.values;
  const dist = tokens.distances;
  // How many of 64 buckets the current window's values fall in: a cheap count of distinct values.
  const buckets = new Uint8Array(64);
  let distinct = 0;
  const bucket = (t: number) => (t ^ (t >> 6) ^ (t >> 12) ^ (t >> 18) ^ (t >> 24)) & 63;
  for (let j = 0; j < K - 1; j++) if (buckets[bucket(v[j])]++ === 0) distinct++;
  for (let p = 0; p < n; p++) {
    if (buckets[bucket(v[p + K - 1])]++ === 0) distinct++;
    if (p > 0 && --buckets[bucket(v[p - 1])] === 0) distinct--;
    if (distinct < MIN_DISTINCT) {
      out[p] = NO_HASH;
      continue;
    }
    let h = 0;
    for (let j = 0; j < K; j++) h = (Math.imul(h, BASE) + (dist[p + j] > j ? FIRST_USE : v[p + j])) | 0;
    // Final mix so nearby k-grams spread over the whole range (winnowing takes minima).
    h ^= h >>> 16;
    h = Math.imul(h, 0x85ebca6b);
    h ^= h >>> 13;
    // NO_HASH is reserved.
    out[p] = h >>> 0 === NO_HASH ? NO_HASH - 1 : h >>> 0;
  }
  return out;
}

/** Positions chosen by robust winnowing: the rightmost minimum of each window of W hashes, each once (NO_HASH is the largest value, so it is chosen only where a whole window is uniform, and then dropped). */
export function winnow(hashes: Uint32Array): number[] {
  const picked: number[] = [];
  if (hashes.length === 0) return picked;
  if (hashes.length < W) {
    let m = 0;
    for (let i = 1; i < hashes.length; i++) if (hashes[i] <= hashes[m]) m = i;
    picked.push(m);
    return picked;
  }
  let last = -1;
  for (let end = W - 1; end < hashes.length; end++) {
    let m = end - W + 1;
    for (let i = m + 1; i <= end; i++) if (hashes[i] <= hashes[m]) m = i;
    if (m !== last) {
      picked.push(m);
      last = m;
    }
  }
  return picked;
}

/**
 * The fingerprint hashes of a text: the winnowed ones, plus its first and last
 * k-gram as anchors, so a match of the whole text reaches its first and last line
 * (winnowing alone can leave up to W - 1 tokens uncovered at either end).
 */
export function fingerprints(text: string): Uint32Array {
  const hashes = kgramHashes(tokenize(text));
  if (hashes.length === 0) return hashes;
  const picked = new Set([0, ...winnow(hashes), hashes.length - 1]);
  return Uint32Array.from([...picked].map((p) => hashes[p]).filter((h) => h !== NO_HASH));
}
