// Post-tool: one Agent Trace record per AI edit, with the line ranges the edit
// inserted in the new file and a sha256 content hash per range (the engine's
// `sha256:<hex>` of the lines joined with '\n', so the checker can relocate
// them), plus the label instruction for provenance-required zones.
import * as fs from 'node:fs';
import { pathToFileURL } from 'node:url';
import { patchInsertedRanges } from '../agents/applyPatch';
import { appendRecord, type TraceFileEntry, traceRecord } from '../agents/ledgerAppend';
import { relativeInside, resolve } from '../engine/policy/zones';
import { insertedRanges, splitLines } from '../engine/provenance/lineDiff';
import { TextLines } from '../engine/provenance/lines';
import { zoneLabel } from './decide';
import type { EditInfo, HookCall } from './payload';
import type { HookPolicies } from './policyLoader';
import { labelInstructions } from './provenance';
import { headRevision } from './state';

type Range = { start: number; end: number };

/** 0-based inclusive ranges of `text` that the edit inserted. */
export function rangesForEdit(edit: EditInfo, text: string): Range[] {
  const lines = new TextLines(text);
  const current = Array.from({ length: lines.lineCount }, (_, i) => lines.lineText(i));
  // A final newline leaves an empty last "line" that no edit wrote.
  if (current.length > 1 && current[current.length - 1] === '') current.pop();
  if (text === '') return [];
  let ranges: Range[] = [];
  if (edit.original !== undefined) ranges = insertedRanges(splitLines(edit.original), current);
  else if (edit.write)
    ranges =
      edit.write.original !== undefined
        ? insertedRanges(splitLines(edit.write.original), current)
        : current.length
          ? [{ start: 0, end: current.length - 1 }]
          : [];
  else if (edit.patch) ranges = patchInsertedRanges(edit.patch, current);
  else if (edit.pairs) {
    for (const pair of edit.pairs) {
      if (pair.newText === '') continue;
      const newLines = splitLines(pair.newText);
      const changed = insertedRanges(splitLines(pair.oldText), newLines);
      let from = 0;
      for (;;) {
        const at = text.indexOf(pair.newText, from);
        if (at < 0) break;
        const first = lines.positionAt(at).line;
        for (const c of changed) ranges.push({ start: first + c.start, end: first + c.end });
        if (!pair.all) break;
        from = at + Math.max(1, pair.newText.length);
      }
    }
  }
  return mergeRanges(ranges.filter((r) => r.start <= r.end && r.end < current.length));
}

function mergeRanges(ranges: Range[]): Range[] {
  const sorted = [...ranges].sort((a, b) => a.start - b.start);
  const out: Range[] = [];
  for (const r of sorted) {
    const last = out[out.length - 1];
    if (last && r.start <= last.end + 1) last.end = Math.max(last.end, r.end);
    else out.push({ ...r });
  }
  return out;
}

/** The model of the last assistant turn in a Claude Code transcript (JSONL), read from its tail. */
export function modelFromTranscript(file: string | undefined): string | undefined {
  if (!file) return undefined;
  try {
    const fd = fs.openSync(file, 'r');
    try {
      const size = fs.fstatSync(fd).size;
      const len = Math.min(size, 256 * 1024);
      const buf = Buffer.alloc(len);
      fs.readSync(fd, buf, 0, len, size - len);
      const matches = [...buf.toString('utf8').matchAll(/"model"\s*:\s*"([^"]+)"/g)];
      const last = matches.reverse().find((m) => m[1] !== '<synthetic>');
      return last?.[1];
    } finally {
      fs.closeSync(fd);
    }
  } catch {
    return undefined;
  }
}

export interface RecordResult {
  readonly files: number;
  readonly context: string | undefined;
  readonly problems: readonly string[];
}

export async function recordEdits(
  call: HookCall,
  policies: HookPolicies,
  qualify: (m: string | undefined) => string | undefined,
): Promise<RecordResult> {
  const root = policies.root;
  const entries: TraceFileEntry[] = [];
  const context: string[] = [];
  const problems: string[] = [];
  const model =
    call.model ?? qualify(call.agent === 'claude-code' ? modelFromTranscript(call.transcriptPath) : undefined);
  const ledger = policies.ledgerFile();
  // Ledger paths are relative to the directory of the policy that names the ledger: the root.
  const base = root;
  const written = new Map<string, Range[]>();
  for (const edit of call.edits) {
    const relPath = relativeInside(base, edit.path);
    if (relPath === undefined) continue;
    let text: string;
    try {
      text = fs.readFileSync(edit.path, 'utf8');
    } catch (e) {
      problems.push(`cannot read ${relPath} after the edit: ${(e as Error).message}`);
      continue;
    }
    const lines = new TextLines(text);
    const ranges = rangesForEdit(edit, text);
    written.set(edit.path, [...(written.get(edit.path) ?? []), ...ranges]);
    if (ranges.length) {
      entries.push({
        path: relPath,
        ranges: ranges.map((r) => ({
          startLine: r.start + 1,
          endLine: r.end + 1,
          contentHash: lines.rangeHash(r.start, r.end),
        })),
      });
    }
  }
  // Context for every file the tool wrote: from the edits, or (Cursor's postToolUse) from the tool input.
  for (const t of call.targets)
    if (t.access === 'write' && !written.has(t.path) && relativeInside(root, t.path) !== undefined)
      written.set(t.path, []);
  for (const [file, ranges] of written) {
    const relPath = relativeInside(root, file) ?? file;
    const stack = policies.stackFor(file);
    const r = resolve(stack.policies, file, call.agent);
    if (r.provenance === 'required' && (ranges.length || !call.edits.length)) {
      const where = ranges
        .map((x) => (x.start === x.end ? `${x.start + 1}` : `${x.start + 1}-${x.end + 1}`))
        .join(', ');
      context.push(
        `${labelInstructions(root, file, r.zones, call.agent, model)}${where ? `\nLines you just wrote without a label: ${where}.` : ''}`,
      );
    }
    if (r.ai === 'warn' && (call.agent === 'codex' || call.agent === 'cursor') && r.decidingZone) {
      context.push(
        `AI Fence: ${relPath} is in ${zoneLabel(root, r.decidingZone)} AI changes here are allowed with a warning; tell the user.`,
      );
    }
  }
  if (entries.length) {
    const record = traceRecord({
      files: entries,
      tool: call.agent,
      toolVersion: call.agentVersion,
      model,
      conversationId: call.conversationId,
      conversationUrl: call.transcriptPath ? pathToFileURL(call.transcriptPath).href : undefined,
      revision: headRevision(root),
      metadata: { 'dev.ai-fence': call.metadata },
    });
    try {
      const useId = call.metadata.tool_use_id;
      const result = appendRecord(ledger, record, {
        unlessRecent: typeof useId === 'string' ? `"tool_use_id":${JSON.stringify(useId)}` : undefined,
      });
      if (!result.locked) problems.push(`appended to ${ledger} without its lock (timed out)`);
    } catch (e) {
      problems.push(`cannot append to ${ledger}: ${(e as Error).message}`);
    }
  }
  return { files: entries.length, context: context.join('\n') || undefined, problems };
}
