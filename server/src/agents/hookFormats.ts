// Each agent's hook protocol: which events we handle, how its stdin payload
// reads, and how it wants an answer.
//
// Claude Code (.claude/settings.json; VS Code agent mode reads the same):
//   stdin session_id, transcript_path, cwd, hook_event_name, tool_name,
//   tool_input, tool_use_id (+ tool_response after the tool). Answer on stdout
//   {"hookSpecificOutput":{"hookEventName", "permissionDecision":
//   "deny"|"ask", "permissionDecisionReason", "additionalContext"}}, exit 0;
//   exit 2 blocks with stderr as the reason.
// Codex (.codex/hooks.json): the same wire format plus `model` and `turn_id`;
//   tool_name is "Bash" or "apply_patch" (the patch text in
//   tool_input.command). It honours "deny" but not "ask" or pre-tool context.
// Cursor (.cursor/hooks.json): camelCase events with conversation_id, model,
//   workspace_roots; preToolUse has tool_name/tool_input, beforeReadFile has
//   file_path, beforeShellExecution has command/cwd, afterFileEdit has
//   file_path and edits[{old_string,new_string}]. Permission events answer
//   {"permission":"allow"|"deny"|"ask","user_message","agent_message"};
//   postToolUse answers {"additional_context"}; exit 2 also denies.
// GitHub Copilot CLI / cloud agent (.github/hooks/*.json, version 1):
//   preToolUse/postToolUse with timestamp, cwd, toolName, toolArgs (a JSON
//   string, or apply_patch's raw patch text); PascalCase events get the VS
//   Code form (snake_case fields). Answer {"permissionDecision":"deny",
//   "permissionDecisionReason"} plus the same in hookSpecificOutput, which is
//   all VS Code (it runs the same files) reads. A fail-closed deny exits 0:
//   VS Code lets a call run on any exit but 2.
import { isObject, type Json, str } from '../engine/io/json';
import {
  type AgentId,
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
import { resolvePath } from './shellPaths';

export const AGENTS: Readonly<
  Record<AgentId, { readonly events: Readonly<Record<string, 'pre' | 'post'>>; readonly name: string }>
> = {
  'claude-code': { name: 'Claude Code', events: { PreToolUse: 'pre', PostToolUse: 'post' } },
  codex: { name: 'Codex', events: { PreToolUse: 'pre', PostToolUse: 'post' } },
  cursor: {
    name: 'Cursor',
    events: {
      preToolUse: 'pre',
      beforeReadFile: 'pre',
      beforeShellExecution: 'pre',
      beforeMCPExecution: 'pre',
      afterFileEdit: 'post',
      postToolUse: 'post',
    },
  },
  copilot: {
    name: 'GitHub Copilot',
    events: { preToolUse: 'pre', PreToolUse: 'pre', postToolUse: 'post', PostToolUse: 'post' },
  },
};

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

/** Whether the agent can be asked to confirm ("ask"); the others get "deny" instead. */
export function supportsAsk(agent: AgentId): boolean {
  return agent === 'claude-code' || agent === 'cursor';
}

/** Reads a payload into a HookCall. Throws with a message when required fields are missing. */
export function readCall(
  agent: AgentId,
  event: string,
  payload: Json,
  env: NodeJS.ProcessEnv,
  fallbackCwd: string,
): HookCall {
  const phase = AGENTS[agent].events[event];
  const home = env.HOME ?? env.USERPROFILE;
  const roots = Array.isArray(payload.workspace_roots)
    ? payload.workspace_roots.filter((r): r is string => typeof r === 'string')
    : [];
  const cwd = resolvePath(fallbackCwd, str(payload.cwd) ?? roots[0] ?? env.CLAUDE_PROJECT_DIR ?? fallbackCwd);
  let toolName = str(payload.tool_name) ?? str(payload.toolName) ?? '';
  let input = toolInput(payload.tool_input ?? payload.toolArgs);
  const response: Json | undefined = isObject(payload.tool_response)
    ? payload.tool_response
    : isObject(payload.toolResult)
      ? payload.toolResult
      : undefined;
  if (agent === 'cursor') {
    if (event === 'beforeReadFile' || event === 'afterFileEdit') {
      toolName = event === 'beforeReadFile' ? 'Read' : 'Edit';
      input = {
        file_path: payload.file_path,
        ...(Array.isArray(payload.attachments) ? { attachments: payload.attachments } : {}),
      };
    } else if (event === 'beforeShellExecution') {
      toolName = 'Shell';
      input = { command: payload.command };
    }
  }
  if (phase === 'pre' && !toolName && !(agent === 'cursor' && event !== 'preToolUse')) {
    throw new Error(`the ${event} payload has no tool name (tool_name/toolName)`);
  }
  const targets = targetsOf(toolName, input, cwd, home);
  if (agent === 'cursor' && event === 'beforeReadFile' && !targets.length)
    throw new Error('the beforeReadFile payload has no file_path');
  const shell = shellOf(toolName, input);
  if (agent === 'cursor' && event === 'beforeShellExecution' && shell === undefined)
    throw new Error('the beforeShellExecution payload has no command');

  const resultType = str(response?.resultType) ?? str(response?.result_type);
  const failed = resultType !== undefined && resultType !== 'success';
  // Cursor records through afterFileEdit; its postToolUse only carries context back.
  const edits =
    phase === 'post' && !failed && !(agent === 'cursor' && event === 'postToolUse')
      ? editsOf(agent, event, toolName, input, response, payload, cwd, home)
      : [];
  const conversationId = str(payload.session_id) ?? str(payload.sessionId) ?? str(payload.conversation_id);
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
    // Only Cursor names its own version in the payload (test/fixtures/hooks/cursor/).
    agentVersion: str(payload.cursor_version),
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

export interface Outcome {
  readonly verdict: 'allow' | 'deny' | 'ask';
  readonly reason?: string;
  readonly context?: string;
}

export interface Answer {
  readonly stdout: string;
  readonly exitCode: number;
}

const json = (v: unknown): string => `${JSON.stringify(v)}\n`;

/** The answer to a pre-tool or post-tool event in the agent's own format. */
export function formatAnswer(agent: AgentId, event: string, phase: 'pre' | 'post', outcome: Outcome): Answer {
  const verdict = outcome.verdict === 'ask' && !supportsAsk(agent) ? 'deny' : outcome.verdict;
  const { reason, context } = outcome;
  switch (agent) {
    case 'claude-code':
    case 'codex': {
      const hookEventName = phase === 'pre' ? 'PreToolUse' : 'PostToolUse';
      if (phase === 'pre' && verdict !== 'allow') {
        // Codex up to 0.128 ignores a deny that carries additionalContext (hooks-core/codex.md): fold it in.
        const folded = agent === 'codex' && context;
        return {
          stdout: json({
            hookSpecificOutput: {
              hookEventName,
              permissionDecision: verdict,
              permissionDecisionReason: folded ? `${reason}\n${context}` : reason,
              ...(context && !folded ? { additionalContext: context } : {}),
            },
          }),
          exitCode: 0,
        };
      }
      return {
        stdout: context ? json({ hookSpecificOutput: { hookEventName, additionalContext: context } }) : '',
        exitCode: 0,
      };
    }
    case 'cursor': {
      if (phase === 'post')
        return { stdout: json(event === 'postToolUse' && context ? { additional_context: context } : {}), exitCode: 0 };
      if (verdict !== 'allow')
        return { stdout: json({ permission: verdict, user_message: reason, agent_message: reason }), exitCode: 0 };
      // beforeReadFile wants an explicit answer; for the others an empty one leaves Cursor's own approval in place.
      return { stdout: json(event === 'beforeReadFile' ? { permission: 'allow' } : {}), exitCode: 0 };
    }
    case 'copilot': {
      if (phase === 'pre' && verdict !== 'allow') {
        return { stdout: json(copilotDeny(reason)), exitCode: 0 };
      }
      // VS Code, which runs the same hook files, reads the context only in hookSpecificOutput.
      const hookEventName = phase === 'pre' ? 'PreToolUse' : 'PostToolUse';
      return {
        stdout: context
          ? json({ additionalContext: context, hookSpecificOutput: { hookEventName, additionalContext: context } })
          : '',
        exitCode: 0,
      };
    }
  }
}

/**
 * Copilot CLI reads the flat decision; VS Code, which runs the same .github/hooks files, reads only
 * hookSpecificOutput (hooks-core/vscode.md), so every deny carries both.
 */
function copilotDeny(reason: string | undefined): Json {
  const decision = { permissionDecision: 'deny', permissionDecisionReason: reason };
  return { ...decision, hookSpecificOutput: { hookEventName: 'PreToolUse', ...decision } };
}

/** The fail-closed answer when a pre-tool payload cannot be read or checked. */
export function failClosed(agent: AgentId, message: string): Answer {
  const reason = `AI Fence could not check this tool call, so it is blocked: ${message}`;
  switch (agent) {
    case 'cursor':
      return { stdout: json({ permission: 'deny', user_message: reason, agent_message: reason }), exitCode: 2 };
    case 'copilot':
      // A deny with exit 0 blocks in every Copilot host (VS Code proceeds on exits other than 2).
      return { stdout: json(copilotDeny(reason)), exitCode: 0 };
    default:
      return { stdout: '', exitCode: 2 };
  }
}
