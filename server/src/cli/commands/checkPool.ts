// Runs `ai-fence check` over many files on worker threads: reading and
// prefiltering 100k files is I/O and CPU in equal parts, so two threads
// overlap them. Results come back in the order of the input.
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { SkipReason } from '../../engine/io/workspace';
import type { Finding } from '../../engine/provenance/findings';

export interface WorkerSetup {
  readonly root: string;
  readonly managedPolicies: readonly string[];
  readonly rootPolicy: string | undefined;
  readonly maxFileBytes: number | undefined;
  readonly walked: readonly string[];
  readonly policyFiles: readonly string[];
}

export interface FileOutcome {
  readonly skip?: SkipReason;
  /** Why the file was skipped. */
  readonly message?: string;
  readonly findings?: readonly Finding[];
}

const BATCH = 256;

export function workerScript(): string {
  return path.join(__dirname, 'checkWorker.js');
}

export async function checkInWorkers(
  files: readonly string[],
  setup: WorkerSetup,
  threads: number,
  onProgress?: (done: number) => void,
): Promise<FileOutcome[]> {
  const results: FileOutcome[] = new Array(files.length);
  let next = 0;
  let done = 0;
  const workers = Array.from({ length: threads }, () => new Worker(workerScript(), { workerData: setup }));
  try {
    await Promise.all(
      workers.map(
        (worker) =>
          new Promise<void>((resolve, reject) => {
            const feed = () => {
              if (next >= files.length) {
                resolve();
                return;
              }
              const start = next;
              next = Math.min(files.length, next + BATCH);
              worker.postMessage({ start, files: files.slice(start, next) });
            };
            worker.on('message', (msg: { start: number; outcomes: FileOutcome[] }) => {
              for (const [i, o] of msg.outcomes.entries()) results[msg.start + i] = o;
              done += msg.outcomes.length;
              onProgress?.(done);
              feed();
            });
            worker.on('error', reject);
            worker.on('exit', (code) => {
              if (code !== 0) reject(new Error(`check worker exited with code ${code}`));
            });
            feed();
          }),
      ),
    );
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
  return results;
}
