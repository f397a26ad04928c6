// Worker thread of `ai-fence check`: checks the batches of files it is sent.
import { parentPort, workerData } from 'node:worker_threads';
import { Workspace } from '../../engine/io/workspace';
import { walkedPolicyReader } from '../policyReader';
import type { FileOutcome, WorkerSetup } from './checkPool';

const setup = workerData as WorkerSetup;
const workspace = new Workspace({
  root: setup.root,
  managedPolicies: setup.managedPolicies,
  rootPolicy: setup.rootPolicy,
  maxFileBytes: setup.maxFileBytes,
  reader: walkedPolicyReader(setup.walked, setup.policyFiles),
});

parentPort!.on('message', (msg: { start: number; files: string[] }) => {
  const outcomes: FileOutcome[] = msg.files.map((file) => {
    const r = workspace.checkFile(file);
    if (r.kind === 'skip') return { skip: r.reason, message: r.message };
    return r.analysis?.findings.length ? { findings: r.analysis.findings } : {};
  });
  parentPort!.postMessage({ start: msg.start, outcomes });
});
