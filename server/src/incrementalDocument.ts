// An open document kept as an array of lines with incrementally maintained
// caches (prefilter hits, range hashes), so analysing it after a keystroke
// costs in proportion to the edit and the AI blocks, not the file's length.
import { detectEol, hashLines, type LineSource } from './engine/lines';

export interface ContentChange {
  readonly range?: { readonly start: { line: number; character: number }; readonly end: { line: number; character: number } };
  readonly text: string;
}

const LINE_BREAK = /\r\n|\n|\r/;
const MAX_CACHED_HASHES = 10_000;

/** Sorted line numbers whose text satisfies a predicate, kept in step with edits. */
class LineSet {
  lines: number[] = [];
  constructor(readonly test: (text: string) => boolean) {}

  rebuild(all: readonly string[]): void {
    this.lines = [];
    for (let i = 0; i < all.length; i++) if (this.test(all[i])) this.lines.push(i);
  }

  /** Lines [start, start+removed) were replaced by `added`. */
  splice(start: number, removed: number, added: readonly string[]): void {
    const from = lowerBound(this.lines, start);
    const to = lowerBound(this.lines, start + removed);
    const fresh: number[] = [];
    for (let i = 0; i < added.length; i++) if (this.test(added[i])) fresh.push(start + i);
    const delta = added.length - removed;
    const tail = this.lines.slice(to);
    if (delta !== 0) for (let i = 0; i < tail.length; i++) tail[i] += delta;
    this.lines.length = from;
    for (const l of fresh) this.lines.push(l);
    for (const l of tail) this.lines.push(l);
  }
}

function lowerBound(a: readonly number[], x: number): number {
  let lo = 0;
  let hi = a.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (a[mid] < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export class IncrementalDocument implements LineSource {
  private lines: string[];
  readonly eol: string;
  private readonly markerSet = new LineSet((t) => /rovenance/i.test(t));
  private readonly regexSets = new Map<string, LineSet>();
  private readonly needleSets = new Map<string, LineSet>();
  /** Range hashes by "start:end"; dropped or shifted on edits. */
  private hashes = new Map<string, string>();

  constructor(
    readonly uri: string,
    readonly languageId: string,
    public version: number,
    text: string,
  ) {
    this.lines = text.split(LINE_BREAK);
    this.eol = detectEol(text);
    this.markerSet.rebuild(this.lines);
  }

  get lineCount(): number {
    return this.lines.length;
  }

  lineText(line: number): string {
    return this.lines[line] ?? '';
  }

  getText(): string {
    return this.lines.join(this.eol);
  }

  markerLines(): readonly number[] {
    return this.markerSet.lines;
  }

  linesMatching(regex: RegExp): readonly number[] {
    const key = `${regex.source}/${regex.flags}`;
    let set = this.regexSets.get(key);
    if (!set) {
      const re = new RegExp(regex.source, regex.flags.replace('g', ''));
      set = new LineSet((t) => re.test(t));
      set.rebuild(this.lines);
      this.regexSets.set(key, set);
    }
    return set.lines;
  }

  linesContaining(needles: readonly string[]): readonly number[] {
    const key = needles.join('\u0000');
    let set = this.needleSets.get(key);
    if (!set) {
      set = new LineSet((t) => needles.some((n) => t.includes(n)));
      set.rebuild(this.lines);
      this.needleSets.set(key, set);
    }
    return set.lines;
  }

  rangeHash(startLine: number, endLine: number): string {
    const key = `${startLine}:${endLine}`;
    let h = this.hashes.get(key);
    if (h === undefined) {
      h = hashLines(this, startLine, endLine);
      // Ledger relocation probes many windows; keep the cache from growing without bound.
      if (this.hashes.size >= MAX_CACHED_HASHES) this.hashes.clear();
      this.hashes.set(key, h);
    }
    return h;
  }

  /** Applies LSP content changes in order (full or incremental). */
  update(changes: readonly ContentChange[], version: number): void {
    for (const change of changes) {
      if (!change.range) this.replaceAll(change.text);
      else this.replaceRange(change.range.start, change.range.end, change.text);
    }
    this.version = version;
  }

  private replaceAll(text: string): void {
    this.lines = text.split(LINE_BREAK);
    this.markerSet.rebuild(this.lines);
    for (const s of this.regexSets.values()) s.rebuild(this.lines);
    for (const s of this.needleSets.values()) s.rebuild(this.lines);
    this.hashes.clear();
  }

  private replaceRange(start: { line: number; character: number }, end: { line: number; character: number }, text: string): void {
    const last = this.lines.length - 1;
    const sLine = Math.min(start.line, last);
    const eLine = Math.min(end.line, last);
    const sChar = start.line > last ? this.lines[last].length : Math.min(start.character, this.lines[sLine].length);
    const eChar = end.line > last ? this.lines[last].length : Math.min(end.character, this.lines[eLine].length);
    const before = this.lines[sLine].slice(0, sChar);
    const after = this.lines[eLine].slice(eChar);
    const added = (before + text + after).split(LINE_BREAK);
    const removed = eLine - sLine + 1;
    if (removed === 1 && added.length === 1) this.lines[sLine] = added[0];
    else if (added.length < 10_000) this.lines.splice(sLine, removed, ...added);
    else this.lines = this.lines.slice(0, sLine).concat(added, this.lines.slice(eLine + 1));
    this.markerSet.splice(sLine, removed, added);
    for (const s of this.regexSets.values()) s.splice(sLine, removed, added);
    for (const s of this.needleSets.values()) s.splice(sLine, removed, added);
    this.shiftHashes(sLine, eLine, added.length - removed);
  }

  private shiftHashes(from: number, to: number, delta: number): void {
    if (!this.hashes.size) return;
    const next = new Map<string, string>();
    for (const [key, h] of this.hashes) {
      const [s, e] = key.split(':').map(Number);
      if (e < from) next.set(key, h);
      else if (s > to) next.set(`${s + delta}:${e + delta}`, h);
    }
    this.hashes = next;
  }
}
