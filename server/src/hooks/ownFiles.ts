// AI Fence's own files are inside the fence with no policy entry: an agent
// may not change a policy, the agents' hook configurations, the ignore files
// `ai-fence sync` manages or the ledger, and may not touch the hooks' private
// state at all. Reading a policy stays allowed: it is no secret, and agents
// read it to learn the rules.
import * as fs from 'node:fs';
import { REPOSITORY_HOOK_CONFIGS, USER_HOOK_CONFIGS } from '../agents/hookConfigFiles';
import { IGNORE_TARGETS } from '../agents/ignoreFiles';
import { POLICY_FILE_NAME, toEnginePath } from '../engine/io/paths';
import { relativeInside } from '../engine/policy/zones';

export interface OwnFileContext {
  readonly root: string;
  readonly home: string | undefined;
  readonly managedPolicies: readonly string[];
  /** The hooks' state directory; undefined when there is none. */
  readonly stateDir: string | undefined;
  readonly ledgers: readonly string[];
}

export interface OwnFileVerdict {
  /** `deny` for what no agent ever needs to change; `ask` where a person may want the agent to. */
  readonly verdict: 'deny' | 'ask';
  readonly reason: string;
}

const IGNORE_FILES = new Set(IGNORE_TARGETS.map((t) => t.file));

/** Whether `target` (absolute, canonical) is one of AI Fence's own files, and what an agent may do with it. */
export function ownFileVerdict(
  target: string,
  access: 'read' | 'write',
  ctx: OwnFileContext,
): OwnFileVerdict | undefined {
  const what = describe(target, ctx);
  if (!what) return undefined;
  if (what.kind === 'state')
    return {
      verdict: 'deny',
      reason: `AI Fence: ${target} is AI Fence's private state; no agent may read or change it.`,
    };
  if (access === 'read') return undefined;
  return {
    verdict: what.kind === 'ledger' ? 'deny' : 'ask',
    reason: `AI Fence: ${what.shown} is ${what.label}, which AI Fence protects: an agent may not change it. Ask the user to make this change.`,
  };
}

/**
 * For a write to a directory (`rm -r dir`, `mv dir x`): the first of AI
 * Fence's own files that exists under it.
 */
export function ownFileUnder(
  dir: string,
  ctx: OwnFileContext,
  knownPolicyFiles: readonly string[],
): string | undefined {
  const candidates = [
    ...knownPolicyFiles,
    `${ctx.root}/${POLICY_FILE_NAME}`,
    ...ctx.ledgers,
    ...REPOSITORY_HOOK_CONFIGS.map((c) => `${ctx.root}/${c.replace(/\/$/, '')}`),
    ...[...IGNORE_FILES].map((f) => `${ctx.root}/${f}`),
    ...(ctx.home ? USER_HOOK_CONFIGS.map((c) => `${toEnginePath(ctx.home!)}/${c.replace(/\/$/, '')}`) : []),
    ...(ctx.stateDir ? [ctx.stateDir] : []),
  ];
  return candidates.find((c) => (relativeInside(dir, c) !== undefined || c === dir) && fs.existsSync(c));
}

function describe(
  target: string,
  ctx: OwnFileContext,
): { kind: 'state' | 'ledger' | 'other'; label: string; shown: string } | undefined {
  const inRepo = relativeInside(ctx.root, target);
  const shown = inRepo ?? target;
  if (ctx.stateDir && (target === ctx.stateDir || relativeInside(ctx.stateDir, target) !== undefined))
    return { kind: 'state', label: 'state', shown };
  if (target.endsWith(`/${POLICY_FILE_NAME}`) || ctx.managedPolicies.includes(target))
    return { kind: 'other', label: 'an AI policy', shown };
  if (ctx.ledgers.includes(target)) return { kind: 'ledger', label: 'the AI provenance ledger', shown };
  if (inRepo !== undefined) {
    if (matchesConfig(inRepo, REPOSITORY_HOOK_CONFIGS))
      return { kind: 'other', label: "an agent's hook configuration", shown };
    if (IGNORE_FILES.has(inRepo))
      return { kind: 'other', label: 'an AI ignore file that `ai-fence sync` manages', shown };
  }
  const inHome = ctx.home ? relativeInside(toEnginePath(ctx.home), target) : undefined;
  if (inHome !== undefined && matchesConfig(inHome, USER_HOOK_CONFIGS))
    return { kind: 'other', label: "an agent's hook configuration", shown };
  return undefined;
}

function matchesConfig(rel: string, configs: readonly string[]): boolean {
  return configs.some((c) => (c.endsWith('/') ? rel.startsWith(c) || `${rel}/` === c : rel === c));
}
