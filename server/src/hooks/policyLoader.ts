// Policies for the hooks, without loading the schema validator on the hot path.
//
// Each policy file's text is hashed; a validated copy (a PolicySpec) is kept in
// `<state dir>/policy-cache.json` under that hash. A hit compiles the cached
// spec (globs only). A miss loads the full parser (zod) once, validates, and
// stores the result. The cache also remembers the last valid spec of every
// policy: when a policy cannot be loaded (invalid or unreadable), its last
// known block zones still apply, so the hooks fail closed for those paths.
// A policy file that was deleted is gone on purpose and nothing applies.
//
// The stacking mirrors engine/policyStack.ts: managed policy first (relative
// to the root), then `.aifence.json` of the root and of every directory down
// to the file's.
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { getOrCreate } from '../engine/getOrCreate';
import { DEFAULT_LEDGER, managedPolicyPath, POLICY_FILE_NAME, toEnginePath } from '../engine/io/paths';
import type { Policy } from '../engine/policy/parse';
import { blockOnly, compileSpec, isPolicySpec, type PolicySpec, specOf } from '../engine/policy/spec';
import { BUILTIN_TOOLS } from '../engine/policy/tools';
import { stateDir, writeAtomic } from './state';

declare const AIFENCE_VERSION: string | undefined;
/** The validator (zod) lives in its own bundle, so a hook whose cached policy is current never parses it. */
const POLICY_PARSER = typeof AIFENCE_VERSION === 'string' ? `${__dirname}/policyParser.js` : '../../engine/policy';

const CACHE_VERSION = 1;

export interface LoadedPolicy {
  readonly file: string;
  /** The spec in force: current, or the block zones of the last valid one. */
  readonly spec: PolicySpec | undefined;
  /** Why the current text could not be used (then `spec` is the fail-closed fallback, if any). */
  readonly problem: string | undefined;
}

export interface HookStack {
  readonly policies: readonly Policy[];
  readonly loaded: readonly LoadedPolicy[];
}

interface CacheEntry {
  readonly hash: string;
  readonly spec: PolicySpec;
}

export class HookPolicies {
  private readonly cacheFile: string;
  private cache: Record<string, CacheEntry> = {};
  private dirty = false;
  private readonly loaded = new Map<string, LoadedPolicy | null>();
  private readonly compiled = new WeakMap<PolicySpec, Policy>();
  readonly managedFile: string;

  constructor(
    readonly root: string,
    env: NodeJS.ProcessEnv,
  ) {
    this.managedFile = managedPolicyPath(env);
    this.cacheFile = path.join(stateDir(root), 'policy-cache.json');
    try {
      const data = JSON.parse(fs.readFileSync(this.cacheFile, 'utf8')) as {
        version?: number;
        entries?: Record<string, CacheEntry>;
      };
      if (data.version === CACHE_VERSION && data.entries && typeof data.entries === 'object') {
        for (const [file, e] of Object.entries(data.entries))
          if (e && typeof e.hash === 'string' && isPolicySpec(e.spec)) this.cache[file] = e;
      }
    } catch {
      // no cache yet, or unreadable: start empty
    }
  }

  /** Policy files that apply to files directly in `dir`, outermost first. */
  policyFilesFor(dir: string): { file: string; dir: string; source: 'managed' | 'repository' }[] {
    const out: { file: string; dir: string; source: 'managed' | 'repository' }[] = [
      { file: this.managedFile, dir: this.root, source: 'managed' },
    ];
    out.push({ file: `${this.root}/${POLICY_FILE_NAME}`, dir: this.root, source: 'repository' });
    if (dir.startsWith(`${this.root}/`)) {
      let d = this.root;
      for (const part of dir.slice(this.root.length + 1).split('/')) {
        d = `${d}/${part}`;
        out.push({ file: `${d}/${POLICY_FILE_NAME}`, dir: d, source: 'repository' });
      }
    }
    return out;
  }

  /** The stack for a file (absolute, '/' separators). */
  async stackFor(file: string): Promise<HookStack> {
    const dir = file.slice(0, file.lastIndexOf('/')) || '/';
    const loaded: LoadedPolicy[] = [];
    const inherited = new Set(Object.keys(BUILTIN_TOOLS));
    for (const p of this.policyFilesFor(dir)) {
      const l = await this.load(p.file, p.dir, p.source, inherited);
      if (!l) continue;
      loaded.push(l);
      if (l.spec) for (const id of Object.keys(l.spec.tools)) inherited.add(id);
    }
    const policies = loaded.filter((l) => l.spec).map((l) => this.compile(l.spec!));
    return { policies, loaded };
  }

  /** Every spec loaded or cached, for questions about whole trees (which zones lie under a directory). */
  knownSpecs(): PolicySpec[] {
    const specs = new Map<string, PolicySpec>();
    for (const [file, e] of Object.entries(this.cache)) specs.set(file, e.spec);
    for (const l of this.loaded.values()) if (l?.spec) specs.set(l.file, l.spec);
    return [...specs.values()];
  }

  /** Ledger file for new records: the root policy's, else the default. */
  async ledgerFile(): Promise<string> {
    await this.stackFor(`${this.root}/.`);
    const rootPolicy = this.loaded.get(`${this.root}/${POLICY_FILE_NAME}`);
    return rootPolicy?.spec && !rootPolicy.problem ? rootPolicy.spec.ledger : `${this.root}/${DEFAULT_LEDGER}`;
  }

  /** Writes the cache back when it changed. */
  save(): void {
    if (!this.dirty) return;
    writeAtomic(this.cacheFile, `${JSON.stringify({ version: CACHE_VERSION, entries: this.cache })}\n`);
    this.dirty = false;
  }

  private compile(spec: PolicySpec): Policy {
    return getOrCreate(this.compiled, spec, () => compileSpec(spec));
  }

  private async load(
    file: string,
    dir: string,
    source: 'managed' | 'repository',
    inherited: ReadonlySet<string>,
  ): Promise<LoadedPolicy | undefined> {
    if (this.loaded.has(file)) return this.loaded.get(file) ?? undefined;
    let text: string | undefined;
    let readError: string | undefined;
    try {
      text = fs.readFileSync(file, 'utf8');
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code !== 'ENOENT' && code !== 'ENOTDIR') readError = (e as Error).message;
    }
    if (text === undefined && !readError) {
      // Deleted on purpose (or never there): forget it.
      if (this.cache[file]) {
        delete this.cache[file];
        this.dirty = true;
      }
      this.loaded.set(file, null);
      return undefined;
    }
    const hash = createHash('sha256')
      .update(`${source}\0${dir}\0${[...inherited].sort().join(',')}\0${text ?? ''}`)
      .digest('hex');
    const cached = this.cache[file];
    let result: LoadedPolicy;
    if (text !== undefined && cached?.hash === hash) {
      result = { file, spec: cached.spec, problem: undefined };
    } else if (text !== undefined) {
      // Loaded only on a cache miss: it brings in the schema validator.
      const { parsePolicy } = require(POLICY_PARSER) as typeof import('../engine/policy/parse');
      const parsed = parsePolicy(text, { file, dir, source, inheritedTools: inherited });
      if (parsed.policy) {
        const spec = specOf(parsed.policy, text);
        this.cache[file] = { hash, spec };
        this.dirty = true;
        result = { file, spec, problem: undefined };
      } else {
        const first = parsed.errors[0];
        const where = first ? `${first.line + 1}:${first.character + 1}: ${first.message}` : 'invalid';
        result = {
          file,
          spec: cached ? blockOnly(cached.spec) : undefined,
          problem: `policy ${toEnginePath(file)} is invalid (${where})`,
        };
      }
    } else {
      result = {
        file,
        spec: cached ? blockOnly(cached.spec) : undefined,
        problem: `policy ${toEnginePath(file)} cannot be read (${readError})`,
      };
    }
    this.loaded.set(file, result);
    return result;
  }
}
