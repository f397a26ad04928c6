// Every transcript source AI Fence reads, in the order they are indexed.
import { aiderReader } from './readers/aider';
import { claudeCodeReader } from './readers/claudeCode';
import { clineReader, rooCodeReader } from './readers/clineRoo';
import { codexReader } from './readers/codex';
import { continueReader } from './readers/continueDev';
import { cursorReader } from './readers/cursor';
import { geminiReader } from './readers/gemini';
import { opencodeReader } from './readers/opencode';
import { vscodeCopilotReader } from './readers/vscodeCopilot';
import type { SourceReader } from './record';

export const READERS: readonly SourceReader[] = [
  claudeCodeReader,
  codexReader,
  geminiReader,
  vscodeCopilotReader,
  continueReader,
  aiderReader,
  clineReader,
  rooCodeReader,
  cursorReader,
  opencodeReader,
];

export const SOURCE_IDS = READERS.map((r) => r.id);
