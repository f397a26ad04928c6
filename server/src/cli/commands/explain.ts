// `ai-fence explain <path>`: why a file gets the rule it gets.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { BUILTIN_TOOLS, declaredTools, resolve, toEnginePath } from '../../engine';
import { type CliIo, displayPath, openWorkspace, UsageError } from '../context';

export const EXPLAIN_HELP = `Usage: ai-fence explain <path> [--tool ID] [--format text|json] [--policy FILE]

Shows the policy files that apply to <path>, every zone that matches it (with
its policy file and line), and the effective rule per AI tool.
`;

export function runExplain(argv: string[], io: CliIo): number {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      tool: { type: 'string' },
      format: { type: 'string', default: 'text' },
      policy: { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    io.stdout(EXPLAIN_HELP);
    return 0;
  }
  if (positionals.length !== 1) throw new UsageError('explain takes exactly one path');
  if (!['text', 'json'].includes(values.format!)) throw new UsageError('--format must be text or json');
  const workspace = openWorkspace(io, { policy: values.policy });
  const file = toEnginePath(path.resolve(io.cwd, positionals[0]));
  const stack =
    fs.existsSync(file) && fs.statSync(file).isDirectory()
      ? workspace.policies.stackForDir(file)
      : workspace.stackFor(file);
  const tools = [...Object.keys(BUILTIN_TOOLS), ...declaredTools(stack.policies).keys()];
  if (values.tool && !tools.includes(values.tool))
    throw new UsageError(`unknown tool "${values.tool}"; known: ${tools.join(', ')}`);
  const any = resolve(stack.policies, file);
  const perTool = (values.tool ? [values.tool] : tools).map((t) => ({ tool: t, ...resolve(stack.policies, file, t) }));
  const where = (f: string, line?: number) => `${displayPath(io, f)}${line !== undefined ? `:${line + 1}` : ''}`;

  if (values.format === 'json') {
    io.stdout(
      `${JSON.stringify(
        {
          path: displayPath(io, file),
          policies: stack.states.map((s) => ({
            file: displayPath(io, s.file),
            source: s.source,
            valid: s.errors.length === 0,
          })),
          zones: any.zones.map((z) => ({
            name: z.name,
            ai: z.ai,
            provenance: z.provenance ?? z.policy.defaults.provenance,
            tools: z.tools ? [...z.tools] : ['*'],
            message: z.message,
            policy: where(z.policy.file, z.line),
          })),
          rules: Object.fromEntries(
            perTool.map((r) => [r.tool, { ai: r.ai, provenance: r.provenance, zone: r.decidingZone?.name }]),
          ),
        },
        null,
        2,
      )}\n`,
    );
    return 0;
  }

  const out: string[] = [displayPath(io, file)];
  out.push(stack.states.length ? '  policy files:' : '  policy files: none (everything is allowed)');
  for (const s of stack.states)
    out.push(`    ${where(s.file)} (${s.source})${s.errors.length ? ` INVALID: ${s.errors[0].message}` : ''}`);
  out.push(any.zones.length ? '  matching zones:' : '  matching zones: none (policy defaults apply)');
  for (const z of any.zones) {
    const tools = z.tools ? [...z.tools].join(',') : '*';
    out.push(
      `    ${z.name}: ai=${z.ai} provenance=${z.provenance ?? z.policy.defaults.provenance} tools=${tools}  (${where(z.policy.file, z.line)})${z.message ? `\n      "${z.message}"` : ''}`,
    );
  }
  out.push('  effective rule per tool:');
  const width = Math.max(...perTool.map((r) => r.tool.length));
  for (const r of perTool) {
    out.push(
      `    ${r.tool.padEnd(width)}  ${r.ai.padEnd(5)}  provenance ${r.provenance}${r.decidingZone ? `  (zone ${r.decidingZone.name})` : ''}`,
    );
  }
  io.stdout(`${out.join('\n')}\n`);
  return 0;
}
