// Consecutive partial accepts (word by word, line by line) of one inline
// suggestion become one recorded range, not one ledger record per keystroke.
// Pure, so it is unit-tested.

/** Lines (0-based, inclusive) an accept inserted, and the document version right after it. */
export interface AcceptedRange {
  readonly uri: string;
  readonly startLine: number;
  readonly endLine: number;
  readonly version: number;
}

/**
 * `pending` grown by `next` when `next` continues it: same document, no other
 * edit between them (`versionBefore` is the version `next` started from), and
 * inserted at or after the pending range's first line and no further than the
 * line after it. Undefined when `next` starts a new range.
 * `lineDelta` is how many lines `next` added, which moves the pending range's
 * end when `next` was inserted inside it.
 */
export function mergeAccepted(
  pending: AcceptedRange,
  next: AcceptedRange,
  versionBefore: number,
  lineDelta: number,
): AcceptedRange | undefined {
  if (next.uri !== pending.uri || versionBefore !== pending.version) return undefined;
  if (next.startLine < pending.startLine || next.startLine > pending.endLine + 1) return undefined;
  const shiftedEnd = next.startLine <= pending.endLine ? pending.endLine + lineDelta : pending.endLine;
  return { ...pending, endLine: Math.max(shiftedEnd, next.endLine), version: next.version };
}
