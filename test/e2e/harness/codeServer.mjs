#!/usr/bin/env node
// Starts and stops code-server (the real VS Code workbench, served to a browser) for tests,
// or in the foreground for a person:
//   node test/e2e/harness/codeServer.mjs [--vsix X.vsix] [--dev EXT_DIR] [--port 8080] [FOLDER]
import { spawn } from 'node:child_process';
import { createWriteStream, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { provision } from '../../../scripts/provision.mjs';

// Without these, the chat panel adds menu entries and hovers, a welcome editor steals focus, and an empty
// secondary side bar takes a third of the window.
const BASE_SETTINGS = {
  'chat.disableAIFeatures': true,
  'workbench.startupEditor': 'none',
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
};

/** A fresh folder holding the user-data dir, extensions dir, empty config and server log. */
export function makeRunDir() {
  const dir = mkdtempSync(join(tmpdir(), 'aifence-e2e-')); // short path: VS Code puts sockets in here
  const userDataDir = join(dir, 'user-data');
  const extensionsDir = join(dir, 'extensions');
  mkdirSync(join(userDataDir, 'User'), { recursive: true });
  mkdirSync(extensionsDir);
  // An empty --config stops code-server from reading ~/.config/code-server/config.yaml (password login).
  writeFileSync(join(dir, 'config.yaml'), '');
  return { dir, userDataDir, extensionsDir, config: join(dir, 'config.yaml'), log: join(dir, 'code-server.log') };
}

function runNode(node24, args, log) {
  return new Promise((resolveRun, reject) => {
    const child = spawn(node24, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d) => {
      out += d;
    });
    child.stderr.on('data', (d) => {
      out += d;
    });
    child.on('error', reject);
    child.on('exit', (code) => {
      if (log) writeFileSync(log, out, { flag: 'a' });
      code === 0 ? resolveRun(out) : reject(new Error(`code-server ${args.join(' ')} exited ${code}:\n${out}`));
    });
  });
}

/** Installs a .vsix into run.extensionsDir (the way a user would, through code-server's CLI). */
export async function installVsix(run, vsix) {
  const { node24, codeServerEntry } = await provision();
  await runNode(
    node24,
    [
      codeServerEntry,
      '--config',
      run.config,
      '--user-data-dir',
      run.userDataDir,
      '--extensions-dir',
      run.extensionsDir,
      '--install-extension',
      resolve(vsix),
      '--force',
    ],
    run.log,
  );
}

function freePort() {
  return new Promise((resolvePort, reject) => {
    const srv = createServer();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolvePort(port));
    });
  });
}

async function waitHealthy(url, child, deadlineMs) {
  const deadline = Date.now() + deadlineMs;
  let exited = null;
  child.once('exit', (code, signal) => {
    exited = code ?? signal;
  });
  while (Date.now() < deadline) {
    if (exited !== null) throw new Error(`code-server exited early (${exited})`);
    try {
      if ((await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(1000) })).status === 200) return;
    } catch {
      /* not listening yet */
    }
    await new Promise((r) => setTimeout(r, 100)); // poll interval, bounded by the deadline
  }
  throw new Error(`code-server not healthy at ${url}/healthz within ${deadlineMs} ms`);
}

/**
 * Starts code-server on a free 127.0.0.1 port. Returns { url, port, run, stop(), exited }.
 * settings merge over BASE_SETTINGS; env is added to the server's (and so the extension host's) environment.
 * foreground: inherit stdio (for a person); the CLI below turns Ctrl+C into stop().
 * keepRunDir: stop() leaves run.dir in place (a cached run dir, as `npm start` uses).
 * workspaceTrust: keep VS Code's workspace trust on (folders then open untrusted, in restricted mode).
 * smokeTestDriver: off for a UI check of notification toasts, which the driver hides (nothing then runs extension tests).
 */
export async function startCodeServer({
  run = makeRunDir(),
  settings = {},
  env = {},
  port,
  foreground = false,
  deadlineMs = 60_000,
  keepRunDir = false,
  workspaceTrust = false,
  smokeTestDriver = true,
} = {}) {
  const { node24, codeServerEntry } = await provision();
  writeFileSync(
    join(run.userDataDir, 'User', 'settings.json'),
    JSON.stringify({ ...BASE_SETTINGS, ...settings }, null, 2),
  );
  port ??= await freePort();
  const url = `http://127.0.0.1:${port}`;
  const args = [
    codeServerEntry,
    '--config',
    run.config,
    '--auth',
    'none',
    '--bind-addr',
    `127.0.0.1:${port}`,
    '--disable-telemetry',
    '--disable-update-check',
    // workspaceTrust: leave trust on, so a new folder opens in restricted mode.
    ...(workspaceTrust ? [] : ['--disable-workspace-trust']),
    // Without the smoke-test driver, extensionTestsPath in the URL payload is silently ignored.
    ...(smokeTestDriver ? ['--vscode-option', 'enable-smoke-test-driver'] : []),
    '--user-data-dir',
    run.userDataDir,
    '--extensions-dir',
    run.extensionsDir,
  ];
  // detached = setsid(): the server is a process-group leader, so stop() can kill the children it leaves behind.
  const child = spawn(node24, args, {
    detached: true,
    stdio: foreground ? 'inherit' : ['ignore', 'pipe', 'pipe'],
    // VS Code puts its IPC sockets in XDG_RUNTIME_DIR (else /tmp); a killed extension host would leave them behind.
    env: { ...process.env, XDG_RUNTIME_DIR: run.dir, ...env },
  });
  if (!foreground) {
    const log = createWriteStream(run.log, { flags: 'a' });
    child.stdout.pipe(log);
    child.stderr.pipe(log);
  }
  const exited = new Promise((r) => child.once('exit', (code, signal) => r(code ?? signal)));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      try {
        process.kill(-child.pid, 'SIGTERM');
      } catch {
        /* already gone */
      }
      let timer;
      await Promise.race([
        exited,
        new Promise((r) => {
          timer = setTimeout(r, 5000);
        }),
      ]);
      clearTimeout(timer);
    }
    // Sweep the group: an extension host (and the language server under it) can outlive the server.
    try {
      process.kill(-child.pid, 'SIGKILL');
    } catch {
      /* group empty */
    }
    if (!keepRunDir) rmSync(run.dir, { recursive: true, force: true });
  };
  try {
    await waitHealthy(url, child, deadlineMs);
  } catch (e) {
    e.message += `\n--- ${run.log} ---\n${tail(run.log)}`;
    await stop();
    throw e;
  }
  return { url, port, run, stop, exited };
}

/** The last lines of a log, for error messages. */
export function tail(file, lines = 40) {
  try {
    return readFileSync(file, 'utf8').split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}

/** The workbench URL for a folder (or .code-workspace file), with an optional smoke-test payload. */
export function workbenchUrl(serverUrl, target, payload = []) {
  const u = new URL(serverUrl);
  const key = target?.endsWith('.code-workspace') ? 'workspace' : 'folder';
  if (target) u.searchParams.set(key, resolve(target));
  if (payload.length) u.searchParams.set('payload', JSON.stringify(payload));
  return u.href;
}

/** vscode-remote URI of a local path, as the workbench's payload expects. */
export function remoteUri(serverUrl, path) {
  return `vscode-remote://${new URL(serverUrl).host}${resolve(path)}`;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { vsix: { type: 'string' }, dev: { type: 'string' }, port: { type: 'string' } },
  });
  const run = makeRunDir();
  if (values.vsix) await installVsix(run, values.vsix);
  const server = await startCodeServer({ run, foreground: true, port: values.port ? Number(values.port) : undefined });
  const payload = values.dev ? [['extensionDevelopmentPath', remoteUri(server.url, values.dev)]] : [];
  console.log(`\nAI Fence dev VS Code: ${workbenchUrl(server.url, positionals[0], payload)}\n(Ctrl+C to stop)`);
  for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => server.stop().then(() => process.exit(0)));
  await server.exited;
  rmSync(run.dir, { recursive: true, force: true });
}
