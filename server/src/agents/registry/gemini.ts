// Gemini CLI (.gemini/settings.json; google-gemini/gemini-cli 5411f113, 2026-08-21): events
// BeforeTool / AfterTool with session_id, transcript_path, cwd, hook_event_name, timestamp,
// tool_name, tool_input (+ tool_response {llmContent, returnDisplay} after the tool). Answer
// {"decision":"deny"|"ask","reason"}; AfterTool context in hookSpecificOutput.additionalContext.
// JSON on stdout is read whatever the exit code; a non-JSON answer with exit 1 lets the call run,
// any other non-zero exit denies. (research: hooks-new/gemini.md)
import { planNamedHooks } from './configFile';
import { type AgentHooks, json } from './types';

export const gemini: AgentHooks = {
  name: 'Gemini CLI',
  events: { BeforeTool: { phase: 'pre', canAsk: true }, AfterTool: { phase: 'post', canAsk: false } },
  answer: (_event, phase, { verdict, reason, context }) => {
    if (phase === 'post')
      return {
        stdout: context ? json({ hookSpecificOutput: { hookEventName: 'AfterTool', additionalContext: context } }) : '',
        exitCode: 0,
      };
    // BeforeTool has no context channel for the model: a deny carries it in its reason, an allow shows it to the user.
    if (verdict !== 'allow')
      return { stdout: json({ decision: verdict, reason: context ? `${reason}\n${context}` : reason }), exitCode: 0 };
    return { stdout: context ? json({ systemMessage: context }) : '', exitCode: 0 };
  },
  failClosed: (reason) => ({ stdout: json({ decision: 'deny', reason }), exitCode: 2 }),
  // A crash (exit 1) would let the call run, so BeforeTool exits 2 instead (planNamedHooks).
  install: (root, command) =>
    planNamedHooks(root, 'gemini', '.gemini/settings.json', ['BeforeTool', 'AfterTool'], command),
  configFiles: { repository: ['.gemini/settings.json'], home: ['.gemini/settings.json'] },
  installNote:
    'Note: Gemini CLI runs .gemini/settings.json hooks only in a trusted folder (/permissions trust), and warns once about new or changed project hooks.\n',
};
