// Cline (cline/cline 21cb8d25, 2026-08-22, VS Code extension 4.1.13): an executable file named
// PreToolUse / PostToolUse in .clinerules/hooks/, no matcher. stdin {clineVersion, hookName,
// timestamp, taskId, workspaceRoots, userId, model{provider,slug}, preToolUse{toolName, parameters}}
// (postToolUse adds result, success, executionTimeMs); parameter values are strings, objects and
// arrays JSON-encoded (apps/vscode/src/sdk/hooks-adapter.ts toStringRecord); the SDK's file hooks
// add tool_call{id, name, input} with the input as it is. Answer {"cancel", "errorMessage",
// "contextModification"}; cancelling stops the task. A hook that fails without a JSON answer lets
// the call run. (research: hooks-new/cline.md)
import * as fs from 'node:fs';
import * as path from 'node:path';
import { isObject, type Json, str } from '../../engine/io/json';
import { readUserHookProgram } from '../userHookProgram';
import { ConfigError, type FilePlan, isOwnFile, ownFileHeader, planOwnFile, readConfigText } from './configFile';
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

/** Where install-hooks moves the user's own hook file (see hookFile). */
export const USER_HOOK_SUFFIX = '.user';

const NOT_RUN: Record<string, string> = {
  PreToolUse: 'AI Fence could not run (is ai-fence installed?); the tool call is blocked',
  PostToolUse: 'AI Fence could not run (is ai-fence installed?); the edit was not recorded, so the task stops',
};

/**
 * The hook file Cline runs for `event`. It asks AI Fence first and, unless that cancels, then runs the
 * user's own hook, kept beside it as `<event>.user`: Cline's extension runs only the exact name
 * (apps/vscode/src/core/hooks/utils.ts resolveExistingHookPath) and its SDK only the name with a script
 * extension (sdk/packages/core/src/hooks/hook-file-config.ts SUPPORTED_HOOK_FILE_EXTENSIONS), so it
 * ignores that file (cline/cline 21cb8d25). Cline lets the call run when a hook fails without JSON,
 * so a missing or failing ai-fence cancels here. Plain sh, no jq: our own answer has three exact forms,
 * which `case` patterns read; the user's answer is only edited to carry our context (before theirs, or
 * as a new key before their "cancel"), so whatever it decides, including a cancel, stands.
 */
function hookFile(command: string, event: string): string {
  return `#!/bin/sh
${ownFileHeader('#')}
# Your own ${event} hook, if you had one, is ${event}${USER_HOOK_SUFFIX} beside this file and runs after
# AI Fence. To go back to it alone: mv ${event}${USER_HOOK_SUFFIX} ${event}
payload=$(cat)
if ! answer=$(printf '%s\\n' "$payload" | ${command} hook cline ${event}); then
  echo '{"cancel":true,"errorMessage":"${NOT_RUN[event]}"}'
  exit 0
fi
case $answer in
'{"cancel":false}') context= ;;
'{"cancel":false,"contextModification":"'*'"}')
  context=\${answer#'{"cancel":false,"contextModification":"'}
  context=\${context%'"}'} ;;
'{"cancel":true,'*) printf '%s\\n' "$answer"; exit 0 ;;
*) echo '{"cancel":true,"errorMessage":"AI Fence answered in a form this hook file does not know; run ai-fence install-hooks again"}'; exit 0 ;;
esac
user="$(dirname -- "$0")/${event}${USER_HOOK_SUFFIX}"
if [ ! -f "$user" ]; then printf '%s\\n' "$answer"; exit 0; fi
theirs=$(printf '%s\\n' "$payload" | "$user")
if [ -z "$context" ]; then printf '%s\\n' "\${theirs:-$answer}"; exit 0; fi
printf '%s\\n' "$theirs" | context="$context" answer="$answer" awk '
{ line[NR] = $0 }
END {
  for (i = NR; i > 0 && !at; i--)
    if (match(line[i], /"contextModification"[ \\t]*:[ \\t]*"/)) {
      at = i
      line[i] = substr(line[i], 1, RSTART + RLENGTH - 1) ENVIRON["context"] "\\\\n\\\\n" substr(line[i], RSTART + RLENGTH)
    }
  for (i = NR; i > 0 && !at; i--)
    if (match(line[i], /"cancel"[ \\t]*:/)) {
      at = i
      line[i] = substr(line[i], 1, RSTART - 1) "\\"contextModification\\":\\"" ENVIRON["context"] "\\"," substr(line[i], RSTART)
    }
  if (!at) { print ENVIRON["answer"]; exit }
  for (i = 1; i <= NR; i++) print line[i]
}'
`;
}

/**
 * Our hook file for `event`, and when the user already has one of that name, theirs moved to
 * `<event>.user` (planned first, so it is saved before ours replaces it). Running it again finds our
 * file and changes nothing; a hook that cannot be kept running is refused as it is.
 */
function planHookFile(root: string, command: string, event: string): FilePlan[] {
  const file = `.clinerules/hooks/${event}`;
  const saved = `${file}${USER_HOOK_SUFFIX}`;
  const abs = path.join(root, file);
  const after = hookFile(command, event);
  const ours = (): FilePlan[] => [planOwnFile(root, 'cline', file, after, `move it to ${saved}`, true)];
  let theirs: string | undefined;
  try {
    theirs = readUserHookProgram(abs, 'Cline');
  } catch (e) {
    // Our own file that lost its execute bit is rewritten; the user's is left alone.
    if (fs.lstatSync(abs).isFile() && isOwnFile(readConfigText(abs))) return ours();
    throw new ConfigError(
      `${file} ${(e as Error).message}; AI Fence cannot run it after its own hook: move it away, then run again`,
    );
  }
  if (theirs === undefined || isOwnFile(theirs)) return ours();
  if (fs.existsSync(path.join(root, saved)))
    throw new ConfigError(
      `${file} is your own, and ${saved} is taken: merge them into ${saved}, remove ${file}, then run again`,
    );
  return [
    { agent: 'cline', file: path.join(root, saved), before: undefined, after: theirs, executable: true },
    { agent: 'cline', file: abs, before: theirs, after, executable: true },
  ];
}

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
  install: (root, command): FilePlan[] => ['PreToolUse', 'PostToolUse'].flatMap((e) => planHookFile(root, command, e)),
  configFiles: {
    repository: ['.clinerules/hooks/', '.cline/hooks/'],
    home: ['Documents/Cline/Hooks/', '.cline/hooks/'],
  },
  installNote:
    'Note: Cline runs .clinerules/hooks/ only while its "Enable Hooks" setting is on (the default), and not on Windows.\n',
};
