// A cheap test on raw bytes that a file may hold a marker or a signature.
// It must never say no when the full analysis would find something: it
// matches case-insensitively on the longest ASCII run of every phrase, so a
// full match always implies a prefilter match. Files it rejects (and that
// no ledger names) are never decoded.
import { escapeRegExp, type SignatureMatcher } from './signatures';

export type BytePrefilter = (bytes: Buffer) => boolean;

const cache = new WeakMap<SignatureMatcher, BytePrefilter>();

function longestAsciiRun(phrase: string): string {
  const runs = phrase.split(/[^\x20-\x7e]+/);
  return runs.reduce((a, b) => (b.length > a.length ? b : a), '');
}

export function bytePrefilter(matcher: SignatureMatcher): BytePrefilter {
  let filter = cache.get(matcher);
  if (filter) return filter;
  const keys = new Set<string>(['provenance']);
  let anyEmpty = false;
  for (const phrase of matcher.byPhrase.keys()) {
    const run = longestAsciiRun(phrase).trim();
    if (run.length < 3) anyEmpty = true;
    else keys.add(run.toLowerCase());
  }
  const regex = new RegExp([...keys].map(escapeRegExp).join('|'), 'i');
  filter = (bytes) => {
    // UTF-16 text is not ASCII-compatible: always analyse it.
    if (bytes.length >= 2 && ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)))
      return true;
    // A phrase with no usable ASCII run can only be excluded when the file is pure ASCII.
    if (anyEmpty && bytes.some((b) => b >= 0x80)) return true;
    return regex.test(bytes.toString('latin1'));
  };
  cache.set(matcher, filter);
  return filter;
}
