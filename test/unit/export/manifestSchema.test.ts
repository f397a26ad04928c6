// schemas/export-manifest.schema.json must be what scripts/generate-schema.mjs makes from the zod schema.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { MANIFEST_VERSION, manifestJsonSchema } from '../../../server/src/export/manifestSchema';
import { REPO_ROOT } from '../../helpers/tmp';

const SCHEMA_FILE = path.join(REPO_ROOT, 'schemas', 'export-manifest.schema.json');

test('the committed manifest schema equals manifestJsonSchema() plus a title (run `npm run schema` when this fails)', () => {
  const { $schema, ...rest } = manifestJsonSchema() as Record<string, unknown>;
  const expected = `${JSON.stringify({ $schema, title: 'AI Fence export manifest record (one JSON Lines line)', ...rest }, null, 2)}\n`;
  assert.equal(fs.readFileSync(SCHEMA_FILE, 'utf8'), expected, 'schemas/export-manifest.schema.json is stale');
});

test('the manifest schema is versioned and closed: file and repository records, no unknown keys', () => {
  const schema = JSON.parse(fs.readFileSync(SCHEMA_FILE, 'utf8'));
  const [file, repository] = schema.oneOf;
  assert.equal(file.properties.type.const, 'file');
  assert.equal(repository.properties.type.const, 'repository');
  for (const s of [file, repository]) {
    assert.equal(s.properties.version.const, MANIFEST_VERSION);
    assert.equal(s.additionalProperties, false);
  }
  assert.deepEqual(file.properties.ranges.items.properties.evidence.enum, [
    'label',
    'signature',
    'ledger',
    'git-ai-note',
    'commit-trailer',
    'transcript',
  ]);
});

test('generate-schema.mjs --check --schema export: 0 when current', () => {
  const r = spawnSync(
    process.execPath,
    [path.join(REPO_ROOT, 'scripts', 'generate-schema.mjs'), '--check', '--schema', 'export'],
    { cwd: REPO_ROOT, encoding: 'utf8' },
  );
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /export-manifest\.schema\.json is up to date/);
});
