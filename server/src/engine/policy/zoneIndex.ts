// An index over a policy's zones, so classifying a path costs about its
// depth, not the number of zones: literal paths and names are looked up
// segment by segment, `**/*.ext` by extension, and only the remaining
// patterns run on the glob matcher.
import { getOrCreate } from '../getOrCreate';
import { classifyGlob, type GlobKind, matchesKind } from './globs';

export interface ZoneIndex {
  /** Indexes of zones whose `paths` match rel (ascending; `except` not applied). */
  match(rel: string): readonly number[];
}

export function buildZoneIndex(zonePaths: readonly (readonly string[])[]): ZoneIndex {
  const literal = new Map<string, number[]>();
  const segment = new Map<string, number[]>();
  const byExtension = new Map<string, { zone: number; suffix: string }[]>();
  const other: { zone: number; kind: GlobKind }[] = [];
  /** Globs whose first segment is literal, tested only on paths that start with it. */
  const byFirstSegment = new Map<string, { zone: number; kind: GlobKind }[]>();
  const add = <K>(map: Map<K, number[]>, key: K, zone: number) => {
    const list = map.get(key);
    if (!list) map.set(key, [zone]);
    else if (list[list.length - 1] !== zone) list.push(zone);
  };

  zonePaths.forEach((patterns, zone) => {
    for (const raw of patterns) {
      const k = classifyGlob(raw);
      if (k.kind === 'literal') add(literal, k.path, zone);
      else if (k.kind === 'segments' && !k.run.includes('/')) add(segment, k.run, zone);
      else if (k.kind === 'suffix' && k.suffix.includes('.')) {
        // Indexed by the extension after the suffix's last dot; dotless suffixes are tested below.
        const ext = extensionOf(k.suffix);
        const list = byExtension.get(ext) ?? [];
        list.push({ zone, suffix: k.suffix });
        byExtension.set(ext, list);
      } else if (k.kind === 'glob' && k.glob.firstSegments) {
        for (const first of k.glob.firstSegments) getOrCreate(byFirstSegment, first, () => []).push({ zone, kind: k });
      } else other.push({ zone, kind: k });
    }
  });
  // Literal paths are only looked up as deep as the deepest one goes.
  let literalDepth = 0;
  for (const path of literal.keys()) literalDepth = Math.max(literalDepth, path.split('/').length);
  const literalKeys = new KeyFilter(literal.keys());
  const segmentKeys = new KeyFilter(segment.keys());
  const extensionKeys = new KeyFilter(byExtension.keys());

  return {
    match(rel) {
      // Zones are few per path: a small array beats a Set here (this runs per file).
      let hits: number[] | undefined;
      // Kept in ascending order as they come: sorting with a comparator costs more.
      const hit = (z: number) => {
        if (!hits) {
          hits = [z];
          return;
        }
        let i = hits.length;
        while (i > 0 && hits[i - 1] > z) i--;
        if (hits[i - 1] !== z) hits.splice(i, 0, z);
      };
      let start = 0;
      for (let depth = 1; ; depth++) {
        const slash = rel.indexOf('/', start);
        const end = slash < 0 ? rel.length : slash;
        // The filters skip most segments without making (and hashing) a substring.
        if (depth <= literalDepth && literalKeys.mayHold(rel, 0, end)) {
          const zones = literal.get(end === rel.length ? rel : rel.slice(0, end));
          if (zones) for (const z of zones) hit(z);
        }
        if (segmentKeys.mayHold(rel, start, end)) {
          const zones = segment.get(start === 0 && end === rel.length ? rel : rel.slice(start, end));
          if (zones) for (const z of zones) hit(z);
        }
        const dot = byExtension.size ? lastDot(rel, start, end) : -1;
        if (dot >= start && extensionKeys.mayHold(rel, dot + 1, end)) {
          const candidates = byExtension.get(rel.slice(dot + 1, end));
          if (candidates)
            for (const c of candidates) if (end - c.suffix.length >= start && rel.endsWith(c.suffix, end)) hit(c.zone);
        }
        if (slash < 0) break;
        start = slash + 1;
      }
      const tested = (zone: number) => hits?.includes(zone);
      for (const o of other) if (!tested(o.zone) && matchesKind(o.kind, rel)) hit(o.zone);
      if (byFirstSegment.size) {
        const slash = rel.indexOf('/');
        const byFirst = byFirstSegment.get(slash < 0 ? rel : rel.slice(0, slash));
        if (byFirst) for (const o of byFirst) if (!tested(o.zone) && matchesKind(o.kind, rel)) hit(o.zone);
      }
      return hits ?? NO_ZONES;
    },
  };
}

/** The last '.' in `text[start, end)`, or -1 (lastIndexOf would scan on past `start`). */
function lastDot(text: string, start: number, end: number): number {
  for (let i = end - 1; i >= start; i--) if (text.charCodeAt(i) === 46) return i;
  return -1;
}

const NO_ZONES: readonly number[] = Object.freeze([]);

/**
 * A filter over a set of keys by length, first and last character: a
 * substring it rejects is not a key, so it need not be made and hashed
 * (most path segments are not keys).
 */
class KeyFilter {
  private readonly bits = new Uint8Array(1 << 12);
  private readonly holdsEmpty: boolean;

  constructor(keys: Iterable<string>) {
    let holdsEmpty = false;
    for (const key of keys) {
      if (key.length === 0) holdsEmpty = true;
      else this.bits[slot(key, 0, key.length)] = 1;
    }
    this.holdsEmpty = holdsEmpty;
  }

  /** False only when `text.slice(start, end)` is certainly not a key. */
  mayHold(text: string, start: number, end: number): boolean {
    return end > start ? this.bits[slot(text, start, end)] === 1 : this.holdsEmpty;
  }
}

function slot(text: string, start: number, end: number): number {
  return (((end - start) & 15) << 8) | ((text.charCodeAt(start) & 15) << 4) | (text.charCodeAt(end - 1) & 15);
}

function extensionOf(name: string): string {
  const dot = name.lastIndexOf('.');
  return dot < 0 ? '' : name.slice(dot + 1);
}
