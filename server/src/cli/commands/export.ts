// `ai-fence export`: the AI-attribution manifest of a tree (JSON Lines on
// stdout), optionally a scrubbed copy; `--stdin` the same per record with no
// repository walk; `--merge` joins partial manifests (see server/src/export/).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import {
  DEFAULT_MAX_FILE_BYTES,
  emptySkips,
  findRoot,
  looksBinary,
  managedPolicyPaths,
  nodePolicyReader,
  POLICY_FILE_NAME,
  toEnginePath,
  unsafeLedgerPath,
  Workspace,
  type WorkspaceOptions,
  walkFiles,
} from '../../engine';
import { EVIDENCE_HELP, type EvidenceSource } from '../../export/evidence';
import { type ExportedFile, type ExportSettings, exportFile, skippedFile } from '../../export/fileRecord';
import { gitEvidence, headCommit } from '../../export/gitEvidence';
import { boundedLines } from '../../export/jsonLines';
import { EVIDENCE_KINDS, type EvidenceKind, fileRecordSchema, manifestRecordSchema } from '../../export/manifestSchema';
import type { ScrubSelection } from '../../export/scrub';
import { Summaries } from '../../export/summary';
import { openTranscripts } from '../../transcripts/evidence';
import { type CliIo, displayPath, parseCount, UsageError } from '../context';
import { policyErrorReports } from '../policyErrors';
import { walkedPolicyReader } from '../policyReader';
import { TRANSCRIPT_OPTIONS, TRANSCRIPT_OPTIONS_HELP, transcriptSettings } from './transcriptOptions';

export const EXPORT_HELP = `Usage: ai-fence export [paths...] [options]
       ai-fence export --stdin [--policy FILE] [--evidence LIST] [--max-file-size BYTES]
       ai-fence export --merge

Writes a manifest of AI-attributed lines as JSON Lines on stdout: one "file"
record per file (path, repository, commit, sha256, every AI range with its
evidence, tool, model and zone), then one "repository" summary per repository.
Each path is exported with the repository (git root) that holds it; paths
default to the current directory. Schema: schemas/export-manifest.schema.json.

Modes:
  --stdin                    Read {"path", "content"[, "repository", "commit"]}
                             records (JSON Lines) and write file records, one
                             per record, in order; no repository walk
  --merge                    Read manifests (JSON Lines) and write their file
                             records in order with summaries recomputed

Evidence:
  --evidence LIST            Kinds to collect (default all):
${EVIDENCE_KINDS.map((k) => `                               ${k.padEnd(15)} ${EVIDENCE_HELP[k]}`).join('\n')}
  --transcripts              Collect transcript evidence from the AI tools' local
                             transcripts (tree mode; see "ai-fence transcripts")
${TRANSCRIPT_OPTIONS_HELP}  --policy FILE              Use FILE as every repository's root policy (zones);
                             with --stdin, the only policy besides the managed one

Scrub (tree mode):
  --scrub DIR                Also write a copy of each file under DIR/<repository>/
                             without the AI ranges; never overwrites a file
  --tools LIST               Remove only these tools' ranges
  --keep-tools LIST          Remove every range except these tools'
  --models LIST              Remove only ranges of these models ("vendor/*" matches a prefix)
  --keep-models LIST         Remove every range except these models'
  --drop-files-over PCT      Instead of cutting ranges: leave out files whose removable
                             AI lines exceed PCT percent, copy the others unchanged

  --max-file-size BYTES      Skip larger files (default ${DEFAULT_MAX_FILE_BYTES})
  -h, --help                 Show this help

Exit codes: 0 done, 1 some input records were invalid (--stdin, --merge),
2 usage or policy error.
`;

/** A record's JSON never needs more than this many bytes per content byte (a \\u escape is 6). */
const JSON_BYTES_PER_BYTE = 6;
const RECORD_OVERHEAD = 64 * 1024;
/** Files under stdin records live here, where no real policy or ledger is read. */
const STDIN_ROOT = '/ai-fence-stdin';

export async function runExport(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      stdin: { type: 'boolean', default: false },
      merge: { type: 'boolean', default: false },
      evidence: { type: 'string' },
      policy: { type: 'string' },
      scrub: { type: 'string' },
      tools: { type: 'string' },
      'keep-tools': { type: 'string' },
      models: { type: 'string' },
      'keep-models': { type: 'string' },
      'drop-files-over': { type: 'string' },
      'max-file-size': { type: 'string' },
      transcripts: { type: 'boolean', default: false },
      ...TRANSCRIPT_OPTIONS,
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    io.stdout(EXPORT_HELP);
    return 0;
  }
  const selection = scrubSelection(values);
  if (selection && values.scrub === undefined)
    throw new UsageError('--tools, --keep-tools, --models, --keep-models and --drop-files-over need --scrub');
  const streaming = values.stdin || values.merge;
  if (values.stdin && values.merge) throw new UsageError('--stdin and --merge exclude each other');
  if (streaming && values.transcripts) throw new UsageError('--transcripts needs tree mode');
  if (streaming && (positionals.length || values.scrub !== undefined))
    throw new UsageError(`--${values.stdin ? 'stdin' : 'merge'} takes no paths and no --scrub`);
  if (values.merge && (values.evidence || values.policy || values['max-file-size']))
    throw new UsageError('--merge takes no other option');
  if (values.policy && !fs.existsSync(path.resolve(io.cwd, values.policy)))
    throw new UsageError(`policy file not found: ${values.policy}`);
  const settings: ExportSettings = {
    kinds: evidenceKinds(values.evidence),
    scrub: values.scrub === undefined ? undefined : (selection ?? {}),
  };
  const maxFileBytes = parseCount(values['max-file-size'], '--max-file-size');
  const rootPolicy = values.policy ? toEnginePath(path.resolve(io.cwd, values.policy)) : undefined;
  const transcripts = values.transcripts ? openTranscripts(transcriptSettings(io, values)) : undefined;
  for (const p of transcripts?.report.problems ?? []) io.stderr(`ai-fence: transcript store skipped: ${p}\n`);
  const run: Run = {
    io,
    out: bufferedWriter(io),
    summaries: new Summaries(),
    settings,
    rootPolicy,
    maxFileBytes,
    transcripts: transcripts?.rangesFor,
  };
  let code: number;
  if (values.merge) code = await merge(run);
  else if (values.stdin) code = await exportStdin(run);
  else code = exportTrees(positionals, values.scrub, run);
  for (const r of run.summaries.records()) run.out.write(r);
  run.out.flush();
  return code;
}

/** What every mode shares: where records go and the flags that shape them. */
interface Run {
  readonly io: CliIo;
  readonly out: Writer;
  readonly summaries: Summaries;
  readonly settings: ExportSettings;
  readonly rootPolicy: string | undefined;
  readonly maxFileBytes: number | undefined;
  /** Regions matching the AI tools' local transcripts (--transcripts). */
  readonly transcripts: WorkspaceOptions['transcripts'];
}

function exportTrees(paths: string[], scrubDir: string | undefined, run: Run): number {
  const { io, settings } = run;
  const repositories = new Map<string, string[]>();
  for (const p of paths.length ? paths : ['.']) {
    const abs = toEnginePath(path.resolve(io.cwd, p));
    if (!fs.existsSync(abs)) throw new UsageError(`no such file or directory: ${p}`);
    const root = findRoot(fs.statSync(abs).isDirectory() ? abs : path.dirname(abs));
    const list = repositories.get(root) ?? [];
    list.push(abs);
    repositories.set(root, list);
  }
  const scrubTarget = scrubDir === undefined ? undefined : toEnginePath(path.resolve(io.cwd, scrubDir));
  const names = new Map([...repositories.keys()].map((root) => [root, repositoryName(io, root)]));
  if (scrubTarget) {
    for (const [root, starts] of repositories) {
      if (path.isAbsolute(names.get(root)!))
        throw new UsageError(`--scrub needs every repository inside the current directory, not ${root}`);
      if (starts.some((s) => scrubTarget === s || scrubTarget.startsWith(`${s}/`)))
        throw new UsageError('--scrub DIR must not be inside an exported path');
    }
  }
  let code = 0;
  for (const [root, starts] of repositories) {
    const repository = names.get(root)!;
    const files = new Set<string>();
    for (const start of starts)
      for (const f of walkFiles(start, {
        root,
        skips: emptySkips(),
        onProblem: (f, m) => io.stderr(`ai-fence: ${displayPath(io, f)}: ${m}\n`),
      }))
        files.add(f);
    const workspace = new Workspace({
      root,
      managedPolicies: managedPolicyPaths(io.env),
      rootPolicy: run.rootPolicy,
      maxFileBytes: run.maxFileBytes,
      transcripts: run.transcripts,
      reader: walkedPolicyReader(starts, new Set([...files].filter((f) => f.endsWith(`/${POLICY_FILE_NAME}`)))),
    });
    const commit = headCommit(root);
    const sources: EvidenceSource[] = [gitEvidence(root, settings.kinds)];
    for (const file of files) {
      const input = { repository, commit, path: file.slice(root.length + 1), enginePath: file };
      const read = workspace.readBytes(file);
      const exported =
        read.kind === 'skip'
          ? skippedFile(input, read.reason, settings)
          : exportFile(input, read.bytes, workspace, sources, settings);
      if (scrubTarget && exported.copy) writeCopy(path.join(scrubTarget, repository, input.path), exported.copy);
      emit(run, exported);
    }
    const errors = policyErrorReports(workspace, io);
    for (const r of errors)
      for (const f of r.findings) io.stderr(`ai-fence: ${r.path}:${f.line + 1}:${f.character + 1}: ${f.message}\n`);
    if (errors.length) code = 2;
  }
  return code;
}

async function exportStdin(run: Run): Promise<number> {
  const { io, settings } = run;
  const workspace = new Workspace({
    root: STDIN_ROOT,
    managedPolicies: managedPolicyPaths(io.env),
    rootPolicy: run.rootPolicy,
    maxFileBytes: run.maxFileBytes,
    reader: { readText: (p) => (p.startsWith(`${STDIN_ROOT}/`) ? undefined : nodePolicyReader.readText(p)) },
  });
  const limit = workspace.maxFileBytes * JSON_BYTES_PER_BYTE + RECORD_OVERHEAD;
  let invalid = 0;
  for await (const line of boundedLines(io.stdin, limit)) {
    if ('tooLong' in line) {
      invalid++;
      io.stderr(`ai-fence: stdin line ${line.line}: longer than ${limit} bytes; skipped\n`);
      continue;
    }
    if (line.text.trim() === '') continue;
    const input = parseInputRecord(line.text);
    if (typeof input === 'string') {
      invalid++;
      io.stderr(`ai-fence: stdin line ${line.line}: ${input}; skipped\n`);
      continue;
    }
    const bytes = Buffer.from(input.content, 'utf8');
    const file = {
      repository: input.repository,
      commit: input.commit,
      path: input.path,
      enginePath: `${STDIN_ROOT}/${input.path}`,
    };
    // The same refusals as a file read from disk.
    const skip = bytes.length > workspace.maxFileBytes ? 'oversized' : looksBinary(bytes) ? 'binary' : undefined;
    emit(run, skip ? skippedFile(file, skip, settings) : exportFile(file, bytes, workspace, [], settings));
  }
  return invalid ? 1 : 0;
}

interface InputRecord {
  readonly path: string;
  readonly content: string;
  readonly repository: string;
  readonly commit: string | null;
}

/** A stdin record, or why it cannot be used. */
function parseInputRecord(text: string): InputRecord | string {
  let r: unknown;
  try {
    r = JSON.parse(text);
  } catch {
    return 'not valid JSON';
  }
  if (typeof r !== 'object' || r === null || Array.isArray(r)) return 'not a JSON object';
  const { path: p, content, repository = '.', commit = null } = r as Record<string, unknown>;
  if (typeof p !== 'string' || p === '' || p.includes('\0')) return '"path" must be a non-empty string';
  const unsafe = unsafeLedgerPath(p) ?? (p.split('/').some((s) => s === '' || s === '.') ? 'empty path segment' : '');
  if (unsafe) return `"path": ${unsafe}`;
  if (typeof content !== 'string') return '"content" must be a string';
  if (typeof repository !== 'string') return '"repository" must be a string';
  if (commit !== null && typeof commit !== 'string') return '"commit" must be a string or null';
  return { path: p, content, repository, commit };
}

async function merge({ io, out, summaries }: Run): Promise<number> {
  let invalid = 0;
  // A manifest line holds no file content: a few ranges, so 16 MiB is generous.
  for await (const line of boundedLines(io.stdin, 16 * 1024 * 1024)) {
    if ('text' in line && line.text.trim() === '') continue;
    let parsed: ReturnType<typeof manifestRecordSchema.safeParse> | undefined;
    try {
      parsed = 'text' in line ? manifestRecordSchema.safeParse(JSON.parse(line.text)) : undefined;
    } catch {
      parsed = undefined;
    }
    if (!parsed?.success) {
      invalid++;
      io.stderr(`ai-fence: stdin line ${line.line}: not a manifest record of version 1; skipped\n`);
      continue;
    }
    // Summaries are recomputed from the file records; file records pass through as they are.
    if (parsed.data.type !== 'file' || !('text' in line)) continue;
    summaries.add(fileRecordSchema.parse(parsed.data));
    out.writeLine(line.text.trimEnd());
  }
  return invalid ? 1 : 0;
}

function emit({ out, summaries }: Run, exported: ExportedFile): void {
  summaries.add(exported.record);
  out.write(exported.record);
}

function writeCopy(target: string, bytes: Buffer): void {
  fs.mkdirSync(path.dirname(target), { recursive: true });
  try {
    fs.writeFileSync(target, bytes, { flag: 'wx' });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EEXIST')
      throw new UsageError(`--scrub: ${target} already exists; scrub into an empty directory`);
    throw e;
  }
}

function repositoryName(io: CliIo, root: string): string {
  const rel = path.relative(io.cwd, root);
  if (rel === '') return '.';
  return rel.startsWith('..') || path.isAbsolute(rel) ? root : toEnginePath(rel);
}

function list(value: string | undefined): string[] | undefined {
  return value
    ?.split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}

function evidenceKinds(value: string | undefined): Set<EvidenceKind> {
  const kinds = list(value) ?? [...EVIDENCE_KINDS];
  for (const k of kinds)
    if (!(EVIDENCE_KINDS as readonly string[]).includes(k))
      throw new UsageError(`--evidence: unknown kind "${k}" (kinds: ${EVIDENCE_KINDS.join(', ')})`);
  return new Set(kinds as EvidenceKind[]);
}

function scrubSelection(values: Record<string, string | string[] | boolean | undefined>): ScrubSelection | undefined {
  const str = (k: string) => values[k] as string | undefined;
  if (str('tools') && str('keep-tools')) throw new UsageError('--tools and --keep-tools exclude each other');
  if (str('models') && str('keep-models')) throw new UsageError('--models and --keep-models exclude each other');
  const over = str('drop-files-over');
  if (over !== undefined && !(/^\d+(\.\d+)?$/.test(over) && Number(over) <= 100))
    throw new UsageError(`--drop-files-over needs a percentage from 0 to 100, not "${over}"`);
  const set = (k: string) => (str(k) ? new Set(list(str(k))) : undefined);
  const selection: ScrubSelection = {
    tools: set('tools'),
    keepTools: set('keep-tools'),
    models: list(str('models')),
    keepModels: list(str('keep-models')),
    dropFilesOver: over === undefined ? undefined : Number(over),
  };
  return Object.values(selection).some((v) => v !== undefined) ? selection : undefined;
}

interface Writer {
  write(record: object): void;
  writeLine(text: string): void;
  flush(): void;
}

/** Records joined into large writes: one write per record costs more than the analysis of a small file. */
function bufferedWriter(io: CliIo): Writer {
  let pending: string[] = [];
  let size = 0;
  const flush = () => {
    if (pending.length) io.stdout(pending.join(''));
    pending = [];
    size = 0;
  };
  const writeLine = (text: string) => {
    pending.push(`${text}\n`);
    size += text.length;
    if (size >= 64 * 1024) flush();
  };
  return { write: (record) => writeLine(JSON.stringify(record)), writeLine, flush };
}
