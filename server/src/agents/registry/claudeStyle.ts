// The hookSpecificOutput answer Claude Code defined and Codex adopted.
import { type Answer, json, type Outcome } from './types';

export function hookSpecificAnswer(phase: 'pre' | 'post', outcome: Outcome, foldContext: boolean): Answer {
  const { verdict, reason, context } = outcome;
  const hookEventName = phase === 'pre' ? 'PreToolUse' : 'PostToolUse';
  if (phase === 'pre' && verdict !== 'allow') {
    const folded = foldContext && context;
    return {
      stdout: json({
        hookSpecificOutput: {
          hookEventName,
          permissionDecision: verdict,
          permissionDecisionReason: folded ? `${reason}\n${context}` : reason,
          ...(context && !folded ? { additionalContext: context } : {}),
        },
      }),
      exitCode: 0,
    };
  }
  return {
    stdout: context ? json({ hookSpecificOutput: { hookEventName, additionalContext: context } }) : '',
    exitCode: 0,
  };
}
