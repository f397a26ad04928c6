// Content hashes of line ranges, as `sha256:<hex>` over the lines joined
// with '\n' (line endings normalised, so CRLF checkouts hash the same).
import { createHash } from 'node:crypto';
import { lineText, type LineIndex } from './lines';

export function contentHash(index: LineIndex, startLine: number, endLine: number): string {
  const hash = createHash('sha256');
  for (let l = startLine; l <= endLine; l++) {
    if (l > startLine) hash.update('\n');
    hash.update(lineText(index, l));
  }
  return `sha256:${hash.digest('hex')}`;
}

export function hashLines(lines: readonly string[]): string {
  return `sha256:${createHash('sha256').update(lines.join('\n')).digest('hex')}`;
}
