// A validated policy in plain JSON: the zones with their raw globs. The hooks
// cache these (so the hook path never loads the schema validator) and keep the
// last valid one to fail closed when a policy breaks; `sync` and
// `install-hooks` translate the raw globs into each tool's own syntax.
import { getNodeValue, parseTree } from 'jsonc-parser';
import { compilePolicy, type ZoneSpec } from './compile';
import type { Policy, PolicySource } from './parse';
import type { AiRule, ProvenanceRule } from './schema';

export type { ZoneSpec };

export interface PolicySpec {
  /** Absolute policy file path, '/' separators. */
  readonly file: string;
  readonly dir: string;
  readonly source: PolicySource;
  readonly zones: readonly ZoneSpec[];
  readonly defaults: { readonly ai: AiRule; readonly provenance: ProvenanceRule };
  readonly tools: Readonly<Record<string, string>>;
  /** Absolute ledger path. */
  readonly ledger: string;
}

/**
 * The spec of a policy that `parsePolicy` accepted from `text`. Zones keep the
 * order parsePolicy gives them, which is the order of the file.
 */
export function specOf(policy: Policy, text: string): PolicySpec {
  const raw = getNodeValue(parseTree(text, [], { allowTrailingComma: true, disallowComments: false })!) as {
    zones?: { paths?: string[]; except?: string[] }[];
  };
  const rawZones = raw.zones ?? [];
  return {
    file: policy.file,
    dir: policy.dir,
    source: policy.source,
    defaults: { ...policy.defaults },
    tools: Object.fromEntries(policy.tools),
    ledger: policy.ledger,
    zones: policy.zones.map((z, i) => ({
      name: z.name,
      paths: [...(rawZones[i]?.paths ?? [])],
      ...(rawZones[i]?.except?.length ? { except: [...rawZones[i].except!] } : {}),
      ai: z.ai,
      ...(z.tools ? { tools: [...z.tools] } : {}),
      ...(z.provenance ? { provenance: z.provenance } : {}),
      ...(z.message !== undefined ? { message: z.message } : {}),
      line: z.line,
    })),
  };
}

/** The engine's Policy for a spec, globs compiled; no validation (the spec was valid when stored). */
export function compileSpec(spec: PolicySpec): Policy {
  return compilePolicy({ ...spec, signatures: [], tools: new Map(Object.entries(spec.tools)) });
}

/** A policy that keeps only the block zones of `spec` (the fail-closed fallback). */
export function blockOnly(spec: PolicySpec): PolicySpec {
  return {
    ...spec,
    zones: spec.zones.filter((z) => z.ai === 'block'),
    defaults: { ai: 'allow', provenance: 'optional' },
  };
}

/** Whether a value read from a cache file has the shape of a PolicySpec. */
export function isPolicySpec(v: unknown): v is PolicySpec {
  if (typeof v !== 'object' || v === null) return false;
  const s = v as Record<string, unknown>;
  return (
    typeof s.file === 'string' &&
    typeof s.dir === 'string' &&
    typeof s.ledger === 'string' &&
    Array.isArray(s.zones) &&
    (s.zones as unknown[]).every(
      (z) =>
        typeof z === 'object' &&
        z !== null &&
        Array.isArray((z as ZoneSpec).paths) &&
        typeof (z as ZoneSpec).name === 'string',
    ) &&
    typeof s.defaults === 'object' &&
    s.defaults !== null &&
    typeof s.tools === 'object' &&
    s.tools !== null
  );
}
