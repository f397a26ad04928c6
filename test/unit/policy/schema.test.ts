// schemas/aifence.schema.json must be what scripts/generate-schema.mjs makes from the zod schema.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { policyJsonSchema } from '../../../server/src/engine/policy/schema';
import { REPO_ROOT, tempDir } from '../../helpers/tmp';

const SCHEMA_FILE = path.join(REPO_ROOT, 'schemas', 'aifence.schema.json');
const SCRIPT = path.join(REPO_ROOT, 'scripts', 'generate-schema.mjs');

test('the committed schema equals policyJsonSchema() plus a title (run `npm run schema` when this fails)', () => {
  const text = fs.readFileSync(SCHEMA_FILE, 'utf8');
  const { $schema, title, ...rest } = policyJsonSchema() as Record<string, unknown>;
  const expected = `${JSON.stringify({ $schema, title: 'AI Fence policy (.aifence.json)', ...rest }, null, 2)}\n`;
  assert.equal(title, undefined);
  assert.equal(text, expected, 'schemas/aifence.schema.json is stale: run npm run schema');
});

test('the schema has a title, no $id, and describes the policy keys', () => {
  const schema = JSON.parse(fs.readFileSync(SCHEMA_FILE, 'utf8'));
  assert.equal(typeof schema.title, 'string');
  assert.equal('$id' in schema, false);
  assert.deepEqual(Object.keys(schema.properties).sort(), [
    '$schema',
    'defaults',
    'ledger',
    'signatures',
    'tools',
    'version',
    'zones',
  ]);
  assert.equal(schema.additionalProperties, false);
  assert.deepEqual(schema.properties.zones.items.properties.ai.enum, ['block', 'warn', 'allow']);
});

test('generate-schema.mjs --check: 0 when current, 1 when stale or missing', () => {
  const run = (...args: string[]) =>
    spawnSync(process.execPath, [SCRIPT, '--check', ...args], { cwd: REPO_ROOT, encoding: 'utf8' });
  assert.equal(run().status, 0);
  const dir = tempDir();
  const stale = path.join(dir, 'schema.json');
  fs.writeFileSync(stale, fs.readFileSync(SCHEMA_FILE, 'utf8').replace('Restricted zones.', 'Old text.'));
  const r = run('--out', stale);
  assert.equal(r.status, 1);
  assert.match(r.stderr, /stale; run: npm run schema/);
  assert.equal(run('--out', path.join(dir, 'missing.json')).status, 1);
  const write = spawnSync(process.execPath, [SCRIPT, '--out', stale], { cwd: REPO_ROOT, encoding: 'utf8' });
  assert.equal(write.status, 0);
  assert.equal(fs.readFileSync(stale, 'utf8'), fs.readFileSync(SCHEMA_FILE, 'utf8'));
});
