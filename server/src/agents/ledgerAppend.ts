// Writing Agent Trace records (agent-trace.dev v0.1) to the JSONL ledger, in
// the shape of the spec's reference implementation (cursor/agent-trace
// reference/trace-store.ts): `vcs`, `tool {name, version}`, and per file one
// conversation with its `url` (the transcript, as a file: URL) and contributor.
// We add `id` (the agent's session) to the conversation and a sha256
// `content_hash` to every range, so ranges can be found after the file moves on.
//
// Many hook processes may append at once (agents run tools in parallel). Each
// record is one line written with a single write() on an O_APPEND descriptor,
// while holding `<ledger>.lock` (created with O_EXCL). O_APPEND alone keeps
// whole writes from overlapping on local Linux filesystems, but POSIX does not
// promise that for regular files (short writes, network filesystems, Windows),
// so the lock makes it hold everywhere. The lock is also what makes repairing
// a torn last line (a writer killed mid-write) safe: under it we check that
// the file ends with a newline before appending.
import { randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';

export interface TraceRange {
  /** 1-based, inclusive. */
  readonly startLine: number;
  readonly endLine: number;
  readonly contentHash: string;
}

export interface TraceFileEntry {
  /** Relative to the ledger's root directory, '/' separators. */
  readonly path: string;
  readonly ranges: readonly TraceRange[];
}

export interface TraceInput {
  readonly files: readonly TraceFileEntry[];
  /** Tool id (claude-code, codex, cursor, copilot...). */
  readonly tool: string;
  readonly toolVersion?: string;
  /** `provider/model`, when known. */
  readonly model?: string;
  readonly conversationId?: string;
  /** Where the conversation can be read (the agent's transcript file). */
  readonly conversationUrl?: string;
  readonly revision?: string;
  readonly metadata?: Readonly<Record<string, unknown>>;
  readonly now?: Date;
  readonly id?: string;
}

/** One trace record as a JSON object. */
export function traceRecord(input: TraceInput): Record<string, unknown> {
  return {
    version: '0.1.0',
    id: input.id ?? randomUUID(),
    timestamp: (input.now ?? new Date()).toISOString(),
    ...(input.revision ? { vcs: { type: 'git', revision: input.revision } } : {}),
    tool: { name: input.tool, ...(input.toolVersion ? { version: input.toolVersion } : {}) },
    files: input.files.map((f) => ({
      path: f.path,
      conversations: [
        {
          ...(input.conversationUrl ? { url: input.conversationUrl } : {}),
          ...(input.conversationId ? { id: input.conversationId } : {}),
          contributor: { type: 'ai', ...(input.model ? { model_id: input.model } : {}) },
          ranges: f.ranges.map((r) => ({ start_line: r.startLine, end_line: r.endLine, content_hash: r.contentHash })),
        },
      ],
    })),
    ...(input.metadata ? { metadata: input.metadata } : {}),
  };
}

export interface AppendOptions {
  /** How long to wait for the lock before appending without it (ms). */
  readonly lockTimeoutMs?: number;
  /** A lock file older than this is taken to be left by a dead writer (ms). */
  readonly staleLockMs?: number;
  /**
   * Skip the append when the ledger's recent records hold this text: the same tool call reaches
   * several hooks when an agent also runs another agent's hook files (its tool-use id is the text).
   */
  readonly unlessRecent?: string;
}

/** How much of the ledger's end is searched for `unlessRecent`: the hooks of one call run together. */
const RECENT_BYTES = 1024 * 1024;

export interface AppendResult {
  readonly locked: boolean;
  readonly bytes: number;
  /** Not appended: a recent record holds `unlessRecent`. */
  readonly duplicate?: boolean;
}

const sleeper = new Int32Array(new SharedArrayBuffer(4));
function sleep(ms: number): void {
  Atomics.wait(sleeper, 0, 0, ms);
}

/** Appends one JSON record as one line. Creates the ledger's directory when needed. */
export function appendRecord(ledgerFile: string, record: unknown, options: AppendOptions = {}): AppendResult {
  const line = JSON.stringify(record);
  if (line.includes('\n')) throw new Error('a ledger record must serialise to one line');
  fs.mkdirSync(path.dirname(ledgerFile), { recursive: true });
  const lockFile = `${ledgerFile}.lock`;
  const locked = acquireLock(lockFile, options.lockTimeoutMs ?? 5000, options.staleLockMs ?? 10000);
  try {
    const fd = fs.openSync(ledgerFile, 'a+');
    try {
      let prefix = '';
      if (locked) {
        const size = fs.fstatSync(fd).size;
        if (options.unlessRecent && size > 0) {
          const start = Math.max(0, size - RECENT_BYTES);
          const tail = Buffer.alloc(size - start);
          fs.readSync(fd, tail, 0, tail.length, start);
          if (tail.includes(options.unlessRecent)) return { locked, bytes: 0, duplicate: true };
        }
        if (size > 0) {
          const last = Buffer.alloc(1);
          fs.readSync(fd, last, 0, 1, size - 1);
          if (last[0] !== 0x0a) prefix = '\n';
        }
      }
      const buf = Buffer.from(`${prefix}${line}\n`, 'utf8');
      let written = fs.writeSync(fd, buf, 0, buf.length);
      // A short write only happens on full disks or odd filesystems; finish it (we hold the lock).
      while (written < buf.length) written += fs.writeSync(fd, buf, written, buf.length - written);
      return { locked, bytes: buf.length };
    } finally {
      fs.closeSync(fd);
    }
  } finally {
    if (locked) releaseLock(lockFile);
  }
}

function acquireLock(lockFile: string, timeoutMs: number, staleMs: number): boolean {
  const deadline = Date.now() + timeoutMs;
  for (let attempt = 0; ; attempt++) {
    // Checked first: a lock that can neither be taken nor removed (a directory, an unlink that fails) must not spin.
    if (attempt > 0 && Date.now() > deadline) return false;
    try {
      const fd = fs.openSync(lockFile, 'wx');
      fs.writeSync(fd, `${process.pid}\n`);
      fs.closeSync(fd);
      return true;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') return false;
    }
    try {
      if (Date.now() - fs.statSync(lockFile).mtimeMs > staleMs) {
        fs.unlinkSync(lockFile);
        continue;
      }
    } catch {
      continue; // released between our open and stat
    }
    sleep(Math.min(50, 2 + attempt * 2) + Math.floor(Math.random() * 5));
  }
}

function releaseLock(lockFile: string): void {
  try {
    fs.unlinkSync(lockFile);
  } catch {
    // already gone (taken over as stale): nothing to do
  }
}
