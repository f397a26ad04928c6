// Whether a file's previous analysis still holds after edits to some lines.
// It does when every edited line (none of them a marker or prefilter hit, as
// the document guarantees for non-structural edits) lies outside every
// labelled block that records a hash and at least one line away from every
// finding and region: a region can only grow or shrink through the lines
// next to it.
import type { FileAnalysis } from '../engine';

export function stillValid(analysis: FileAnalysis, changed: ReadonlySet<number> | 'structural'): boolean {
  if (changed === 'structural' || analysis.unlocatedLedgerRanges > 0) return false;
  for (const line of changed) {
    // Inside a block only its hash can change, so blocks without one are safe.
    for (const b of analysis.markers.blocks)
      if (line >= b.beginLine && line <= b.endLine && b.fields.has('hash')) return false;
    for (const f of analysis.findings) {
      const start = Math.min(f.line, f.region?.startLine ?? f.line);
      const end = Math.max(f.endLine, f.region?.endLine ?? f.endLine);
      if (line >= start - 1 && line <= end + 1) return false;
    }
  }
  return true;
}
