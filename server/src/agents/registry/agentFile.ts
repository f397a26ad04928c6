// The hooks of an Amazon Q Developer CLI / Kiro CLI agent file (aws/amazon-q-developer-cli docs/hooks.md,
// docs/agent-format.md; kiro.dev/docs/cli/hooks): hooks.preToolUse / postToolUse [{matcher?, command,
// timeout_ms}] inside the agent's JSON. Only exit 2 blocks, with stderr given to the model; stdout of a
// tool hook is not read, so there is no ask and no context; any other exit lets the call run.
import * as path from 'node:path';
import { isObject, type Json } from '../../engine/io/json';
import type { AgentId } from '.';
import { type FilePlan, failClosedCommand, mergeFlatEntries, readJson, TIMEOUT, unchanged } from './configFile';
import type { AgentHooks } from './types';

/** Events, answers and fail-closed answer of the agent-file hooks. */
export const AGENT_FILE_PROTOCOL: Pick<AgentHooks, 'events' | 'answer' | 'failClosed'> = {
  events: { preToolUse: { phase: 'pre', canAsk: false }, postToolUse: { phase: 'post', canAsk: false } },
  answer: (_event, phase, { verdict, reason, context }) =>
    phase === 'pre' && verdict !== 'allow'
      ? { stdout: '', stderr: `${context ? `${reason}\n${context}` : reason}\n`, exitCode: 2 }
      : { stdout: '', exitCode: 0 },
  failClosed: () => ({ stdout: '', exitCode: 2 }),
};

/** `<root>/<dir>/ai-fence.json`, an agent holding our hooks, merged into what the user has there. */
export function planAgentFile(root: string, agent: AgentId, dir: string, command: string): FilePlan {
  const file = path.join(root, dir, 'ai-fence.json');
  const { text, value } = readJson(file);
  const hooks = isObject(value.hooks) ? value.hooks : {};
  const changes: [string[], unknown][] = [];
  // A new agent gets the built-in default agent's tools (Q docs/default-agent-behavior.md; fs_read is
  // the only tool trusted by default, kiro.dev/docs/cli/chat/permissions); an existing one keeps its own.
  if (value.name === undefined) changes.push([['name'], 'ai-fence']);
  if (value.description === undefined)
    changes.push([['description'], 'The default agent, with the AI Fence hooks (ai-fence install-hooks)']);
  if (value.tools === undefined) changes.push([['tools'], ['*']]);
  if (value.allowedTools === undefined) changes.push([['allowedTools'], ['fs_read']]);
  for (const event of ['preToolUse', 'postToolUse']) {
    const cmd = `${command} hook ${agent} ${event}`;
    const entry: Json = { command: event === 'preToolUse' ? failClosedCommand(cmd) : cmd, timeout_ms: TIMEOUT * 1000 };
    changes.push([['hooks', event], mergeFlatEntries(hooks[event], agent, event, entry, ['command'])]);
  }
  return { agent, file, before: text, after: unchanged(text, value, changes) };
}
