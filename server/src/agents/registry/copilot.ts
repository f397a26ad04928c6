// GitHub Copilot CLI / cloud agent (.github/hooks/*.json, version 1; VS Code runs the same files):
// preToolUse/postToolUse with timestamp, cwd, toolName, toolArgs (a JSON string, or apply_patch's
// raw patch text); PascalCase events get the VS Code form (snake_case fields). Answer
// {"permissionDecision":"deny","permissionDecisionReason"} plus the same in hookSpecificOutput,
// which is all VS Code reads. A fail-closed deny exits 0: VS Code lets a call run on any exit but 2.
// (research: hooks-core/copilot-cli.md, hooks-core/vscode.md)
import type { Json } from '../../engine/io/json';
import { type AgentHooks, json } from './types';

function deny(reason: string | undefined): Json {
  const decision = { permissionDecision: 'deny', permissionDecisionReason: reason };
  return { ...decision, hookSpecificOutput: { hookEventName: 'PreToolUse', ...decision } };
}

const pre = { phase: 'pre', canAsk: false } as const;
const post = { phase: 'post', canAsk: false } as const;

export const copilot: AgentHooks = {
  name: 'GitHub Copilot',
  events: { preToolUse: pre, PreToolUse: pre, postToolUse: post, PostToolUse: post },
  answer: (_event, phase, { verdict, reason, context }) => {
    if (phase === 'pre' && verdict !== 'allow') return { stdout: json(deny(reason)), exitCode: 0 };
    const hookEventName = phase === 'pre' ? 'PreToolUse' : 'PostToolUse';
    return {
      stdout: context
        ? json({ additionalContext: context, hookSpecificOutput: { hookEventName, additionalContext: context } })
        : '',
      exitCode: 0,
    };
  },
  failClosed: (reason) => ({ stdout: json(deny(reason)), exitCode: 0 }),
};
