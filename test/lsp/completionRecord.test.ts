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

const clients: TestClient[] = [];
after(async () => {
  for (const c of clients) await c.stop();
});

/** A repository with src/a.ts open in the real server. */
async function openRepo(trusted: boolean) {
  const repo = tempDir('aifence-completion-');
  gitInit(repo);
  writeTree(repo, { '.aifence.json': JSON.stringify({ version: 1 }), 'src/a.ts': TEXT });
  const client = await TestClient.start({ root: repo, initializationOptions: { trusted } });
  clients.push(client);
  const { uri } = client.open(path.join(repo, 'src/a.ts'), TEXT, 'typescript');
  await client.diagnosticsFor(uri, 1);
  const record = (startLine: number, endLine: number) =>
    client.connection.sendRequest(RecordCompletionRequest.type, { uri, startLine, endLine, tool: 'copilot' });
  return { repo, client, uri, record };
}

test('the inserted lines become an Agent Trace range in the root ledger, then AIF003', async () => {
  const { repo, client, uri, record } = await openRepo(true);
  const result = await record(1, 1);
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
    const ds = client.diagnostics.get(uri)?.diagnostics ?? [];
    return ds.length ? ds : undefined;
  });
  assert.deepEqual(
    d.map((x) => [x.code, x.range.start.line, x.range.end.line]),
    [['AIF003', 1, 1]],
  );
  // Lines the document does not have are refused, and nothing is written.
  assert.equal(await record(2, 9), null);
  assert.equal(fs.readFileSync(ledger, 'utf8').trim().split('\n').length, 1);
});

test('untrusted: nothing is recorded', async () => {
  const { repo, record } = await openRepo(false);
  assert.equal(await record(1, 1), null);
  assert.equal(fs.existsSync(path.join(repo, '.agent-trace')), false);
});
