#!/usr/bin/env node
// `npm start`: the AI Fence demo. Builds and packages the extension, provisions code-server (cached), installs the
// .vsix the way a user does, and opens a fresh copy of examples/ml-repo at a printed http://127.0.0.1:PORT URL.
//   PORT=8080 npm start     fixed port (default: a free one)
// Ctrl+C stops code-server and everything it started. The repository is never written to outside .cache/.
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { installVsix, startCodeServer, tail } from '../test/e2e/harness/codeServer.mjs';
import { provisionOrExit } from './provision.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const DEMO = join(ROOT, '.cache', 'demo');
const EXAMPLE = join(ROOT, 'examples', 'ml-repo');

function step(name, fn) {
  const t0 = performance.now();
  const result = fn();
  const done = (r) => {
    console.error(`[start] ${name}: ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    return r;
  };
  return result instanceof Promise ? result.then(done) : done(result);
}

function npm(script) {
  // Output only on failure: a newcomer should see the URL, not the build log.
  try {
    execFileSync('npm', ['run', '--silent', script], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (e) {
    process.stderr.write(`${e.stdout ?? ''}${e.stderr ?? ''}`);
    console.error(`[start] npm run ${script} failed`);
    process.exit(1);
  }
}

const port = process.env.PORT ? Number(process.env.PORT) : undefined;
if (process.env.PORT && !(Number.isInteger(port) && port > 0 && port < 65536)) {
  console.error(`[start] PORT=${process.env.PORT} is not a port number`);
  process.exit(1);
}

step('build', () => npm('build'));
step('package', () => npm('package'));
await step('provision', provisionOrExit);

const { version } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
// A dedicated user-data and extensions dir, kept between runs; the vsix is reinstalled each time (it changes).
const run = {
  dir: DEMO,
  userDataDir: join(DEMO, 'user-data'),
  extensionsDir: join(DEMO, 'extensions'),
  config: join(DEMO, 'config.yaml'),
  log: join(DEMO, 'code-server.log'),
};
mkdirSync(join(run.userDataDir, 'User'), { recursive: true });
mkdirSync(run.extensionsDir, { recursive: true });
writeFileSync(run.config, ''); // never read ~/.config/code-server/config.yaml (it may ask for a password)
writeFileSync(run.log, '');
await step('install vsix', () => installVsix(run, join(ROOT, `ai-fence-${version}.vsix`)));

// A fresh copy of the example each time, so the demo starts from the same state and examples/ stays clean.
const workspace = join(DEMO, 'workspace', 'ml-repo');
rmSync(dirname(workspace), { recursive: true, force: true });
cpSync(EXAMPLE, workspace, { recursive: true });

// VS Code's IPC sockets need a short path.
const sockets = mkdtempSync(join(tmpdir(), 'aifence-demo-'));
const server = await step('code-server', () =>
  startCodeServer({
    run,
    port,
    keepRunDir: true,
    env: { XDG_RUNTIME_DIR: sockets },
    settings: { 'workbench.startupEditor': 'readme' }, // opens the example's README.md
  }),
).catch((e) => {
  console.error(`[start] ${e.message}`);
  rmSync(sockets, { recursive: true, force: true });
  process.exit(1);
});

let stopping = false;
async function stop(code) {
  if (stopping) return;
  stopping = true;
  console.error('\n[start] stopping code-server');
  await server.stop();
  rmSync(sockets, { recursive: true, force: true });
  process.exit(code);
}
for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(sig, () => stop(0));

// Slashes left readable, so the URL can be copied from the terminal as it is.
console.log(`\nAI Fence demo: ${server.url}/?folder=${encodeURIComponent(workspace).replace(/%2F/g, '/')}`);
console.log(`(code-server log: ${run.log}; Ctrl+C to stop)\n`);

const exit = await server.exited;
if (!stopping) {
  console.error(`[start] code-server exited unexpectedly (${exit})\n${tail(run.log)}`);
  await stop(1);
}
