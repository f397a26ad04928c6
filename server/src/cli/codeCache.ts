// Loads a CommonJS bundle with a V8 code cache, so a run does not compile
// dist/cliMain.js (1.4 MB) again: a short `check --staged` spends much of its
// time there. The cache lives in AI Fence's private state directory, named
// after the bundle's exact text and this Node's version and architecture, and
// carries an HMAC under the state directory's key like the hooks' policy
// cache: bytecode that anyone else wrote is never run. Any problem (no private
// state directory, a missing, foreign or tampered cache) loads the bundle
// from its text alone, and says nothing: the cache never changes a result.
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import * as fs from 'node:fs';
import { Module } from 'node:module';
import * as path from 'node:path';
import * as vm from 'node:vm';
import { stateKey, userStateDir, writeAtomic } from '../engine/io/stateDir';

const MAC_BYTES = 32;

export interface LoadedBundle<T> {
  readonly exports: T;
  /** Writes the code cache when none was used, after the run: it then holds the functions the run compiled. */
  saveCodeCache(): void;
}

/**
 * `use` names what the run does (the command): a cache holds the functions
 * its first run compiled, so each command has its own, and `install-hooks`
 * run first does not leave `check` with a cache of little use.
 */
export function loadBundle<T>(file: string, use: string, env: NodeJS.ProcessEnv): LoadedBundle<T> {
  let source: string;
  let prefix: string;
  let cacheFile: string;
  let key: Buffer;
  try {
    source = fs.readFileSync(file, 'utf8');
    const dir = path.join(userStateDir(env), 'code-cache');
    key = stateKey(path.dirname(dir));
    const sha = (...parts: string[]) => createHash('sha256').update(parts.join('\0')).digest('hex');
    // One cache per installed bundle (its path) and use, replaced when the bundle or Node changes.
    const kind = /^[a-z][a-z-]{0,19}$/.test(use) ? use : 'other';
    prefix = `${path.basename(file, '.js')}-${kind}-${sha(file).slice(0, 16)}-`;
    cacheFile = path.join(dir, `${prefix}${sha(process.version, process.arch, source).slice(0, 32)}.bin`);
  } catch {
    return { exports: require(file) as T, saveCodeCache: () => {} };
  }
  const mac = (data: Uint8Array) => createHmac('sha256', key).update(cacheFile).update(data).digest();
  const cachedData = authenticated(cacheFile, mac);
  const script = new vm.Script(Module.wrap(source), { filename: file, cachedData });
  const mod = new Module(file);
  mod.filename = file;
  script.runInThisContext()(mod.exports, Module.createRequire(file), mod, file, path.dirname(file));
  mod.loaded = true;
  const used = cachedData !== undefined && !script.cachedDataRejected;
  return {
    exports: mod.exports as T,
    saveCodeCache: () => {
      if (used) return;
      try {
        const data = script.createCachedData();
        removeOthers(cacheFile, prefix);
        writeAtomic(cacheFile, Buffer.concat([mac(data), data]));
      } catch {
        // No cache this time: the next run compiles again.
      }
    },
  };
}

/** The cache's bytecode when its MAC verifies; undefined otherwise. */
function authenticated(cacheFile: string, mac: (data: Uint8Array) => Buffer): Buffer | undefined {
  let stored: Buffer;
  try {
    stored = fs.readFileSync(cacheFile);
  } catch {
    return undefined;
  }
  const data = stored.subarray(MAC_BYTES);
  const given = stored.subarray(0, MAC_BYTES);
  return given.length === MAC_BYTES && timingSafeEqual(given, mac(data)) ? data : undefined;
}

/** Removes the caches of this bundle's earlier versions. */
function removeOthers(cacheFile: string, prefix: string): void {
  const dir = path.dirname(cacheFile);
  const names = fs.existsSync(dir) ? fs.readdirSync(dir) : [];
  for (const name of names)
    if (name.startsWith(prefix) && name.endsWith('.bin') && name !== path.basename(cacheFile))
      fs.rmSync(path.join(dir, name), { force: true });
}
