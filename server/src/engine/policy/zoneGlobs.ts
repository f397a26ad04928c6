// Rewrites policy globs (relative to their policy's directory, a name without
// '/' at any depth, a directory covering its subtree) as root-anchored
// gitignore-style patterns, the common ground of the tools' ignore files,
// Claude Code's permission rules and Copilot's content exclusion.
import { braceExpand } from 'minimatch';
import type { PolicySpec, ZoneSpec } from './spec';

export interface AnchoredGlob {
  /** Root-relative pattern starting with '/': `/src/secret`, `/**\/x.pem`, `/sub/**\/name`, `/**` (everything). */
  readonly pattern: string;
  /** The pattern ends in `**` or names a whole subtree. */
  readonly subtree: boolean;
}

export interface Untranslatable {
  readonly glob: string;
  readonly reason: string;
}

/** The directory of a policy relative to the root ('' for the root itself). */
export function policyDirRel(root: string, spec: PolicySpec): string {
  if (spec.dir === root) return '';
  return spec.dir.startsWith(`${root}/`) ? spec.dir.slice(root.length + 1) : '';
}

/** Root-anchored forms of one policy glob, or the reason it has none. */
export function anchorGlob(dirRel: string, glob: string): AnchoredGlob[] | Untranslatable {
  const base = dirRel ? `/${dirRel}` : '';
  const out: AnchoredGlob[] = [];
  for (const expanded of braceExpand(glob, { nocomment: true, nonegate: true })) {
    if (/[@!+*?]\(/.test(expanded))
      return { glob, reason: 'extended glob patterns (@(), !(), +(), *(), ?()) have no ignore-file equivalent' };
    const p = expanded.replace(/^(\.\/)+/, '').replace(/\/+$/, '');
    const anchored = expanded.startsWith('./');
    if (p === '' || p === '.' || p === '**') {
      out.push({ pattern: `${base}/**`, subtree: true });
      continue;
    }
    // As in the engine: a pattern with '/' is relative to the policy's directory, one without matches at any depth.
    out.push({ pattern: p.includes('/') || anchored ? `${base}/${p}` : `${base}/**/${p}`, subtree: p.endsWith('/**') });
  }
  return out;
}

/** Whether `zone` applies to `tool` (no `tools` list, "*", or the tool itself). */
export function zoneAppliesTo(zone: ZoneSpec, tool: string): boolean {
  return !zone.tools || zone.tools.includes('*') || zone.tools.includes(tool);
}

export interface BlockedGroup {
  /** Zone name, or "(default)" for a policy whose default rule is block. */
  readonly name: string;
  readonly policyFile: string;
  readonly message: string | undefined;
  readonly paths: readonly AnchoredGlob[];
  /** Files the group does not block. */
  readonly except: readonly AnchoredGlob[];
  /** Files inside `except` that are blocked again (a default-block policy's zone exceptions). */
  readonly reblock: readonly AnchoredGlob[];
}

/** The blocked file sets of every policy for one tool, with the globs that could not be translated. */
export function blockedGroups(
  root: string,
  specs: readonly PolicySpec[],
  tool: string,
): { groups: BlockedGroup[]; problems: Untranslatable[] } {
  const groups: BlockedGroup[] = [];
  const problems: Untranslatable[] = [];
  const anchorAll = (dirRel: string, globs: readonly string[] | undefined): AnchoredGlob[] => {
    const out: AnchoredGlob[] = [];
    for (const g of globs ?? []) {
      const r = anchorGlob(dirRel, g);
      if (Array.isArray(r)) out.push(...r);
      else problems.push(r);
    }
    return out;
  };
  for (const spec of specs) {
    const dirRel = policyDirRel(root, spec);
    const zones = spec.zones.filter((z) => zoneAppliesTo(z, tool));
    if (spec.defaults.ai === 'block') {
      const others = zones.filter((z) => z.ai !== 'block');
      groups.push({
        name: '(default)',
        policyFile: spec.file,
        message: undefined,
        paths: anchorAll(dirRel, ['**']),
        except: anchorAll(
          dirRel,
          others.flatMap((z) => z.paths),
        ),
        reblock: anchorAll(
          dirRel,
          others.flatMap((z) => z.except ?? []),
        ),
      });
    }
    for (const z of zones) {
      if (z.ai !== 'block') continue;
      groups.push({
        name: z.name,
        policyFile: spec.file,
        message: z.message,
        paths: anchorAll(dirRel, z.paths),
        except: anchorAll(dirRel, z.except),
        reblock: [],
      });
    }
  }
  return { groups, problems };
}
