// Windsurf Cascade (.windsurf/hooks.json; docs.windsurf.com/windsurf/cascade/hooks, seen 2026-11-30):
// one event per kind of action, no matcher; every payload has agent_action_name, trajectory_id,
// execution_id, timestamp and tool_info: pre_read_code {file_path} (a directory for recursive reads),
// pre_write_code / post_write_code {file_path, edits[{old_string,new_string}]}, pre_run_command
// {command_line, cwd}, pre_mcp_tool_use {mcp_server_name, mcp_tool_name, mcp_tool_arguments}. Only
// exit 2 blocks, and Cascade sees stderr; there is no JSON answer, no ask and no context for the
// model (stdout is shown to the user with show_output). (research: hooks-new/windsurf.md)
import * as path from 'node:path';
import { isObject, type Json, str } from '../../engine/io/json';
import { type FilePlan, failClosedCommand, mergeFlatEntries, readJson, unchanged } from './configFile';
import type { AgentHooks, EventTool } from './types';

const pre = { phase: 'pre', canAsk: false, noContext: true } as const;
const EVENTS = ['pre_read_code', 'pre_write_code', 'pre_run_command', 'pre_mcp_tool_use', 'post_write_code'];

function eventTool(event: string, payload: Json): EventTool | undefined {
  const info = isObject(payload.tool_info) ? payload.tool_info : {};
  switch (event) {
    case 'pre_read_code':
      return { toolName: 'Read', input: { file_path: info.file_path }, requires: 'target' };
    case 'pre_write_code':
    case 'post_write_code':
      return { toolName: 'Edit', input: { file_path: info.file_path, edits: info.edits }, requires: 'target' };
    case 'pre_run_command':
      return { toolName: 'Shell', input: { command: info.command_line, cwd: info.cwd }, requires: 'shell' };
    case 'pre_mcp_tool_use': {
      const args = isObject(info.mcp_tool_arguments) ? info.mcp_tool_arguments : {};
      return { toolName: `mcp__${str(info.mcp_server_name)}__${str(info.mcp_tool_name)}`, input: args };
    }
    default:
      return undefined;
  }
}

export const windsurf: AgentHooks = {
  name: 'Windsurf Cascade',
  events: {
    pre_read_code: pre,
    pre_write_code: pre,
    pre_run_command: pre,
    pre_mcp_tool_use: pre,
    post_write_code: { phase: 'post', canAsk: false },
  },
  eventTool,
  answer: (_event, phase, { verdict, reason, context }) => {
    if (phase === 'pre' && verdict !== 'allow') return { stdout: '', stderr: `${reason}\n`, exitCode: 2 };
    // Shown to the user (show_output), never to the model.
    return { stdout: context ? `${context}\n` : '', exitCode: 0 };
  },
  failClosed: (reason) => ({ stdout: '', stderr: `${reason}\n`, exitCode: 2 }),
  install: planWindsurf,
  configFiles: { repository: ['.windsurf/hooks.json'], home: ['.codeium/windsurf/hooks.json'] },
};

function planWindsurf(root: string, command: string): FilePlan {
  const file = path.join(root, '.windsurf', 'hooks.json');
  const { text, value } = readJson(file);
  const hooks = isObject(value.hooks) ? value.hooks : {};
  const changes: [string[], unknown][] = EVENTS.map((event) => {
    const cmd = `${command} hook windsurf ${event}`;
    // Any exit but 2 lets the action run, so a missing binary (127) must become exit 2.
    const isPre = event.startsWith('pre_');
    const entry: Json = { command: isPre ? failClosedCommand(cmd) : cmd, show_output: isPre };
    return [['hooks', event], mergeFlatEntries(hooks[event], 'windsurf', event, entry, ['command'])];
  });
  return { agent: 'windsurf', file, before: text, after: unchanged(text, value, changes) };
}
