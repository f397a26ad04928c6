// The hooks' strategy for the engine's policy stack (engine/policy/stack.ts):
// - A policy whose text was validated before is taken from the authenticated
//   cache (policyCache.ts), so the hot path never loads the schema validator.
// - A policy that cannot be used (invalid, unreadable, not a regular file)
//   fails closed: everything under its directory is blocked for every tool,
//   with a reason that says how to fix it.
// - A policy file deleted in the working tree but still in HEAD was not
//   removed on purpose: HEAD's version applies until the removal is committed.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { getOrCreate } from '../engine/getOrCreate';
import { canonicalPath, DEFAULT_LEDGER, managedPolicyPaths, POLICY_FILE_NAME, toEnginePath } from '../engine/io/paths';
import { nodePolicyReader, type PolicyReader } from '../engine/io/policyFiles';
import type { Policy, PolicyError, PolicySource } from '../engine/policy/parse';
import { compileSpec, type PolicySpec, specOf } from '../engine/policy/spec';
import { type PolicyLoader, PolicyRepository, type PolicyStack, type PolicyState } from '../engine/policy/stack';
import { relativeInside } from '../engine/policy/zones';
import type { OwnFileContext } from './ownFiles';
import { PolicyCache } from './policyCache';

declare const AIFENCE_VERSION: string | undefined;
/** The validator (zod) lives in its own bundle, so a hook whose cached policy is current never parses it. */
const POLICY_PARSER = typeof AIFENCE_VERSION === 'string' ? `${__dirname}/policyParser.js` : '../engine/policy/parse';

/** Name of the zone that stands for a policy that cannot be used. */
export const UNUSABLE_POLICY_ZONE = 'unusable policy';

export class HookPolicyLoader implements PolicyLoader {
  /** Specs in force in this call, by policy file. */
  private readonly inForce = new Map<string, PolicySpec>();

  constructor(
    private readonly root: string,
    private readonly cache: PolicyCache,
    private readonly reader: PolicyReader = nodePolicyReader,
  ) {}

  load(file: string, source: PolicySource, dir: string, inheritedTools: () => ReadonlySet<string>) {
    let text: string | undefined;
    try {
      text = this.reader.readText(file);
    } catch (e) {
      return this.unusable(file, source, dir, `cannot be read (${(e as Error).message})`);
    }
    let note: string | undefined;
    if (text === undefined) {
      text = this.cache.get(file) ? this.committedText(file) : undefined;
      if (text === undefined) {
        this.cache.delete(file);
        return undefined;
      }
      note = `${this.shown(file)} is deleted but the deletion is not committed: the committed version applies`;
    }
    const inherited = inheritedTools();
    const hash = createHash('sha256')
      .update(`${source}\0${dir}\0${[...inherited].sort().join(',')}\0${text}`)
      .digest('hex');
    const cached = this.cache.get(file);
    if (cached?.hash === hash) return this.inEffect(cached.spec, note);
    // Loaded only on a cache miss: it brings in the schema validator.
    const { parsePolicy } = require(POLICY_PARSER) as typeof import('../engine/policy/parse');
    const parsed = parsePolicy(text, { file, dir, source, inheritedTools: inherited });
    if (!parsed.policy) {
      const first = parsed.errors[0];
      const where = first ? `${first.line + 1}:${first.character + 1}: ${first.message}` : 'invalid';
      return this.unusable(file, source, dir, `is invalid (${where})`, parsed.errors);
    }
    const spec = specOf(parsed.policy, text);
    this.cache.set(file, { hash, spec });
    return this.inEffect(spec, note, parsed.policy);
  }

  forget(): void {
    // Each hook call is a new process: nothing outlives it.
  }

  /** Every spec in force in this call or cached, for questions about whole trees. */
  knownSpecs(): PolicySpec[] {
    const specs = new Map<string, PolicySpec>();
    for (const spec of this.cache.specs()) specs.set(spec.file, spec);
    for (const [file, spec] of this.inForce) specs.set(file, spec);
    return [...specs.values()];
  }

  private inEffect(spec: PolicySpec, note: string | undefined, policy: Policy = compileSpec(spec)): PolicyState {
    this.inForce.set(spec.file, spec);
    return { file: spec.file, source: spec.source, policy, errors: note ? [problemAt(spec.file, note)] : [] };
  }

  /** Blocks everything under `dir`: a policy we cannot read is not a policy that allows. */
  private unusable(
    file: string,
    source: PolicySource,
    dir: string,
    why: string,
    errors: readonly PolicyError[] = [],
  ): PolicyState {
    const problem = `policy ${this.shown(file)} ${why}`;
    const spec: PolicySpec = {
      file,
      dir,
      source,
      zones: [
        {
          name: UNUSABLE_POLICY_ZONE,
          paths: ['**'],
          ai: 'block',
          message: `${problem}. Until a person fixes it (\`ai-fence check\` lists every error), AI tools are blocked under ${dir === this.root ? 'the repository' : this.shown(dir)}`,
          line: errors[0]?.line ?? 0,
        },
      ],
      defaults: { ai: 'block', provenance: 'optional' },
      tools: {},
      ledger: `${this.root}/${DEFAULT_LEDGER}`,
    };
    this.inForce.set(file, spec);
    return { file, source, policy: compileSpec(spec), errors: errors.length ? errors : [problemAt(file, problem)] };
  }

  /** The policy's text in HEAD, or undefined (not in HEAD, not a git repository, git unavailable). */
  private committedText(file: string): string | undefined {
    const rel = relativeInside(this.root, file);
    if (rel === undefined) return undefined;
    const r = spawnSync('git', ['show', `HEAD:${rel}`], {
      cwd: this.root,
      encoding: 'utf8',
      timeout: 5000,
      maxBuffer: 1 << 20,
      env: { ...process.env, GIT_OPTIONAL_LOCKS: '0' },
    });
    return r.status === 0 ? r.stdout : undefined;
  }

  private shown(p: string): string {
    return relativeInside(this.root, p) ?? toEnginePath(p);
  }
}

function problemAt(file: string, message: string): PolicyError {
  return { file, line: 0, character: 0, endLine: 0, endCharacter: 0, message };
}

/** The policies of one repository as the hooks see them. */
export class HookPolicies {
  private readonly cache: PolicyCache;
  private readonly loader: HookPolicyLoader;
  private readonly repository: PolicyRepository;
  private readonly managedFiles: readonly string[];
  private readonly ownFileContexts = new Map<string | undefined, OwnFileContext>();

  constructor(
    readonly root: string,
    env: NodeJS.ProcessEnv,
  ) {
    this.cache = PolicyCache.open(root, env);
    this.loader = new HookPolicyLoader(root, this.cache);
    this.managedFiles = managedPolicyPaths(env);
    this.repository = new PolicyRepository(root, this.loader, this.managedFiles);
  }

  /** What ownFiles.ts needs to know of this repository. */
  ownFiles(home: string | undefined): OwnFileContext {
    // Asked for every path a call names (up to thousands): resolve these paths once.
    return getOrCreate(this.ownFileContexts, home, () => {
      const stateDir = this.cache.stateDir;
      return {
        root: this.root,
        home,
        managedPolicies: this.managedFiles.map((f) => canonicalPath(f)),
        stateDir: stateDir === undefined ? undefined : canonicalPath(toEnginePath(stateDir)),
        ledgers: [canonicalPath(this.ledgerFile())],
      };
    });
  }

  /** The stack for a file (absolute, '/' separators). */
  stackFor(file: string): PolicyStack {
    return this.repository.stackForFile(file);
  }

  /** Every spec loaded or cached, for questions about whole trees (which zones lie under a directory). */
  knownSpecs(): PolicySpec[] {
    return this.loader.knownSpecs();
  }

  /** Ledger file for new records: the root policy's, else the default. */
  ledgerFile(): string {
    const rootState = this.stackFor(`${this.root}/.`).states.find((s) => s.file === `${this.root}/${POLICY_FILE_NAME}`);
    return rootState?.policy && !rootState.errors.length ? rootState.policy.ledger : `${this.root}/${DEFAULT_LEDGER}`;
  }

  /** Problems with the cache itself (tampered entries), for stderr. */
  cacheProblems(): readonly string[] {
    return this.cache.problems;
  }

  /** Writes the cache back when it changed. */
  save(): void {
    this.cache.save();
  }
}
