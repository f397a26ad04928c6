// Whether an accepted inline suggestion gets a provenance label: only when it
// spans more than one line and the file's zone requires provenance for the
// tool it is attributed to. Pure, so it is unit-tested.
import type { FileStatusRequest } from '../../server/src/protocol';

type Status = Pick<FileStatusRequest.Result, 'checked' | 'provenance' | 'rules' | 'blocks'>;

/** True when lines startLine..endLine (0-based, inclusive) accepted from `tool` must be labelled. */
export function needsCompletionLabel(status: Status, tool: string, startLine: number, endLine: number): boolean {
  if (!status.checked || endLine <= startLine) return false;
  // A tool the policy does not know gets the rule for an unknown tool: the strictest.
  const provenance = status.rules.find((r) => r.tool === tool)?.provenance ?? status.provenance;
  if (provenance !== 'required') return false;
  // Inside a labelled block the lines are labelled already; nested markers would be malformed.
  return !status.blocks.some((b) => b.startLine < startLine && endLine < b.endLine);
}
