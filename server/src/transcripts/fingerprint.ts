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

import { IntSet } from './intSet';

export const K = 16;
export const W = 8;

export interface Tokens {
  /** Token values (classes for literals, distances for identifiers, codes for keywords and punctuation). */
  readonly values: Int32Array;
  /** For an identifier used again within K tokens, how far back its previous use is; else 0. */
  readonly distances: Uint8Array;
  /** 0-based line of each token in the text. */
  readonly lines: Uint32Array;
  /** 1 for a token that carries content of the text (a member name or a literal), 0 for keywords, punctuation and local names. */
  readonly content: Uint8Array;
  readonly count: number;
}

/** Literals fall into this many classes by a hash of their text: enough to tell `case 1: return "a"` tables apart, few enough to say little about the text. */
const LITERAL_CLASSES = 16;
// Int32 values keep V8 on its fast integer paths.
const NUMBER = 0x1e3779b1;
const STRING = 0x05ebca6b;
const REGEX = 0x2f6b2a4d;
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

function fnv(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

// After these keywords (all in KEYWORDS) a '/' starts a regular expression, not a division.
const BEFORE_REGEX = intSetOf(
  'return typeof case do else in of new delete void throw instanceof yield await'.split(' '),
);
const keywordCodes = intSetOf([...KEYWORDS]);

function intSetOf(words: readonly string[]): IntSet {
  const set = new IntSet(words.length);
  for (const w of words) set.add(fnv(w));
  return set;
}

// Character classes of ASCII, by code: a table lookup instead of a chain of range tests per character.
const IDENT_START = 1;
const IDENT_PART = 2;
const ASCII = new Uint8Array(128);
for (let c = 0; c < 128; c++) {
  const letter = (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95 || c === 36;
  ASCII[c] = (letter ? IDENT_START | IDENT_PART : 0) | (c >= 48 && c <= 57 ? IDENT_PART : 0);
}
const isIdentStart = (c: number) => c > 127 || (ASCII[c] & IDENT_START) !== 0;
const isIdentPart = (c: number) => c > 127 || (ASCII[c] & IDENT_PART) !== 0;
const isDigit = (c: number) => c >= 48 && c <= 57;

/** Token buffers reused from one text to the next (indexing tokenises millions of texts); a text longer than this gets its own. */
const SCRATCH_MAX = 1 << 20;
let scratch = tokenBuffers(4096);

function tokenBuffers(size: number) {
  return {
    values: new Int32Array(size),
    distances: new Uint8Array(size),
    lines: new Uint32Array(size),
    content: new Uint8Array(size),
    // Name hash of each identifier token (0 for others), to find a name's previous use in the last K tokens.
    names: new Uint32Array(size),
    hashes: new Uint32Array(size),
    ahead: new Uint8Array(size),
    // The winnowed picks: at most one per k-gram plus the last anchor, fewer than the tokens.
    picks: new Uint32Array(size),
  };
}

function buffersFor(length: number): ReturnType<typeof tokenBuffers> {
  // A text has at most one token per character.
  if (length < scratch.values.length) return scratch;
  const size = Math.max(length + 1, 2 * scratch.values.length);
  if (size > SCRATCH_MAX) return tokenBuffers(length + 1);
  scratch = tokenBuffers(size);
  return scratch;
}

/** Splits code into normalised tokens. Never throws; unknown characters are punctuation. */
export function tokenize(text: string): Tokens {
  const b = buffersFor(text.length);
  const count = tokenizeInto(text, b);
  return {
    values: b.values.slice(0, count),
    distances: b.distances.slice(0, count),
    lines: b.lines.slice(0, count),
    content: b.content.slice(0, count),
    count,
  };
}

/** Tokenises into the buffers, returns the token count. */
function tokenizeInto(text: string, b: ReturnType<typeof tokenBuffers>): number {
  const n = text.length;
  const { values, distances, lines, names, content } = b;
  let count = 0;
  let line = 0;
  let i = 0;
  // Whether an operand may start here, so that '/' opens a regular expression.
  let operand = true;
  while (i < n) {
    const c = text.charCodeAt(i);
    // The commonest characters first (spaces, then identifiers and keywords), before the tests for rarer ones.
    if (c === 32) {
      i++;
      continue;
    }
    if (isIdentStart(c)) {
      let h = 0x811c9dc5;
      while (i < n && isIdentPart(text.charCodeAt(i))) h = Math.imul(h ^ text.charCodeAt(i++), 0x01000193);
      let v: number;
      let name = 0;
      let distance = 0;
      let member = 0;
      const keyword = keywordCodes.has(h);
      operand = keyword && BEFORE_REGEX.has(h);
      if (keyword) v = h;
      else if (count > 0 && values[count - 1] === DOT) {
        v = h ^ MEMBER;
        member = 1;
      } else {
        name = h >>> 0 || 1;
        let d = 1;
        while (d < K && d <= count && names[count - d] !== name) d++;
        if (d >= K || d > count) v = FIRST_USE;
        else {
          v = IDENT_BASE + d;
          distance = d;
        }
      }
      values[count] = v;
      distances[count] = distance;
      names[count] = name;
      content[count] = member;
      lines[count++] = line;
      continue;
    }
    const end =
      c === 47 && operand && text.charCodeAt(i + 1) !== 47 && text.charCodeAt(i + 1) !== 42 ? regexEnd(text, i) : -1;
    if (end > 0) {
      // A regex literal is one literal token: quotes and backticks inside it must not open strings.
      let h = 0x811c9dc5;
      for (; i < end; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
      values[count] = REGEX + (h & (LITERAL_CLASSES - 1));
      distances[count] = 0;
      names[count] = 0;
      content[count] = 1;
      lines[count++] = line;
      operand = false;
    } else if (c === 10) {
      line++;
      i++;
    } else if (c === 9 || c === 13 || c === 12 || c === 11) {
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
      distances[at] = 0;
      names[at] = 0;
      content[at] = 1;
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
      operand = false;
    } else if (isDigit(c) || (c === 46 && isDigit(text.charCodeAt(i + 1)))) {
      let h = 0x811c9dc5;
      while (i < n && (isIdentPart(text.charCodeAt(i)) || text.charCodeAt(i) === 46))
        h = Math.imul(h ^ text.charCodeAt(i++), 0x01000193);
      values[count] = NUMBER + (h & (LITERAL_CLASSES - 1));
      operand = false;
      distances[count] = 0;
      names[count] = 0;
      content[count] = 1;
      lines[count++] = line;
    } else {
      values[count] = punctuation(c);
      // After ')', ']' or '}' an operand ended: '/' divides.
      operand = c !== 41 && c !== 93 && c !== 125;
      distances[count] = 0;
      names[count] = 0;
      content[count] = 0;
      lines[count++] = line;
      i++;
    }
  }
  return count;
}

/** The index just past a regular expression literal starting at `start` ('/'), with its flags; -1 when none closes on this line. */
function regexEnd(text: string, start: number): number {
  let inClass = false;
  for (let j = start + 1; j < text.length; j++) {
    const d = text.charCodeAt(j);
    if (d === 10) return -1;
    if (d === 92) j++;
    else if (d === 91) inClass = true;
    else if (d === 93) inClass = false;
    else if (d === 47 && !inClass) {
      let k = j + 1;
      while (k < text.length && isIdentPart(text.charCodeAt(k))) k++;
      return k;
    }
  }
  return -1;
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
  const out = new Uint32Array(Math.max(0, tokens.count - K + 1));
  hashKgrams(tokens.values, tokens.distances, tokens.count, out, new Uint8Array(tokens.count));
  return out;
}

/** BASE ** j, for the rolling hash. */
const POWERS = Int32Array.from({ length: K }, (_, j) => {
  let x = 1;
  for (let i = 0; i < j; i++) x = Math.imul(x, BASE);
  return x;
});

/**
 * Writes the k-gram hashes of `count` tokens into `out`, returns how many.
 * The hash of the k-gram at p is the polynomial sum of its tokens' codes times
 * BASE ** (K - 1 - j), rolled from one k-gram to the next: drop the leaving token,
 * shift, add the entering one, and turn into a first use the one identifier whose
 * previous use was the leaving token (`ahead`, scratch space for that link).
 */
function hashKgrams(v: Int32Array, dist: Uint8Array, count: number, out: Uint32Array, ahead: Uint8Array): number {
  const n = count - K + 1;
  if (n <= 0) return 0;
  ahead.fill(0, 0, count);
  for (let q = 0; q < count; q++) if (dist[q] > 0) ahead[q - dist[q]] = dist[q];
  // How many of 64 buckets the current window's values fall in: a cheap count of distinct values.
  const buckets = new Uint8Array(64);
  let distinct = 0;
  const bucket = (t: number) => (t ^ (t >> 6) ^ (t >> 12) ^ (t >> 18) ^ (t >> 24)) & 63;
  for (let j = 0; j < K - 1; j++) if (buckets[bucket(v[j])]++ === 0) distinct++;
  let rolling = 0;
  for (let j = 0; j < K; j++) rolling = (Math.imul(rolling, BASE) + (dist[j] > j ? FIRST_USE : v[j])) | 0;
  for (let p = 0; p < n; p++) {
    if (p > 0) {
      const leaving = dist[p - 1] > 0 ? FIRST_USE : v[p - 1];
      rolling = (Math.imul(rolling - Math.imul(leaving, POWERS[K - 1]), BASE) + v[p + K - 1]) | 0;
      const d = ahead[p - 1];
      if (d > 0) rolling = (rolling + Math.imul(FIRST_USE - v[p - 1 + d], POWERS[K - d])) | 0;
    }
    if (buckets[bucket(v[p + K - 1])]++ === 0) distinct++;
    if (p > 0 && --buckets[bucket(v[p - 1])] === 0) distinct--;
    if (distinct < MIN_DISTINCT) {
      out[p] = NO_HASH;
      continue;
    }
    // Final mix so nearby k-grams spread over the whole range (winnowing takes minima).
    let h = rolling;
    h ^= h >>> 16;
    h = Math.imul(h, 0x85ebca6b);
    h ^= h >>> 13;
    // NO_HASH is reserved.
    out[p] = h >>> 0 === NO_HASH ? NO_HASH - 1 : h >>> 0;
  }
  return n;
}

/**
 * The fingerprint hashes of a text, in text order: robust winnowing picks the
 * rightmost minimum of each window of W k-gram hashes, each position once; the
 * first and last k-gram are added as anchors, so a match of the whole text reaches
 * its first and last line (winnowing alone can leave up to W - 1 tokens uncovered
 * at either end). NO_HASH is the largest value, so it is picked only where a whole
 * window is uniform, and then dropped.
 */
export function fingerprints(text: string): Uint32Array {
  const b = buffersFor(text.length);
  const { hashes, picks } = b;
  const n = hashKgrams(b.values, b.distances, tokenizeInto(text, b), hashes, b.ahead);
  let count = 0;
  let last = -1;
  const pick = (p: number) => {
    if (p === last) return;
    last = p;
    if (hashes[p] !== NO_HASH) picks[count++] = hashes[p];
  };
  if (n === 0) return new Uint32Array(0);
  pick(0);
  if (n < W) {
    let m = 0;
    for (let i = 1; i < n; i++) if (hashes[i] <= hashes[m]) m = i;
    pick(m);
  } else {
    let m = -1;
    for (let end = W - 1; end < n; end++) {
      // The minimum so far stays while it is in the window; rescan only when it leaves.
      if (m < end - W + 1) {
        m = end - W + 1;
        for (let i = m + 1; i <= end; i++) if (hashes[i] <= hashes[m]) m = i;
      } else if (hashes[end] <= hashes[m]) m = end;
      pick(m);
    }
  }
  pick(n - 1);
  return picks.slice(0, count);
}
