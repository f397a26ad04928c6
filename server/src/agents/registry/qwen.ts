// Qwen Code (.qwen/settings.json; QwenLM/qwen-code docs/users/features/hooks.md @00d06c80):
// Claude Code's wire format (PreToolUse/PostToolUse, hookSpecificOutput with permissionDecision
// "deny"|"ask" and additionalContext) plus `timestamp`; tool ids read_file, write_file, edit,
// run_shell_command {command, directory}... Exit 2 blocks with stderr as the reason; any other
// failure (a missing binary, a timeout) lets the call run. (research: hooks-new/qwen.md)
import { hookSpecificAnswer } from './claudeStyle';
import { planNamedHooks } from './configFile';
import type { AgentHooks } from './types';

export const qwen: AgentHooks = {
  name: 'Qwen Code',
  events: { PreToolUse: { phase: 'pre', canAsk: true }, PostToolUse: { phase: 'post', canAsk: false } },
  answer: (_event, phase, outcome) => hookSpecificAnswer(phase, outcome, false),
  failClosed: () => ({ stdout: '', exitCode: 2 }),
  install: (root, command) =>
    planNamedHooks(root, 'qwen', '.qwen/settings.json', ['PreToolUse', 'PostToolUse'], command),
  configFiles: { repository: ['.qwen/settings.json'], home: ['.qwen/settings.json'] },
  installNote: 'Note: Qwen Code runs .qwen/settings.json hooks only in a trusted folder.\n',
};
