// `ai-fence sync [--check]`: writes each AI tool's ignore file from the block
// zones, inside a marked managed section, and prints the GitHub Copilot
// content-exclusion entries. `--check` writes nothing and exits 1 on drift.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { copilotContentExclusion, IGNORE_TARGETS, ignoreSection, mergeSection } from '../../agents/ignoreFiles';
import type { PolicySpec } from '../../engine';
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

export interface IgnorePlan {
  readonly target: (typeof IGNORE_TARGETS)[number];
  /** Absolute path. */
  readonly file: string;
  readonly existing: string | undefined;
  /** The file as the policy wants it; undefined when it need not exist (no zone blocks its tool). */
  readonly next: string | undefined;
  readonly problems: ReturnType<typeof ignoreSection>['problems'];
}

export type IgnoreFileState = 'in sync' | 'not needed' | 'missing' | 'out of date';

/** What each AI tool's ignore file should hold. Throws when one exists but cannot be read. */
export function planIgnoreFiles(root: string, specs: readonly PolicySpec[]): IgnorePlan[] {
  return IGNORE_TARGETS.map((target) => {
    const file = path.join(root, target.file);
    let existing: string | undefined;
    try {
      existing = fs.readFileSync(file, 'utf8');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw new Error(`${target.file}: ${(e as Error).message}`);
    }
    const { lines, problems, patterns } = ignoreSection(root, specs, target);
    const next = existing === undefined && patterns === 0 ? undefined : mergeSection(existing, lines);
    return { target, file, existing, next, problems };
  });
}

/** What `sync --check` says about one ignore file. */
export function ignoreFileState(plan: IgnorePlan): IgnoreFileState {
  if (plan.next === undefined) return 'not needed';
  if (plan.next === plan.existing) return 'in sync';
  return plan.existing === undefined ? 'missing' : 'out of date';
}

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
  let plans: IgnorePlan[];
  try {
    plans = planIgnoreFiles(repo.root, repo.specs);
  } catch (e) {
    io.stderr(`ai-fence sync: ${(e as Error).message}\n`);
    return 2;
  }
  const drift: string[] = [];
  const reported = new Set<string>();
  for (const plan of plans) {
    for (const p of plan.problems) {
      if (reported.has(p.glob)) continue;
      reported.add(p.glob);
      io.stderr(`ai-fence sync: "${p.glob}" not written to ignore files: ${p.reason}; the hooks still enforce it\n`);
    }
    const state = ignoreFileState(plan);
    if (state === 'in sync' || state === 'not needed') continue;
    if (values.check) {
      drift.push(plan.target.file);
      io.stderr(`${plan.target.file}: ${state}\n`);
      continue;
    }
    fs.writeFileSync(plan.file, plan.next!);
    io.stderr(`${plan.target.file}: ${state === 'missing' ? 'created' : 'updated'}\n`);
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
