// `ai-fence sync [--check]`: writes each AI tool's ignore file from the block
// zones, inside a marked managed section, and prints the GitHub Copilot
// content-exclusion entries. `--check` writes nothing and exits 1 on drift.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { copilotContentExclusion, IGNORE_TARGETS, ignoreSection, mergeSection } from '../../agents/ignoreFiles';
import type { CliIo } from '../context';
import { loadRepoPolicies } from '../repoPolicies';

export const SYNC_HELP = `Usage: ai-fence sync [--check]

Writes the AI tools' ignore files at the repository root from the block zones:
${IGNORE_TARGETS.map((t) => `  ${t.file.padEnd(16)} ${t.reader}`).join('\n')}
Each file gets a managed section between "# >>> ai-fence managed section" and
"# <<< ai-fence managed section"; lines outside it are yours and are kept. A
file that does not exist is only created when some zone blocks its tool.
Then prints the GitHub Copilot content-exclusion entries (for repository
settings) on stdout.

Options:
  --check      Write nothing; exit 1 when any file differs from the policy (CI)
  -h, --help   Show this help

Exit codes: 0 in sync (or written), 1 --check found drift, 2 usage or policy error.
`;

export async function runSync(argv: string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: { check: { type: 'boolean', default: false }, help: { type: 'boolean', short: 'h', default: false } },
  });
  if (values.help) {
    io.stdout(SYNC_HELP);
    return 0;
  }
  const repo = loadRepoPolicies(io);
  if (repo.errors.length) {
    io.stderr(
      `ai-fence sync: the policy is invalid; nothing was written:\n${repo.errors.map((e) => `  ${e}\n`).join('')}`,
    );
    return 2;
  }
  const drift: string[] = [];
  const reported = new Set<string>();
  for (const target of IGNORE_TARGETS) {
    const file = path.join(repo.root, target.file);
    let existing: string | undefined;
    try {
      existing = fs.readFileSync(file, 'utf8');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') {
        io.stderr(`ai-fence sync: ${target.file}: ${(e as Error).message}\n`);
        return 2;
      }
    }
    const { lines, problems, patterns } = ignoreSection(repo.root, repo.specs, target);
    for (const p of problems) {
      if (reported.has(p.glob)) continue;
      reported.add(p.glob);
      io.stderr(`ai-fence sync: "${p.glob}" not written to ignore files: ${p.reason}; the hooks still enforce it\n`);
    }
    if (existing === undefined && patterns === 0) continue;
    const next = mergeSection(existing, lines);
    if (next === existing) continue;
    if (values.check) {
      drift.push(target.file);
      io.stderr(`${target.file}: ${existing === undefined ? 'missing' : 'out of date'}\n`);
      continue;
    }
    fs.writeFileSync(file, next);
    io.stderr(`${target.file}: ${existing === undefined ? 'created' : 'updated'}\n`);
  }
  if (values.check) {
    if (drift.length) {
      io.stderr(
        `ai-fence sync: ${drift.length} ignore file${drift.length === 1 ? '' : 's'} out of sync with the policy; run "ai-fence sync"\n`,
      );
      return 1;
    }
    io.stderr('ai-fence sync: ignore files are in sync with the policy\n');
    return 0;
  }
  io.stdout(copilotContentExclusion(repo.root, repo.specs));
  return 0;
}
