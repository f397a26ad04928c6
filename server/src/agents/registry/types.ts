// What AI Fence knows of one agent's hook protocol. Each agent is one module
// in this directory and one line in index.ts.
import type { Json } from '../../engine/io/json';
import type { FilePlan } from './configFile';

export interface AgentEvent {
  readonly phase: 'pre' | 'post';
  /** The agent enforces an "ask" answer on this event; elsewhere an ask becomes a deny. */
  readonly canAsk: boolean;
  /** The model sees no context on this event (Windsurf): a read through a blocked zone is denied, not warned about. */
  readonly noContext?: boolean;
}

export interface Outcome {
  readonly verdict: 'allow' | 'deny' | 'ask';
  readonly reason?: string;
  readonly context?: string;
}

export interface Answer {
  readonly stdout: string;
  /** For agents that read a block's reason from stderr (Windsurf, Amazon Q Developer CLI: exit 2). */
  readonly stderr?: string;
  readonly exitCode: number;
}

/** Where an agent reads hook configuration: repository-relative and home-relative ('/' separators; a trailing '/' covers a directory). */
export interface ConfigFiles {
  readonly repository: readonly string[];
  readonly home: readonly string[];
}

/** An event's own payload shape, for events that carry no tool_name/tool_input. */
export interface EventTool {
  readonly toolName: string;
  readonly input: Json;
  /** What the payload must name for the call to be checkable (else it is blocked). */
  readonly requires?: 'target' | 'shell';
  /** The payload says the tool call failed (post events): nothing to record. */
  readonly failed?: boolean;
  /** The session, where the payload nests it (OpenCode's input.sessionID). */
  readonly conversationId?: string;
}

export interface AgentHooks {
  readonly name: string;
  readonly events: Readonly<Record<string, AgentEvent>>;
  /** The tool call of events whose payload has its own shape (Cursor's beforeReadFile...). */
  readonly eventTool?: (event: string, payload: Json) => EventTool | undefined;
  /** Tools whose pre-tool call must name a file we can find, else it is blocked (inputs not documented upstream). */
  readonly targetTools?: readonly string[];
  /** Post-tool events that only carry context back (the edit is recorded by another event). */
  readonly contextOnly?: readonly string[];
  /** The payload field that names the agent's version. */
  readonly versionField?: string;
  /** The answer to a decided call (verdict already lowered to what the event can enforce). */
  readonly answer: (event: string, phase: 'pre' | 'post', outcome: Outcome) => Answer;
  /** The answer when a pre-tool call cannot be checked. */
  readonly failClosed: (reason: string) => Answer;
  /** `install-hooks`: the agent's configuration file(s) as they are and with our hooks merged in. */
  readonly install: (
    root: string,
    command: string,
    claudeDenyRules: readonly string[],
  ) => FilePlan | readonly FilePlan[];
  /** Every file the agent reads hooks from (install() writes some of them): an agent may not change them. */
  readonly configFiles: ConfigFiles;
  /** What the user must still do after `install-hooks` (trust, environment). */
  readonly installNote?: string;
}

export const json = (v: unknown): string => `${JSON.stringify(v)}\n`;
