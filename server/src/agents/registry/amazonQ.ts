// Amazon Q Developer CLI (aws/amazon-q-developer-cli 15cc8f3c, 2026-04-23; docs/hooks.md @888c2760,
// docs/agent-format.md @920a36da): hooks live in an agent file, .amazonq/cli-agents/<name>.json, as
// hooks.preToolUse / postToolUse [{matcher?, command, timeout_ms}], run with `bash -c`. Stdin
// {hook_event_name, cwd, tool_name, tool_input} (+ tool_response {success, result} after the tool);
// tools fs_read {operations[{mode, path}]}, fs_write {command, path, file_text|old_str|new_str},
// execute_bash {command}, MCP `@server/tool`. Only exit 2 blocks, with stderr given to the model; no
// answer on stdout is read, so there is no ask and no context; any other exit lets the call run.
// Kiro CLI, its successor, documents the same hooks (kiro.dev/docs/cli/hooks, seen 2026-11-30).
// (research: hooks-new/kiro-amazonq.md)
import * as path from 'node:path';
import { isObject, type Json } from '../../engine/io/json';
import { type FilePlan, failClosedCommand, mergeFlatEntries, readJson, TIMEOUT, unchanged } from './configFile';
import type { AgentHooks } from './types';

export const amazonQ: AgentHooks = {
  name: 'Amazon Q Developer CLI',
  events: { preToolUse: { phase: 'pre', canAsk: false }, postToolUse: { phase: 'post', canAsk: false } },
  answer: (_event, phase, { verdict, reason, context }) =>
    phase === 'pre' && verdict !== 'allow'
      ? { stdout: '', stderr: `${context ? `${reason}\n${context}` : reason}\n`, exitCode: 2 }
      : { stdout: '', exitCode: 0 },
  failClosed: () => ({ stdout: '', exitCode: 2 }),
  install: planAmazonQ,
  configFiles: {
    repository: ['.amazonq/cli-agents/', '.kiro/hooks/'],
    home: ['.aws/amazonq/cli-agents/'],
  },
  installNote:
    'Note: Amazon Q Developer CLI runs hooks only for the agent in use: start it with "q chat --agent ai-fence", or make it the default with "q settings chat.defaultAgent ai-fence".\n',
};

function planAmazonQ(root: string, command: string): FilePlan {
  const file = path.join(root, '.amazonq', 'cli-agents', 'ai-fence.json');
  const { text, value } = readJson(file);
  const hooks = isObject(value.hooks) ? value.hooks : {};
  const changes: [string[], unknown][] = [];
  // A new agent gets the built-in default agent's tools (docs/default-agent-behavior.md); an existing one keeps its own.
  if (value.name === undefined) changes.push([['name'], 'ai-fence']);
  if (value.description === undefined)
    changes.push([['description'], 'The default agent, with the AI Fence hooks (ai-fence install-hooks)']);
  if (value.tools === undefined) changes.push([['tools'], ['*']]);
  if (value.allowedTools === undefined) changes.push([['allowedTools'], ['fs_read']]);
  for (const event of ['preToolUse', 'postToolUse']) {
    const cmd = `${command} hook amazon-q ${event}`;
    const entry: Json = { command: event === 'preToolUse' ? failClosedCommand(cmd) : cmd, timeout_ms: TIMEOUT * 1000 };
    changes.push([['hooks', event], mergeFlatEntries(hooks[event], 'amazon-q', event, entry, ['command'])]);
  }
  return { agent: 'amazon-q', file, before: text, after: unchanged(text, value, changes) };
}
