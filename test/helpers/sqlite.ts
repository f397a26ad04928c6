// Real SQLite files for the Cursor, Cursor CLI and opencode readers, written by the
// provisioned Node 24's node:sqlite (the same SQLite the readers use), and
// other processes holding them open the way the tools do.
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import * as path from 'node:path';
import { REPO_ROOT } from './tmp';

/** Node 24 from scripts/provision.mjs (test:report provisions it first): it has node:sqlite. */
export function sqliteNode(): string {
  const out = execFileSync(process.execPath, [path.join(REPO_ROOT, 'scripts', 'provision.mjs')], { encoding: 'utf8' });
  return JSON.parse(out).node24;
}

/** A Buffer is stored as a BLOB, anything else as itself. */
export type Row = readonly (string | number | Buffer)[];

export interface Statement {
  readonly sql: string;
  readonly rows?: readonly Row[];
}

// Runs statements, then (held) prints "ready" and keeps the connection open until stdin closes.
const SCRIPT = `
const { DatabaseSync } = require('node:sqlite');
const [file, json, held] = process.argv.slice(1);
const db = new DatabaseSync(file);
for (const s of JSON.parse(json)) {
  if (!s.rows) { db.exec(s.sql); continue; }
  const st = db.prepare(s.sql);
  for (const r of s.rows) st.run(...r.map((v) => (v && v.blob ? Buffer.from(v.blob, 'base64') : v)));
}
if (held) { console.log('ready'); process.stdin.on('end', () => db.close()).resume(); } else db.close();
`;

// JSON.stringify has already turned a Buffer into {type: 'Buffer', data} when the replacer sees it.
function encode(statements: readonly Statement[]): string {
  return JSON.stringify(statements, (_k, v) =>
    v?.type === 'Buffer' && Array.isArray(v.data) ? { blob: Buffer.from(v.data).toString('base64') } : v,
  );
}

/** Creates or changes a database and closes it. */
export function sqliteRun(node: string, file: string, statements: readonly Statement[]): void {
  execFileSync(node, ['-e', SCRIPT, file, encode(statements)], { stdio: ['ignore', 'ignore', 'inherit'] });
}

export interface Holder {
  release(): Promise<void>;
}

/** Another process that runs statements and keeps the database open (and any transaction it began) until released. */
export async function sqliteHold(node: string, file: string, statements: readonly Statement[]): Promise<Holder> {
  const child: ChildProcess = spawn(node, ['-e', SCRIPT, file, encode(statements), 'held'], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
  await new Promise<void>((resolve, reject) => {
    child.stdout?.on('data', (d: Buffer) => d.toString().includes('ready') && resolve());
    child.on('exit', (code) => reject(new Error(`sqlite holder exited ${code} before it was ready`)));
  });
  return {
    async release() {
      child.stdin?.end();
      await exited;
    },
  };
}
