// GitHub Copilot CLI / cloud agent (.github/hooks/*.json, version 1; VS Code runs the same files):
// preToolUse/postToolUse with timestamp, cwd, toolName, toolArgs (a JSON string, or apply_patch's
// raw patch text); PascalCase events get the VS Code form (snake_case fields). Answer
// {"permissionDecision":"deny","permissionDecisionReason"} plus the same in hookSpecificOutput,
// which is all VS Code reads. A fail-closed deny exits 0: VS Code lets a call run on any exit but 2.
// (research: hooks-core/copilot-cli.md, hooks-core/vscode.md)
import * as path from 'node:path';
import { isObject, type Json } from '../../engine/io/json';
import {
  type FilePlan,
  failClosedCommand,
  failClosedPowerShell,
  mergeFlatEntries,
  readJson,
  TIMEOUT,
  unchanged,
} from './configFile';
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
  install: planCopilot,
  configFiles: { repository: ['.github/hooks/'], home: ['.copilot/hooks/'] },
  installNote:
    'Note: the Copilot cloud agent runs hooks from the default branch, and needs ai-fence installed in its environment (e.g. in .github/workflows/copilot-setup-steps.yml).\n',
};

function planCopilot(root: string, command: string): FilePlan {
  const file = path.join(root, '.github', 'hooks', 'ai-fence.json');
  const { text, value } = readJson(file);
  const hooks = isObject(value.hooks) ? value.hooks : {};
  const changes: [string[], unknown][] = [];
  if (value.version === undefined) changes.push([['version'], 1]);
  for (const event of ['preToolUse', 'postToolUse']) {
    const cmd = `${command} hook copilot ${event}`;
    // VS Code runs `bash` on Linux and macOS and lets a call through on exits other than 2.
    const pre = event === 'preToolUse';
    const entry: Json = {
      type: 'command',
      bash: pre ? failClosedCommand(cmd) : cmd,
      powershell: pre ? failClosedPowerShell(cmd) : cmd,
      timeoutSec: TIMEOUT,
    };
    changes.push([['hooks', event], mergeFlatEntries(hooks[event], 'copilot', event, entry, ['bash', 'powershell'])]);
  }
  return { agent: 'copilot', file, before: text, after: unchanged(text, value, changes) };
}
