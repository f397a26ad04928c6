// `ai-fence init`: a commented starter policy.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { POLICY_FILE_NAME } from '../engine/policySchema';
import { UsageError, type CliIo } from './context';

export const STARTER_POLICY = `// AI Fence policy. Documentation: https://github.com/ai-fence/ai-fence#policy-file
// Globs are relative to this file's directory; a name without "/" matches at any depth.
{
  "$schema": "https://raw.githubusercontent.com/ai-fence/ai-fence/main/schemas/aifence.schema.json",
  "version": 1,
  "zones": [
    {
      // No AI assistant may read or write model training code.
      "name": "training",
      "paths": ["training/"],
      "ai": "block",
      "message": "Training code must not be sent to or written by external AI tools."
    },
    {
      // AI is allowed with a warning; its output must carry provenance markers.
      "name": "eval",
      "paths": ["eval/"],
      "except": ["eval/fixtures/**"],
      "ai": "warn",
      "provenance": "required"
    }
  ],
  // Files in no zone.
  "defaults": { "ai": "allow", "provenance": "optional" },
  // Extra literal phrases that mark AI output in comments (not regular expressions).
  "signatures": [],
}
`;

export function runInit(argv: string[], io: CliIo): number {
  if (argv.includes('-h') || argv.includes('--help')) {
    io.stdout(`Usage: ai-fence init\n\nWrites a commented starter ${POLICY_FILE_NAME} in the current directory; never overwrites.\n`);
    return 0;
  }
  if (argv.length) throw new UsageError(`init takes no arguments, got "${argv[0]}"`);
  const file = path.join(io.cwd, POLICY_FILE_NAME);
  if (fs.existsSync(file)) throw new UsageError(`${POLICY_FILE_NAME} already exists; not overwriting it`);
  fs.writeFileSync(file, STARTER_POLICY, { flag: 'wx' });
  io.stdout(`wrote ${POLICY_FILE_NAME}\n`);
  return 0;
}
