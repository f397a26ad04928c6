// Cursor (.cursor/hooks.json): camelCase events with conversation_id, model, workspace_roots;
// preToolUse has tool_name/tool_input, beforeReadFile has file_path, beforeShellExecution has
// command/cwd, afterFileEdit has file_path and edits[{old_string,new_string}]. Permission events
// answer {"permission":"allow"|"deny"|"ask","user_message","agent_message"}; postToolUse answers
// {"additional_context"}; exit 2 also denies. preToolUse does not enforce "ask" (issue 12, citing
// Cursor's hook docs; third-party Cursor integrations answer deny there instead), so an ask there
// is decided as for Codex. These come from third-party descriptions: upstream could not be read
// (research: hooks-core/cursor.md).
import * as path from 'node:path';
import { isObject, type Json } from '../../engine/io/json';
import { type FilePlan, mergeFlatEntries, readJson, TIMEOUT, unchanged } from './configFile';
import { type AgentHooks, json } from './types';

const deny = (verdict: string, reason: string | undefined) => ({
  permission: verdict,
  user_message: reason,
  agent_message: reason,
});

export const cursor: AgentHooks = {
  name: 'Cursor',
  events: {
    preToolUse: { phase: 'pre', canAsk: false },
    beforeReadFile: { phase: 'pre', canAsk: true },
    beforeShellExecution: { phase: 'pre', canAsk: true },
    beforeMCPExecution: { phase: 'pre', canAsk: true },
    afterFileEdit: { phase: 'post', canAsk: false },
    postToolUse: { phase: 'post', canAsk: false },
  },
  eventTool: (event, payload) => {
    if (event === 'beforeReadFile' || event === 'afterFileEdit')
      return {
        toolName: event === 'beforeReadFile' ? 'Read' : 'Edit',
        input: {
          file_path: payload.file_path,
          ...(Array.isArray(payload.attachments) ? { attachments: payload.attachments } : {}),
        },
        requires: event === 'beforeReadFile' ? 'target' : undefined,
      };
    if (event === 'beforeShellExecution')
      return { toolName: 'Shell', input: { command: payload.command }, requires: 'shell' };
    return undefined;
  },
  // Cursor records through afterFileEdit; its postToolUse only carries context back.
  contextOnly: ['postToolUse'],
  versionField: 'cursor_version',
  answer: (event, phase, { verdict, reason, context }) => {
    if (phase === 'post')
      return { stdout: json(event === 'postToolUse' && context ? { additional_context: context } : {}), exitCode: 0 };
    if (verdict !== 'allow') return { stdout: json(deny(verdict, reason)), exitCode: 0 };
    // beforeReadFile wants an explicit answer; for the others an empty one leaves Cursor's own approval in place.
    return { stdout: json(event === 'beforeReadFile' ? { permission: 'allow' } : {}), exitCode: 0 };
  },
  failClosed: (reason) => ({ stdout: json(deny('deny', reason)), exitCode: 2 }),
  install: planCursor,
  configFiles: { repository: ['.cursor/hooks.json'], home: ['.cursor/hooks.json'] },
};

function planCursor(root: string, command: string): FilePlan {
  const file = path.join(root, '.cursor', 'hooks.json');
  const { text, value } = readJson(file);
  const hooks = isObject(value.hooks) ? value.hooks : {};
  const changes: [string[], unknown][] = [];
  if (value.version === undefined) changes.push([['version'], 1]);
  for (const event of ['preToolUse', 'beforeReadFile', 'afterFileEdit', 'postToolUse']) {
    const pre = event === 'preToolUse' || event === 'beforeReadFile';
    const entry: Json = {
      command: `${command} hook cursor ${event}`,
      timeout: TIMEOUT,
      ...(pre ? { failClosed: true } : {}),
    };
    changes.push([['hooks', event], mergeFlatEntries(hooks[event], 'cursor', event, entry, ['command'])]);
  }
  return { agent: 'cursor', file, before: text, after: unchanged(text, value, changes) };
}
