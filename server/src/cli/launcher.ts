// dist/cli.js, the `ai-fence` executable. It only picks a bundle: `ai-fence
// hook` runs on every agent tool call, so it loads dist/hook.js alone and
// never parses the checker; everything else loads dist/cliMain.js, through
// a code cache (codeCache.ts).
import type { CliIo } from './context';
import type { StagedDiff } from './stagedDiff';

const argv = process.argv.slice(2);

/** The process's I/O. Stdin is set up on first use: a short run that never reads it does not pay for a stream. */
function processIo(stagedDiff?: StagedDiff): CliIo {
  return {
    cwd: process.cwd(),
    env: process.env,
    stdout: (s) => process.stdout.write(s),
    stderr: (s) => process.stderr.write(s),
    stderrIsTty: process.stderr.isTTY === true,
    get stdin() {
      return process.stdin;
    },
    readStdin: async () => {
      const chunks: Buffer[] = [];
      for await (const c of process.stdin) chunks.push(c as Buffer);
      return Buffer.concat(chunks).toString('utf8');
    },
    stagedDiff,
  };
}

/* eslint-disable @typescript-eslint/no-require-imports */
if (argv[0] === 'hook') {
  const { runHook } = require(`${__dirname}/hook.js`) as typeof import('../hooks/run');
  void runHook(argv.slice(1), processIo()).then((code) => {
    process.exitCode = code;
  });
} else {
  // Required here, not imported: the hook path above loads neither (nor node:crypto and node:vm).
  const { startStagedDiffFor } = require('./stagedDiff') as typeof import('./stagedDiff');
  // git reads the index while the rest loads: started before codeCache.ts loads node:crypto and node:vm.
  const stagedDiff = startStagedDiffFor(argv, process.cwd());
  const { loadBundle } = require('./codeCache') as typeof import('./codeCache');
  const cli = loadBundle<typeof import('./main')>(`${__dirname}/cliMain.js`, argv[0] ?? '', process.env);
  void cli.exports.main(argv, processIo(stagedDiff)).then((code) => {
    process.exitCode = code;
    cli.saveCodeCache();
  });
}
