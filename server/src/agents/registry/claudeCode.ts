// Claude Code (.claude/settings.json; VS Code agent mode and Copilot CLI read the same file):
// stdin session_id, transcript_path, cwd, hook_event_name, tool_name, tool_input, tool_use_id
// (+ tool_response after the tool). Answer {"hookSpecificOutput":{hookEventName,
// permissionDecision: "deny"|"ask", permissionDecisionReason, additionalContext}}, exit 0;
// exit 2 blocks with stderr as the reason. (research: hooks-core/claude-code.md)
import * as path from 'node:path';
import { isObject } from '../../engine/io/json';
import { hookSpecificAnswer } from './claudeStyle';
import { type FilePlan, failClosedCommand, mergeMatcherGroups, readJson, unchanged } from './configFile';
import type { AgentHooks } from './types';

export const claudeCode: AgentHooks = {
  name: 'Claude Code',
  events: { PreToolUse: { phase: 'pre', canAsk: true }, PostToolUse: { phase: 'post', canAsk: false } },
  answer: (_event, phase, outcome) => hookSpecificAnswer(phase, outcome, false),
  failClosed: () => ({ stdout: '', exitCode: 2 }),
  install: planClaude,
  configFiles: {
    repository: ['.claude/settings.json', '.claude/settings.local.json'],
    home: ['.claude/settings.json'],
  },
};

function planClaude(root: string, command: string, denyRules: readonly string[]): FilePlan {
  const file = path.join(root, '.claude', 'settings.json');
  const { text, value } = readJson(file);
  const hooks = isObject(value.hooks) ? value.hooks : {};
  const changes: [string[], unknown][] = [];
  for (const event of ['PreToolUse', 'PostToolUse']) {
    changes.push([
      ['hooks', event],
      // onFailure "block" (Claude Code 2.1.332 SDK settings type): a hook that cannot start, times out or
      // crashes blocks the call instead of letting it run. Older versions ignore the field.
      mergeMatcherGroups(
        hooks[event],
        'claude-code',
        event,
        event === 'PreToolUse'
          ? failClosedCommand(`${command} hook claude-code ${event}`)
          : `${command} hook claude-code ${event}`,
        '*',
        event === 'PreToolUse' ? { onFailure: 'block' } : {},
      ),
    ]);
  }
  const permissions = isObject(value.permissions) ? value.permissions : {};
  const deny = Array.isArray(permissions.deny) ? [...permissions.deny] : [];
  const missing = denyRules.filter((r) => !deny.includes(r));
  if (missing.length || !Array.isArray(permissions.deny))
    changes.push([
      ['permissions', 'deny'],
      [...deny, ...missing],
    ]);
  return { agent: 'claude-code', file, before: text, after: unchanged(text, value, changes) };
}
