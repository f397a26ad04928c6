// The safe automatic fix: repair markers and label unlabeled AI code. It never
// deletes code, so it is fit for fix-on-save and `ai-fence check --fix`.
import type { FileAnalysis } from './analyze';
import type { Finding } from './findings';
import { type LabelOptions, labelLines, replaceLine, type TextEdit } from './fixes';
import { markerModel } from './markers';

export function fixAllEdits(analysis: FileAnalysis, at?: string): TextEdit[] {
  const edits: TextEdit[] = [];
  const usedIds = new Set(analysis.markers.blocks.map((b) => b.id));
  const repaired = new Set<number>();
  for (const f of analysis.findings) {
    if (f.code === 'AIF004' && f.repair && !repaired.has(f.repair.line)) {
      repaired.add(f.repair.line);
      edits.push(replaceLine(analysis.source, f.repair.line, f.repair.text));
    }
  }
  // Labels wait until markers are sound: a broken marker could swallow a new block.
  if (analysis.markers.problems.length) return edits;
  for (const f of analysis.findings) {
    if (f.code !== 'AIF003' || !f.region) continue;
    const label = labelLines(
      analysis.source,
      analysis.syntax,
      f.region.startLine,
      f.region.endLine,
      labelFor(f, usedIds, at),
      analysis.markers.blocks,
    );
    for (const e of label) edits.push(e);
    const id = /id=(\S+)/.exec(label[0]?.newText ?? '')?.[1];
    if (id) usedIds.add(id);
  }
  return edits;
}

/** Label fields for an unlabeled region: a transcript knows the true model and time. */
function labelFor(f: Finding, usedIds: ReadonlySet<string>, at: string | undefined): LabelOptions {
  const ev = f.evidence;
  if (ev?.kind === 'transcript')
    return {
      tool: f.tool ?? 'other',
      usedIds,
      model: markerModel(ev.model),
      at: ev.at?.replace(/\.\d{3}Z$/, 'Z') ?? at,
    };
  return { tool: f.tool ?? 'other', usedIds, at };
}
