// A worker thread of the transcript index pool (indexPool.ts): refreshes the stores it
// is sent, writes their entry files, and answers with the entries.
import { workerData } from 'node:worker_threads';
import type { WorkerAnswer, WorkerJob, WorkerSetup } from './indexPool';
import { READERS } from './readers';
import { indexStore } from './storeRefresh';

const setup = workerData as WorkerSetup;
const signal = new Int32Array(setup.signal);

setup.port.on('message', (job: WorkerJob) => {
  const result = indexStore(READERS[job.reader], job.store, job.file, job.old, job.cutoff);
  setup.port.postMessage({ id: job.id, result } satisfies WorkerAnswer);
  // Wakes the indexing thread, asleep in Atomics.wait.
  Atomics.add(signal, 0, 1);
  Atomics.notify(signal, 0);
});
