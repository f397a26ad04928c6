// The hooks' cache of validated policies, authenticated so that an agent that
// rewrites it gains nothing. Each repository has one file in the user's state
// directory, `policies/<sha256(root)>.json`; every entry carries an HMAC-SHA256
// under a key kept in the same private directory (`key`, mode 0600). An entry
// whose MAC does not verify is dropped and reported; the policy is then parsed
// again, which costs time but never changes a decision.
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { stateKey, userStateDir, writeAtomic } from '../engine/io/stateDir';
import { isPolicySpec, type PolicySpec } from '../engine/policy/spec';

const CACHE_VERSION = 2;

export interface CacheEntry {
  /** sha256 of what the spec was made from (text and everything it was parsed against). */
  readonly hash: string;
  readonly spec: PolicySpec;
}

interface StoredEntry extends CacheEntry {
  readonly mac: string;
}

export class PolicyCache {
  private readonly entries = new Map<string, CacheEntry>();
  private dirty = false;
  /** Why entries were dropped on load (tampered or foreign), for stderr. */
  readonly problems: string[] = [];

  private constructor(
    private readonly root: string,
    private readonly file: string | undefined,
    private readonly key: Buffer | undefined,
    /** The private state directory holding the key and the cache files. */
    readonly stateDir: string | undefined = undefined,
  ) {}

  /** The cache of `root`; without a private state directory, an empty cache that stores nothing. */
  static open(root: string, env: NodeJS.ProcessEnv): PolicyCache {
    let dir: string;
    let key: Buffer;
    try {
      dir = userStateDir(env);
      key = stateKey(dir);
    } catch (e) {
      const cache = new PolicyCache(root, undefined, undefined);
      cache.problems.push(`no policy cache (${(e as Error).message}); every policy is parsed`);
      return cache;
    }
    const file = path.join(dir, 'policies', `${createHash('sha256').update(root).digest('hex').slice(0, 32)}.json`);
    const cache = new PolicyCache(root, file, key, dir);
    cache.loadFrom(file);
    return cache;
  }

  get(policyFile: string): CacheEntry | undefined {
    return this.entries.get(policyFile);
  }

  set(policyFile: string, entry: CacheEntry): void {
    this.entries.set(policyFile, entry);
    this.dirty = true;
  }

  delete(policyFile: string): void {
    if (this.entries.delete(policyFile)) this.dirty = true;
  }

  specs(): PolicySpec[] {
    return [...this.entries.values()].map((e) => e.spec);
  }

  /** Writes the cache back when it changed (atomically). */
  save(): void {
    if (!this.dirty || !this.file || !this.key) return;
    const entries: Record<string, StoredEntry> = {};
    for (const [policyFile, e] of this.entries) entries[policyFile] = { ...e, mac: this.mac(policyFile, e) };
    writeAtomic(this.file, `${JSON.stringify({ version: CACHE_VERSION, root: this.root, entries })}\n`);
    this.dirty = false;
  }

  private loadFrom(file: string): void {
    let data: { version?: unknown; root?: unknown; entries?: unknown };
    try {
      data = JSON.parse(fs.readFileSync(file, 'utf8'));
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT')
        this.problems.push(`policy cache ${file} ignored: unreadable`);
      return;
    }
    if (data?.version !== CACHE_VERSION || data.root !== this.root || typeof data.entries !== 'object' || !data.entries)
      return;
    for (const [policyFile, raw] of Object.entries(data.entries as Record<string, Partial<StoredEntry>>)) {
      const ok =
        typeof raw?.hash === 'string' &&
        typeof raw.mac === 'string' &&
        isPolicySpec(raw.spec) &&
        this.verify(policyFile, raw as StoredEntry);
      if (ok) this.entries.set(policyFile, { hash: raw.hash!, spec: raw.spec! });
      else {
        this.problems.push(`policy cache entry for ${policyFile} failed authentication and was ignored`);
        this.dirty = true;
      }
    }
  }

  private mac(policyFile: string, e: CacheEntry): string {
    return createHmac('sha256', this.key!)
      .update(JSON.stringify([this.root, policyFile, e.hash, e.spec]))
      .digest('hex');
  }

  private verify(policyFile: string, e: StoredEntry): boolean {
    const expected = Buffer.from(this.mac(policyFile, e), 'hex');
    const given = Buffer.from(e.mac, 'hex');
    return given.length === expected.length && timingSafeEqual(given, expected);
  }
}
