// The editor's and the CLI's PolicyLoader: parse every policy file; while one
// is broken, its last valid policy applies (the editor shows the errors).
import type { PolicyReader } from '../io/policyFiles';
import { recordFingerprint } from './fingerprint';
import { type Policy, type PolicySource, parsePolicy } from './parse';
import type { PolicyLoader, PolicyState } from './stack';

export class ParsingPolicyLoader implements PolicyLoader {
  private readonly states = new Map<string, PolicyState | null>();
  private readonly lastValid = new Map<string, Policy>();

  constructor(private readonly reader: PolicyReader) {}

  load(file: string, source: PolicySource, dir: string, inheritedTools: () => ReadonlySet<string>) {
    const known = this.states.get(file);
    if (known !== undefined) return known ?? undefined;
    const state = this.read(file, source, dir, inheritedTools);
    // Missing files are not remembered: the repository's per-directory stack
    // cache already avoids asking twice, and a big tree has 100k such directories.
    if (state) this.states.set(file, state);
    return state;
  }

  forget(file?: string): void {
    if (file === undefined) this.states.clear();
    else this.states.delete(file);
  }

  private read(file: string, source: PolicySource, dir: string, inheritedTools: () => ReadonlySet<string>) {
    try {
      const text = this.reader.readText(file);
      if (text === undefined) {
        // A deleted policy is gone on purpose: nothing to fall back to.
        this.lastValid.delete(file);
        return undefined;
      }
      const tools = inheritedTools();
      const result = parsePolicy(text, { file, dir, source, inheritedTools: tools });
      if (result.policy) {
        recordFingerprint(result.policy, text, tools);
        this.lastValid.set(file, result.policy);
      }
      return { file, source, errors: result.errors, policy: result.policy ?? this.lastValid.get(file) };
    } catch (e) {
      const message = `cannot read policy: ${(e as Error).message}`;
      return {
        file,
        source,
        policy: this.lastValid.get(file),
        errors: [{ file, line: 0, character: 0, endLine: 0, endCharacter: 0, message }],
      };
    }
  }
}
