// Reading an agent's hook payload into a HookCall and writing its answer, with
// each agent's own protocol taken from its module in registry/.
import { isObject, type Json, str } from '../engine/io/json';
import {
  type EditInfo,
  type HookCall,
  objectField,
  pairsOf,
  patchOf,
  qualifyModel,
  shellCwdOf,
  shellOf,
  targetsOf,
} from '../hooks/payload';
import { AGENTS, type AgentId } from './registry';
import type { Answer, Outcome } from './registry/types';
import { resolvePath } from './shellPaths';

export type { Answer, Outcome };
export { AGENTS };

/** Canonical event name for an agent, matched case-insensitively; undefined when unknown. */
export function canonicalEvent(agent: AgentId, event: string): string | undefined {
  const events = Object.keys(AGENTS[agent].events);
  return events.find((e) => e === event) ?? events.find((e) => e.toLowerCase() === event.toLowerCase());
}

/**
 * The agent that really made the call. Copilot CLI and VS Code also run Claude Code's hooks
 * (.claude/settings.json), and Cursor may (hooks-core/README.md): Claude Code sends no `timestamp`
 * and no camelCase `toolName`; Copilot CLI and VS Code do; Cursor names `cursor_version` or
 * `conversation_id`. The call is judged as that agent.
 */
export function callerOf(agent: AgentId, payload: Json): AgentId {
  if (agent !== 'claude-code') return agent;
  if (payload.timestamp !== undefined || payload.toolName !== undefined) return 'copilot';
  if (payload.cursor_version !== undefined || payload.conversation_id !== undefined) return 'cursor';
  return agent;
}

/** Whether the agent enforces "ask" on this event; elsewhere an ask is answered as a deny. */
export function supportsAsk(agent: AgentId, event: string): boolean {
  return AGENTS[agent].events[event]?.canAsk === true;
}

/** Whether the model sees no context on this event, so that a warning cannot reach it. */
export function lacksContext(agent: AgentId, event: string): boolean {
  return AGENTS[agent].events[event]?.noContext === true;
}

/** Reads a payload into a HookCall. Throws with a message when required fields are missing. */
export function readCall(
  agent: AgentId,
  event: string,
  payload: Json,
  env: NodeJS.ProcessEnv,
  fallbackCwd: string,
): HookCall {
  const hooks = AGENTS[agent];
  const phase = hooks.events[event].phase;
  const home = env.HOME ?? env.USERPROFILE;
  // Cursor's workspace_roots, Cline's workspaceRoots.
  const rootList = payload.workspace_roots ?? payload.workspaceRoots;
  const roots = Array.isArray(rootList) ? rootList.filter((r): r is string => typeof r === 'string') : [];
  const cwd = resolvePath(fallbackCwd, str(payload.cwd) ?? roots[0] ?? env.CLAUDE_PROJECT_DIR ?? fallbackCwd);
  let toolName = str(payload.tool_name) ?? str(payload.toolName) ?? '';
  let input = toolInput(payload.tool_input ?? payload.toolArgs);
  const response: Json | undefined = isObject(payload.tool_response)
    ? payload.tool_response
    : isObject(payload.toolResult)
      ? payload.toolResult
      : undefined;
  const own = hooks.eventTool?.(event, payload);
  if (own) ({ toolName, input } = own);
  else if (phase === 'pre' && !toolName) throw new Error(`the ${event} payload has no tool name (tool_name/toolName)`);
  const targets = targetsOf(toolName, input, cwd, home);
  if (own?.requires === 'target' && !targets.length) throw new Error(`the ${event} payload has no file_path`);
  if (phase === 'pre' && !targets.length && hooks.targetTools?.includes(toolName))
    throw new Error(`AI Fence cannot find the files of this ${toolName} call`);
  const shell = shellOf(toolName, input);
  if (own?.requires === 'shell' && shell === undefined) throw new Error(`the ${event} payload has no command`);

  const resultType = str(response?.resultType) ?? str(response?.result_type);
  // Copilot's resultType; Amazon Q's and Factory Droid's `success`; an event's own failure flag (Cline, OpenCode).
  const failed =
    own?.failed === true || (resultType !== undefined && resultType !== 'success') || response?.success === false;
  const contextOnly = hooks.contextOnly?.includes(event) === true;
  const edits =
    phase === 'post' && !failed && !contextOnly
      ? editsOf(agent, event, toolName, input, response, payload, cwd, home)
      : [];
  // Windsurf's trajectory_id and Cline's taskId name the conversation too.
  const conversationId =
    own?.conversationId ??
    str(payload.session_id) ??
    str(payload.sessionId) ??
    str(payload.conversation_id) ??
    str(payload.trajectory_id) ??
    str(payload.taskId);
  const metadata: Record<string, unknown> = { agent, event, tool_name: toolName };
  for (const k of ['tool_use_id', 'turn_id', 'generation_id']) if (str(payload[k])) metadata[k] = payload[k];
  return {
    agent,
    phase,
    event,
    toolName,
    cwd,
    home,
    targets,
    shell,
    shellCwd: shell === undefined ? cwd : shellCwdOf(input, cwd, home),
    edits,
    conversationId,
    failed,
    model: qualifyModel(str(payload.model)),
    agentVersion: hooks.versionField ? str(payload[hooks.versionField]) : undefined,
    transcriptPath: str(payload.transcript_path) ?? str(payload.transcriptPath),
    metadata,
  };
}

/**
 * The tool's arguments: an object, a JSON string of one, or (Copilot's freeform apply_patch, whose
 * toolArgs / tool_input is the raw patch text) a patch. Any other string cannot be checked.
 */
function toolInput(raw: unknown): Json | undefined {
  const parsed = objectField(raw);
  if (parsed || typeof raw !== 'string' || raw.trim() === '') return parsed;
  if (patchOf({ patch: raw }).length) return { patch: raw };
  throw new Error('the tool arguments are neither a JSON object nor a patch');
}

function editsOf(
  agent: AgentId,
  event: string,
  toolName: string,
  input: Json | undefined,
  response: Json | undefined,
  payload: Json,
  cwd: string,
  home: string | undefined,
): EditInfo[] {
  if (!input) return [];
  const patches = patchOf(input);
  if (patches.length) {
    return patches
      .filter((p) => p.kind !== 'delete')
      .map((p) => ({ path: resolvePath(cwd, p.moveTo ?? p.path, home), patch: p }));
  }
  // The ledger names files as written, `..` folded.
  const targets = targetsOf(toolName, input, cwd, home)
    .filter((t) => t.access === 'write')
    .map((t) => ({ ...t, path: resolvePath(cwd, t.path, home) }));
  if (agent === 'cursor' && event === 'afterFileEdit') {
    const pairs = Array.isArray(payload.edits) ? payload.edits.filter(isObject).flatMap((e) => pairsOf(e)) : [];
    return targets.slice(0, 1).map((t) => ({ path: t.path, pairs }));
  }
  if (!targets.length) return [];
  const original = str(response?.originalFile) ?? (typeof response?.originalFile === 'string' ? '' : undefined);
  const name = toolName.toLowerCase();
  const wholeFile =
    ['write', 'create', 'create_file', 'write_file', 'writefile'].includes(name) ||
    (isObject(input) &&
      (input.command === 'create' ||
        typeof input.file_text === 'string' ||
        (typeof input.content === 'string' && name !== 'edit')));
  if (name === 'notebookedit' || targets[0].path.endsWith('.ipynb')) return [];
  if (wholeFile) {
    const created = str(response?.type) === 'create';
    return [{ path: targets[0].path, write: { original: created ? undefined : original } }];
  }
  if (original !== undefined && targets.length === 1) return [{ path: targets[0].path, original }];
  // Edits spread over several files (multi_replace_string_in_file) carry their own path.
  const list = Array.isArray(input.replacements) ? input.replacements.filter(isObject) : [];
  if (list.length) {
    return list.flatMap((r) => {
      const p = str(r.filePath) ?? str(r.file_path) ?? str(r.path);
      return p ? [{ path: resolvePath(cwd, p, home), pairs: pairsOf(r) }] : [];
    });
  }
  if (input.command === 'insert' && typeof input.new_str === 'string') {
    return [{ path: targets[0].path, pairs: [{ oldText: '', newText: input.new_str, all: false }] }];
  }
  const pairs = pairsOf(input);
  return pairs.length ? [{ path: targets[0].path, pairs }] : [];
}

/** The answer to a pre-tool or post-tool event in the agent's own format. */
export function formatAnswer(agent: AgentId, event: string, phase: 'pre' | 'post', outcome: Outcome): Answer {
  const verdict = outcome.verdict === 'ask' && !supportsAsk(agent, event) ? 'deny' : outcome.verdict;
  return AGENTS[agent].answer(event, phase, { ...outcome, verdict });
}

/** The fail-closed answer when a pre-tool payload cannot be read or checked. */
export function failClosed(agent: AgentId, message: string): Answer {
  return AGENTS[agent].failClosed(`AI Fence could not check this tool call, so it is blocked: ${message}`);
}
