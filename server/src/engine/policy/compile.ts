// Turns a validated policy into matchers. Kept apart from the parser so the
// agent hooks, which start on every tool call, can compile a cached policy
// without loading the schema validator.
import { compileGlobs } from './globs';
import type { CompiledZone, Policy, PolicySource } from './parse';
import type { AiRule, ProvenanceRule } from './schema';
import { buildZoneIndex } from './zoneIndex';

/** A validated policy's content, ready to compile. */
export interface PolicyParts {
  readonly file: string;
  readonly dir: string;
  readonly source: PolicySource;
  readonly defaults: { readonly ai: AiRule; readonly provenance: ProvenanceRule };
  readonly signatures: readonly string[];
  readonly tools: ReadonlyMap<string, string>;
  readonly ledger: string;
  readonly zones: readonly ZoneSpec[];
}

/** One validated zone with its raw globs. */
export interface ZoneSpec {
  readonly name: string;
  readonly paths: readonly string[];
  readonly except?: readonly string[];
  readonly ai: AiRule;
  readonly tools?: readonly string[];
  readonly provenance?: ProvenanceRule;
  readonly message?: string;
  /** 0-based line of the zone in its policy file. */
  readonly line: number;
}

/** Compiles validated parts: globs once per zone, and the zone index. */
export function compilePolicy(parts: PolicyParts): Policy {
  const policy: { -readonly [K in keyof Policy]: Policy[K] } = {
    file: parts.file,
    dir: parts.dir,
    source: parts.source,
    zones: [],
    defaults: parts.defaults,
    signatures: parts.signatures,
    tools: parts.tools,
    ledger: parts.ledger,
    index: buildZoneIndex(parts.zones.map((z) => z.paths)),
  };
  policy.zones = parts.zones.map(
    (z): CompiledZone => ({
      name: z.name,
      ai: z.ai,
      provenance: z.provenance,
      tools: z.tools && !z.tools.includes('*') ? new Set(z.tools) : undefined,
      message: z.message,
      includes: compileGlobs(z.paths),
      excludes: z.except?.length ? compileGlobs(z.except) : undefined,
      line: z.line,
      policy,
    }),
  );
  return policy;
}
