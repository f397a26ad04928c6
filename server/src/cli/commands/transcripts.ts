// `ai-fence transcripts index|status|clear|explain`: the local index of AI
// transcripts behind `check --transcripts`.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { toEnginePath } from '../../engine';
import { transcriptCacheDir } from '../../transcripts/cacheDir';
import { locateContext, openTranscripts, type TranscriptEvidenceSource } from '../../transcripts/evidence';
import { listEntryFiles } from '../../transcripts/indexer';
import { type CliIo, displayPath, UsageError } from '../context';
import { TRANSCRIPT_OPTIONS, TRANSCRIPT_OPTIONS_HELP, transcriptSettings } from './transcriptOptions';

export const TRANSCRIPTS_HELP = `Usage: ai-fence transcripts <index|status|clear|explain FILE:LINE> [options]

Indexes the AI tools' local transcripts (Claude Code, Codex, Gemini CLI, VS Code
Copilot Chat, Continue, Aider, Cline, Roo Code, Amp; Cursor, the Cursor CLI and
opencode need Node 22.13+)
into fingerprints in the user cache directory. Nothing leaves the machine and
the index holds hashes, never text.

  index               Build or update the index
  status              Show what the index holds
  clear               Delete the index
  explain FILE:LINE   Which session, tool, model and time wrote that line

Options:
${TRANSCRIPT_OPTIONS_HELP}  -h, --help                 Show this help
`;

export function runTranscripts(argv: string[], io: CliIo): number {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { ...TRANSCRIPT_OPTIONS, help: { type: 'boolean', short: 'h', default: false } },
  });
  const [action, ...rest] = positionals;
  if (values.help || action === undefined) {
    io.stdout(TRANSCRIPTS_HELP);
    return values.help ? 0 : 2;
  }
  const dir = transcriptCacheDir(locateContext(io.env));
  if (action === 'clear') {
    fs.rmSync(dir, { recursive: true, force: true });
    io.stdout(`Cleared ${dir}\n`);
    return 0;
  }
  if (!['index', 'status', 'explain'].includes(action)) throw new UsageError(`unknown transcripts action "${action}"`);
  if (action === 'explain' && rest.length !== 1) throw new UsageError('explain needs one FILE:LINE');
  const t0 = performance.now();
  const source = openTranscripts(transcriptSettings(io, values));
  for (const p of source.report.problems) io.stderr(`ai-fence: transcript store skipped: ${p}\n`);
  if (action === 'explain') return explain(rest[0], source, io);
  if (action === 'index') {
    const r = source.report;
    io.stdout(
      `Indexed ${r.entries.length} stores (${r.updated} read, ${r.bytesRead} bytes)${r.workers ? ` on ${r.workers + 1} threads` : ''} in ${Math.round(performance.now() - t0)} ms: ${source.index.size} fingerprints in ${dir}\n`,
    );
    return 0;
  }
  return status(source, dir, io);
}

function status(source: TranscriptEvidenceSource, dir: string, io: CliIo): number {
  const bySource = new Map<
    string,
    { stores: number; sessions: number; fingerprints: number; skipped: number; errors: number }
  >();
  for (const e of source.report.entries) {
    const s = bySource.get(e.meta.source) ?? { stores: 0, sessions: 0, fingerprints: 0, skipped: 0, errors: 0 };
    s.stores++;
    s.sessions += e.meta.sessions.length;
    s.fingerprints += e.produced.length / 2;
    s.skipped += e.meta.skipped;
    if (e.meta.error) s.errors++;
    bySource.set(e.meta.source, s);
  }
  const bytes = listEntryFiles(dir).reduce((n, f) => n + fs.statSync(path.join(dir, f)).size, 0);
  const lines = [`Transcript index: ${dir} (${bytes} bytes)`];
  for (const [id, s] of bySource)
    lines.push(
      `  ${id}: ${s.stores} stores, ${s.sessions} sessions, ${s.fingerprints} fingerprints, ${s.skipped} records skipped${s.errors ? `, ${s.errors} unreadable` : ''}`,
    );
  if (!bySource.size) lines.push('  no transcript stores found');
  lines.push(`  ${source.index.commonDropped} fingerprints ignored as too common`);
  io.stdout(`${lines.join('\n')}\n`);
  return 0;
}

function explain(spec: string, source: TranscriptEvidenceSource, io: CliIo): number {
  const m = /^(.*):(\d+)$/.exec(spec);
  if (!m) throw new UsageError(`explain needs FILE:LINE, not "${spec}"`);
  const file = toEnginePath(path.resolve(io.cwd, m[1]));
  const line = Number(m[2]) - 1;
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (e) {
    throw new UsageError(`cannot read ${m[1]}: ${(e as Error).message}`);
  }
  const region = source.regionsFor(file, text).find((r) => r.startLine <= line && line <= r.endLine);
  if (!region) {
    io.stdout(`${displayPath(io, file)}:${line + 1}: no match in the AI transcripts\n`);
    return 1;
  }
  const r = region.record;
  const where = r.line !== undefined ? `:${r.line}` : r.key ? ` (${r.key})` : '';
  io.stdout(
    `${displayPath(io, file)}:${region.startLine + 1}-${region.endLine + 1} matches AI output\n` +
      `  tool:    ${r.tool} (source ${r.source})\n` +
      `  model:   ${r.model ?? 'unknown'}\n` +
      `  session: ${r.session}\n` +
      `  time:    ${r.at ?? 'unknown'}\n` +
      `  store:   ${r.store}${where}\n`,
  );
  return 0;
}
