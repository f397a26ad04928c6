// An open document kept as an array of lines with incrementally maintained
// caches (prefilter hits, range hashes), so analysing it after a keystroke
// costs in proportion to the edit and the AI blocks, not the file's length.
import { detectEol, hashLines, type LineSource, lowerBound } from '../engine';

export interface ContentChange {
  readonly range?: {
    readonly start: { line: number; character: number };
    readonly end: { line: number; character: number };
  };
  readonly text: string;
}

const LINE_BREAK = /\r\n|\n|\r/;
const MAX_CACHED_HASHES = 10_000;

/** Sorted line numbers whose text satisfies a predicate, kept in step with edits. */
class LineSet {
  lines: number[] = [];
  /** Per-entry cache aligned with `lines` (the marker set keeps parsed markers here). */
  values: unknown[] = [];
  constructor(readonly test: (text: string) => boolean) {}

  rebuild(all: readonly string[]): void {
    this.lines = [];
    this.values = [];
    for (let i = 0; i < all.length; i++) if (this.test(all[i])) this.lines.push(i);
  }

  has(line: number): boolean {
    const i = lowerBound(this.lines, line);
    return i < this.lines.length && this.lines[i] === line;
  }

  /** Lines [start, start+removed) were replaced by `added`. */
  splice(start: number, removed: number, added: readonly string[]): void {
    const from = lowerBound(this.lines, start);
    const to = lowerBound(this.lines, start + removed);
    const fresh: number[] = [];
    for (let i = 0; i < added.length; i++) if (this.test(added[i])) fresh.push(start + i);
    const delta = added.length - removed;
    if (fresh.length === to - from && delta === 0 && fresh.every((l, i) => l === this.lines[from + i])) {
      // Same lines still match: only their cached values are stale.
      for (let i = from; i < to; i++) this.values[i] = undefined;
      return;
    }
    const tail = this.lines.slice(to);
    const tailValues = this.values.slice(to);
    if (delta !== 0) for (let i = 0; i < tail.length; i++) tail[i] += delta;
    this.lines.length = from;
    this.values.length = from;
    for (const l of fresh) {
      this.lines.push(l);
      this.values.push(undefined);
    }
    for (let i = 0; i < tail.length; i++) {
      this.lines.push(tail[i]);
      this.values.push(tailValues[i]);
    }
  }
}

export class IncrementalDocument implements LineSource {
  private lines: string[];
  readonly eol: string;
  private readonly markerSet = new LineSet((t) => /rovenance/i.test(t));
  private parsedFor: string | undefined;
  private readonly regexSets = new Map<string, LineSet>();
  private readonly needleSets = new Map<string, LineSet>();
  /** Range hashes by "start:end"; dropped or shifted on edits. */
  private hashes = new Map<string, string>();
  /** Lines edited since markClean(); 'structural' once lines were added or removed or a prefilter hit changed. */
  private dirty: Set<number> | 'structural' = 'structural';

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

  /** Parsed marker lines, each line parsed once until it is edited. */
  parsedMarkers<M>(syntaxId: string, parse: (text: string) => M | undefined): { line: number; marker: M }[] {
    if (this.parsedFor !== syntaxId) {
      this.markerSet.values = new Array(this.markerSet.lines.length);
      this.parsedFor = syntaxId;
    }
    const out: { line: number; marker: M }[] = [];
    const { lines, values } = this.markerSet;
    for (let i = 0; i < lines.length; i++) {
      let v = values[i] as { m: M | undefined } | undefined;
      if (!v) values[i] = v = { m: parse(this.lines[lines[i]]) };
      if (v.m) out.push({ line: lines[i], marker: v.m });
    }
    return out;
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

  /**
   * What changed since the last markClean(): the edited lines, or 'structural'
   * when analysis must start over (line count or a prefilter hit changed).
   */
  changesSinceClean(): ReadonlySet<number> | 'structural' {
    return this.dirty;
  }

  markClean(): void {
    this.dirty = new Set();
  }

  private isCandidate(line: number): boolean {
    if (this.markerSet.has(line)) return true;
    for (const s of this.regexSets.values()) if (s.has(line)) return true;
    for (const s of this.needleSets.values()) if (s.has(line)) return true;
    return false;
  }

  private replaceAll(text: string): void {
    this.dirty = 'structural';
    this.lines = text.split(LINE_BREAK);
    this.markerSet.rebuild(this.lines);
    for (const s of this.regexSets.values()) s.rebuild(this.lines);
    for (const s of this.needleSets.values()) s.rebuild(this.lines);
    this.hashes.clear();
  }

  private replaceRange(
    start: { line: number; character: number },
    end: { line: number; character: number },
    text: string,
  ): void {
    const last = this.lines.length - 1;
    const sLine = Math.min(start.line, last);
    const eLine = Math.min(end.line, last);
    const sChar = start.line > last ? this.lines[last].length : Math.min(start.character, this.lines[sLine].length);
    const eChar = end.line > last ? this.lines[last].length : Math.min(end.character, this.lines[eLine].length);
    const before = this.lines[sLine].slice(0, sChar);
    const after = this.lines[eLine].slice(eChar);
    const added = (before + text + after).split(LINE_BREAK);
    const removed = eLine - sLine + 1;
    const wasCandidate = removed === 1 && this.isCandidate(sLine);
    if (removed === 1 && added.length === 1) this.lines[sLine] = added[0];
    else if (added.length < 10_000) this.lines.splice(sLine, removed, ...added);
    else this.lines = this.lines.slice(0, sLine).concat(added, this.lines.slice(eLine + 1));
    this.markerSet.splice(sLine, removed, added);
    for (const s of this.regexSets.values()) s.splice(sLine, removed, added);
    for (const s of this.needleSets.values()) s.splice(sLine, removed, added);
    this.shiftHashes(sLine, eLine, added.length - removed);
    if (this.dirty !== 'structural') {
      if (removed !== 1 || added.length !== 1 || wasCandidate || this.isCandidate(sLine)) this.dirty = 'structural';
      else this.dirty.add(sLine);
    }
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
