// `ai-fence audit [--since REV] [--format text|json|sarif]`: finds AI work in
// zone files in git history: commits with AI attribution (trailers, authors)
// that touched zone files, and lines that git-ai notes (refs/notes/ai)
// attribute to AI and that are still at HEAD (carried forward with blame).
// Zones are those of the current working tree's policies. Hits are grouped
// by zone with the rule each breaks (ai: block or ai: warn).
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { commitAttributions } from '../../agents/aiAttribution';
import {
  blame,
  commitSet,
  GitError,
  git,
  headFiles,
  lineRuns,
  listCommits,
  noteSessions,
  readAiNotes,
} from '../../agents/gitHistory';
import type { CompiledZone, Policy } from '../../engine';
import { codeHref, FINDING_CODES, getOrCreate, POLICY_DEFAULT_NAME, resolve, toolDisplayName } from '../../engine';
import { type CliIo, displayPath, UsageError } from '../context';
import { sarifLog } from '../format';
import { loadRepoPolicies } from '../repoPolicies';

export const AUDIT_HELP = `Usage: ai-fence audit [--since REV] [--format text|json|sarif]

Reports AI work in zone files from git history, grouped by zone:
  - commits with AI attribution (Co-Authored-By: Claude/Copilot/Cursor...,
    Assisted-by:, Made-with: Cursor, "🤖 Generated with", "(aider)" authors)
    that touched files in zones whose rule is block or warn for that tool;
  - lines that git-ai notes (refs/notes/ai, authorship 3.0.0) attribute to AI
    and that are still at HEAD in such zone files.
Zones come from the policies in the working tree.

Options:
  --since REV                Only commits after REV (REV..HEAD)
  --format text|json|sarif   Output format (default text)
  -h, --help                 Show this help

Exit codes: 0 no hit in a block zone, 1 hits in block zones, 2 usage, policy or git error.
`;

export interface AuditHit {
  readonly kind: 'commit' | 'note';
  readonly rule: 'block' | 'warn';
  readonly file: string;
  readonly commit: string;
  readonly date?: string;
  readonly author?: string;
  readonly subject?: string;
  readonly tool: string;
  readonly evidence: string;
  /** Lines at HEAD (1-based inclusive), for notes. */
  readonly lines?: readonly { start: number; end: number }[];
  readonly model?: string;
}

interface ZoneGroup {
  readonly zone: CompiledZone;
  readonly policy: string;
  readonly hits: AuditHit[];
}

export async function runAudit(argv: string[], io: CliIo, version: string): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      since: { type: 'string' },
      format: { type: 'string', default: 'text' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    io.stdout(AUDIT_HELP);
    return 0;
  }
  const format = values.format!;
  if (!['text', 'json', 'sarif'].includes(format))
    throw new UsageError(`--format must be text, json or sarif, not "${format}"`);
  const repo = loadRepoPolicies(io);
  if (repo.errors.length) {
    io.stderr(`ai-fence audit: the policy is invalid:\n${repo.errors.map((e) => `  ${e}\n`).join('')}`);
    return 2;
  }
  const root = repo.root;
  const groups = new Map<CompiledZone, ZoneGroup>();
  const addHit = (zone: CompiledZone, hit: AuditHit) => {
    const g = getOrCreate(groups, zone, () => ({ zone, policy: displayPath(io, zone.policy.file), hits: [] }));
    g.hits.push(hit);
  };
  const defaultZones = new Map<Policy, CompiledZone>();
  const ruleFor = (rel: string, tool: string | undefined) => {
    const file = `${root}/${rel}`;
    const policies = repo.workspace.stackFor(file).policies;
    const r = resolve(policies, file, tool);
    if (r.ai !== 'block' && r.ai !== 'warn') return undefined;
    if (r.decidingZone) return { rule: r.ai, zone: r.decidingZone };
    // A policy default decided: report it under a zone named after the default.
    const policy = [...policies].reverse().find((p) => p.defaults.ai === r.ai)!;
    let zone = defaultZones.get(policy);
    if (!zone) {
      zone = {
        name: POLICY_DEFAULT_NAME,
        ai: r.ai,
        provenance: undefined,
        tools: undefined,
        message: undefined,
        includes: () => true,
        excludes: undefined,
        line: 0,
        policy,
      };
      defaultZones.set(policy, zone);
    }
    return { rule: r.ai, zone };
  };

  let commits: ReturnType<typeof listCommits>;
  let notes: ReturnType<typeof readAiNotes>;
  let inRange: ReturnType<typeof commitSet>;
  try {
    try {
      git(root, ['rev-parse', '--verify', '--quiet', 'HEAD']);
    } catch {
      io.stderr('ai-fence audit: no commits yet\n');
      return finish(io, format, [], version, root, 0, 0);
    }
    if (values.since) git(root, ['rev-parse', '--verify', `${values.since}^{commit}`]);
    commits = listCommits(root, values.since);
    inRange = commitSet(root, values.since);
    notes = readAiNotes(root, inRange);
  } catch (e) {
    if (e instanceof GitError) {
      io.stderr(`ai-fence audit: git: ${e.message}\n`);
      return 2;
    }
    throw e;
  }

  for (const c of commits) {
    const attributions = commitAttributions(c);
    if (!attributions.length) continue;
    for (const file of c.files) {
      // The strictest rule over the commit's attributed tools decides.
      let best: { a: (typeof attributions)[number]; r: NonNullable<ReturnType<typeof ruleFor>> } | undefined;
      for (const a of attributions) {
        const r = ruleFor(file, a.tool);
        if (r && (!best || (r.rule === 'block' && best.r.rule === 'warn'))) best = { a, r };
      }
      if (!best) continue;
      addHit(best.r.zone, {
        kind: 'commit',
        rule: best.r.rule,
        file,
        commit: c.sha,
        date: c.date,
        author: c.authorName,
        subject: c.subject,
        tool: best.a.tool,
        evidence: best.a.evidence,
      });
    }
  }

  const noted = new Set<string>();
  for (const log of notes.values()) for (const f of log.files.keys()) noted.add(f);
  for (const file of headFiles(root)) {
    if (!noted.has(file) || !ruleFor(file, undefined)) continue;
    let lines: ReturnType<typeof blame>;
    try {
      lines = blame(root, file, 'HEAD');
    } catch {
      continue;
    }
    for (const g of noteSessions(lines, notes)) {
      const tool = g.tool;
      const r = ruleFor(file, tool);
      if (!r) continue;
      addHit(r.zone, {
        kind: 'note',
        rule: r.rule,
        file,
        commit: g.commit,
        tool,
        model: g.model,
        evidence: `git-ai note (refs/notes/ai) on ${g.commit.slice(0, 8)}`,
        lines: lineRuns(g.lines),
      });
    }
  }
  return finish(io, format, [...groups.values()], version, root, commits.length, notes.size);
}

const rangeText = (h: AuditHit) =>
  (h.lines ?? []).map((r) => (r.start === r.end ? `${r.start}` : `${r.start}-${r.end}`)).join(',');

function finish(
  io: CliIo,
  format: string,
  groups: ZoneGroup[],
  version: string,
  root: string,
  commitCount: number,
  noteCount: number,
): number {
  groups.sort((a, b) =>
    a.zone.ai === b.zone.ai ? a.zone.name.localeCompare(b.zone.name) : a.zone.ai === 'block' ? -1 : 1,
  );
  const all = groups.flatMap((g) => g.hits);
  const block = all.filter((h) => h.rule === 'block').length;
  const summary = {
    hits: all.length,
    block,
    warn: all.length - block,
    zones: groups.length,
    commits: commitCount,
    notes: noteCount,
  };
  const rel = (f: string) => displayPath(io, path.posix.join(root, f));
  if (format === 'json') {
    io.stdout(
      `${JSON.stringify(
        {
          version: 1,
          zones: groups.map((g) => ({
            zone: g.zone.name,
            policy: g.policy,
            line: g.zone.line + 1,
            rule: g.hits[0]?.rule ?? g.zone.ai,
            message: g.zone.message ?? null,
            hits: g.hits.map((h) => ({ ...h, file: rel(h.file), lines: h.lines })),
          })),
          summary,
        },
        null,
        2,
      )}\n`,
    );
  } else if (format === 'sarif') {
    io.stdout(auditSarif(groups, version, rel));
  } else {
    for (const g of groups) {
      io.stdout(
        `zone "${g.zone.name}" (${g.policy}:${g.zone.line + 1}) ai: ${g.hits[0].rule}${g.zone.message ? ` - ${g.zone.message}` : ''}\n`,
      );
      for (const h of g.hits) {
        const who = `${toolDisplayName(h.tool)}${h.model ? ` (${h.model})` : ''}`;
        if (h.kind === 'commit')
          io.stdout(
            `  ${h.rule === 'block' ? 'error' : 'warning'} ${rel(h.file)}: commit ${h.commit.slice(0, 8)} ${h.date?.slice(0, 10) ?? ''} "${h.subject}" by ${h.author}: ${who} [${h.evidence}]\n`,
          );
        else
          io.stdout(
            `  ${h.rule === 'block' ? 'error' : 'warning'} ${rel(h.file)}:${rangeText(h)}: ${who} lines at HEAD, ${h.evidence}\n`,
          );
      }
    }
  }
  io.stderr(
    `${summary.hits} hit${summary.hits === 1 ? '' : 's'} in ${summary.zones} zone${summary.zones === 1 ? '' : 's'} (${block} block, ${summary.warn} warn); ${commitCount} commit${commitCount === 1 ? '' : 's'} and ${noteCount} git-ai note${noteCount === 1 ? '' : 's'} scanned\n`,
  );
  return block > 0 ? 1 : 0;
}

function auditSarif(groups: ZoneGroup[], version: string, rel: (f: string) => string): string {
  const codes = ['AIF001', 'AIF002'] as const;
  const rules = codes.map((code) => ({
    id: code,
    name: FINDING_CODES[code].name,
    shortDescription: { text: FINDING_CODES[code].summary },
    helpUri: codeHref(code),
    defaultConfiguration: { level: code === 'AIF001' ? 'error' : 'warning' },
  }));
  const results = groups.flatMap((g) =>
    g.hits.flatMap((h) => {
      const code = h.rule === 'block' ? 'AIF001' : 'AIF002';
      const what =
        h.kind === 'commit'
          ? `Commit ${h.commit.slice(0, 8)} (${h.evidence})`
          : `Lines ${rangeText(h)} attributed to AI by a git-ai note on ${h.commit.slice(0, 8)}`;
      const message = `${what} by ${toolDisplayName(h.tool)} changed a file in zone "${g.zone.name}" where AI is ${h.rule === 'block' ? 'blocked' : 'warned'}${g.zone.message ? `: ${g.zone.message}` : ''}`;
      const regions = h.lines?.length ? h.lines : [undefined];
      return regions.map((r) => ({
        ruleId: code,
        ruleIndex: codes.indexOf(code),
        level: h.rule === 'block' ? 'error' : 'warning',
        message: { text: message },
        locations: [
          {
            physicalLocation: {
              artifactLocation: { uri: encodeURI(rel(h.file)), uriBaseId: '%SRCROOT%' },
              ...(r ? { region: { startLine: r.start, endLine: r.end } } : {}),
            },
          },
        ],
        partialFingerprints: { commitSha: h.commit },
      }));
    }),
  );
  return sarifLog('AI Fence audit', version, rules, results);
}
