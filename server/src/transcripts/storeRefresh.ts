// Reads what is new in one transcript store and turns it into its index entry:
// a line store that only grew costs only its new bytes; a store that shrank or
// whose first bytes changed (truncated, rotated) is read again from the start;
// document and database stores are re-read when their size or time changes.
// Runs on the indexing thread or on an index worker (indexPool.ts).
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import { getOrCreate } from '../engine/getOrCreate';
import { fingerprints } from './fingerprint';
import { IntSet } from './intSet';
import { walStat } from './readers/sqlite';
import type { ReadOutcome, SourceReader, TranscriptRecord } from './record';
import { emptyEntry, type StoreEntry, shownKey, writeEntry } from './storeEntry';

const HEAD_BYTES = 256;

export interface Refresh {
  readonly entry: StoreEntry;
  readonly changed: boolean;
  readonly bytes: number;
  readonly error?: string;
}

/** Refreshes one store's entry (one planRefresh did not keep) and writes its entry file when it changed. */
export function indexStore(
  reader: SourceReader,
  store: string,
  file: string,
  old: StoreEntry | undefined,
  cutoff: number | undefined,
): Refresh {
  const result = refresh(reader, store, old?.meta.store === store ? old : undefined, cutoff);
  if (result.changed) writeEntry(file, result.entry);
  return result;
}

/** What refreshing a store takes: nothing when it has the size and time it was indexed at (it is not even opened), else about this many bytes read. */
export type Plan = { readonly kept: Refresh } | { readonly bytes: number };

export function planRefresh(
  reader: SourceReader,
  store: string,
  old: StoreEntry | undefined,
  cutoff: number | undefined,
): Plan {
  // An entry of a store that could not be read is retried every time.
  const own = old?.meta.store === store && !old.meta.error ? old : undefined;
  try {
    const stat = storeStat(reader, store, fs.statSync(store));
    if (own && own.meta.size === stat.size && own.meta.mtimeMs === stat.mtimeMs)
      return { kept: { entry: expire(own, cutoff), changed: false, bytes: 0 } };
    const from = own && reader.format === 'lines' && stat.size >= own.meta.offset ? own.meta.offset : 0;
    return { bytes: stat.size - from };
  } catch {
    // The refresh says why.
    return { bytes: 0 };
  }
}

function refresh(
  reader: SourceReader,
  store: string,
  old: StoreEntry | undefined,
  cutoff: number | undefined,
): Refresh {
  let fd: number | undefined;
  try {
    fd = fs.openSync(store, 'r');
    const stat = storeStat(reader, store, fs.fstatSync(fd));
    const head = headHash(fd, stat.size);
    const same = old && old.meta.head === head && !old.meta.error;
    const base =
      same && reader.format === 'lines' && stat.size >= old.meta.offset
        ? old
        : emptyEntry(store, reader.id, reader.tool);
    const start = base.meta.offset;
    let outcome: ReadOutcome;
    let consumed = stat.size;
    let lines = 0;
    if (reader.format === 'database') outcome = reader.readDatabase(store);
    else {
      const bytes = readRange(fd, start, stat.size);
      // Line stores: only whole lines; a line still being written is read next time.
      const end = reader.format === 'lines' ? bytes.lastIndexOf(10) + 1 : bytes.length;
      const text = bytes.toString('utf8', 0, end);
      consumed = start + end;
      lines = countLines(bytes, end);
      outcome =
        reader.format === 'lines'
          ? reader.readLines(text, base.meta.lines + 1, base.meta.carry, store)
          : reader.readDocument(text, store);
    }
    const entry = addRecords(base, outcome.records, cutoff);
    Object.assign(entry.meta, {
      size: stat.size,
      mtimeMs: stat.mtimeMs,
      offset: consumed,
      lines: base.meta.lines + lines,
      head,
      carry: outcome.carry,
      skipped: base.meta.skipped + outcome.skipped,
      error: undefined,
    });
    return { entry: expire(entry, cutoff), changed: true, bytes: consumed - start };
  } catch (e) {
    const error = (e as Error).message;
    const entry = emptyEntry(store, reader.id, reader.tool);
    entry.meta.error = error;
    // Reported when first seen; a store that stays unreadable is retried quietly.
    return {
      entry,
      changed: old?.meta.error !== error,
      bytes: 0,
      error: old?.meta.error === error ? undefined : error,
    };
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}

/** A database's newest rows sit in its WAL until a checkpoint: the WAL changing changes the store. */
function storeStat(reader: SourceReader, store: string, stat: fs.Stats): { size: number; mtimeMs: number } {
  if (reader.format !== 'database') return stat;
  const wal = walStat(store);
  return { size: stat.size + wal.size, mtimeMs: Math.max(stat.mtimeMs, wal.mtimeMs) };
}

function headHash(fd: number, size: number): string {
  const bytes = readRange(fd, 0, Math.min(size, HEAD_BYTES));
  return createHash('sha1').update(bytes).digest('hex').slice(0, 16);
}

function readRange(fd: number, start: number, end: number): Buffer {
  const out = Buffer.allocUnsafe(Math.max(0, end - start));
  let read = 0;
  while (read < out.length) {
    const n = fs.readSync(fd, out, read, out.length - read, start + read);
    if (n === 0) break;
    read += n;
  }
  return out.subarray(0, read);
}

function countLines(bytes: Buffer, end: number): number {
  let n = 0;
  for (let i = bytes.indexOf(10); i !== -1 && i < end; i = bytes.indexOf(10, i + 1)) n++;
  return n;
}

/**
 * Adds records' fingerprints to an entry. Output minus input: a produced
 * fingerprint the same session was shown before (or in the same message) does
 * not count. Each fingerprint is kept once per session, with its first record.
 */
export function addRecords(
  base: StoreEntry,
  records: readonly TranscriptRecord[],
  cutoff: number | undefined,
): StoreEntry {
  const meta = {
    ...base.meta,
    sessions: [...base.meta.sessions],
    models: [...base.meta.models],
    records: [...base.meta.records],
  };
  const sessionIndex = new Map(meta.sessions.map((s, i) => [s, i]));
  const modelIndex = new Map(meta.models.map((m, i) => [m, i]));
  const modelOf = (model: string | undefined) =>
    model === undefined ? null : getOrCreate(modelIndex, model, () => meta.models.push(model) - 1);
  const shown = new IntSet(base.shown.length);
  for (const key of base.shown) shown.add(key);
  const produced = new IntSet(base.produced.length / 2);
  for (let i = 0; i < base.produced.length; i += 2)
    produced.add(shownKey(base.produced[i], meta.records[base.produced[i + 1]][0]));
  const newProduced: number[] = [];
  const newShown: number[] = [];
  const order = messageOrder(records);
  for (const r of order) {
    if (cutoff !== undefined && r.at && Date.parse(r.at) < cutoff) continue;
    let s = sessionIndex.get(r.session);
    if (s === undefined) {
      s = meta.sessions.push(r.session) - 1;
      sessionIndex.set(r.session, s);
    }
    const hashes = fingerprints(r.text);
    if (r.kind === 'shown') {
      for (const h of hashes) {
        const key = shownKey(h, s);
        if (shown.add(key)) newShown.push(key);
      }
      continue;
    }
    let recordIndex = -1;
    for (const h of hashes) {
      const key = shownKey(h, s);
      if (shown.has(key) || !produced.add(key)) continue;
      if (recordIndex < 0)
        recordIndex =
          meta.records.push([s, modelOf(r.model), r.at ? Date.parse(r.at) : null, r.line ?? null, r.key ?? null]) - 1;
      newProduced.push(h, recordIndex);
    }
  }
  return { meta, produced: concat(base.produced, newProduced), shown: concat(base.shown, newShown) };
}

/** Records grouped by message (store line or key), what was shown in a message before what it produced. */
function messageOrder(records: readonly TranscriptRecord[]): TranscriptRecord[] {
  const out: TranscriptRecord[] = [];
  let i = 0;
  while (i < records.length) {
    let j = i;
    const origin = `${records[i].line}|${records[i].key}`;
    while (j < records.length && `${records[j].line}|${records[j].key}` === origin) j++;
    const group = records.slice(i, j);
    out.push(...group.filter((r) => r.kind === 'shown'), ...group.filter((r) => r.kind === 'produced'));
    i = j;
  }
  return out;
}

function concat(a: Uint32Array, b: readonly number[]): Uint32Array {
  if (!b.length) return a;
  const out = new Uint32Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}

/** Drops fingerprints of records older than the retention cutoff. */
function expire(entry: StoreEntry, cutoff: number | undefined): StoreEntry {
  if (cutoff === undefined) return entry;
  const records = entry.meta.records;
  const old = (r: number) => {
    const at = records[r][2];
    return at !== null && at < cutoff;
  };
  let keep = 0;
  for (let i = 0; i < entry.produced.length; i += 2) if (!old(entry.produced[i + 1])) keep++;
  if (keep * 2 === entry.produced.length) return entry;
  const produced = new Uint32Array(keep * 2);
  let o = 0;
  for (let i = 0; i < entry.produced.length; i += 2)
    if (!old(entry.produced[i + 1])) {
      produced[o++] = entry.produced[i];
      produced[o++] = entry.produced[i + 1];
    }
  return { ...entry, produced };
}
