// `ai-fence init`: a commented starter policy.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { POLICY_FILE_NAME, STARTER_POLICY } from '../../engine';
import { type CliIo, UsageError } from '../context';

export function runInit(argv: string[], io: CliIo): number {
  if (argv.includes('-h') || argv.includes('--help')) {
    io.stdout(
      `Usage: ai-fence init\n\nWrites a commented starter ${POLICY_FILE_NAME} in the current directory; never overwrites.\n`,
    );
    return 0;
  }
  if (argv.length) throw new UsageError(`init takes no arguments, got "${argv[0]}"`);
  const file = path.join(io.cwd, POLICY_FILE_NAME);
  if (fs.existsSync(file)) throw new UsageError(`${POLICY_FILE_NAME} already exists; not overwriting it`);
  fs.writeFileSync(file, STARTER_POLICY, { flag: 'wx' });
  io.stdout(`wrote ${POLICY_FILE_NAME}\n`);
  return 0;
}
