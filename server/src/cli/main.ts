// The `ai-fence` command. Exit codes: 0 ok, 1 findings, 2 usage or policy error.
// Subcommands are loaded on demand: `ai-fence hook` runs on every agent tool
// call, and must not pay for the policy validator (zod) and the checker, which
// the bundle would otherwise initialise at startup.
import { VERSION } from '../engine';
import type { CliIo } from './context';

// `require` (not `import()`): esbuild then initialises a subcommand's modules only when it runs.
/* eslint-disable @typescript-eslint/no-require-imports */
const load = {
  hook: () => require('../hooks/run') as typeof import('../hooks/run'),
  check: () => require('./commands/check') as typeof import('./commands/check'),
  explain: () => require('./commands/explain') as typeof import('./commands/explain'),
  init: () => require('./commands/init') as typeof import('./commands/init'),
  installHooks: () => require('./commands/installHooks') as typeof import('./commands/installHooks'),
  sync: () => require('./commands/sync') as typeof import('./commands/sync'),
  audit: () => require('./commands/audit') as typeof import('./commands/audit'),
  report: () => require('./commands/report') as typeof import('./commands/report'),
  export: () => require('./commands/export') as typeof import('./commands/export'),
  transcripts: () => require('./commands/transcripts') as typeof import('./commands/transcripts'),
  context: () => require('./context') as typeof import('./context'),
};

export const HELP = `Usage: ai-fence <command> [options]

Commands:
  check [paths...]     Check files against the AI policy (CI entry point)
  explain <path>       Show the zones and rule per tool for a path
  init                 Write a starter .aifence.json
  hook <agent> <event> Agent hook: deny blocked files, record AI edits (reads stdin)
  install-hooks        Install the hooks of the AI agents (see install-hooks --help)
  sync                 Write the AI tools' ignore files from the block zones
  audit                Report AI-attributed commits and git-ai lines in zones
  report [--out FILE]  Write an HTML page on the policy, AI code, hooks and ignore files
  export [paths...]    Manifest of AI-attributed lines (JSON Lines); --scrub DIR, --stdin
  transcripts <action> Index local AI transcripts; explain which session wrote a line

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
      case 'hook':
        return await load.hook().runHook(rest, io);
      case 'check':
        return await load.check().runCheck(rest, io, VERSION);
      case 'explain':
        return load.explain().runExplain(rest, io);
      case 'init':
        return load.init().runInit(rest, io);
      case 'install-hooks':
        return await load.installHooks().runInstallHooks(rest, io);
      case 'sync':
        return await load.sync().runSync(rest, io);
      case 'audit':
        return await load.audit().runAudit(rest, io, VERSION);
      case 'report':
        return await load.report().runReport(rest, io, VERSION);
      case 'export':
        return await load.export().runExport(rest, io);
      case 'transcripts':
        return load.transcripts().runTranscripts(rest, io);
      default:
        throw new (load.context().UsageError)(`unknown command "${command}"`);
    }
  } catch (e) {
    const { UsageError } = load.context();
    if (e instanceof UsageError || (e as NodeJS.ErrnoException).code?.startsWith('ERR_PARSE_ARGS')) {
      io.stderr(`ai-fence: ${(e as Error).message}\nRun "ai-fence --help" for usage.\n`);
      return 2;
    }
    io.stderr(
      `ai-fence: internal error: ${(e as Error).stack ?? e}\nPlease report this at https://github.com/ai-fence/ai-fence/issues\n`,
    );
    return 2;
  }
}
