// The `ai-fence` command. Exit codes: 0 ok, 1 findings, 2 usage or policy error.
import { runCheck } from './check';
import { UsageError, type CliIo } from './context';
import { runExplain } from './explain';
import { runInit } from './init';

declare const AIFENCE_VERSION: string | undefined;
export const VERSION = typeof AIFENCE_VERSION === 'string' ? AIFENCE_VERSION : '0.0.0-dev';

export const HELP = `Usage: ai-fence <command> [options]

Commands:
  check [paths...]     Check files against the AI policy (CI entry point)
  explain <path>       Show the zones and rule per tool for a path
  init                 Write a starter .aifence.json

Options:
  -h, --help           Show help (also: ai-fence <command> --help)
  -v, --version        Show the version
`;

export async function main(argv: string[], io: CliIo): Promise<number> {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case undefined:
      case '-h':
      case '--help':
      case 'help':
        io.stdout(HELP);
        return command === undefined ? 2 : 0;
      case '-v':
      case '--version':
        io.stdout(`${VERSION}\n`);
        return 0;
      case 'check':
        return await runCheck(rest, io, VERSION);
      case 'explain':
        return runExplain(rest, io);
      case 'init':
        return runInit(rest, io);
      default:
        throw new UsageError(`unknown command "${command}"`);
    }
  } catch (e) {
    if (e instanceof UsageError || (e as NodeJS.ErrnoException).code?.startsWith('ERR_PARSE_ARGS')) {
      io.stderr(`ai-fence: ${(e as Error).message}\nRun "ai-fence --help" for usage.\n`);
      return 2;
    }
    io.stderr(`ai-fence: internal error: ${(e as Error).stack ?? e}\nPlease report this at https://github.com/ai-fence/ai-fence/issues\n`);
    return 2;
  }
}

if (require.main === module) {
  const io: CliIo = {
    cwd: process.cwd(),
    env: process.env,
    stdout: (s) => process.stdout.write(s),
    stderr: (s) => process.stderr.write(s),
    stderrIsTty: process.stderr.isTTY === true,
    readStdin: async () => {
      const chunks: Buffer[] = [];
      for await (const c of process.stdin) chunks.push(c as Buffer);
      return Buffer.concat(chunks).toString('utf8');
    },
  };
  void main(process.argv.slice(2), io).then((code) => {
    process.exitCode = code;
  });
}
