// Kiro CLI, Amazon Q Developer CLI's successor (kiro.dev docs, seen 2026-11-30). It reads hooks from two
// files and install-hooks writes both:
// - The agent file .kiro/agents/<name>.json (project; ~/.kiro/agents global, kiro.dev/docs/cli/chat/configuration),
//   hooks as in Amazon Q (agentFile.ts), run only for the agent in use. kiro.dev/docs/cli/hooks: stdin
//   {hook_event_name, cwd, tool_name, tool_input, tool_response (PostToolUse only)}; exit 2 blocks a
//   PreToolUse with STDERR returned to the LLM; any other exit is a warning to the user.
// - Kiro CLI 3.x (the V3 harness) also reads standalone .kiro/hooks/<name>.json for every agent of the
//   workspace: {version: "v1", hooks: [{name, trigger, matcher (tool-name regex), action: {type:
//   "command", command}, timeout, enabled}]}; a command gets "hook context as JSON on stdin", exit 2
//   blocks a PreToolUse (kiro.dev/docs/cli/v3/hooks/). Those stdin fields are not documented: they are
//   read as above, and a pre-tool payload without a tool name is blocked.
// Tools: fs_read / read, fs_write / write, execute_bash / shell, glob, grep (kiro.dev/docs/cli/chat/permissions,
// /docs/cli/reference/built-in-tools); the input fields of read and write are not documented.
// (research: hooks-new/kiro-amazonq.md; test/fixtures/hooks/SOURCES.md)
import * as path from 'node:path';
import { isObject, type Json } from '../../engine/io/json';
import { AGENT_FILE_PROTOCOL, planAgentFile } from './agentFile';
import { type FilePlan, failClosedCommand, isOurCommand, readJson, TIMEOUT, unchanged } from './configFile';
import type { AgentHooks } from './types';

export const kiro: AgentHooks = {
  name: 'Kiro CLI',
  ...AGENT_FILE_PROTOCOL,
  // Their inputs are not documented: a call whose file we cannot find is blocked, not let through.
  targetTools: ['fs_read', 'read', 'fs_write', 'write', 'str_replace'],
  install: (root, command) => [planAgentFile(root, 'kiro', '.kiro/agents', command), planHooksFile(root, command)],
  configFiles: {
    repository: ['.kiro/agents/', '.kiro/hooks/'],
    // settings/cli.json holds chat.defaultAgent, which selects the agent whose hooks run.
    home: ['.kiro/agents/', '.kiro/hooks/', '.kiro/settings/cli.json'],
  },
  installNote:
    'Note: Kiro CLI 3.x runs .kiro/hooks/ai-fence.json for every agent; do not also select the ai-fence agent there, or each edit is recorded twice. Kiro CLI 2.x runs hooks only for the agent in use: start it with "kiro-cli chat --agent ai-fence", or make it the default with "kiro-cli settings chat.defaultAgent ai-fence".\n',
};

/** .kiro/hooks/ai-fence.json (V3): our two command hooks, merged into what the user has there. */
function planHooksFile(root: string, command: string): FilePlan {
  const file = path.join(root, '.kiro', 'hooks', 'ai-fence.json');
  const { text, value } = readJson(file);
  const hooks = Array.isArray(value.hooks) ? [...value.hooks] : [];
  for (const [event, trigger] of [
    ['preToolUse', 'PreToolUse'],
    ['postToolUse', 'PostToolUse'],
  ]) {
    const cmd = `${command} hook kiro ${event}`;
    const ours: Json = {
      name: `ai-fence-${event}`,
      trigger,
      matcher: '.*',
      action: { type: 'command', command: event === 'preToolUse' ? failClosedCommand(cmd) : cmd },
      timeout: TIMEOUT,
      enabled: true,
    };
    const i = hooks.findIndex(
      (h) => isObject(h) && isObject(h.action) && isOurCommand(h.action.command, 'kiro', event),
    );
    // An existing entry of ours is switched back on and matched to every tool again.
    if (i >= 0) hooks[i] = { ...(hooks[i] as Json), ...ours };
    else hooks.push(ours);
  }
  const changes: [string[], unknown][] = [
    [['version'], 'v1'],
    [['hooks'], hooks],
  ];
  return { agent: 'kiro', file, before: text, after: unchanged(text, value, changes) };
}
