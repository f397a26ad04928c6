// `ai-fence check [paths...]`: the CI entry point.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import type { FileOutcome, Finding, JournalMark } from '../../engine';
import {
  applyEdits,
  CLEAN,
  cachedReadDir,
  checkWork,
  DEFAULT_MAX_FILE_BYTES,
  emptySkips,
  encodeText,
  findRoot,
  fixAllEdits,
  journalCovers,
  lastRunFile,
  lastRunKey,
  lastScanFile,
  managedPolicyPaths,
  markToKeep,
  type PendingCheck,
  probe,
  regionProblem,
  reusableLastRun,
  saveRunResults,
  screenBytes,
  settle,
  toEnginePath,
  type WorkResult,
} from '../../engine';
import { isDirectory } from '../../engine/io/regularFile';
import { isFileOrTemporaryOf } from '../../engine/io/stateDir';
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
import { IndexReader } from '../gitFiles';
import { policyErrorReports } from '../policyErrors';
import { walkedPolicyReader } from '../policyReader';
import { cacheFileFor, openCache, openJournal, saveCache } from './checkCache';
import { CheckPool } from './checkPool';
import { changedSinceTargets, newSelection, stagedTargets, walkTargets } from './checkTargets';
import { TRANSCRIPT_OPTIONS, TRANSCRIPT_OPTIONS_HELP, transcriptSettings } from './transcriptOptions';

const MAX_FIX_PASSES = 5;
/** Workers start once this many files need checking: fewer are checked faster than a worker starts. */
const PARALLEL_THRESHOLD = 1000;
/** Besides the main thread, which walks and then checks too. */
const MAX_WORKERS = 3;
/** During the walk, worker answers are taken in this often. */
const SLICE_MS = 10;

export const CHECK_HELP = `Usage: ai-fence check [paths...] [options]

Checks files against the AI policy. Paths default to the current directory.

Options:
  --format text|json|sarif   Output format (default text)
  --fix                      Repair markers and label unlabeled AI code (never deletes code)
  --max-warnings N           Fail when there are more than N warnings (default: no limit)
  --policy FILE              Use FILE instead of <repository root>/.aifence.json
  --max-file-size BYTES      Skip larger files (default ${DEFAULT_MAX_FILE_BYTES})
  --fail-on-unreadable       Exit 2 when a file or directory could not be read
  --cache                    Reuse the results of unchanged files from the last run
  --cache-location FILE      Keep the cache in FILE (default: AI Fence's state directory)
  --staged                   Check what \`git commit\` would commit (read from the index)
  --changed-since REV        Check files changed since the merge base of REV and HEAD
  --transcripts              Also report code that matches AI output in the AI tools' local
                             transcripts (no --cache: results then depend on the transcripts)
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
      cache: { type: 'boolean', default: false },
      'cache-location': { type: 'string' },
      staged: { type: 'boolean', default: false },
      'changed-since': { type: 'string' },
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
  const scopes = (positionals.length ? positionals : ['.']).map((p) => {
    const abs = toEnginePath(path.resolve(io.cwd, p));
    if (!fs.existsSync(abs)) throw new UsageError(`no such file or directory: ${p}`);
    return abs;
  });
  const changedSince = values['changed-since'];
  if (values.staged && (changedSince !== undefined || values.fix))
    throw new UsageError('--staged cannot be combined with --changed-since or --fix');
  const skipped = emptySkips();
  const selection = newSelection();
  const index = values.staged ? new IndexReader(root) : undefined;
  if (values.transcripts && values.cache) throw new UsageError('--transcripts cannot be combined with --cache');
  const transcripts = values.transcripts ? openTranscripts(transcriptSettings(io, values)) : undefined;
  for (const p of transcripts?.report.problems ?? []) io.stderr(`ai-fence: transcript store skipped: ${p}\n`);
  const workspace = openWorkspace(io, {
    policy: values.policy,
    maxFileBytes,
    reader: index ?? walkedPolicyReader(selection.walked, selection.knownPolicies),
    transcripts: transcripts?.rangesFor,
  });
  const maxBytes = workspace.maxFileBytes;
  const cacheFile = values.cache && !index ? cacheFileFor(io, root, values['cache-location']) : undefined;
  // The last run is kept for whole walks that change nothing (--fix writes files; --changed-since picks a few).
  const lastRun =
    cacheFile && !values.fix && changedSince === undefined
      ? {
          file: lastRunFile(cacheFile),
          key: lastRunKey(version, root, scopes, maxBytes, values.policy && path.resolve(io.cwd, values.policy)),
        }
      : undefined;
  /** The cache, the last run, the editor's last scan and their temporary files: never checked, and their changes mean nothing. */
  const isOwnFile = (f: string) =>
    isFileOrTemporaryOf(f, [cacheFile, lastRun?.file, cacheFile && lastScanFile(cacheFile)]);
  // Watchman reports real paths: a root or scope reached through a link, or a scope outside the root, is stat'ed.
  const journalOk = cacheFile !== undefined && journalCovers(root, scopes);
  const reuse =
    lastRun && journalOk
      ? reusableLastRun(lastRun.file, lastRun.key, scopes, workspace, io.env, isOwnFile, (run) => {
          for (const scope of scopes) if (isDirectory(scope)) selection.walked.push(scope);
          for (const p of run.policyFiles) {
            selection.knownPolicies.add(p);
            selection.policyFiles.push(p);
          }
        })
      : undefined;
  if (!reuse) {
    // The walk finds them again.
    selection.walked.length = 0;
    selection.policyFiles.length = 0;
    selection.knownPolicies.clear();
  }
  /** The journal clock the results of this run are valid from, when they are kept as the last run. */
  let runMark: JournalMark | undefined;
  const openedCache = cacheFile && !reuse ? openCache(io, cacheFile, root, version) : undefined;
  const cache = openedCache?.cache;
  const now = Date.now();

  const files: string[] = [];
  const outcomes: FileOutcome[] = [];
  let fixed = 0;
  const unreadable: Unreadable[] = [];
  /** What the walk could not read (files that cannot be read are outcomes). */
  const walkProblems: { path: string; message: string }[] = [];
  const onProblem = (f: string, message: string) => {
    walkProblems.push({ path: f, message });
    unreadable.push({ path: displayPath(io, f), message });
  };
  const progress = io.stderrIsTty ? (n: number) => io.stderr(`\rai-fence: ${n} files`) : undefined;
  if (index) {
    // What `git commit` would commit: content from the index, a few files, one thread.
    for (const { file, blob } of await stagedTargets(root, scopes, workspace, index, io.stagedDiff)) {
      files.push(file);
      const bytes = index.bytes(blob);
      const screened = bytes ? screenBytes(bytes, maxBytes) : undefined;
      const r = screened?.kind === 'bytes' ? workspace.checkBytes(file, screened.bytes) : screened;
      const findings = r?.kind === 'checked' ? r.analysis?.findings : undefined;
      outcomes.push(
        !r
          ? { skip: 'vanished' }
          : r.kind === 'skip'
            ? { skip: r.reason, message: r.message }
            : findings?.length
              ? { findings }
              : {},
      );
    }
  } else if (reuse) {
    // Only files the last run checked were edited: check those, take the rest from it.
    const edited = new Set(reuse.edited);
    reuse.run.files.forEach((file, i) => {
      files.push(file);
      outcomes.push(
        edited.has(file)
          ? (checkWork(workspace, { file }, maxBytes).outcome ?? CLEAN)
          : (reuse.run.outcomes.get(i) ?? CLEAN),
      );
    });
    Object.assign(skipped, reuse.run.skips);
    for (const p of reuse.run.problems) onProblem(p.path, p.message);
    io.stderr(`ai-fence: ${files.length - edited.size} of ${files.length} files from the cache (watchman journal)\n`);
    runMark = reuse.mark;
  } else {
    const journal = openedCache && journalOk ? openJournal(io, openedCache) : undefined;
    const journalChanges = journal?.kind === 'since' ? journal.changes : undefined;
    const changed = changedSince === undefined ? undefined : changedSinceTargets(root, changedSince, scopes, workspace);
    const readDir = cache && cachedReadDir(cache, now, journalChanges);
    const targets = changed
      ? [...changed.files, ...walkTargets(changed.dirs, root, selection, skipped, onProblem, readDir)]
      : walkTargets(scopes, root, selection, skipped, onProblem, readDir);
    // Until its result is in: a 100k-file tree must not keep every stamp and context to the end.
    const pending = new Map<number, PendingCheck>();
    const pool = new CheckPool(
      {
        root,
        managedPolicies: managedPolicyPaths(io.env),
        rootPolicy: workspace.policies.rootPolicyFile,
        maxFileBytes: maxBytes,
        walked: selection.walked,
      },
      selection.policyFiles,
      (id, result) => {
        outcomes[id] = settle(cache, pending.get(id)!, result, now);
        pending.delete(id);
        if (progress && id % 500 === 0) progress(id);
      },
    );
    // Workers do not load the transcript index: transcript checks stay on this thread.
    const workers = values.fix || transcripts ? 0 : Math.min(MAX_WORKERS, os.availableParallelism() - 1);
    let work = 0;
    let fromCache = 0;
    let sliceStart = Date.now();
    const seen = new Set<string>();
    for (const file of targets) {
      // The cache file holds finding texts: never a finding itself.
      if (seen.has(file) || isOwnFile(file)) continue;
      seen.add(file);
      const id = files.push(file) - 1;
      const found = probe(workspace, cache, file, maxBytes, journalChanges);
      // --fix needs the analysis of every file with findings.
      if (found.kind === 'hit' && !(values.fix && found.outcome.findings?.length)) {
        outcomes[id] = found.outcome;
        fromCache++;
        continue;
      }
      const item: PendingCheck = found.kind === 'work' ? found : { file };
      pending.set(id, item);
      pool.add(id, item);
      if (++work === PARALLEL_THRESHOLD && workers > 0) pool.start(workers);
      // Let the workers' answers in now and then, so they are kept busy during the walk.
      if (pool.started && Date.now() - sliceStart > SLICE_MS) {
        await new Promise((r) => setImmediate(r));
        sliceStart = Date.now();
      }
    }
    await pool.finish((item) => checkHere(item));
    if (openedCache) {
      const how = journalChanges ? ' (watchman journal)' : '';
      io.stderr(`ai-fence: ${fromCache} of ${files.length} files from the cache${how}\n`);
      // Without a journal answer (paths through a link), the stored clock stays: what was recorded now is newer.
      if (journal) {
        const wholeRoot = !changed && scopes.length === 1 && scopes[0] === root;
        openedCache.cache.journal = markToKeep(openedCache.cache.journal, journal, wholeRoot);
        if (journal.kind !== 'none' && !changed) runMark = journal.mark;
      }
      saveCache(io, openedCache, (f) => !selection.walked.some((w) => f.startsWith(`${w}/`)));
    }
  }
  // Load every policy the walk found, so broken ones are reported even when workers checked the files.
  for (const p of selection.policyFiles) workspace.policies.stackForDir(path.posix.dirname(p));
  if (lastRun && runMark) keepLastRun(lastRun.file, lastRun.key, runMark);

  const reports: FileReport[] = [];
  let checked = 0;
  outcomes.forEach((o, i) => {
    if (o.skip) skipped[o.skip]++;
    else checked++;
    if (o.skip === 'unreadable') unreadable.push({ path: displayPath(io, files[i]), message: o.message ?? '' });
    if (o.findings?.length) reports.push({ path: displayPath(io, files[i]), findings: o.findings });
  });

  /** Keeps this run's results for the next one, valid from the journal clock `mark`. */
  function keepLastRun(file: string, key: string, mark: JournalMark): void {
    const notClean = new Map<number, FileOutcome>();
    outcomes.forEach((o, i) => {
      if (o.skip || o.findings?.length) notClean.set(i, o);
    });
    const error = saveRunResults(file, workspace, scopes, {
      storedFiles: reuse?.run.storedFiles,
      mark,
      key,
      files,
      outcomes: notClean,
      skips: { ...skipped },
      problems: walkProblems,
      policyFiles: selection.policyFiles,
    });
    if (error) io.stderr(`ai-fence: cannot write ${displayPath(io, file)}: ${error.message}\n`);
  }

  function checkHere(item: PendingCheck): WorkResult {
    const result = checkWork(workspace, item, maxBytes);
    let analysis = result.analysis;
    const decoded = result.decoded;
    if (!values.fix || !analysis?.findings.length || !decoded) return result;
    const file = item.file;
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
    // Not cached (no hash): the file on disk is no longer what was read.
    return { outcome: analysis.findings.length ? { findings: analysis.findings } : {} };
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
