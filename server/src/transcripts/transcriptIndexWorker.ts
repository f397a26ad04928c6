// Worker thread of the language server's transcript index: runs the indexer
// (reading the stores and persisting their entries) when asked, and answers
// which stores it holds and which changed. Only store names cross back: the
// main thread loads the changed entries from the cache directory. Before a
// pass it tells how many bytes the stores hold, which sets the main thread's
// deadline for the answer.
import { parentPort, workerData } from 'node:worker_threads';
import type { StoreEntry } from './storeEntry';
import { storeBytes, updateStores } from './storeUpdate';
import type { IndexWorkerData, IndexWorkerProgress, IndexWorkerResult } from './transcriptIndexClient';

const { env } = workerData as IndexWorkerData;
const memory = new Map<string, StoreEntry>();

parentPort!.on('message', () => {
  parentPort!.postMessage({ bytes: storeBytes(env) } satisfies IndexWorkerProgress);
  const { entries, changed, problems } = updateStores(env, memory);
  parentPort!.postMessage({
    stores: entries.map((e) => e.meta.store),
    changed,
    problems,
  } satisfies IndexWorkerResult);
});
