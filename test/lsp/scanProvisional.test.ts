// Transcript matches that come after the scan read a file, driven directly
// (the real scanner and registry, a recording connection, transcripts that
// match when the test says so): a result read soon after the file changed is
// provisional, so later scans read the file again. Over LSP the timing cannot
// be controlled, nor the window shortened.

import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, describe, test } from 'node:test';
import type { Connection } from 'vscode-languageserver';
import type { TranscriptRange } from '../../server/src/engine';
import { pathToUri } from '../../server/src/lsp/uris';
import { WorkspaceScanner } from '../../server/src/lsp/workspaceScan';
import { WorkspaceRegistry } from '../../server/src/lsp/workspaces';
import { tempDir, writeTree } from '../helpers/tmp';
import { PrivateWatchman, watchmanSkip } from '../helpers/watchman';

const PAST_RACY_WINDOW_MS = 2100;
const EVIDENCE = {
  kind: 'transcript' as const,
  tool: 'claude-code',
  model: undefined,
  session: 's1',
  at: undefined,
  store: '/s1.jsonl',
};

/** A scanner over `root` whose transcripts match `agentFile` once `indexed` is set; `onRead` sees each match attempt. */
function harness(root: string, agentFile: string, provisionalMs?: number) {
  const state = { indexed: false, onRead: (_file: string) => {} };
  const transcripts = (file: string): TranscriptRange[] => {
    const matched = file === agentFile && state.indexed;
    state.onRead(file);
    return matched ? [{ startLine: 0, endLine: 1, evidence: EVIDENCE }] : [];
  };
  const registry = new WorkspaceRegistry(
    [],
    () => undefined,
    () => ({ transcripts, transcriptsOff: () => false }),
  );
  registry.setFolders([root]);
  const diagnostics = new Map<string, { code?: unknown }[]>();
  const logs: string[] = [];
  const cacheFile = path.join(tempDir('aifence-provisional-state-'), 'cache.json');
  const scanner = new WorkspaceScanner({
    connection: {
      sendDiagnostics: async (p: { uri: string; diagnostics: { code?: unknown }[] }) =>
        diagnostics.set(p.uri, p.diagnostics),
    } as unknown as Connection,
    registry,
    isOpen: () => false,
    enabledFor: async () => ({ enabled: true, maxFileSize: 1 << 20 }),
    progressSupported: false,
    log: (m) => logs.push(m),
    cacheFile: () => cacheFile,
    unsavedEvidence: () => false,
    provisionalMs,
  });
  const scan = async () => {
    scanner.restart();
    await scanner.done;
    return logs.filter((l) => l.startsWith('workspace scan:')).at(-1);
  };
  const codes = () => (diagnostics.get(pathToUri(agentFile)) ?? []).map((d) => String(d.code));
  return { state, scanner, scan, codes, logs };
}

function workspace(): { root: string; agentFile: string } {
  const root = tempDir('aifence-provisional-');
  fs.mkdirSync(path.join(root, '.git'));
  const files: Record<string, string> = {
    '.aifence.json': '{"version": 1}',
    'a/agent.py': 'def f():\n    return 42\n',
  };
  for (let i = 0; i < 50; i++) files[`b/z${i}.py`] = `v = ${i}\n`;
  writeTree(root, files);
  return { root, agentFile: path.join(root, 'a/agent.py') };
}

describe('provisional transcript results in the workspace scan', () => {
  test('an index update that lands while a scan reads the file is matched by the scan it schedules', async () => {
    const { root, agentFile } = workspace();
    await new Promise((r) => setTimeout(r, PAST_RACY_WINDOW_MS));
    const { state, scanner, scan, codes, logs } = harness(root, agentFile);
    await scan(); // a/agent.py is clean: no session yet

    // Another session was indexed: a scan runs; while it reads a/agent.py, the agent's session lands.
    state.onRead = (file) => {
      if (file !== agentFile || state.indexed) return;
      state.indexed = true;
      scanner.scheduleRestart(); // as the server does on an index update
    };
    await scan();
    await new Promise((r) => setTimeout(r, 700)); // the scan the update scheduled
    await scanner.done;
    assert.equal(logs.filter((l) => l.startsWith('workspace scan:')).length, 3);
    assert.deepEqual(codes(), ['AIF003']);
  });

  test('a file rewritten with the same content is analysed again, not answered by the hash of its older result', async () => {
    const { root, agentFile } = workspace();
    await new Promise((r) => setTimeout(r, PAST_RACY_WINDOW_MS));
    // A 1 s window: results read 2.1 s after a change are final, and cached.
    const { state, scan, codes } = harness(root, agentFile, 1000);
    await scan();
    assert.deepEqual(codes(), []);
    // The agent writes the same bytes again, and its session is indexed.
    fs.writeFileSync(agentFile, fs.readFileSync(agentFile));
    state.indexed = true;
    await scan();
    assert.deepEqual(codes(), ['AIF003']);
    // Past the window (and the cache's racy window) the result is final: analysed against the index as it is now.
    await new Promise((r) => setTimeout(r, PAST_RACY_WINDOW_MS));
    await scan();
    assert.deepEqual(codes(), ['AIF003']);
    assert.match((await scan()) ?? '', /\(52 from the cache\)/);
    assert.deepEqual(codes(), ['AIF003']);
  });

  const skip = watchmanSkip();
  const watchman = skip ? undefined : new PrivateWatchman();
  after(() => delete process.env.WATCHMAN_SOCK);

  test('with a Watchman journal, a file read provisionally is not answered by its entry from before the change', {
    skip,
  }, async () => {
    const { root, agentFile } = workspace();
    watchman!.watch(root);
    process.env.WATCHMAN_SOCK = watchman!.sock;
    // A 1 s window: results read 2.1 s after a change are final, and cached.
    await new Promise((r) => setTimeout(r, PAST_RACY_WINDOW_MS));
    const { state, scan, codes } = harness(root, agentFile, 1000);
    assert.match((await scan()) ?? '', /\(0 from the cache\)/);
    assert.match((await scan()) ?? '', /52 from the last scan, watchman journal/);

    // An agent rewrites the file, and its session is indexed; a new file elsewhere makes the scans walk.
    fs.writeFileSync(agentFile, 'def f():\n    return 43\n');
    state.indexed = true;
    fs.writeFileSync(path.join(root, 'b/new1.py'), 'n = 1\n');
    assert.match((await scan()) ?? '', /watchman journal/);
    assert.deepEqual(codes(), ['AIF003']);
    fs.writeFileSync(path.join(root, 'b/new2.py'), 'n = 2\n');
    assert.match((await scan()) ?? '', /watchman journal/);
    assert.deepEqual(codes(), ['AIF003']);
  });
});
