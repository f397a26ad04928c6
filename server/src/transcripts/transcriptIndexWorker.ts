// Worker thread of the language server's transcript index: runs the indexer
// (reading the stores and persisting their entries) when asked, and answers
// which stores it holds and which changed. Only store names cross back: the
// main thread loads the changed entries from the cache directory.
import { parentPort, workerData } from 'node:worker_threads';
import type { IndexWorkerData, IndexWorkerResult } from './indexWorker';
import type { StoreEntry } from './storeEntry';
import { updateStores } from './storeUpdate';

const { env } = workerData as IndexWorkerData;
const memory = new Map<string, StoreEntry>();

parentPort!.on('message', () => {
  const { entries, changed, problems } = updateStores(env, memory);
  parentPort!.postMessage({
    stores: entries.map((e) => e.meta.store),
    changed,
    problems,
  } satisfies IndexWorkerResult);
});
