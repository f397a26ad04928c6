// Factory Droid (.factory/hooks.json; Factory-AI/factory a80aa7c5, docs/reference/hooks-reference.mdx
// @23d17aff, 2026-06-23): Claude Code's hook groups (timeout in seconds) and stdin (session_id,
// transcript_path, cwd, permission_mode, hook_event_name, tool_name, tool_input, + tool_response after
// the tool); tools Read, Edit, Create, ApplyPatch, Execute {command}, Glob, Grep, MCP mcp__*. PreToolUse
// answers hookSpecificOutput.permissionDecision allow|deny|ask, whose reason only a deny shows to
// Droid; no pre-tool context channel but `systemMessage` (to the user). PostToolUse takes
// hookSpecificOutput.additionalContext. Exit 2 blocks with stderr; any other failure lets the call run.
// (research: hooks-new/factory-droid.md)
import * as path from 'node:path';
import { isObject } from '../../engine/io/json';
import { hookSpecificAnswer } from './claudeStyle';
import { type FilePlan, failClosedCommand, mergeMatcherGroups, readJson, unchanged } from './configFile';
import { type AgentHooks, json } from './types';

export const droid: AgentHooks = {
  name: 'Factory Droid',
  events: { PreToolUse: { phase: 'pre', canAsk: true }, PostToolUse: { phase: 'post', canAsk: false } },
  // ApplyPatch's input fields are not documented: a patch whose files we cannot find is blocked, not let through.
  targetTools: ['ApplyPatch'],
  answer: (_event, phase, outcome) =>
    phase === 'pre' && outcome.verdict === 'allow'
      ? { stdout: outcome.context ? json({ systemMessage: outcome.context }) : '', exitCode: 0 }
      : hookSpecificAnswer(phase, outcome, true),
  failClosed: () => ({ stdout: '', exitCode: 2 }),
  install: planDroid,
  configFiles: {
    // hooks.json, else the `hooks` of settings.json; the legacy hooks/hooks.json still loads.
    repository: ['.factory/hooks.json', '.factory/settings.json', '.factory/settings.local.json', '.factory/hooks/'],
    home: ['.factory/hooks.json', '.factory/settings.json'],
  },
};

function planDroid(root: string, command: string): FilePlan {
  const file = path.join(root, '.factory', 'hooks.json');
  const { text, value } = readJson(file);
  const hooks = isObject(value.hooks) ? value.hooks : {};
  const changes: [string[], unknown][] = ['PreToolUse', 'PostToolUse'].map((event) => {
    const cmd = `${command} hook droid ${event}`;
    return [
      ['hooks', event],
      mergeMatcherGroups(hooks[event], 'droid', event, event === 'PreToolUse' ? failClosedCommand(cmd) : cmd, '*'),
    ];
  });
  return { agent: 'droid', file, before: text, after: unchanged(text, value, changes) };
}
