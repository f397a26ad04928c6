// Finds and caches the policies that apply to each directory of a workspace:
// the managed policies, then every `.aifence.json` from the root down. How one
// policy file becomes a policy is a strategy (`PolicyLoader`): the editor and
// the CLI parse every file and keep the last valid policy while one is broken;
// the agent hooks use a cache and fail closed (hooks/policyLoader.ts). This
// module stays free of the parser, so the hooks' bundle does not load it.

import { isWithin, POLICY_FILE_NAME } from '../io/paths';
import type { Policy, PolicyError, PolicySource } from './parse';

const POLICY_SUFFIX = `/${POLICY_FILE_NAME}`;

export interface PolicyState {
  readonly file: string;
  readonly source: PolicySource;
  /** Problems of the current text; empty when it is valid. */
  readonly errors: readonly PolicyError[];
  /** The policy in force: the current one, or the loader's fallback while the file is broken. */
  readonly policy: Policy | undefined;
}

export interface PolicyStack {
  readonly policies: readonly Policy[];
  /** States of every policy file on the way, including broken ones. */
  readonly states: readonly PolicyState[];
}

/** Turns one policy file into its state; undefined when there is no policy there. */
export interface PolicyLoader {
  load(
    file: string,
    source: PolicySource,
    dir: string,
    inheritedTools: () => ReadonlySet<string>,
  ): PolicyState | undefined;
  /** Forget what was read of one file, or of all, so the next load reads it again. */
  forget(file?: string): void;
}

export class PolicyRepository {
  private readonly stacks = new Map<string, PolicyStack>();
  private readonly seen = new Map<string, PolicyState>();

  constructor(
    /** Workspace or repository root, '/' separators, no trailing slash. */
    readonly root: string,
    private readonly loader: PolicyLoader,
    /** Absolute paths of the managed policies, applied first, anchored at the root. */
    private readonly managedFiles: readonly string[] = [],
    /** Replaces `<root>/.aifence.json` (the CLI's --policy). */
    readonly rootPolicyFile: string = `${root}/${POLICY_FILE_NAME}`,
  ) {}

  /** The stack that applies to files directly in `dir` (absolute; outside the root: the root's stack). */
  stackForDir(dir: string): PolicyStack {
    const cached = this.stacks.get(dir);
    if (cached) return cached;
    let stack: PolicyStack;
    if (dir === this.root || !dir.startsWith(`${this.root}/`)) {
      stack = { policies: [], states: [] };
      for (const managed of this.managedFiles) stack = this.extend(stack, managed, 'managed', this.root);
      stack = this.extend(stack, this.rootPolicyFile, 'repository', this.root);
    } else {
      const parent = dir.slice(0, dir.lastIndexOf('/'));
      stack = this.extend(this.stackForDir(parent), `${dir}/${POLICY_FILE_NAME}`, 'repository', dir);
    }
    this.stacks.set(dir, stack);
    return stack;
  }

  /**
   * A listing of `dir` shows no policy file: files there get its parent's
   * stack without a read (a big tree has 100k directories). The caller makes
   * sure no open document stands in for the missing file.
   */
  noteNoPolicyIn(dir: string): void {
    // Called for every listed directory: no string is built unless needed.
    if (dir === this.root || !isWithin(dir, this.root) || this.stacks.has(dir)) return;
    for (const file of this.seen.keys())
      if (file.length === dir.length + POLICY_SUFFIX.length && file.startsWith(dir) && file.endsWith(POLICY_SUFFIX))
        this.seen.delete(file);
    this.stacks.set(dir, this.stackForDir(dir.slice(0, dir.lastIndexOf('/'))));
  }

  stackForFile(file: string): PolicyStack {
    return this.stackForDir(file.slice(0, file.lastIndexOf('/')) || '/');
  }

  /** Every policy state seen so far. */
  allStates(): PolicyState[] {
    return [...this.seen.values()];
  }

  /** Forget the text of one policy file, or of all; the loader decides what it keeps. */
  invalidate(file?: string): void {
    this.stacks.clear();
    if (file === undefined) this.seen.clear();
    else this.seen.delete(file);
    this.loader.forget(file);
  }

  private extend(stack: PolicyStack, file: string, source: PolicySource, dir: string): PolicyStack {
    // Tool ids declared above; built-in ids need no listing (the parser knows them).
    const inherited = () => new Set(stack.policies.flatMap((p) => [...p.tools.keys()]));
    const state = this.loader.load(file, source, dir, inherited);
    if (!state || (!state.errors.length && !state.policy)) {
      this.seen.delete(file);
      return stack;
    }
    this.seen.set(file, state);
    return {
      policies: state.policy ? [...stack.policies, state.policy] : stack.policies,
      states: [...stack.states, state],
    };
  }
}
