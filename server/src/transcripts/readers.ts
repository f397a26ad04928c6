// Every transcript source AI Fence reads, in the order they are indexed.
import { aiderReader } from './readers/aider';
import { ampReader } from './readers/amp';
import { claudeCodeReader } from './readers/claudeCode';
import { clineReader, rooCodeReader } from './readers/clineRoo';
import { codexReader } from './readers/codex';
import { continueReader } from './readers/continueDev';
import { cursorReader } from './readers/cursor';
import { cursorCliReader } from './readers/cursorCli';
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
  cursorCliReader,
  opencodeReader,
  ampReader,
];

export const SOURCE_IDS = READERS.map((r) => r.id);
