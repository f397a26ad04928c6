// Resolves the effective rule for a file from the stack of policies that
// apply to it. Each policy contributes its strictest matching zone, or its
// defaults; the stack's answer is the strictest of those, so no policy can
// loosen another.
import type { CompiledZone, Policy } from './parse';
import type { AiRule, ProvenanceRule } from './schema';

/** How a rule that no zone but a policy's `defaults` decided is named to users. */
export const POLICY_DEFAULT_NAME = '(policy default)';

export const AI_STRICTNESS: Readonly<Record<AiRule, number>> = { allow: 0, warn: 1, block: 2 };
const PROVENANCE_STRICTNESS: Readonly<Record<ProvenanceRule, number>> = { optional: 0, required: 1 };

export interface Resolution {
  readonly ai: AiRule;
  readonly provenance: ProvenanceRule;
  /** Matching zones that apply to the tool, strictest first. */
  readonly zones: readonly CompiledZone[];
  /** The zone that decided `ai`, when a zone did (not a default). */
  readonly decidingZone: CompiledZone | undefined;
}

/** A file's path relative to a directory, or undefined when it is outside. Both use '/' separators. */
export function relativeInside(dir: string, file: string): string | undefined {
  if (dir === '') return file;
  if (file.length > dir.length && file.startsWith(dir) && file.charCodeAt(dir.length) === 47)
    return file.slice(dir.length + 1);
  return undefined;
}

function appliesToTool(zone: CompiledZone, tool: string | undefined): boolean {
  return tool === undefined || zone.tools === undefined || zone.tools.has(tool);
}

/**
 * The rule for `file` (absolute, '/' separators) and `tool`. An undefined tool
 * means "some unknown AI tool": every zone applies, whatever its `tools`.
 */
export function resolve(policies: readonly Policy[], file: string, tool?: string): Resolution {
  let ai: AiRule = 'allow';
  let provenance: ProvenanceRule = 'optional';
  let decidingZone: CompiledZone | undefined;
  const zones: CompiledZone[] = [];
  for (const policy of policies) {
    const rel = relativeInside(policy.dir, file);
    if (rel === undefined) continue;
    let policyAi: AiRule = policy.defaults.ai;
    let policyProvenance: ProvenanceRule = policy.defaults.provenance;
    let policyZone: CompiledZone | undefined;
    for (const i of policy.index.match(rel)) {
      const zone = policy.zones[i];
      if (!appliesToTool(zone, tool) || zone.excludes?.(rel)) continue;
      const zoneProvenance = zone.provenance ?? policy.defaults.provenance;
      if (!policyZone) {
        policyAi = zone.ai;
        policyProvenance = zoneProvenance;
      } else {
        if (AI_STRICTNESS[zone.ai] > AI_STRICTNESS[policyAi]) policyAi = zone.ai;
        if (PROVENANCE_STRICTNESS[zoneProvenance] > PROVENANCE_STRICTNESS[policyProvenance])
          policyProvenance = zoneProvenance;
      }
      if (!policyZone || AI_STRICTNESS[zone.ai] > AI_STRICTNESS[policyZone.ai]) policyZone = zone;
      zones.push(zone);
    }
    const stricter = AI_STRICTNESS[policyAi] > AI_STRICTNESS[ai];
    if (stricter || (policyAi === ai && !decidingZone && policyZone?.ai === ai)) {
      ai = policyAi;
      decidingZone = policyZone?.ai === policyAi ? policyZone : undefined;
    }
    if (PROVENANCE_STRICTNESS[policyProvenance] > PROVENANCE_STRICTNESS[provenance]) provenance = policyProvenance;
  }
  zones.sort((a, b) => AI_STRICTNESS[b.ai] - AI_STRICTNESS[a.ai]);
  return { ai, provenance, zones, decidingZone };
}

/** Every tool id the stack knows: built-in ones plus those the policies declare. */
export function declaredTools(policies: readonly Policy[]): Map<string, string> {
  const tools = new Map<string, string>();
  for (const p of policies) for (const [id, name] of p.tools) tools.set(id, name);
  return tools;
}
