// One transcript store's part of the index, and its file on disk: hashes and
// metadata only, never text. Layout (little endian):
//   "AIFT" | u32 format | u32 json length | JSON metadata | u32 n | n × u32 hash | n × record index
//   | u32 m | m × u32 shownKey
// Record indexes are u16 while a store has at most 65536 records, else u32.
// Hash and record are the produced fingerprints; the keys are what each session was shown
// (fingerprint mixed with the session, see shownKey), kept so that a later
// append is still measured against it.
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { threadId } from 'node:worker_threads';
import { K, W } from './fingerprint';
import type { Carry } from './record';

const MAGIC = 0x54464941; // "AIFT"
/** Changes whenever the tokeniser, K, W or this layout change: older files are rebuilt. */
export const FORMAT = 1000 + K * 10 + W + 4;

/** A record that contributed fingerprints: [session index, model index, time in epoch ms, store line, key]. */
export type RecordMeta = [number, number | null, number | null, number | null, string | null];

export interface StoreMeta {
  readonly store: string;
  readonly source: string;
  readonly tool: string;
  /** Size and modification time when last read, bytes consumed (line stores) and lines consumed. */
  size: number;
  mtimeMs: number;
  offset: number;
  lines: number;
  /** Hash of the first bytes: a different head means the file was replaced. */
  head: string;
  carry?: Carry;
  skipped: number;
  error?: string;
  sessions: string[];
  /** Model names, stored once and referred to by records. */
  models: string[];
  records: RecordMeta[];
}

export interface StoreEntry {
  readonly meta: StoreMeta;
  /** Pairs (hash, record index). */
  produced: Uint32Array;
  /** shownKey(hash, session) of every fingerprint a session was shown. */
  shown: Uint32Array;
}

/** One u32 for "session s was shown fingerprint h"; a rare collision only drops a produced fingerprint. */
export function shownKey(hash: number, session: number): number {
  return (hash ^ Math.imul(session + 1, 0x9e3779b1)) >>> 0;
}

export function emptyEntry(store: string, source: string, tool: string): StoreEntry {
  return {
    meta: {
      store,
      source,
      tool,
      size: 0,
      mtimeMs: 0,
      offset: 0,
      lines: 0,
      head: '',
      skipped: 0,
      sessions: [],
      models: [],
      records: [],
    },
    produced: new Uint32Array(0),
    shown: new Uint32Array(0),
  };
}

/** The index file of one store inside the cache directory. */
export function entryFile(dir: string, store: string): string {
  return path.join(dir, `${createHash('sha1').update(store).digest('hex')}.bin`);
}

export function encodeEntry(entry: StoreEntry): Buffer {
  const json = Buffer.from(JSON.stringify(entry.meta), 'utf8');
  const n = entry.produced.length / 2;
  const wide = entry.meta.records.length > 0xffff;
  const out = Buffer.alloc(12 + json.length + 4 + n * (wide ? 8 : 6) + 4 + entry.shown.byteLength);
  let o = 0;
  o = out.writeUInt32LE(MAGIC, o);
  o = out.writeUInt32LE(FORMAT, o);
  o = out.writeUInt32LE(json.length, o);
  o += json.copy(out, o);
  o = out.writeUInt32LE(n, o);
  // Whole columns copied as bytes (the typed arrays are little endian like the file, as in decodeEntry).
  const hashes = new Uint32Array(n);
  const recordOf = wide ? new Uint32Array(n) : new Uint16Array(n);
  for (let i = 0; i < n; i++) {
    hashes[i] = entry.produced[2 * i];
    recordOf[i] = entry.produced[2 * i + 1];
  }
  o += bytesOf(hashes).copy(out, o);
  o += bytesOf(recordOf).copy(out, o);
  o = out.writeUInt32LE(entry.shown.length, o);
  bytesOf(entry.shown).copy(out, o);
  return out;
}

const bytesOf = (a: Uint32Array | Uint16Array) => Buffer.from(a.buffer, a.byteOffset, a.byteLength);

/** The entry in `bytes`, or undefined when they are not a current, intact entry file. */
export function decodeEntry(bytes: Buffer): StoreEntry | undefined {
  try {
    if (bytes.readUInt32LE(0) !== MAGIC || bytes.readUInt32LE(4) !== FORMAT) return undefined;
    const jsonLength = bytes.readUInt32LE(8);
    const meta = JSON.parse(bytes.toString('utf8', 12, 12 + jsonLength)) as StoreMeta;
    if (
      typeof meta.store !== 'string' ||
      !Array.isArray(meta.records) ||
      !Array.isArray(meta.sessions) ||
      !Array.isArray(meta.models)
    )
      return undefined;
    const wide = meta.records.length > 0xffff;
    let o = 12 + jsonLength;
    const n = bytes.readUInt32LE(o);
    o += 4;
    if (o + n * (wide ? 8 : 6) + 4 > bytes.length) return undefined;
    // Whole columns copied into typed arrays (aligned copies), not read value by value.
    const column = (at: number, size: number) =>
      bytes.buffer.slice(bytes.byteOffset + at, bytes.byteOffset + at + size * n);
    const hashes = new Uint32Array(column(o, 4));
    o += 4 * n;
    const recordOf = wide ? new Uint32Array(column(o, 4)) : new Uint16Array(column(o, 2));
    const produced = new Uint32Array(2 * n);
    for (let i = 0; i < n; i++) {
      if (recordOf[i] >= meta.records.length) return undefined;
      produced[2 * i] = hashes[i];
      produced[2 * i + 1] = recordOf[i];
    }
    o += (wide ? 4 : 2) * n;
    const m = bytes.readUInt32LE(o);
    o += 4;
    if (o + m * 4 !== bytes.length) return undefined;
    const shown = new Uint32Array(m);
    Buffer.from(shown.buffer).set(bytes.subarray(o));
    return { meta, produced, shown };
  } catch {
    return undefined;
  }
}

export function readEntry(file: string): StoreEntry | undefined {
  try {
    return decodeEntry(fs.readFileSync(file));
  } catch {
    return undefined;
  }
}

/** Writes to a temporary file and renames it over the old one, so readers never see half a file. */
export function writeEntry(file: string, entry: StoreEntry): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  // Per process and thread: index workers write entry files too.
  const tmp = `${file}.${process.pid}-${threadId}.tmp`;
  fs.writeFileSync(tmp, encodeEntry(entry), { mode: 0o600 });
  fs.renameSync(tmp, file);
}
