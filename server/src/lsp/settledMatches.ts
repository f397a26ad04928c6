// Transcript matching costs about 19 ms per 3000-line document, too much for
// every keystroke. While edits come in, a document's analyses reuse its last
// matches (ranges past the end are dropped by the analysis); the match runs
// again once the edit burst is over, and the document is revalidated then.
import type { TranscriptRange } from '../engine';

/** Match again this long after a document's last edit. */
export const MATCH_SETTLE_MS = 300;

type Ranges = readonly TranscriptRange[] | undefined;

export class SettledMatches {
  private readonly last = new Map<string, { version: number; ranges: Ranges }>();
  private readonly timers = new Map<string, NodeJS.Timeout>();

  /** `settled(uri)`: the burst is over; analyse the document again to match its current text. */
  constructor(private readonly settled: (uri: string) => void) {}

  /** The document's matches: matched now when first seen or re-analysed unedited, else the last ones until the burst settles. */
  rangesFor(doc: { readonly uri: string; readonly version: number }, match: () => Ranges): Ranges {
    const last = this.last.get(doc.uri);
    if (last && last.version !== doc.version) {
      clearTimeout(this.timers.get(doc.uri));
      this.timers.set(
        doc.uri,
        setTimeout(() => {
          this.timers.delete(doc.uri);
          this.last.delete(doc.uri);
          this.settled(doc.uri);
        }, MATCH_SETTLE_MS),
      );
      return last.ranges;
    }
    const ranges = match();
    this.last.set(doc.uri, { version: doc.version, ranges });
    return ranges;
  }

  /** The matches the document's last analysis used (the last ones during a burst). */
  current(uri: string): Ranges {
    return this.last.get(uri)?.ranges;
  }

  forget(uri: string): void {
    clearTimeout(this.timers.get(uri));
    this.timers.delete(uri);
    this.last.delete(uri);
  }
}
