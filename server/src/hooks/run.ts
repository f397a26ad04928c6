// `ai-fence hook <agent> <event>`: reads the agent's hook payload on stdin and
// answers in the agent's own format.
//
// Exit codes (see docs/agents.md):
//   0  answer delivered on stdout (allow, deny, ask or context; may be empty)
//   2  pre-tool event that could not be checked (unreadable payload, unknown
//      agent or event, internal error): the call is blocked. Claude Code and
//      Codex take exit 2 as a block with stderr as the reason; Cursor also
//      gets a deny on stdout. For Copilot the fail-closed deny goes to stdout
//      with exit 0, which Copilot CLI and VS Code both honour.
//   1  post-tool event that could not be recorded (nothing to block).
//
// This module and everything it imports stay free of the policy validator
// (zod) so a hook costs little more than starting node; see policyLoader.ts.

import { AGENTS, callerOf, canonicalEvent, failClosed, formatAnswer, readCall } from '../agents/hookFormats';
import type { CliIo } from '../cli/context';
import { getOrCreate } from '../engine/getOrCreate';
import { isObject } from '../engine/io/json';
import { canonicalPath, findRoot } from '../engine/io/paths';
import { decide } from './decide';
import { type AgentId, qualifyModel } from './payload';
import { HookPolicies } from './policyLoader';
import { recordEdits } from './record';

export const HOOK_HELP = `Usage: ai-fence hook <agent> <event>

Runs as an agent hook: reads the agent's JSON payload on stdin, answers on
stdout in the agent's own format. Installed by "ai-fence install-hooks".

Agents and events:
  claude-code   PreToolUse, PostToolUse            (.claude/settings.json)
  codex         PreToolUse, PostToolUse            (.codex/hooks.json)
  cursor        preToolUse, beforeReadFile, beforeShellExecution,
                afterFileEdit, postToolUse         (.cursor/hooks.json)
  copilot       preToolUse, postToolUse            (.github/hooks/ai-fence.json)
  gemini        BeforeTool, AfterTool              (.gemini/settings.json)
  qwen          PreToolUse, PostToolUse            (.qwen/settings.json)
  amazon-q      preToolUse, postToolUse            (.amazonq/cli-agents/ai-fence.json)
  kiro          preToolUse, postToolUse            (.kiro/agents/ai-fence.json,
                                                    .kiro/hooks/ai-fence.json)
  droid         PreToolUse, PostToolUse            (.factory/hooks.json)
  windsurf      pre_read_code, pre_write_code, pre_run_command,
                pre_mcp_tool_use, post_write_code  (.windsurf/hooks.json)
  cline         PreToolUse, PostToolUse            (.clinerules/hooks/)
  opencode      tool.execute.before, tool.execute.after
                                                   (.opencode/plugins/ai-fence.js)

A payload from another agent (Copilot CLI and VS Code also run the Claude
Code hooks) is judged as the agent that sent it.

Exit codes: 0 answered on stdout; 2 a pre-tool call that could not be checked
(blocked; Copilot and Cline get their deny on stdout with exit 0); 1 a post-tool event
that could not be recorded.
`;

const MAX_PAYLOAD_BYTES = 64 * 1024 * 1024;

export async function runHook(argv: string[], io: CliIo): Promise<number> {
  const [agentArg, eventArg, ...extra] = argv;
  if (agentArg === '-h' || agentArg === '--help' || eventArg === '--help') {
    io.stdout(HOOK_HELP);
    return 0;
  }
  const agent = agentArg as AgentId;
  const known = agentArg !== undefined && Object.hasOwn(AGENTS, agentArg);
  const event = known && eventArg !== undefined ? canonicalEvent(agent, eventArg) : undefined;
  if (!known || !event || extra.length) {
    const what = !known
      ? `unknown agent "${agentArg ?? ''}" (expected ${Object.keys(AGENTS).join(', ')})`
      : !event
        ? `unknown ${agent} event "${eventArg ?? ''}" (expected ${Object.keys(AGENTS[agent].events).join(', ')})`
        : `unexpected argument "${extra[0]}"`;
    io.stderr(`ai-fence hook: ${what}; the tool call is blocked.\nRun "ai-fence hook --help" for usage.\n`);
    if (!known) return 2;
    // In the agent's own block convention: Copilot and Cline read only a deny on stdout.
    const answer = failClosed(agent, what);
    io.stdout(answer.stdout);
    return answer.exitCode;
  }
  const phase = AGENTS[agent].events[event].phase;
  const fail = (message: string): number => {
    if (phase === 'post') {
      io.stderr(`ai-fence hook ${agent} ${event}: ${message}; nothing was recorded.\n`);
      return 1;
    }
    const answer = failClosed(agent, message);
    io.stderr(
      answer.stderr ??
        `ai-fence hook ${agent} ${event}: ${message}; the tool call is blocked (exit ${answer.exitCode}).\n`,
    );
    io.stdout(answer.stdout);
    return answer.exitCode;
  };

  let text: string;
  try {
    text = await io.readStdin();
  } catch (e) {
    return fail(`cannot read stdin: ${(e as Error).message}`);
  }
  if (text.length > MAX_PAYLOAD_BYTES) return fail(`the payload is larger than ${MAX_PAYLOAD_BYTES} bytes`);
  if (text.trim() === '') return fail('no payload on stdin (expected the hook JSON)');
  let payload: unknown;
  try {
    payload = JSON.parse(text);
  } catch (e) {
    return fail(
      `the payload on stdin is not valid JSON (${(e as Error).message}; ${text.length} bytes received, possibly truncated)`,
    );
  }
  if (!isObject(payload)) return fail('the payload on stdin is not a JSON object');

  try {
    // Judged as the agent that made the call; answered so that it reads the answer (Copilot's carries both shapes).
    const caller = callerOf(agent, payload);
    const callerEvent = canonicalEvent(caller, event);
    if (!callerEvent)
      return fail(`${AGENTS[caller].name} sent a ${event} event, which AI Fence does not handle for it`);
    const answerAs = caller === 'copilot' ? caller : agent;
    const call = readCall(caller, callerEvent, payload, io.env, io.cwd);
    const policies = new HookPolicies(canonicalPath(findRoot(call.cwd)), io.env);
    // Targets in another repository than the agent's are judged by that repository's policies.
    const others = new Map<string, HookPolicies>();
    const policiesOf = (root: string) => getOrCreate(others, root, () => new HookPolicies(root, io.env));
    const answer = await (async () => {
      if (phase === 'pre') return formatAnswer(answerAs, callerEvent, 'pre', await decide(call, policies, policiesOf));
      const result = await recordEdits(call, policies, qualifyModel);
      for (const p of result.problems) io.stderr(`ai-fence hook ${agent} ${event}: ${p}\n`);
      return formatAnswer(answerAs, callerEvent, 'post', { verdict: 'allow', context: result.context });
    })();
    for (const p of [policies, ...others.values()].flatMap((x) => x.cacheProblems()))
      io.stderr(`ai-fence hook ${agent} ${event}: ${p}\n`);
    policies.save();
    for (const p of others.values()) p.save();
    io.stdout(answer.stdout);
    if (answer.stderr) io.stderr(answer.stderr);
    return answer.exitCode;
  } catch (e) {
    return fail((e as Error).message || String(e));
  }
}
