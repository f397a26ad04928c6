// `ai-fence report [--out FILE]`: one self-contained HTML page about a
// repository's AI policy: each zone with its rule, labelled AI code per zone,
// tool and model, unlabeled AI code per zone, the agents' hooks and the AI
// tools' ignore files (as `install-hooks --check` and `sync --check` see them),
// and AI-attributed commits per month (as `audit` finds them).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { commitAttributions } from '../../agents/aiAttribution';
import { GitError, git, listCommits } from '../../agents/gitHistory';
import { ConfigError } from '../../agents/registry/configFile';
import type { CompiledZone } from '../../engine';
import { emptySkips, getOrCreate, resolve, walkFiles } from '../../engine';
import { type CliIo, displayPath } from '../context';
import { loadRepoPolicies } from '../repoPolicies';
import { ALL_AGENTS, hookState, planHooks } from './installHooks';
import { renderReport } from './reportHtml';
import { ignoreFileState, planIgnoreFiles } from './sync';

export const REPORT_HELP = `Usage: ai-fence report [--out FILE]

Writes one self-contained HTML page (no network access, printable) about the
repository's AI policy: each zone with its rule; lines of labelled AI code per
zone, tool and model; unlabeled AI code per zone; which agents' hooks are
installed; whether the AI tools' ignore files match the policy; and
AI-attributed commits per month.

Options:
  --out FILE   Write the page to FILE (default: standard output)
  -h, --help   Show this help

Exit codes: 0 written, 2 usage or policy error.
`;

export interface ZoneRow {
  readonly name: string;
  readonly policy: string;
  readonly paths: readonly string[];
  readonly except: readonly string[];
  readonly ai: string;
  readonly tools: readonly string[] | undefined;
  readonly provenance: string;
  readonly message: string | undefined;
  readonly labelledLines: number;
  /** AIF003 findings. */
  readonly unlabeled: number;
  /** AIF001 findings. */
  readonly blocked: number;
  /** AIF002 findings. */
  readonly warned: number;
}

export interface LineCount {
  readonly zone: string;
  readonly key: string;
  readonly lines: number;
}

export interface ReportData {
  readonly repository: string;
  readonly generated: string;
  readonly version: string;
  readonly zones: readonly ZoneRow[];
  /** Files in no zone, as one row with the policy defaults. */
  readonly outside: ZoneRow;
  readonly byTool: readonly LineCount[];
  readonly byModel: readonly LineCount[];
  readonly hooks: readonly { agent: string; file: string; state: string }[];
  readonly ignoreFiles: readonly { file: string; reader: string; state: string }[];
  /** AI-attributed commits per month (YYYY-MM), every month from the first to the last; or why there are none. */
  readonly commits: { readonly months: readonly { month: string; commits: number }[]; readonly total: number } | string;
}

interface Tally {
  labelledLines: number;
  unlabeled: number;
  blocked: number;
  warned: number;
  byTool: Map<string, number>;
  byModel: Map<string, number>;
}

const newTally = (): Tally => ({
  labelledLines: 0,
  unlabeled: 0,
  blocked: 0,
  warned: 0,
  byTool: new Map(),
  byModel: new Map(),
});
const add = (m: Map<string, number>, k: string, n: number) => m.set(k, (m.get(k) ?? 0) + n);

export async function runReport(argv: string[], io: CliIo, version: string): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: { out: { type: 'string' }, help: { type: 'boolean', short: 'h', default: false } },
  });
  if (values.help) {
    io.stdout(REPORT_HELP);
    return 0;
  }
  const repo = loadRepoPolicies(io);
  if (repo.errors.length) {
    io.stderr(`ai-fence report: the policy is invalid:\n${repo.errors.map((e) => `  ${e}\n`).join('')}`);
    return 2;
  }
  const { root, workspace } = repo;
  // Zone names are unique within a policy file.
  const zoneKey = (z: { name: string }, file: string) => `${file}\0${z.name}`;
  const tallies = new Map<string, Tally>();
  const outside = newTally();
  // A file counts in every zone it is in (nested policies can put it in several).
  const talliesFor = (file: string): Tally[] => {
    const zones = resolve(workspace.stackFor(file).policies, file).zones;
    return zones.length
      ? zones.map((z: CompiledZone) => getOrCreate(tallies, zoneKey(z, z.policy.file), newTally))
      : [outside];
  };
  for (const file of walkFiles(root, { root, skips: emptySkips() })) {
    const result = workspace.checkFile(file);
    if (result.kind !== 'checked' || !result.analysis) continue;
    const { markers, findings } = result.analysis;
    if (!markers.blocks.length && !findings.length) continue;
    const targets = talliesFor(file);
    for (const t of targets) {
      for (const b of markers.blocks) {
        const lines = Math.max(0, b.endLine - b.beginLine - 1);
        t.labelledLines += lines;
        add(t.byTool, b.tool ?? 'unknown', lines);
        add(t.byModel, b.fields.get('model') ?? 'not recorded', lines);
      }
      for (const f of findings) {
        if (f.code === 'AIF003') t.unlabeled++;
        else if (f.code === 'AIF001') t.blocked++;
        else if (f.code === 'AIF002') t.warned++;
      }
    }
  }

  const zones: ZoneRow[] = [];
  const byTool: LineCount[] = [];
  const byModel: LineCount[] = [];
  const counts = (zone: string, t: Tally) => {
    for (const [key, lines] of [...t.byTool].sort()) byTool.push({ zone, key, lines });
    for (const [key, lines] of [...t.byModel].sort()) byModel.push({ zone, key, lines });
  };
  for (const spec of repo.specs) {
    for (const z of spec.zones) {
      const t = tallies.get(zoneKey(z, spec.file)) ?? newTally();
      zones.push({
        name: z.name,
        policy: `${displayPath(io, spec.file)}:${z.line + 1}`,
        paths: z.paths,
        except: z.except ?? [],
        ai: z.ai,
        tools: z.tools,
        provenance: z.provenance ?? spec.defaults.provenance,
        message: z.message,
        labelledLines: t.labelledLines,
        unlabeled: t.unlabeled,
        blocked: t.blocked,
        warned: t.warned,
      });
      counts(z.name, t);
    }
  }
  const rootSpec = repo.specs.find((s) => s.dir === root);
  const outsideRow: ZoneRow = {
    name: 'Outside any zone',
    policy: rootSpec ? displayPath(io, rootSpec.file) : 'no policy',
    paths: [],
    except: [],
    ai: rootSpec?.defaults.ai ?? 'allow',
    tools: undefined,
    provenance: rootSpec?.defaults.provenance ?? 'optional',
    message: undefined,
    ...outside,
  };
  counts(outsideRow.name, outside);

  let hooks: ReportData['hooks'];
  try {
    hooks = planHooks(root, repo.specs, ALL_AGENTS, 'ai-fence').plans.map((p) => ({
      agent: p.agent,
      file: path.relative(root, p.file).split(path.sep).join('/'),
      state: hookState(p),
    }));
  } catch (e) {
    if (!(e instanceof ConfigError)) throw e;
    hooks = [{ agent: 'all', file: e.message, state: 'unreadable' }];
  }
  let ignoreFiles: ReportData['ignoreFiles'];
  try {
    ignoreFiles = planIgnoreFiles(root, repo.specs).map((p) => ({
      file: p.target.file,
      reader: p.target.reader,
      state: ignoreFileState(p),
    }));
  } catch (e) {
    ignoreFiles = [{ file: (e as Error).message, reader: '', state: 'unreadable' }];
  }

  const page = renderReport({
    repository: path.basename(root),
    generated: new Date().toISOString(),
    version,
    zones,
    outside: outsideRow,
    byTool,
    byModel,
    hooks,
    ignoreFiles,
    commits: attributedCommitsByMonth(root),
  });
  if (values.out) {
    fs.writeFileSync(path.resolve(io.cwd, values.out), page);
    io.stderr(`ai-fence report: wrote ${values.out}\n`);
  } else io.stdout(page);
  return 0;
}

function attributedCommitsByMonth(root: string): ReportData['commits'] {
  let commits: ReturnType<typeof listCommits>;
  try {
    git(root, ['rev-parse', '--verify', '--quiet', 'HEAD']);
    commits = listCommits(root, undefined);
  } catch (e) {
    if (e instanceof GitError) return 'No git history: this is not a git repository, or it has no commits yet.';
    throw e;
  }
  const perMonth = new Map<string, number>();
  for (const c of commits) if (commitAttributions(c).length) add(perMonth, c.date.slice(0, 7), 1);
  if (!perMonth.size) return { months: [], total: 0 };
  const sorted = [...perMonth.keys()].sort();
  const months: { month: string; commits: number }[] = [];
  for (let m = sorted[0]; m <= sorted[sorted.length - 1]; m = nextMonth(m))
    months.push({ month: m, commits: perMonth.get(m) ?? 0 });
  return { months, total: [...perMonth.values()].reduce((a, b) => a + b, 0) };
}

function nextMonth(month: string): string {
  const [y, m] = month.split('-').map(Number);
  return m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`;
}
