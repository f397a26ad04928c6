// An accepted inline suggestion is recorded in the ledger by the real server,
// and the ledger then makes its lines unlabeled AI code (AIF003).
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, test } from 'node:test';
import { TextLines } from '../../server/src/engine/provenance/lines';
import { pathToUri } from '../../server/src/lsp/uris';
import { RecordCompletionRequest } from '../../server/src/protocol';
import { gitInit, tempDir, writeTree } from '../helpers/tmp';
import { TestClient } from './lspClient';

const TEXT = 'export function add(a: number, b: number) {\n  return a + b;\n}\n';

let client: TestClient | undefined;
after(async () => client?.stop());

test('the inserted lines become an Agent Trace range in the root ledger, then AIF003', async () => {
  const repo = tempDir('aifence-completion-');
  gitInit(repo);
  writeTree(repo, { '.aifence.json': JSON.stringify({ version: 1 }), 'src/a.ts': TEXT });
  client = await TestClient.start({ root: repo, initializationOptions: { trusted: true } });
  const { uri } = client.open(path.join(repo, 'src/a.ts'), TEXT, 'typescript');
  await client.diagnosticsFor(uri, 1);
  const result = await client.connection.sendRequest(RecordCompletionRequest.type, {
    uri,
    startLine: 1,
    endLine: 1,
    tool: 'copilot',
  });
  const ledger = path.join(repo, '.agent-trace/traces.jsonl');
  assert.deepEqual(result, { ledger });
  const records = fs
    .readFileSync(ledger, 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l));
  assert.equal(records.length, 1);
  assert.deepEqual(records[0].tool, { name: 'copilot' });
  assert.deepEqual(records[0].metadata, { 'dev.ai-fence': { source: 'completion' } });
  assert.equal(records[0].files[0].path, 'src/a.ts');
  assert.deepEqual(records[0].files[0].conversations[0].ranges, [
    { start_line: 2, end_line: 2, content_hash: new TextLines(TEXT).rangeHash(1, 1) },
  ]);
  client.watchedFilesChanged([{ uri: pathToUri(ledger), type: 1 }]);
  const d = await client.waitFor('AIF003 from the ledger', () => {
    const ds = client?.diagnostics.get(uri)?.diagnostics ?? [];
    return ds.length ? ds : undefined;
  });
  assert.deepEqual(
    d.map((x) => [x.code, x.range.start.line, x.range.end.line]),
    [['AIF003', 1, 1]],
  );
  // Lines the document does not have are refused, and nothing is written.
  assert.equal(
    await client.connection.sendRequest(RecordCompletionRequest.type, {
      uri,
      startLine: 2,
      endLine: 9,
      tool: 'copilot',
    }),
    null,
  );
  assert.equal(fs.readFileSync(ledger, 'utf8').trim().split('\n').length, 1);
});

test('untrusted: nothing is recorded', async () => {
  const repo = tempDir('aifence-completion-');
  gitInit(repo);
  writeTree(repo, { 'src/a.ts': TEXT });
  const c = await TestClient.start({ root: repo });
  try {
    const { uri } = c.open(path.join(repo, 'src/a.ts'), TEXT, 'typescript');
    await c.diagnosticsFor(uri, 1);
    const r = await c.connection.sendRequest(RecordCompletionRequest.type, {
      uri,
      startLine: 1,
      endLine: 1,
      tool: 'x',
    });
    assert.equal(r, null);
    assert.equal(fs.existsSync(path.join(repo, '.agent-trace')), false);
  } finally {
    await c.stop();
  }
});
