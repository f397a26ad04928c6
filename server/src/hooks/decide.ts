// The pre-tool decision: deny reads and edits of files in zones that block the
// agent, ask (or deny) for shell commands that reach into them, and pass warn
// and provenance-required zones with their message as context.
import * as fs from 'node:fs';
import { lacksContext, type Outcome, supportsAsk } from '../agents/hookFormats';
import { shellPaths } from '../agents/shellPaths';
import { canonicalPath, canonicalPaths, findRoot, PathLimitError } from '../engine/io/paths';
import { isDirectory } from '../engine/io/regularFile';
import type { CompiledZone } from '../engine/policy/parse';
import type { PolicyStack } from '../engine/policy/stack';
import { toolDisplayName } from '../engine/policy/tools';
import { anchorGlob, policyDirRel, zoneAppliesTo } from '../engine/policy/zoneGlobs';
import { POLICY_DEFAULT_NAME, relativeInside, resolve } from '../engine/policy/zones';
import { ownFileUnder, ownFileVerdict } from './ownFiles';
import type { HookCall } from './payload';
import { type HookPolicies, UNUSABLE_POLICY_ZONE } from './policyLoader';
import { labelInstructions } from './provenance';

/** One path to judge: a tool's target or a path a shell command names. */
interface Judged {
  readonly path: string;
  readonly write: boolean;
  /** A directory read as a tree (search, listing, recursive command). */
  readonly tree: boolean;
  /** Named inside a larger word or as a glob: a block zone asks rather than denies. */
  readonly soft?: boolean;
  readonly shell?: boolean;
  /** Where the kernel would reach it (and the link itself, when it ends in one). */
  resolved?: string[];
}

interface Verdicts {
  deny: string[];
  ask: string[];
  context: string[];
}

function rel(root: string, file: string): string {
  return relativeInside(root, file) ?? file;
}

/** `zone "name" (policy:line)`, then the zone's message as a sentence. */
export function zoneLabel(root: string, zone: CompiledZone): string {
  const message = zone.message?.trim();
  return `zone "${zone.name}" (${rel(root, zone.policy.file)}:${zone.line + 1})${message ? `. ${/[.!?]$/.test(message) ? message : `${message}.`}` : '.'}`;
}

/** Policy problems the deciding zone does not already explain (an unusable policy's zone names its own). */
function policyNotes(stack: PolicyStack): string {
  const notes = stack.states
    .filter((s) => s.errors.length && s.policy?.zones[0]?.name !== UNUSABLE_POLICY_ZONE)
    .map((s) => s.errors[0].message);
  return notes.length ? ` Note: ${notes.join('; ')}.` : '';
}

/**
 * `policies` are those of the agent's repository (its cwd); `policiesOf`
 * gives those of another repository, for targets that lie outside it.
 */
export async function decide(
  call: HookCall,
  policies: HookPolicies,
  policiesOf: (root: string) => HookPolicies = () => policies,
): Promise<Outcome> {
  const tool = call.agent;
  const who = toolDisplayName(tool);
  const v: Verdicts = { deny: [], ask: [], context: [] };
  const seenContext = new Set<string>();
  const addContext = (s: string) => {
    if (seenContext.has(s)) return;
    seenContext.add(s);
    v.context.push(s);
  };

  // Every path is judged by the repository that holds it; a directory also by the zones it contains.
  const policiesFor = (p: string) =>
    relativeInside(policies.root, p) !== undefined || p === policies.root ? policies : policiesOf(findRoot(p));
  const judged: Judged[] = [];
  try {
    for (const t of call.targets)
      judged.push({ path: t.path, write: t.access === 'write', tree: t.access === 'read' && isDirectory(t.path) });
    if (call.shell !== undefined)
      for (const p of shellPaths(call.shell, {
        cwd: call.shellCwd,
        home: call.home,
        rootOf: (dir) => findRoot(canonicalPath(dir)),
        exists: fs.existsSync,
      }))
        judged.push({
          path: p.path,
          write: p.write,
          tree: p.recursive || p.glob,
          soft: p.embedded || p.glob,
          shell: true,
        });
    for (const j of judged) j.resolved = canonicalPaths(j.path);
  } catch (e) {
    if (!(e instanceof PathLimitError)) throw e;
    return {
      verdict: 'deny',
      reason: `AI Fence: this call cannot be checked, so it is blocked: ${e.message}. Split it into smaller calls.`,
    };
  }

  for (const j of judged) {
    for (const resolved of j.resolved ?? []) {
      const own = policiesFor(resolved);
      const root = own.root;
      if (judgeOwnFile(j, resolved, own, call.home, v)) continue;
      const stack = own.stackFor(resolved === root ? `${root}/.` : resolved);
      const r = resolve(stack.policies, resolved, tool);
      const shown = resolved === root ? '.' : rel(root, resolved);
      if (r.ai === 'block') {
        const where = r.decidingZone ? zoneLabel(root, r.decidingZone) : `this folder ${POLICY_DEFAULT_NAME}.`;
        if (!j.shell)
          v.deny.push(
            `AI Fence: ${j.write ? 'Changing' : 'Reading'} ${shown} is not allowed: ${who} is blocked in ${where}${policyNotes(stack)}`,
          );
        else
          (j.soft ? v.ask : v.deny).push(
            `AI Fence: this command ${j.write ? 'writes' : 'names'} ${shown}, and ${who} is blocked in ${where}${policyNotes(stack)}`,
          );
        continue;
      }
      if (j.tree) {
        // A search or listing of a directory reads through the blocked zones below it, the agent's repository's too.
        const inside = [
          ...new Set([
            ...zonesUnder(own, resolved, tool),
            ...(own !== policies && relativeInside(resolved, policies.root) !== undefined
              ? zonesUnder(policies, policies.root, tool)
              : []),
          ]),
        ];
        if (inside.length) {
          const zones = inside.map((z) => `"${z}"`).join(', ');
          const [asked, warned] = j.shell
            ? [
                `this command reads the tree under ${shown}, which holds`,
                `the command reads the tree under ${shown}, which holds`,
              ]
            : [`reading the tree under ${shown} would read`, `the tree under ${shown} holds`];
          const blocked = `files of zone ${zones}${j.shell ? '' : ','} where ${who} is blocked.`;
          // Agents that cannot ask would have every repository-wide search denied: warn them instead.
          if (supportsAsk(call.agent, call.event))
            v.ask.push(`AI Fence: ${asked} ${blocked} Narrow it to paths outside the zone.`);
          else if (lacksContext(call.agent, call.event))
            v.deny.push(`AI Fence: ${asked} ${blocked} Narrow it to paths outside the zone.`);
          else addContext(`AI Fence: ${warned} ${blocked} Do not read, quote or change anything from those files.`);
          continue;
        }
      }
      if (r.ai === 'warn')
        addContext(
          j.shell
            ? `AI Fence: the command touches ${shown}, in ${r.decidingZone ? zoneLabel(root, r.decidingZone) : 'a warned area.'}`
            : `AI Fence: ${shown} is in ${r.decidingZone ? zoneLabel(root, r.decidingZone) : 'a warned area.'} AI changes here are allowed with a warning; keep them minimal and tell the user.`,
        );
      if (!j.shell && j.write && r.provenance === 'required')
        addContext(labelInstructions(root, resolved, r.zones, tool, call.model));
    }
  }

  if (v.deny.length) return { verdict: 'deny', reason: v.deny.join('\n'), context: v.context.join('\n') || undefined };
  if (v.ask.length) return { verdict: 'ask', reason: v.ask.join('\n'), context: v.context.join('\n') || undefined };
  return { verdict: 'allow', context: v.context.join('\n') || undefined };
}

/** Adds the verdict for AI Fence's own files (ownFiles.ts); true when the target is one or holds one. */
function judgeOwnFile(
  j: Judged,
  target: string,
  policies: HookPolicies,
  home: string | undefined,
  v: Verdicts,
): boolean {
  const ctx = policies.ownFiles(home);
  const own = ownFileVerdict(target, j.write ? 'write' : 'read', ctx);
  if (own) {
    (own.verdict === 'deny' ? v.deny : v.ask).push(own.reason);
    return true;
  }
  const shown = (p: string) => relativeInside(policies.root, p) ?? p;
  if (j.tree && !j.write && ctx.stateDir && relativeInside(target, ctx.stateDir) !== undefined) {
    v.deny.push(`AI Fence: reading the tree under ${shown(target)} would read AI Fence's private state. Narrow it.`);
    return true;
  }
  if (!j.write || !isDirectory(target)) return false;
  const inside = ownFileUnder(
    target,
    ctx,
    policies.knownSpecs().map((s) => s.file),
  );
  if (!inside) return false;
  v.ask.push(
    `AI Fence: changing ${shown(target)} would change ${shown(inside)}, which AI Fence protects. Ask the user to make this change.`,
  );
  return true;
}

/**
 * Names of block zones that may hold files under directory `dir`: a zone's
 * literal path prefix lies inside `dir`, or a name-anywhere pattern's base
 * overlaps it. Looks at every policy the hooks know (loaded or cached).
 */
export function zonesUnder(policies: HookPolicies, dir: string, tool: string): string[] {
  const root = policies.root;
  const dirRel = dir === root || relativeInside(dir, root) !== undefined ? '' : relativeInside(root, dir);
  if (dirRel === undefined) return [];
  const names = new Set<string>();
  for (const spec of policies.knownSpecs()) {
    const base = policyDirRel(root, spec);
    // A policy whose default blocks covers every directory under its own.
    if (
      spec.defaults.ai === 'block' &&
      (base === '' ||
        dirRel === '' ||
        base === dirRel ||
        base.startsWith(`${dirRel}/`) ||
        dirRel.startsWith(`${base}/`))
    ) {
      names.add(POLICY_DEFAULT_NAME);
    }
    for (const z of spec.zones) {
      if (z.ai !== 'block' || !zoneAppliesTo(z, tool)) continue;
      for (const g of z.paths) {
        const anchored = anchorGlob(base, g);
        if (!Array.isArray(anchored)) continue;
        for (const a of anchored) {
          const stat = literalDir(a.pattern);
          if (
            stat === dirRel ||
            dirRel === '' ||
            stat.startsWith(`${dirRel}/`) ||
            (dirRel.startsWith(`${stat}/`) && a.pattern.includes('**'))
          )
            names.add(z.name);
        }
      }
    }
  }
  return [...names];
}

/** The literal leading directories of an anchored pattern, without the leading '/'. */
function literalDir(pattern: string): string {
  const parts = pattern.slice(1).split('/');
  const lit: string[] = [];
  for (const part of parts) {
    if (/[*?[\]{}]/.test(part)) break;
    lit.push(part);
  }
  return lit.join('/').normalize('NFC');
}
