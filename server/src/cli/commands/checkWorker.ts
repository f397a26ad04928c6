// Worker thread of `ai-fence check`: checks the batches of files it is sent.
import { parentPort, workerData } from 'node:worker_threads';
import { checkWork, Workspace } from '../../engine';
import { walkedPolicyReader } from '../policyReader';
import type { BatchMessage, ResultMessage, WorkerSetup } from './checkPool';

const setup = workerData as WorkerSetup;
const policyFiles = new Set<string>();
const workspace = new Workspace({
  root: setup.root,
  managedPolicies: setup.managedPolicies,
  rootPolicy: setup.rootPolicy,
  maxFileBytes: setup.maxFileBytes,
  reader: walkedPolicyReader(setup.walked, policyFiles),
});

parentPort!.on('message', (msg: BatchMessage) => {
  for (const p of msg.policyFiles) policyFiles.add(p);
  // Only what the main thread records or reports crosses back: not the text or the analysis.
  const results = msg.items.map((item) => {
    const { outcome, hash } = checkWork(workspace, item, setup.maxFileBytes);
    return { outcome, hash };
  });
  parentPort!.postMessage({ ids: msg.ids, results } satisfies ResultMessage);
});
