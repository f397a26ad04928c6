// OpenCode (anomalyco/opencode: packages/plugin/src/index.ts @01494239, packages/web/src/content/docs/
// plugins.mdx @006a254f, seen 2026-11-30): no command hooks, but plugins in .opencode/plugins/ whose
// "tool.execute.before"(input {tool, sessionID, callID}, output {args}) may throw to stop the call,
// and "tool.execute.after"(input, output {title, output, metadata}). Our plugin passes
// {cwd: directory, input, output} to `ai-fence hook opencode <event>` and throws on anything but an allow;
// a warning is appended to the tool's output, which is what the model reads. (research: hooks-new/opencode.md)
import { isObject, type Json, str } from '../../engine/io/json';
import { ownFileHeader, planOwnFile } from './configFile';
import { type AgentHooks, type EventTool, json } from './types';

function eventTool(event: string, payload: Json): EventTool | undefined {
  const input = isObject(payload.input) ? payload.input : {};
  const output = isObject(payload.output) ? payload.output : {};
  const toolName = str(input.tool);
  if (!toolName) throw new Error(`the ${event} payload names no tool (input.tool)`);
  const args = event === 'tool.execute.before' ? output.args : input.args;
  return { toolName, input: isObject(args) ? args : {}, conversationId: str(input.sessionID) };
}

/** The plugin: spawns the CLI for every tool call (OpenCode runs plugins in Bun, which has node:child_process). */
const plugin = (command: string) => `${ownFileHeader('//')}
// Every tool call is checked by "ai-fence hook opencode tool.execute.before" before it runs; a call
// that is not allowed (or that AI Fence cannot check) throws, and OpenCode stops it.
import { spawn } from 'node:child_process';

const COMMAND = ${JSON.stringify(command)};
const TIMEOUT_MS = 30000;
const BLOCKED = 'AI Fence could not run (is ai-fence installed?); the tool call is blocked';

function hook(event, payload, cwd) {
  return new Promise((resolve) => {
    const child = spawn(\`\${COMMAND} hook opencode \${event}\`, { cwd, shell: true });
    let stdout = '';
    let stderr = '';
    const timer = setTimeout(() => child.kill('SIGKILL'), TIMEOUT_MS);
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.stdin.on('error', () => {});
    child.on('error', (e) => resolve({ code: -1, answer: undefined, stderr: e.message }));
    child.on('close', (code) => {
      clearTimeout(timer);
      let answer;
      try {
        answer = JSON.parse(stdout);
      } catch {}
      resolve({ code, answer, stderr });
    });
    child.stdin.end(JSON.stringify(payload));
  });
}

/** The arguments and the warning of each call, from before it ran to after. */
const calls = new Map();

export const AiFence = async ({ directory }) => ({
  'tool.execute.before': async (input, output) => {
    const r = await hook('tool.execute.before', { cwd: directory, input, output }, directory);
    if (r.code !== 0 || r.answer?.decision !== 'allow')
      throw new Error(r.answer?.reason ?? \`\${BLOCKED}: \${r.stderr.trim()}\`);
    calls.set(input.callID, { args: output.args, context: r.answer.context });
  },
  'tool.execute.after': async (input, output) => {
    const call = calls.get(input.callID);
    calls.delete(input.callID);
    const { title, metadata } = output;
    const r = await hook(
      'tool.execute.after',
      { cwd: directory, input: { ...input, args: input.args ?? call?.args }, output: { title, metadata } },
      directory,
    );
    const context = [call?.context, r.answer?.context].filter(Boolean).join('\\n');
    if (context && typeof output.output === 'string') output.output += \`\\n\\n\${context}\`;
  },
});
`;

export const opencode: AgentHooks = {
  name: 'OpenCode',
  events: {
    'tool.execute.before': { phase: 'pre', canAsk: false },
    'tool.execute.after': { phase: 'post', canAsk: false },
  },
  eventTool,
  answer: (_event, phase, { verdict, reason, context }) => ({
    stdout: json(
      phase === 'pre' && verdict !== 'allow' ? { decision: 'deny', reason } : { decision: 'allow', context },
    ),
    exitCode: 0,
  }),
  failClosed: (reason) => ({ stdout: json({ decision: 'deny', reason }), exitCode: 2 }),
  install: (root, command) =>
    planOwnFile(root, 'opencode', '.opencode/plugins/ai-fence.js', plugin(command), 'rename it'),
  configFiles: { repository: ['.opencode/plugins/'], home: ['.config/opencode/plugins/'] },
};
