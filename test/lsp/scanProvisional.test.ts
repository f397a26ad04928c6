// Transcript matches that come after the scan read a file, driven directly
// (the real scanner and registry, a recording connection): a file's result
// read soon after it changed is provisional, so the scan an index update
// schedules reads it again, even when the update lands while a scan runs.
// Over LSP the timing cannot be controlled.

import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import type { Connection } from 'vscode-languageserver';
import type { TranscriptRange } from '../../server/src/engine';
import { pathToUri } from '../../server/src/lsp/uris';
import { WorkspaceScanner } from '../../server/src/lsp/workspaceScan';
import { WorkspaceRegistry } from '../../server/src/lsp/workspaces';
import { tempDir, writeTree } from '../helpers/tmp';

const PAST_RACY_WINDOW_MS = 2100;

test('an index update that lands while a scan reads the file is matched by the scan it schedules', async () => {
  const root = tempDir('aifence-provisional-');
  fs.mkdirSync(path.join(root, '.git'));
  const files: Record<string, string> = {
    '.aifence.json': '{"version": 1}',
    'a/agent.py': 'def f():\n    return 42\n',
  };
  for (let i = 0; i < 50; i++) files[`a/z${i}.py`] = `v = ${i}\n`;
  writeTree(root, files);
  const agentFile = path.join(root, 'a/agent.py');
  await new Promise((r) => setTimeout(r, PAST_RACY_WINDOW_MS));

  let indexed = false;
  let updateWhileRead = false;
  let scanner: WorkspaceScanner | undefined;
  const transcripts = (file: string): TranscriptRange[] => {
    const matched = file === agentFile && indexed;
    if (file === agentFile && updateWhileRead && !indexed) {
      // The agent's session reaches the index just after this scan read its file; the server restarts the scan.
      indexed = true;
      scanner!.scheduleRestart();
    }
    const evidence = {
      kind: 'transcript' as const,
      tool: 'claude-code',
      model: undefined,
      session: 's1',
      at: undefined,
      store: '/s1.jsonl',
    };
    return matched ? [{ startLine: 0, endLine: 1, evidence }] : [];
  };
  const registry = new WorkspaceRegistry(
    [],
    () => undefined,
    () => ({ transcripts, transcriptsOff: () => false }),
  );
  registry.setFolders([root]);
  const diagnostics = new Map<string, unknown[]>();
  const logs: string[] = [];
  const cacheFile = path.join(tempDir('aifence-provisional-state-'), 'cache.json');
  scanner = new WorkspaceScanner({
    connection: {
      sendDiagnostics: async (p: { uri: string; diagnostics: unknown[] }) => diagnostics.set(p.uri, p.diagnostics),
    } as unknown as Connection,
    registry,
    isOpen: () => false,
    enabledFor: async () => ({ enabled: true, maxFileSize: 1 << 20 }),
    progressSupported: false,
    log: (m) => logs.push(m),
    cacheFile: () => cacheFile,
    unsavedEvidence: () => false,
  });
  scanner.restart();
  await scanner.done; // a/agent.py is clean: no session yet

  // Another session was indexed: a scan runs; while it reads a/agent.py, the agent's session lands.
  updateWhileRead = true;
  scanner.restart();
  await scanner.done;
  await new Promise((r) => setTimeout(r, 700)); // the scan the update scheduled
  await scanner.done;
  assert.equal(logs.filter((l) => l.startsWith('workspace scan:')).length, 3);
  assert.deepEqual(
    (diagnostics.get(pathToUri(agentFile)) as { code: string }[] | undefined)?.map((d) => d.code),
    ['AIF003'],
  );
});
