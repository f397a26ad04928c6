// Checks files for `ai-fence check` on worker threads while the main thread
// walks: files are handed over in batches as the walk finds them, each worker
// has at most two batches in hand, and once the walk is done the main thread
// checks queued batches alongside the workers. Results come back by id.
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { PendingCheck, WorkResult } from '../../engine';

export interface WorkerSetup {
  readonly root: string;
  readonly managedPolicies: readonly string[];
  readonly rootPolicy: string | undefined;
  readonly maxFileBytes: number;
  readonly walked: readonly string[];
}

/** Main → worker: the policy files found since the last batch, then the batch. */
export interface BatchMessage {
  readonly policyFiles: readonly string[];
  readonly ids: readonly number[];
  readonly items: readonly PendingCheck[];
}

/** Worker → main. */
export interface ResultMessage {
  readonly ids: readonly number[];
  readonly results: readonly WorkResult[];
}

interface Batch {
  ids: number[];
  items: PendingCheck[];
}

const BATCH = 128;
const IN_HAND = 2;
/**
 * A worker's short-lived allocations (file bytes, texts, analyses) die young:
 * a smaller young generation than V8's default costs no measurable CPU and
 * lowers the peak RSS of a big check (bench/RESULTS.md).
 */
const WORKER_YOUNG_GENERATION_MB = 8;

export function workerScript(): string {
  return path.join(__dirname, 'checkWorker.js');
}

export class CheckPool {
  private readonly workers: { worker: Worker; inHand: number; policiesSent: number }[] = [];
  private readonly queue: Batch[] = [];
  private current: Batch = { ids: [], items: [] };
  private answered: (() => void) | undefined;
  private failure: Error | undefined;

  constructor(
    private readonly setup: WorkerSetup,
    /** Every policy file found so far; grows during the walk. */
    private readonly policyFiles: readonly string[],
    private readonly onResult: (id: number, result: WorkResult) => void,
  ) {}

  get started(): boolean {
    return this.workers.length > 0;
  }

  /** Starts the workers; until then (and without them) `finish` checks everything on the main thread. */
  start(count: number): void {
    for (let i = 0; i < count; i++) {
      const worker = new Worker(workerScript(), {
        workerData: this.setup,
        resourceLimits: { maxYoungGenerationSizeMb: WORKER_YOUNG_GENERATION_MB },
      });
      const slot = { worker, inHand: 0, policiesSent: 0 };
      worker.on('message', (msg: ResultMessage) => {
        for (let k = 0; k < msg.ids.length; k++) this.onResult(msg.ids[k], msg.results[k]);
        slot.inHand--;
        this.dispatch();
        this.answered?.();
      });
      worker.on('error', (e) => this.fail(e));
      worker.on('exit', (code) => code !== 0 && this.fail(new Error(`check worker exited with code ${code}`)));
      this.workers.push(slot);
    }
    this.dispatch();
  }

  add(id: number, item: PendingCheck): void {
    this.current.ids.push(id);
    this.current.items.push(item);
    if (this.current.ids.length >= BATCH) this.flush();
  }

  /** Checks what is left, on the workers and with `checkHere` on this thread, then stops the workers. */
  async finish(checkHere: (item: PendingCheck) => WorkResult): Promise<void> {
    this.flush();
    try {
      while (this.queue.length || this.workers.some((w) => w.inHand > 0)) {
        if (this.failure) throw this.failure;
        const batch = this.queue.shift();
        if (batch) {
          for (let k = 0; k < batch.ids.length; k++) this.onResult(batch.ids[k], checkHere(batch.items[k]));
          await new Promise((r) => setImmediate(r));
        } else await new Promise<void>((r) => (this.answered = r));
      }
      if (this.failure) throw this.failure;
    } finally {
      await Promise.all(this.workers.map((w) => w.worker.terminate()));
    }
  }

  private flush(): void {
    if (!this.current.ids.length) return;
    this.queue.push(this.current);
    this.current = { ids: [], items: [] };
    this.dispatch();
  }

  private dispatch(): void {
    for (const slot of this.workers) {
      while (slot.inHand < IN_HAND && this.queue.length) {
        const batch = this.queue.shift()!;
        const message: BatchMessage = {
          policyFiles: this.policyFiles.slice(slot.policiesSent),
          ids: batch.ids,
          items: batch.items,
        };
        slot.policiesSent = this.policyFiles.length;
        slot.inHand++;
        slot.worker.postMessage(message);
      }
    }
  }

  private fail(e: Error): void {
    this.failure ??= e;
    this.answered?.();
  }
}
