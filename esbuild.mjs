// Bundles the extension client, the language server and the CLI into dist/.
// `--cli` builds the CLI's bundles only: `npm pack` (prepack) publishes the CLI
// without the extension, whose bundles the vsix takes (vscode:prepublish).

import fs from 'node:fs';
import * as esbuild from 'esbuild';

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');
const cliOnly = process.argv.includes('--cli');
const { version } = JSON.parse(fs.readFileSync('package.json', 'utf8'));
// Start clean so no stale source maps from a development build end up in the package.
fs.rmSync('dist', { recursive: true, force: true });

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: production ? false : 'linked',
  minify: production,
  logLevel: 'warning',
  legalComments: 'none',
  define: { AIFENCE_VERSION: JSON.stringify(version) },
  outdir: 'dist',
  // jsonc-parser's UMD build hides its requires from the bundler; take its ESM build.
  mainFields: ['module', 'main'],
};

const extensionBuilds = [
  { entryPoints: { client: 'client/src/extension.ts' }, external: ['vscode'] },
  { entryPoints: { server: 'server/src/lsp/main.ts' } },
  { entryPoints: { transcriptIndexWorker: 'server/src/transcripts/transcriptIndexWorker.ts' } },
];
const cliBuilds = [
  { entryPoints: { cli: 'server/src/cli/launcher.ts' }, banner: { js: '#!/usr/bin/env node' } },
  { entryPoints: { cliMain: 'server/src/cli/main.ts' } },
  { entryPoints: { checkWorker: 'server/src/cli/commands/checkWorker.ts' } },
  { entryPoints: { indexPoolWorker: 'server/src/transcripts/indexPoolWorker.ts' } },
  { entryPoints: { hook: 'server/src/hooks/run.ts' } },
  { entryPoints: { policyParser: 'server/src/engine/policy/parse.ts' } },
];
const builds = cliOnly ? cliBuilds : [...extensionBuilds, ...cliBuilds];

for (const b of builds) {
  if (watch) await (await esbuild.context({ ...common, ...b })).watch();
  else await esbuild.build({ ...common, ...b });
}
