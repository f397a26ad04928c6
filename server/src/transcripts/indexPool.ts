// Refreshes stores on worker threads too when a build is large enough to pay
// for starting them: each worker reads, tokenises, fingerprints and writes
// whole stores and sends their entries back, while this thread indexes stores
// from the same queue (one thread fewer to start cold, no entries to clone).
// The caller's API stays synchronous (the CLI, `check --transcripts` and the
// language server call updateIndex), so between its own stores this thread
// takes the workers' answers with receiveMessageOnPort, and once the queue is
// empty it sleeps on a shared counter the workers bump. A worker that does not
// answer in time (crashed, or starved) is given up on and its stores are
// indexed here: never a hang.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { MessageChannel, type MessagePort, receiveMessageOnPort, Worker } from 'node:worker_threads';
import { READERS } from './readers';
import type { SourceReader } from './record';
import type { StoreEntry } from './storeEntry';
import { indexStore, planRefresh, type Refresh } from './storeRefresh';

export interface StoreJob {
  readonly reader: SourceReader;
  readonly store: string;
  /** Its entry file. */
  readonly file: string;
  readonly old: StoreEntry | undefined;
}

/** Main → worker. */
export interface WorkerJob {
  readonly id: number;
  /** Index of the reader in READERS (readers are code, they do not cross threads). */
  readonly reader: number;
  readonly store: string;
  readonly file: string;
  readonly old: StoreEntry | undefined;
  readonly cutoff: number | undefined;
}

/** Worker → main. */
export interface WorkerAnswer {
  readonly id: number;
  readonly result: Refresh;
}

export interface WorkerSetup {
  /** Int32Array over a SharedArrayBuffer: [0] counts answers posted, to wake this thread. */
  readonly signal: SharedArrayBuffer;
  readonly port: MessagePort;
}

/** Below this many bytes to read, starting workers (tens of milliseconds each) costs more than it saves. */
const PARALLEL_MIN_BYTES = 8 << 20;
/** Threads indexing at once, this one included. */
const MAX_THREADS = 2;
/** Jobs a worker holds at once: one in work, one waiting, so it never idles while this thread indexes a store or sleeps. */
const IN_HAND = 2;
/** A worker that answers nothing for this long plus a second per megabyte in hand is given up on. */
const STALL_MS = 20_000;

export function workerScript(): string {
  return path.join(__dirname, 'indexPoolWorker.js');
}

/** Refreshes every job's store, in parallel when it pays; results in job order, and how many worker threads ran. */
export function refreshStores(
  jobs: readonly StoreJob[],
  cutoff: number | undefined,
  pool: boolean,
): { results: Refresh[]; workers: number } {
  const results: (Refresh | undefined)[] = new Array(jobs.length);
  const here = (i: number) => {
    const j = jobs[i];
    results[i] = indexStore(j.reader, j.store, j.file, j.old, cutoff);
  };
  const sizes = jobs.map((j, i) => {
    const plan = planRefresh(j.reader, j.store, j.old, cutoff);
    if ('kept' in plan) results[i] = plan.kept;
    return 'bytes' in plan ? plan.bytes : 0;
  });
  const toRead = jobs.map((_, i) => i).filter((i) => results[i] === undefined);
  // Largest first, so the last job to finish is a small one.
  const parallel = toRead
    .filter((i) => sizes[i] > 0 && READERS.includes(jobs[i].reader))
    .sort((a, b) => sizes[b] - sizes[a]);
  const total = parallel.reduce((n, i) => n + sizes[i], 0);
  const workers = Math.min(MAX_THREADS, os.availableParallelism(), parallel.length) - 1;
  if (!pool || total < PARALLEL_MIN_BYTES || workers < 1 || !fs.existsSync(workerScript())) {
    for (const i of toRead) here(i);
    return { results: results as Refresh[], workers: 0 };
  }
  runPool(workers, parallel, jobs, sizes, cutoff, here, (id, result) => {
    results[id] = result;
  });
  // Jobs no worker could take (custom readers), and any a stalled worker held.
  for (const i of toRead) if (results[i] === undefined) here(i);
  return { results: results as Refresh[], workers };
}

function runPool(
  count: number,
  queue: number[],
  jobs: readonly StoreJob[],
  sizes: readonly number[],
  cutoff: number | undefined,
  here: (id: number) => void,
  done: (id: number, result: Refresh) => void,
): void {
  const signal = new Int32Array(new SharedArrayBuffer(4));
  const workers = Array.from({ length: count }, () => {
    const { port1, port2 } = new MessageChannel();
    const setup: WorkerSetup = { signal: signal.buffer as SharedArrayBuffer, port: port2 };
    const worker = new Worker(workerScript(), { workerData: setup, transferList: [port2] });
    worker.unref();
    return { worker, port: port1, inHand: new Set<number>(), lastAnswer: Date.now() };
  });
  const send = (w: (typeof workers)[number]) => {
    while (w.inHand.size < IN_HAND && queue.length) {
      const id = queue.shift() as number;
      const j = jobs[id];
      const message: WorkerJob = {
        id,
        reader: READERS.indexOf(j.reader),
        store: j.store,
        file: j.file,
        old: j.old,
        cutoff,
      };
      w.port.postMessage(message);
      w.inHand.add(id);
    }
  };
  try {
    let live = [...workers];
    for (const w of live) send(w);
    while (queue.length || live.some((w) => w.inHand.size > 0)) {
      const seen = Atomics.load(signal, 0);
      let answered = false;
      for (const w of live) {
        for (let m = receiveMessageOnPort(w.port); m; m = receiveMessageOnPort(w.port)) {
          const answer = m.message as WorkerAnswer;
          w.inHand.delete(answer.id);
          w.lastAnswer = Date.now();
          done(answer.id, answer.result);
          answered = true;
        }
        send(w);
      }
      if (answered) continue;
      // Work here rather than wait; the workers hold the next jobs meanwhile.
      if (queue.length) {
        here(queue.shift() as number);
        continue;
      }
      // A stalled worker's jobs go back to the caller (left undone), and it gets no more.
      const now = Date.now();
      live = live.filter((w) => {
        const budget = STALL_MS + [...w.inHand].reduce((ms, id) => ms + sizes[id] / 1000, 0);
        return w.inHand.size === 0 || now - w.lastAnswer < budget;
      });
      Atomics.wait(signal, 0, seen, 1000);
    }
  } finally {
    for (const w of workers) {
      w.port.close();
      void w.worker.terminate();
    }
  }
}
