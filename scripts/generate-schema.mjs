#!/usr/bin/env node
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
// Writes the committed JSON Schemas from their zod sources:
//   schemas/aifence.schema.json          server/src/engine/policy/schema.ts (the policy)
//   schemas/export-manifest.schema.json  server/src/export/manifestSchema.ts (`ai-fence export` records)
//   node scripts/generate-schema.mjs                 write both files
//   node scripts/generate-schema.mjs --check         exit 1 when a file is missing or stale
//   --schema policy|export                           only that one
//   --out FILE                                       another file instead (used by tests; policy unless --schema)
import * as esbuild from 'esbuild';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

export const SCHEMAS = {
  policy: {
    source: path.join('server', 'src', 'engine', 'policy', 'schema.ts'),
    build: 'policyJsonSchema',
    file: 'aifence.schema.json',
    title: 'AI Fence policy (.aifence.json)',
  },
  export: {
    source: path.join('server', 'src', 'export', 'manifestSchema.ts'),
    build: 'manifestJsonSchema',
    file: 'export-manifest.schema.json',
    title: 'AI Fence export manifest record (one JSON Lines line)',
  },
};
export const TITLE = SCHEMAS.policy.title;

/** The schema text exactly as it is committed: $schema, title, then the rest; no $id; trailing newline. */
export async function generateSchemaText(name = 'policy') {
  const spec = SCHEMAS[name];
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'aifence-schema-'));
  try {
    const outfile = path.join(dir, 'schema.cjs');
    await esbuild.build({
      entryPoints: [path.join(root, spec.source)],
      bundle: true,
      platform: 'node',
      format: 'cjs',
      target: 'node20',
      outfile,
      logLevel: 'warning',
      mainFields: ['module', 'main'],
    });
    const { $schema, $id: _id, ...rest } = createRequire(import.meta.url)(outfile)[spec.build]();
    return `${JSON.stringify({ $schema, title: spec.title, ...rest }, null, 2)}\n`;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

function option(flag) {
  const i = process.argv.indexOf(flag);
  return i > 0 ? process.argv[i + 1] : undefined;
}

async function main() {
  const only = option('--schema');
  if (only !== undefined && !(only in SCHEMAS)) {
    console.error(`--schema must be one of ${Object.keys(SCHEMAS).join(', ')}`);
    return 2;
  }
  const out = option('--out');
  let status = 0;
  for (const name of only ? [only] : out ? ['policy'] : Object.keys(SCHEMAS)) {
    const target = out ? path.resolve(out) : path.join(root, 'schemas', SCHEMAS[name].file);
    const text = await generateSchemaText(name);
    const rel = path.relative(process.cwd(), target) || target;
    if (process.argv.includes('--check')) {
      const current = fs.existsSync(target) ? fs.readFileSync(target, 'utf8') : undefined;
      if (current === text) console.log(`${rel} is up to date`);
      else {
        console.error(`${rel} is ${current === undefined ? 'missing' : 'stale'}; run: npm run schema`);
        status = 1;
      }
      continue;
    }
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.writeFileSync(target, text);
    console.log(`wrote ${rel}`);
  }
  return status;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  process.exitCode = await main();
}
