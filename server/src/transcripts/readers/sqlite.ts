// SQLite stores through node:sqlite (Node 22.5 and later). No native module is
// bundled: on older runtimes these stores are reported as unreadable and skipped.
export interface Rows {
  all(sql: string): Record<string, unknown>[];
  close(): void;
}

export const SQLITE_NEEDED = 'needs Node 22.5+ (node:sqlite) to read this SQLite store';

export function openReadOnly(file: string): Rows {
  let sqlite: {
    DatabaseSync: new (f: string, o: object) => { prepare(s: string): { all(): unknown[] }; close(): void };
  };
  try {
    sqlite = require('node:sqlite');
  } catch {
    throw new Error(SQLITE_NEEDED);
  }
  const db = new sqlite.DatabaseSync(file, { readOnly: true });
  return {
    all: (sql) => db.prepare(sql).all() as Record<string, unknown>[],
    close: () => db.close(),
  };
}
