// Finds and caches the policies that apply to each directory of a workspace:
// the managed policy, then every `.aifence.json` from the root down.

import { POLICY_FILE_NAME } from '../io/paths';
import type { Policy, PolicyError, PolicySource } from './parse';
import { parsePolicy } from './parse';

export interface PolicyReader {
  /** File text, or undefined when the file does not exist. May throw for unreadable files. */
  readText(path: string): string | undefined;
}

export interface PolicyState {
  readonly file: string;
  readonly source: PolicySource;
  /** Problems of the current text; empty when it is valid. */
  readonly errors: readonly PolicyError[];
  /** The policy in force: the current one, or the last valid one while the file is broken. */
  readonly policy: Policy | undefined;
}

export interface PolicyStack {
  readonly policies: readonly Policy[];
  /** States of every policy file on the way, including broken ones. */
  readonly states: readonly PolicyState[];
}

export class PolicyRepository {
  private readonly states = new Map<string, PolicyState>();
  private readonly stacks = new Map<string, PolicyStack>();
  private readonly lastValid = new Map<string, Policy>();

  constructor(
    /** Workspace or repository root, '/' separators, no trailing slash. */
    readonly root: string,
    private readonly reader: PolicyReader,
    /** Absolute path of the managed policy, if any. */
    private readonly managedFile?: string,
    /** Replaces `<root>/.aifence.json` (the CLI's --policy). */
    readonly rootPolicyFile: string = `${root}/${POLICY_FILE_NAME}`,
  ) {}

  /** The stack that applies to files directly in `dir` (absolute, inside root). */
  stackForDir(dir: string): PolicyStack {
    const cached = this.stacks.get(dir);
    if (cached) return cached;
    let stack: PolicyStack;
    if (dir === this.root || !dir.startsWith(`${this.root}/`)) {
      stack = this.extend({ policies: [], states: [] }, this.managedFile, 'managed', this.root);
      stack = this.extend(stack, this.rootPolicyFile, 'repository', this.root);
    } else {
      const parent = dir.slice(0, dir.lastIndexOf('/'));
      stack = this.extend(this.stackForDir(parent), `${dir}/${POLICY_FILE_NAME}`, 'repository', dir);
    }
    this.stacks.set(dir, stack);
    return stack;
  }

  stackForFile(file: string): PolicyStack {
    return this.stackForDir(file.slice(0, file.lastIndexOf('/')));
  }

  /** Every policy state seen so far. */
  allStates(): PolicyState[] {
    return [...this.states.values()];
  }

  /** Forget the cached text of one policy file, or of all; last valid policies are kept. */
  invalidate(file?: string): void {
    this.stacks.clear();
    if (file === undefined) this.states.clear();
    else this.states.delete(file);
  }

  private extend(stack: PolicyStack, file: string | undefined, source: PolicySource, dir: string): PolicyStack {
    if (!file) return stack;
    // Tool ids declared above; built-in ids need no listing (the parser knows them).
    const inherited = () => new Set(stack.policies.flatMap((p) => [...p.tools.keys()]));
    const state = this.load(file, source, dir, inherited);
    if (!state) return stack;
    return {
      policies: state.policy ? [...stack.policies, state.policy] : stack.policies,
      states: [...stack.states, state],
    };
  }

  private load(
    file: string,
    source: PolicySource,
    dir: string,
    inheritedTools: () => ReadonlySet<string>,
  ): PolicyState | undefined {
    const cached = this.states.get(file);
    if (cached) return cached.errors.length || cached.policy ? cached : undefined;
    let state: PolicyState;
    try {
      const text = this.reader.readText(file);
      if (text === undefined) {
        // A deleted policy is gone on purpose: nothing to fall back to. Missing
        // files are not remembered: the per-directory stack cache already
        // avoids asking twice, and a big tree has 100k such directories.
        this.lastValid.delete(file);
        return undefined;
      }
      const result = parsePolicy(text, { file, dir, source, inheritedTools: inheritedTools() });
      if (result.policy) this.lastValid.set(file, result.policy);
      state = { file, source, errors: result.errors, policy: result.policy ?? this.lastValid.get(file) };
    } catch (e) {
      const message = `cannot read policy: ${(e as Error).message}`;
      state = {
        file,
        source,
        policy: this.lastValid.get(file),
        errors: [{ file, line: 0, character: 0, endLine: 0, endCharacter: 0, message }],
      };
    }
    this.states.set(file, state);
    return state.errors.length || state.policy ? state : undefined;
  }
}
