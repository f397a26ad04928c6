// An index over a policy's zones, so classifying a path costs about its
// depth, not the number of zones: literal paths and names are looked up
// segment by segment, `**/*.ext` by extension, and only the remaining
// patterns run on the glob matcher.
import { getOrCreate } from '../getOrCreate';
import { classifyGlob, type GlobKind, matchesKind } from './globs';

export interface ZoneIndex {
  /** Indexes of zones whose `paths` match rel (ascending; `except` not applied). */
  match(rel: string): number[];
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

  return {
    match(rel) {
      // Zones are few per path: a small array beats a Set here (this runs per file).
      const hits: number[] = [];
      const hit = (z: number) => {
        if (!hits.includes(z)) hits.push(z);
      };
      let start = 0;
      for (let depth = 1; ; depth++) {
        const slash = rel.indexOf('/', start);
        const end = slash < 0 ? rel.length : slash;
        if (depth <= literalDepth) {
          const zones = literal.get(end === rel.length ? rel : rel.slice(0, end));
          if (zones) for (const z of zones) hit(z);
        }
        if (segment.size || byExtension.size) {
          const seg = start === 0 && end === rel.length ? rel : rel.slice(start, end);
          const zones = segment.size ? segment.get(seg) : undefined;
          if (zones) for (const z of zones) hit(z);
          if (byExtension.size) {
            const dot = seg.lastIndexOf('.');
            const candidates = dot < 0 ? undefined : byExtension.get(seg.slice(dot + 1));
            if (candidates) for (const c of candidates) if (seg.endsWith(c.suffix)) hit(c.zone);
          }
        }
        if (slash < 0) break;
        start = slash + 1;
      }
      const slash = byFirstSegment.size ? rel.indexOf('/') : -1;
      const byFirst = byFirstSegment.size ? byFirstSegment.get(slash < 0 ? rel : rel.slice(0, slash)) : undefined;
      for (const o of other) if (!hits.includes(o.zone) && matchesKind(o.kind, rel)) hit(o.zone);
      if (byFirst) for (const o of byFirst) if (!hits.includes(o.zone) && matchesKind(o.kind, rel)) hit(o.zone);
      if (hits.length > 1) hits.sort((a, b) => a - b);
      return hits;
    },
  };
}

function extensionOf(name: string): string {
  const dot = name.lastIndexOf('.');
  return dot < 0 ? '' : name.slice(dot + 1);
}
