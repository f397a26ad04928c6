// dist/cli.js, the `ai-fence` executable. It only picks a bundle: `ai-fence
// hook` runs on every agent tool call, so it loads dist/hook.js alone and
// never parses the checker; everything else loads dist/cliMain.js.
import type { CliIo } from './context';

const io: CliIo = {
  cwd: process.cwd(),
  env: process.env,
  stdout: (s) => process.stdout.write(s),
  stderr: (s) => process.stderr.write(s),
  stderrIsTty: process.stderr.isTTY === true,
  stdin: process.stdin,
  readStdin: async () => {
    const chunks: Buffer[] = [];
    for await (const c of process.stdin) chunks.push(c as Buffer);
    return Buffer.concat(chunks).toString('utf8');
  },
};

const argv = process.argv.slice(2);
/* eslint-disable @typescript-eslint/no-require-imports */
const run: Promise<number> =
  argv[0] === 'hook'
    ? (require(`${__dirname}/hook.js`) as typeof import('../hooks/run')).runHook(argv.slice(1), io)
    : (require(`${__dirname}/cliMain.js`) as typeof import('./main')).main(argv, io);
void run.then((code) => {
  process.exitCode = code;
});
