// Which lines an edit inserted, from the text before and after it: the part
// between the common prefix and the common suffix. Pure, so it is unit-tested.

/** 0-based, inclusive lines of `after` holding what the edit inserted; undefined when it inserted nothing. */
export function insertedLines(before: string, after: string): { startLine: number; endLine: number } | undefined {
  let start = 0;
  const max = Math.min(before.length, after.length);
  while (start < max && before[start] === after[start]) start++;
  let end = 0;
  while (end < max - start && before[before.length - 1 - end] === after[after.length - 1 - end]) end++;
  const inserted = after.slice(start, after.length - end);
  if (inserted.trim() === '') return undefined;
  const lineOf = (offset: number) => after.slice(0, offset).split('\n').length - 1;
  // Leading and trailing line breaks of the insertion belong to the lines around it.
  const first = start + (inserted.length - inserted.trimStart().length);
  const last = after.length - end - (inserted.length - inserted.trimEnd().length);
  return { startLine: lineOf(first), endLine: lineOf(last) };
}
