// Codex (.codex/hooks.json): Claude Code's wire format plus `model` and `turn_id`; tool_name is
// "Bash" or "apply_patch" (the patch text in tool_input.command). It honours "deny" but not
// "ask", and up to 0.128 it lets a call run when a deny carries additionalContext, so the context
// joins the reason. Exit 2 with stderr blocks; every other failure lets the call run.
// (research: hooks-core/codex.md)
import * as path from 'node:path';
import { isObject } from '../../engine/io/json';
import { hookSpecificAnswer } from './claudeStyle';
import { type FilePlan, failClosedCommand, mergeMatcherGroups, readJson, unchanged } from './configFile';
import type { AgentHooks } from './types';

export const codex: AgentHooks = {
  name: 'Codex',
  events: { PreToolUse: { phase: 'pre', canAsk: false }, PostToolUse: { phase: 'post', canAsk: false } },
  answer: (_event, phase, outcome) => hookSpecificAnswer(phase, outcome, true),
  failClosed: () => ({ stdout: '', exitCode: 2 }),
  install: planCodex,
  configFiles: {
    repository: ['.codex/hooks.json', '.codex/config.toml'],
    home: ['.codex/hooks.json', '.codex/config.toml'],
  },
  // Codex runs a project's hooks only once the project and each hook are trusted (hooks-core/codex.md).
  installNote:
    'Note: Codex runs .codex/hooks.json only in a trusted project, and only hooks you have trusted: open /hooks in Codex and trust the AI Fence hooks (again after any change to them). Until then Codex does not run them.\n',
};

function planCodex(root: string, command: string): FilePlan {
  const file = path.join(root, '.codex', 'hooks.json');
  const { text, value } = readJson(file);
  const hooks = isObject(value.hooks) ? value.hooks : {};
  const changes: [string[], unknown][] = ['PreToolUse', 'PostToolUse'].map((event) => [
    ['hooks', event],
    mergeMatcherGroups(
      hooks[event],
      'codex',
      event,
      event === 'PreToolUse' ? failClosedCommand(`${command} hook codex ${event}`) : `${command} hook codex ${event}`,
      'Bash|apply_patch|mcp__.*',
    ),
  ]);
  return { agent: 'codex', file, before: text, after: unchanged(text, value, changes) };
}
