// The main thread's side of the transcript index worker: one update at a
// time, answered by the worker's message. A worker that fails to start, throws
// or exits rejects the update in hand and every later one, so the caller can
// fall back instead of waiting for an answer that never comes. A worker that
// hangs (a reader looping on some input) is noticed by a deadline: a pass may
// take a generous base time plus its bytes at a rate far below the indexer's
// (about 30 MB/s), past which the worker is terminated and the update
// rejected with an IndexWorkerTimeout.
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';

export interface IndexWorkerData {
  readonly env: NodeJS.ProcessEnv;
}

/** Sent before a pass: the bytes the stores hold, at most what it reads. */
export interface IndexWorkerProgress {
  readonly bytes: number;
}

export interface IndexWorkerResult {
  /** Every store indexed, in index order. */
  readonly stores: readonly string[];
  /** Stores whose persisted entry changed since the last update. */
  readonly changed: readonly string[];
  readonly problems: readonly string[];
}

/** Time a pass may take besides reading its bytes (listing, starting the worker); tests shorten it. */
const BASE_MS = 30_000;
/** The slowest reading tolerated, in bytes per millisecond: 1 MB/s. */
const MIN_BYTES_PER_MS = 1_000;

export class IndexWorkerTimeout extends Error {}

/** Next to the server bundle in dist/, next to this module in out/ (tests). */
export function indexWorkerScript(): string {
  return path.join(__dirname, 'transcriptIndexWorker.js');
}

export class TranscriptIndexClient {
  private readonly worker: Worker | undefined;
  private readonly baseMs: number;
  private pending: { resolve: (r: IndexWorkerResult) => void; reject: (e: Error) => void } | undefined;
  private deadline: NodeJS.Timeout | undefined;
  private failure: Error | undefined;

  constructor(env: NodeJS.ProcessEnv) {
    this.baseMs = Number(env.AIFENCE_INDEX_WORKER_BASE_MS) || BASE_MS;
    try {
      this.worker = new Worker(indexWorkerScript(), { workerData: { env: { ...env } } satisfies IndexWorkerData });
    } catch (e) {
      this.failure = e as Error;
      return;
    }
    // The server's connection decides when it exits, not an idle worker.
    this.worker.unref();
    this.worker.on('message', (message: IndexWorkerProgress | IndexWorkerResult) => {
      if ('bytes' in message) return this.expectWithin(this.baseMs + message.bytes / MIN_BYTES_PER_MS);
      clearTimeout(this.deadline);
      const p = this.pending;
      this.pending = undefined;
      p?.resolve(message);
    });
    this.worker.on('error', (e) => this.fail(e));
    this.worker.on('exit', (code) => this.fail(new Error(`exited with code ${code}`)));
  }

  update(): Promise<IndexWorkerResult> {
    if (this.failure) return Promise.reject(this.failure);
    return new Promise((resolve, reject) => {
      this.pending = { resolve, reject };
      this.expectWithin(this.baseMs);
      this.worker!.postMessage(null);
    });
  }

  dispose(): void {
    this.fail(new Error('stopped'));
    void this.worker?.terminate();
  }

  /** (Re)arms the deadline for the answer in hand. */
  private expectWithin(ms: number): void {
    clearTimeout(this.deadline);
    this.deadline = setTimeout(() => {
      this.fail(new IndexWorkerTimeout(`did not answer within ${Math.round(ms / 1000)} s`));
      void this.worker?.terminate();
    }, ms);
    this.deadline.unref();
  }

  private fail(e: Error): void {
    clearTimeout(this.deadline);
    this.failure ??= e;
    const p = this.pending;
    this.pending = undefined;
    p?.reject(this.failure);
  }
}
