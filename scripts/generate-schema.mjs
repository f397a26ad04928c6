#!/usr/bin/env node
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
// Writes schemas/aifence.schema.json from the zod schema in
// server/src/engine/policy/schema.ts (zod 4's z.toJSONSchema).
//   node scripts/generate-schema.mjs          write the file
//   node scripts/generate-schema.mjs --check  exit 1 when the file is missing or stale
//   --out FILE                                 another file instead (used by tests)
import * as esbuild from 'esbuild';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const outIndex = process.argv.indexOf('--out');
const target =
  outIndex > 0 && process.argv[outIndex + 1]
    ? path.resolve(process.argv[outIndex + 1])
    : path.join(root, 'schemas', 'aifence.schema.json');
export const TITLE = 'AI Fence policy (.aifence.json)';

/** The schema text exactly as it is committed: $schema, title, then the rest; no $id; trailing newline. */
export async function generateSchemaText() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'aifence-schema-'));
  try {
    const outfile = path.join(dir, 'policySchema.cjs');
    await esbuild.build({
      entryPoints: [path.join(root, 'server', 'src', 'engine', 'policy', 'schema.ts')],
      bundle: true,
      platform: 'node',
      format: 'cjs',
      target: 'node20',
      outfile,
      logLevel: 'warning',
      mainFields: ['module', 'main'],
    });
    const { policyJsonSchema } = createRequire(import.meta.url)(outfile);
    const { $schema, $id: _id, ...rest } = policyJsonSchema();
    return `${JSON.stringify({ $schema, title: TITLE, ...rest }, null, 2)}\n`;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

async function main() {
  const text = await generateSchemaText();
  const rel = path.relative(process.cwd(), target) || target;
  if (process.argv.includes('--check')) {
    const current = fs.existsSync(target) ? fs.readFileSync(target, 'utf8') : undefined;
    if (current === text) {
      console.log(`${rel} is up to date`);
      return 0;
    }
    console.error(`${rel} is ${current === undefined ? 'missing' : 'stale'}; run: npm run schema`);
    return 1;
  }
  fs.mkdirSync(path.dirname(target), { recursive: true });
  fs.writeFileSync(target, text);
  console.log(`wrote ${rel}`);
  return 0;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  process.exitCode = await main();
}
