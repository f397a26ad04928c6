// Cline (cline/cline 21cb8d25, 2026-08-22, VS Code extension 4.1.13): an executable file named
// PreToolUse / PostToolUse in .clinerules/hooks/, no matcher. stdin {clineVersion, hookName,
// timestamp, taskId, workspaceRoots, userId, model{provider,slug}, preToolUse{toolName, parameters}}
// (postToolUse adds result, success, executionTimeMs); parameter values are strings, objects and
// arrays JSON-encoded (apps/vscode/src/sdk/hooks-adapter.ts toStringRecord); the SDK's file hooks
// add tool_call{id, name, input} with the input as it is. Answer {"cancel", "errorMessage",
// "contextModification"}; cancelling stops the task. A hook that fails without a JSON answer lets
// the call run. (research: hooks-new/cline.md)
import { isObject, type Json, str } from '../../engine/io/json';
import { type FilePlan, ownFileHeader, planOwnFile } from './configFile';
import { type AgentHooks, type EventTool, json } from './types';

/** A parameter value as the tool had it: Cline sends arrays and objects as JSON text. */
function parameter(v: unknown): unknown {
  if (typeof v !== 'string' || !/^\s*[[{]/.test(v)) return v;
  try {
    return JSON.parse(v) as unknown;
  } catch {
    return v;
  }
}

function eventTool(event: string, payload: Json): EventTool | undefined {
  const call = isObject(payload.tool_call) ? payload.tool_call : undefined;
  const legacy = payload[event === 'PreToolUse' ? 'preToolUse' : 'postToolUse'];
  const tool = isObject(legacy) ? legacy : {};
  const toolName = str(call?.name) ?? str(tool.toolName) ?? '';
  const params = isObject(tool.parameters) ? tool.parameters : {};
  const input = isObject(call?.input)
    ? call.input
    : Object.fromEntries(Object.entries(params).map(([k, v]) => [k, parameter(v)]));
  if (!toolName) throw new Error(`the ${event} payload names no tool (preToolUse.toolName)`);
  return { toolName, input, failed: tool.success === false };
}

const SCRIPTS: Record<string, (command: string) => string> = {
  // Cline lets the call run when the hook fails without JSON, so a missing ai-fence cancels it here.
  PreToolUse: (command) => `if answer=$(${command} hook cline PreToolUse); then
  printf '%s\\n' "$answer"
else
  echo '{"cancel":true,"errorMessage":"AI Fence could not run (is ai-fence installed?); the tool call is blocked"}'
fi
`,
  PostToolUse: (command) => `exec ${command} hook cline PostToolUse\n`,
};

export const cline: AgentHooks = {
  name: 'Cline',
  events: { PreToolUse: { phase: 'pre', canAsk: false }, PostToolUse: { phase: 'post', canAsk: false } },
  eventTool,
  versionField: 'clineVersion',
  answer: (_event, phase, { verdict, reason, context }) => {
    if (phase === 'pre' && verdict !== 'allow')
      return { stdout: json({ cancel: true, errorMessage: context ? `${reason}\n${context}` : reason }), exitCode: 0 };
    return { stdout: json({ cancel: false, ...(context ? { contextModification: context } : {}) }), exitCode: 0 };
  },
  failClosed: (reason) => ({ stdout: json({ cancel: true, errorMessage: reason }), exitCode: 0 }),
  install: (root, command): FilePlan[] =>
    Object.entries(SCRIPTS).map(([event, script]) =>
      planOwnFile(
        root,
        'cline',
        `.clinerules/hooks/${event}`,
        `#!/bin/sh\n${ownFileHeader('#')}\n${script(command)}`,
        `call "ai-fence hook cline ${event}" from it or move it away`,
        true,
      ),
    ),
  configFiles: {
    repository: ['.clinerules/hooks/', '.cline/hooks/'],
    home: ['Documents/Cline/Hooks/', '.cline/hooks/'],
  },
  installNote:
    'Note: Cline runs .clinerules/hooks/ only while its "Enable Hooks" setting is on (the default), and not on Windows.\n',
};
