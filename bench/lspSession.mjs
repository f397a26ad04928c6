// A bare LSP session with the built server over stdio, for benchmarks.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  createProtocolConnection,
  StreamMessageReader,
  StreamMessageWriter,
} from 'vscode-languageserver-protocol/node';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const SERVER = path.join(repo, 'dist', 'server.js');

/** A state directory of its own: an empty check cache, so the scan reads every file. */
export function freshStateDir() {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'aifence-bench-state-'));
}

export function fileUri(p) {
  return `file://${p
    .split('/')
    .map((s) => encodeURIComponent(s))
    .join('/')}`;
}

/** Starts the server; `onDiagnostics(params)` sees every publishDiagnostics; `stateDir` holds its check cache. */
export async function startSession(
  root,
  { onDiagnostics = () => {}, onProgress = () => {}, scan = true, stateDir = freshStateDir(), env = process.env } = {},
) {
  const t0 = performance.now();
  const child = spawn(
    process.execPath,
    [...(process.env.BENCH_NODE_ARGS ? process.env.BENCH_NODE_ARGS.split(' ') : []), SERVER, '--stdio'],
    {
      stdio: ['pipe', 'pipe', 'inherit'],
      env: { ...env, AIFENCE_MANAGED_POLICY: '/nonexistent/policy.json', XDG_STATE_HOME: stateDir },
    },
  );
  const connection = createProtocolConnection(
    new StreamMessageReader(child.stdout),
    new StreamMessageWriter(child.stdin),
  );
  connection.onNotification('textDocument/publishDiagnostics', onDiagnostics);
  connection.onNotification('$/progress', onProgress);
  connection.onNotification('window/logMessage', () => {});
  connection.onNotification('aiFence/policyState', () => {});
  connection.onRequest('workspace/configuration', (p) =>
    p.items.map(() => ({ enable: true, workspaceScan: scan, maxFileSize: 10485760 })),
  );
  connection.onRequest('window/workDoneProgress/create', () => null);
  connection.onRequest('client/registerCapability', () => null);
  connection.listen();
  await connection.sendRequest('initialize', {
    processId: process.pid,
    rootUri: fileUri(root),
    workspaceFolders: [{ uri: fileUri(root), name: 'bench' }],
    capabilities: { workspace: { configuration: true }, window: { workDoneProgress: true } },
  });
  await connection.sendNotification('initialized', {});
  return {
    connection,
    startedAt: t0,
    async stop() {
      try {
        await Promise.race([connection.sendRequest('shutdown'), new Promise((r) => setTimeout(r, 2000))]);
        await connection.sendNotification('exit').catch(() => undefined);
      } catch {
        // Already gone.
      }
      // Let it exit by itself first (a profiler writes its file on exit).
      await Promise.race([new Promise((r) => child.once('exit', r)), new Promise((r) => setTimeout(r, 2000))]);
      connection.dispose();
      child.kill();
    },
  };
}
