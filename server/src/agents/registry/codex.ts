// Codex (.codex/hooks.json): Claude Code's wire format plus `model` and `turn_id`; tool_name is
// "Bash" or "apply_patch" (the patch text in tool_input.command). It honours "deny" but not
// "ask", and up to 0.128 it lets a call run when a deny carries additionalContext, so the context
// joins the reason. Exit 2 with stderr blocks; every other failure lets the call run.
// (research: hooks-core/codex.md)
import { hookSpecificAnswer } from './claudeStyle';
import type { AgentHooks } from './types';

export const codex: AgentHooks = {
  name: 'Codex',
  events: { PreToolUse: { phase: 'pre', canAsk: false }, PostToolUse: { phase: 'post', canAsk: false } },
  answer: (_event, phase, outcome) => hookSpecificAnswer(phase, outcome, true),
  failClosed: () => ({ stdout: '', exitCode: 2 }),
};
