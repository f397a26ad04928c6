// Amazon Q Developer CLI (aws/amazon-q-developer-cli 15cc8f3c, 2026-04-23; docs/hooks.md @888c2760,
// docs/agent-format.md @920a36da): hooks live in an agent file, .amazonq/cli-agents/<name>.json, as
// hooks.preToolUse / postToolUse [{matcher?, command, timeout_ms}], run with `bash -c`. Stdin
// {hook_event_name, cwd, tool_name, tool_input} (+ tool_response {success, result} after the tool);
// tools fs_read {operations[{mode, path}]}, fs_write {command, path, file_text|old_str|new_str},
// execute_bash {command}, MCP `@server/tool`. Only exit 2 blocks, with stderr given to the model; no
// answer on stdout is read, so there is no ask and no context; any other exit lets the call run.
// Kiro CLI, its successor, has the same agent-file hooks (kiro.ts).
// (research: hooks-new/kiro-amazonq.md)
import { AGENT_FILE_PROTOCOL, planAgentFile } from './agentFile';
import type { AgentHooks } from './types';

export const amazonQ: AgentHooks = {
  name: 'Amazon Q Developer CLI',
  ...AGENT_FILE_PROTOCOL,
  install: (root, command) => planAgentFile(root, 'amazon-q', '.amazonq/cli-agents', command),
  configFiles: {
    repository: ['.amazonq/cli-agents/'],
    home: ['.aws/amazonq/cli-agents/'],
  },
  installNote:
    'Note: Amazon Q Developer CLI runs hooks only for the agent in use: start it with "q chat --agent ai-fence", or make it the default with "q settings chat.defaultAgent ai-fence".\n',
};
