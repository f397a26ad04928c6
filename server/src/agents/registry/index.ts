// The agents AI Fence hooks into: adding one is a module beside this file and a line here.
import { amazonQ } from './amazonQ';
import { claudeCode } from './claudeCode';
import { cline } from './cline';
import { codex } from './codex';
import { copilot } from './copilot';
import { cursor } from './cursor';
import { droid } from './droid';
import { gemini } from './gemini';
import { kiro } from './kiro';
import { opencode } from './opencode';
import { qwen } from './qwen';
import type { AgentHooks } from './types';
import { windsurf } from './windsurf';

const TABLE = {
  'claude-code': claudeCode,
  codex,
  cursor,
  copilot,
  gemini,
  qwen,
  'amazon-q': amazonQ,
  kiro,
  droid,
  windsurf,
  cline,
  opencode,
};

export type AgentId = keyof typeof TABLE;
export const AGENTS: Readonly<Record<AgentId, AgentHooks>> = TABLE;
