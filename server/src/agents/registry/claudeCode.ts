// Claude Code (.claude/settings.json; VS Code agent mode and Copilot CLI read the same file):
// stdin session_id, transcript_path, cwd, hook_event_name, tool_name, tool_input, tool_use_id
// (+ tool_response after the tool). Answer {"hookSpecificOutput":{hookEventName,
// permissionDecision: "deny"|"ask", permissionDecisionReason, additionalContext}}, exit 0;
// exit 2 blocks with stderr as the reason. (research: hooks-core/claude-code.md)
import { hookSpecificAnswer } from './claudeStyle';
import type { AgentHooks } from './types';

export const claudeCode: AgentHooks = {
  name: 'Claude Code',
  events: { PreToolUse: { phase: 'pre', canAsk: true }, PostToolUse: { phase: 'post', canAsk: false } },
  answer: (_event, phase, outcome) => hookSpecificAnswer(phase, outcome, false),
  failClosed: () => ({ stdout: '', exitCode: 2 }),
};
