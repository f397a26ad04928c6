// Every policy of a repository as specs (raw globs kept), for the commands
// that translate zones into other tools' formats (sync, install-hooks).
import * as fs from 'node:fs';
import type { Workspace } from '../engine';
import { emptySkips, POLICY_FILE_NAME, type PolicySpec, specOf, walkFiles } from '../engine';
import { type CliIo, displayPath, openWorkspace } from './context';

export interface RepoPolicies {
  readonly workspace: Workspace;
  readonly root: string;
  readonly specs: PolicySpec[];
  /** One line per broken policy file (file:line:col message). */
  readonly errors: string[];
}

export function loadRepoPolicies(io: CliIo): RepoPolicies {
  const workspace = openWorkspace(io);
  const root = workspace.root;
  const dirs = new Set<string>([root]);
  for (const f of walkFiles(root, { root, skips: emptySkips() })) {
    if (f.endsWith(`/${POLICY_FILE_NAME}`)) dirs.add(f.slice(0, f.lastIndexOf('/')));
  }
  for (const d of dirs) workspace.policies.stackForDir(d);
  const specs: PolicySpec[] = [];
  const errors: string[] = [];
  const states = workspace.policies
    .allStates()
    .sort((a, b) => (a.source === b.source ? a.file.localeCompare(b.file) : a.source === 'managed' ? -1 : 1));
  for (const state of states) {
    if (state.errors.length) {
      for (const e of state.errors)
        errors.push(`${displayPath(io, state.file)}:${e.line + 1}:${e.character + 1}: ${e.message}`);
      continue;
    }
    if (!state.policy) continue;
    let text: string;
    try {
      text = fs.readFileSync(state.file, 'utf8');
    } catch (e) {
      errors.push(`${displayPath(io, state.file)}: ${(e as Error).message}`);
      continue;
    }
    specs.push(specOf(state.policy, text));
  }
  return { workspace, root, specs, errors };
}
