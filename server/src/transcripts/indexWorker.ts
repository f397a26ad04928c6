// The main thread's side of the transcript index worker: one update at a
// time, answered by the worker's message. A worker that fails to start, throws
// or exits rejects the update in hand and every later one, so the caller can
// fall back instead of waiting for an answer that never comes.
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';

export interface IndexWorkerData {
  readonly env: NodeJS.ProcessEnv;
}

export interface IndexWorkerResult {
  /** Every store indexed, in index order. */
  readonly stores: readonly string[];
  /** Stores whose persisted entry changed since the last update. */
  readonly changed: readonly string[];
  readonly problems: readonly string[];
}

/** Next to the server bundle in dist/, next to this module in out/ (tests). */
export function indexWorkerScript(): string {
  return path.join(__dirname, 'transcriptIndexWorker.js');
}

export class IndexWorker {
  private readonly worker: Worker | undefined;
  private pending: { resolve: (r: IndexWorkerResult) => void; reject: (e: Error) => void } | undefined;
  private failure: Error | undefined;

  constructor(env: NodeJS.ProcessEnv) {
    try {
      this.worker = new Worker(indexWorkerScript(), { workerData: { env: { ...env } } satisfies IndexWorkerData });
    } catch (e) {
      this.failure = e as Error;
      return;
    }
    // The server's connection decides when it exits, not an idle worker.
    this.worker.unref();
    this.worker.on('message', (result: IndexWorkerResult) => {
      const p = this.pending;
      this.pending = undefined;
      p?.resolve(result);
    });
    this.worker.on('error', (e) => this.fail(e));
    this.worker.on('exit', (code) => this.fail(new Error(`exited with code ${code}`)));
  }

  update(): Promise<IndexWorkerResult> {
    if (this.failure) return Promise.reject(this.failure);
    return new Promise((resolve, reject) => {
      this.pending = { resolve, reject };
      this.worker!.postMessage(null);
    });
  }

  dispose(): void {
    this.fail(new Error('stopped'));
    void this.worker?.terminate();
  }

  private fail(e: Error): void {
    this.failure ??= e;
    const p = this.pending;
    this.pending = undefined;
    p?.reject(this.failure);
  }
}
