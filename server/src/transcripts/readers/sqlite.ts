// SQLite stores through node:sqlite: the real SQLite, read-only, with its own
// locking and WAL support, paging the file on demand. No SQLite is bundled
// (the WASM builds either load the whole file into memory and start only
// asynchronously, or lock by creating directories beside the tool's database),
// so on runtimes without node:sqlite these stores are reported and skipped.
import * as fs from 'node:fs';

export interface Rows {
  /** Rows one at a time, so a large store is never held in memory whole. */
  each(sql: string): Iterable<Record<string, unknown>>;
  close(): void;
}

const SQLITE_NEEDED = 'needs Node 22.13+ (node:sqlite) to read this SQLite store';

/** Bounds the work of one re-read: a store past this is reported, not read. */
const MAX_DATABASE_BYTES = 2 ** 31;

interface NodeSqlite {
  DatabaseSync: new (
    f: string,
    o: object,
  ) => { prepare(s: string): { iterate?(): Iterable<Record<string, unknown>> }; close(): void };
}

export function openReadOnly(file: string): Rows {
  const size = fs.statSync(file).size + walStat(file).size;
  if (size > MAX_DATABASE_BYTES)
    throw new Error(`${size} bytes with its WAL, over the ${MAX_DATABASE_BYTES}-byte limit for a SQLite store`);
  let sqlite: NodeSqlite;
  try {
    sqlite = require('node:sqlite');
  } catch {
    throw new Error(SQLITE_NEEDED);
  }
  // A store another process holds locked fails at once (no busy wait) and is retried next time.
  const db = new sqlite.DatabaseSync(file, { readOnly: true });
  return {
    each(sql) {
      const statement = db.prepare(sql);
      // iterate() arrived in 22.13; 22.5–22.12 had node:sqlite only behind a flag.
      if (!statement.iterate) throw new Error(SQLITE_NEEDED);
      return statement.iterate();
    },
    close: () => db.close(),
  };
}

/** The store's write-ahead log (the newest rows until a checkpoint), or zeros when there is none. */
export function walStat(file: string): { size: number; mtimeMs: number } {
  try {
    const s = fs.statSync(`${file}-wal`);
    return { size: s.size, mtimeMs: s.mtimeMs };
  } catch {
    return { size: 0, mtimeMs: 0 };
  }
}

/** Text of a column that holds JSON as TEXT or as a BLOB. */
export function columnText(value: unknown): string {
  if (value instanceof Uint8Array)
    return Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('utf8');
  return typeof value === 'string' ? value : '';
}
