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
// look alike.

export const K = 16;
export const W = 8;

export interface Tokens {
  /** Token values (classes for literals, distances for identifiers, codes for keywords and punctuation). */
  readonly values: Uint32Array;
  /** 0-based line of each token in the text. */
  readonly lines: Uint32Array;
  readonly count: number;
}

const NUMBER = 0x9e3779b1;
const STRING = 0x85ebca6b;
const FIRST_USE = 0xc2b2ae35;
const IDENT_BASE = 0x27d4eb2f;

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

function fnv(text: string, from: number, to: number): number {
  let h = 0x811c9dc5;
  for (let i = from; i < to; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

const keywordCodes = new Map<number, boolean>();
for (const k of KEYWORDS) keywordCodes.set(fnv(k, 0, k.length), true);

/** Splits code into normalised tokens. Never throws; unknown characters are punctuation. */
export function tokenize(text: string): Tokens {
  let values = new Uint32Array(Math.max(16, text.length >> 2));
  let lines = new Uint32Array(values.length);
  let count = 0;
  let line = 0;
  // Last token index per identifier (by name hash).
  const lastUse = new Map<number, number>();
  const push = (v: number) => {
    if (count === values.length) {
      const nv = new Uint32Array(values.length * 2);
      nv.set(values);
      values = nv;
      const nl = new Uint32Array(lines.length * 2);
      nl.set(lines);
      lines = nl;
    }
    values[count] = v;
    lines[count] = line;
    count++;
  };
  const n = text.length;
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
      const startLine = line;
      i++;
      while (i < n) {
        const d = text.charCodeAt(i);
        if (d === 92) i++;
        else if (d === c) break;
        else if (d === 10) {
          if (c !== 96) break;
          line++;
        }
        i++;
      }
      i++;
      const endLine = line;
      line = startLine;
      push(STRING);
      line = endLine;
    } else if (isDigit(c) || (c === 46 && isDigit(text.charCodeAt(i + 1)))) {
      i++;
      while (i < n && (isIdentPart(text.charCodeAt(i)) || text.charCodeAt(i) === 46)) i++;
      push(NUMBER);
    } else if (isIdentStart(c)) {
      const start = i;
      i++;
      while (i < n && isIdentPart(text.charCodeAt(i))) i++;
      const h = fnv(text, start, i);
      if (keywordCodes.has(h)) push(h);
      else {
        const prev = lastUse.get(h);
        lastUse.set(h, count);
        const d = prev === undefined ? K : count - prev;
        push(d >= K ? FIRST_USE : (IDENT_BASE + d) >>> 0);
      }
    } else {
      push(Math.imul(c + 1, 0x9e3779b1) >>> 0);
      i++;
    }
  }
  return { values, lines, count };
}

const BASE = 0x01000193;
let basePowK = 1;
for (let j = 0; j < K; j++) basePowK = Math.imul(basePowK, BASE);

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
  for (let p = 0; p < n; p++) {
    let h = 0;
    for (let j = 0; j < K; j++) {
      let t = v[p + j];
      const distance = t - IDENT_BASE;
      if (distance > j && distance < K) t = FIRST_USE;
      h = (Math.imul(h, BASE) + t) >>> 0;
    }
    // Final mix so nearby k-grams spread over the whole range (winnowing takes minima).
    h ^= h >>> 16;
    h = Math.imul(h, 0x85ebca6b);
    h ^= h >>> 13;
    out[p] = h >>> 0;
  }
  return out;
}

/** Positions chosen by robust winnowing: the rightmost minimum of each window of W hashes, each once. */
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
  const out = new Uint32Array(picked.size);
  let i = 0;
  for (const p of picked) out[i++] = hashes[p];
  return out;
}
