// AIF005 findings for every broken policy file the workspace has loaded.

import type { Finding, Workspace } from '../engine';
import { type CliIo, displayPath } from './context';
import type { FileReport } from './format';

export function policyErrorReports(workspace: Workspace, io: CliIo): FileReport[] {
  // Make sure the root policy and the managed one are loaded even when no file was checked.
  workspace.policies.stackForDir(workspace.root);
  const reports: FileReport[] = [];
  for (const state of workspace.policies.allStates()) {
    if (!state.errors.length) continue;
    const findings: Finding[] = state.errors.map((e) => ({
      code: 'AIF005',
      severity: 'error',
      message: `Invalid ${state.source === 'managed' ? 'managed ' : ''}policy: ${e.message}`,
      line: e.line,
      character: e.character,
      endLine: e.endLine,
      endCharacter: e.endCharacter,
    }));
    reports.push({ path: displayPath(io, state.file), findings });
  }
  return reports.sort((a, b) => a.path.localeCompare(b.path));
}
