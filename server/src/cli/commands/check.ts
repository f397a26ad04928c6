// `ai-fence check [paths...]`: the CI entry point.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { findRoot, managedPolicyPaths, POLICY_FILE_NAME, toEnginePath } from '../../engine/io/paths';
import { encodeText } from '../../engine/io/textFile';
import { emptySkips, walkFiles } from '../../engine/io/walker';
import type { Finding } from '../../engine/provenance/findings';
import { fixAllEdits } from '../../engine/provenance/fixAll';
import { applyEdits, regionProblem } from '../../engine/provenance/fixes';
import { openTranscripts } from '../../transcripts/evidence';
import { type CliIo, displayPath, openWorkspace, parseCount, UsageError } from '../context';
import {
  type FileReport,
  formatJson,
  formatSarif,
  formatSummary,
  formatText,
  type Summary,
  type Unreadable,
} from '../format';
import { policyErrorReports } from '../policyErrors';
import { walkedPolicyReader } from '../policyReader';
import { checkInWorkers, type FileOutcome } from './checkPool';
import { TRANSCRIPT_OPTIONS, TRANSCRIPT_OPTIONS_HELP, transcriptSettings } from './transcriptOptions';

const MAX_FIX_PASSES = 5;
/** Below this many files a single thread is faster than starting workers. */
const PARALLEL_THRESHOLD = 2000;
const MAX_THREADS = 2;

export const CHECK_HELP = `Usage: ai-fence check [paths...] [options]

Checks files against the AI policy. Paths default to the current directory.

Options:
  --format text|json|sarif   Output format (default text)
  --fix                      Repair markers and label unlabeled AI code (never deletes code)
  --max-warnings N           Fail when there are more than N warnings (default: no limit)
  --policy FILE              Use FILE instead of <repository root>/.aifence.json
  --max-file-size BYTES      Skip larger files (default 10485760)
  --fail-on-unreadable       Exit 2 when a file or directory could not be read
  --transcripts              Also report code that matches AI output in the AI tools' local transcripts
${TRANSCRIPT_OPTIONS_HELP}  -h, --help                 Show this help

Exit codes: 0 clean, 1 findings over the threshold, 2 usage or policy error
(or, with --fail-on-unreadable, something that could not be read).
`;

export async function runCheck(argv: string[], io: CliIo, version: string): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      format: { type: 'string', default: 'text' },
      fix: { type: 'boolean', default: false },
      'max-warnings': { type: 'string' },
      policy: { type: 'string' },
      'max-file-size': { type: 'string' },
      'fail-on-unreadable': { type: 'boolean', default: false },
      transcripts: { type: 'boolean', default: false },
      ...TRANSCRIPT_OPTIONS,
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    io.stdout(CHECK_HELP);
    return 0;
  }
  const format = values.format!;
  if (!['text', 'json', 'sarif'].includes(format))
    throw new UsageError(`--format must be text, json or sarif, not "${format}"`);
  const maxWarnings = parseCount(values['max-warnings'], '--max-warnings');
  const maxFileBytes = parseCount(values['max-file-size'], '--max-file-size');
  if (values.policy && !fs.existsSync(path.resolve(io.cwd, values.policy)))
    throw new UsageError(`policy file not found: ${values.policy}`);

  const root = findRoot(io.cwd);
  const skipped = emptySkips();
  const files: string[] = [];
  const walked: string[] = [];
  const unreadable: Unreadable[] = [];
  // Policy files the walk does not list as files (links, FIFOs…): still read, so a linked policy
  // applies and one that cannot be read is a policy error.
  const unlistedPolicies: string[] = [];
  const isPolicyFile = (f: string) => f.endsWith(`/${POLICY_FILE_NAME}`);
  for (const p of positionals.length ? positionals : ['.']) {
    const abs = toEnginePath(path.resolve(io.cwd, p));
    if (!fs.existsSync(abs)) throw new UsageError(`no such file or directory: ${p}`);
    if (fs.statSync(abs).isDirectory()) walked.push(abs);
    files.push(
      ...walkFiles(abs, {
        root,
        skips: skipped,
        onProblem: (f, message) => {
          unreadable.push({ path: displayPath(io, f), message });
          if (isPolicyFile(f)) unlistedPolicies.push(f);
        },
        onSymlink: (f) => isPolicyFile(f) && unlistedPolicies.push(f),
      }),
    );
  }
  const policyFiles = [...files.filter(isPolicyFile), ...unlistedPolicies];
  const transcripts = values.transcripts ? openTranscripts(transcriptSettings(io, values)) : undefined;
  for (const p of transcripts?.report.problems ?? []) io.stderr(`ai-fence: transcript store skipped: ${p}\n`);
  const workspace = openWorkspace(io, {
    policy: values.policy,
    maxFileBytes,
    reader: walkedPolicyReader(walked, policyFiles),
    transcripts: transcripts?.rangesFor,
  });
  // Load every policy the walk found, so broken ones are reported even when workers check the files.
  for (const p of policyFiles) workspace.policies.stackForDir(path.posix.dirname(p));

  const reports: FileReport[] = [];
  let fixed = 0;
  let checked = 0;
  const progress = io.stderrIsTty ? (n: number) => io.stderr(`\rai-fence: ${n}/${files.length} files`) : undefined;
  const threads = Math.min(MAX_THREADS, os.availableParallelism());
  const outcomes: FileOutcome[] =
    // Workers do not load the transcript index: transcript checks stay on this thread.
    !values.fix && !transcripts && threads > 1 && files.length >= PARALLEL_THRESHOLD
      ? await checkInWorkers(
          files,
          {
            root,
            managedPolicies: managedPolicyPaths(io.env),
            rootPolicy: workspace.policies.rootPolicyFile,
            maxFileBytes,
            walked,
            policyFiles,
          },
          threads,
          progress,
        )
      : files.map((file, i) => {
          if (progress && i % 500 === 0) progress(i);
          return checkOne(file);
        });
  outcomes.forEach((o, i) => {
    if (o.skip) skipped[o.skip]++;
    else checked++;
    if (o.skip === 'unreadable') unreadable.push({ path: displayPath(io, files[i]), message: o.message ?? '' });
    if (o.findings?.length) reports.push({ path: displayPath(io, files[i]), findings: o.findings });
  });

  function checkOne(file: string): FileOutcome {
    const result = workspace.checkFile(file);
    if (result.kind === 'skip') return { skip: result.reason, message: result.message };
    let analysis = result.analysis;
    const decoded = result.decoded;
    if (!analysis || !decoded) return {};
    if (values.fix && analysis.findings.length) {
      // Like ESLint, re-run until nothing changes: labels wait for marker repairs.
      let text = decoded.text;
      for (let pass = 0; pass < MAX_FIX_PASSES; pass++) {
        const edits = fixAllEdits(analysis);
        if (!edits.length) break;
        if (decoded.lossy) {
          io.stderr(
            `ai-fence: ${displayPath(io, file)}: not valid ${decoded.encoding} text; not fixed, to avoid changing bytes\n`,
          );
          break;
        }
        text = applyEdits(text, edits);
        analysis = workspace.analyzeText(file, text);
      }
      if (text !== decoded.text) {
        fs.writeFileSync(file, encodeText(text, decoded.encoding));
        fixed++;
      }
      for (const f of analysis.findings) {
        const problem =
          f.code === 'AIF003' && f.region
            ? regionProblem(analysis.source, analysis.syntax, f.region.startLine, f.region.endLine)
            : undefined;
        if (problem) io.stderr(`ai-fence: ${displayPath(io, file)}:${f.line + 1}: not labelled: ${problem}\n`);
      }
    }
    return { findings: analysis.findings };
  }
  if (progress) io.stderr('\r\x1b[K');

  const policyReports = policyErrorReports(workspace, io);
  const all = [...policyReports, ...reports];
  const summary = summarize(all, checked, fixed, skipped, unreadable);
  for (const source of workspace.allLedgerFiles()) {
    for (const p of workspace.ledger(source).problems)
      io.stderr(`ai-fence: ${displayPath(io, source)}:${p.line}: ${p.message}\n`);
  }

  io.stdout(
    format === 'json'
      ? formatJson(all, summary)
      : format === 'sarif'
        ? formatSarif(all, summary, version)
        : formatText(all),
  );
  io.stderr(formatSummary(summary));
  if (policyReports.length || (values['fail-on-unreadable'] && unreadable.length)) return 2;
  return summary.errors > 0 || (maxWarnings !== undefined && summary.warnings > maxWarnings) ? 1 : 0;
}

function summarize(
  reports: readonly FileReport[],
  files: number,
  fixed: number,
  skipped: Summary['skipped'],
  unreadable: readonly Unreadable[],
): Summary {
  const count = (sev: Finding['severity']) =>
    reports.reduce((n, r) => n + r.findings.filter((f) => f.severity === sev).length, 0);
  return {
    files,
    errors: count('error'),
    warnings: count('warning'),
    infos: count('information'),
    fixed,
    skipped,
    unreadable,
  };
}
