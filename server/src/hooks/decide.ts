// The pre-tool decision: deny reads and edits of files in zones that block the
// agent, ask (or deny) for shell commands that reach into them, and pass warn
// and provenance-required zones with their message as context.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { type Outcome, supportsAsk } from '../agents/hookFormats';
import { shellPaths } from '../agents/shellPaths';
import { canonicalPath, findRoot } from '../engine/io/paths';
import type { CompiledZone } from '../engine/policy/parse';
import type { PolicyStack } from '../engine/policy/stack';
import { toolDisplayName } from '../engine/policy/tools';
import { anchorGlob, policyDirRel, zoneAppliesTo } from '../engine/policy/zoneGlobs';
import { POLICY_DEFAULT_NAME, relativeInside, resolve } from '../engine/policy/zones';
import { ownFileUnder, ownFileVerdict } from './ownFiles';
import type { HookCall } from './payload';
import { type HookPolicies, UNUSABLE_POLICY_ZONE } from './policyLoader';
import { labelInstructions } from './provenance';

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

  for (const target of call.targets) {
    const t = { ...target, path: canonicalPath(target.path) };
    const own =
      relativeInside(policies.root, t.path) !== undefined || t.path === policies.root
        ? policies
        : policiesOf(findRoot(path.dirname(t.path)));
    const root = own.root;
    if (judgeOwnFile(t.path, t.access === 'write', own, call.home, v)) continue;
    const stack = own.stackFor(t.path);
    const r = resolve(stack.policies, t.path, tool);
    const what = `${t.access === 'read' ? 'Reading' : 'Changing'} ${rel(root, t.path)}`;
    if (r.ai === 'block') {
      v.deny.push(
        `AI Fence: ${what} is not allowed: ${who} is blocked in ${r.decidingZone ? zoneLabel(root, r.decidingZone) : `this folder ${POLICY_DEFAULT_NAME}.`}${policyNotes(stack)}`,
      );
      continue;
    }
    if (t.access === 'read' && isDirectory(t.path)) {
      // A search or listing of a directory would read through the blocked zones below it.
      const inside = zonesUnder(own, t.path, tool);
      if (inside.length) {
        const zones = inside.map((z) => `"${z}"`).join(', ');
        const shown = t.path === root ? '.' : rel(root, t.path);
        // As for recursive shell commands: agents that cannot ask get a warning, or every repository-wide search would fail.
        if (supportsAsk(call.agent))
          v.ask.push(
            `AI Fence: reading the tree under ${shown} would read files of zone ${zones}, where ${who} is blocked. Narrow it to paths outside the zone.`,
          );
        else
          addContext(
            `AI Fence: the tree under ${shown} holds files of zone ${zones}, where ${who} is blocked. Do not read, quote or change anything from those files.`,
          );
        continue;
      }
    }
    if (r.ai === 'warn') {
      addContext(
        `AI Fence: ${rel(root, t.path)} is in ${r.decidingZone ? zoneLabel(root, r.decidingZone) : 'a warned area.'} AI changes here are allowed with a warning; keep them minimal and tell the user.`,
      );
    }
    if (t.access === 'write' && r.provenance === 'required')
      addContext(labelInstructions(root, t.path, r.zones, tool, call.model));
  }

  if (call.shell !== undefined) {
    const root = policies.root;
    const home = call.home;
    for (const named of shellPaths(call.shell, { cwd: call.cwd, home })) {
      const p = { ...named, path: canonicalPath(named.path) };
      if (judgeOwnFile(p.path, p.write, policies, call.home, v)) continue;
      if (relativeInside(root, p.path) === undefined && p.path !== root) continue;
      const stack = policies.stackFor(p.path === root ? `${root}/.` : p.path);
      const r = resolve(stack.policies, p.path, tool);
      const shown = p.path === root ? '.' : rel(root, p.path);
      if (r.ai === 'block') {
        const msg = `AI Fence: this command ${p.write ? 'writes' : 'names'} ${shown}, and ${who} is blocked in ${r.decidingZone ? zoneLabel(root, r.decidingZone) : `this folder ${POLICY_DEFAULT_NAME}.`}${policyNotes(stack)}`;
        (p.embedded || p.glob ? v.ask : v.deny).push(msg);
        continue;
      }
      if (p.recursive || p.glob) {
        const inside = zonesUnder(policies, p.path, tool);
        if (inside.length) {
          const zones = inside.map((z) => `"${z}"`).join(', ');
          // Agents that cannot ask would have every repository-wide search denied: warn them instead.
          if (supportsAsk(call.agent))
            v.ask.push(
              `AI Fence: this command reads the tree under ${shown}, which holds files of zone ${zones} where ${who} is blocked. Narrow it to paths outside the zone.`,
            );
          else
            addContext(
              `AI Fence: the command reads the tree under ${shown}, which holds files of zone ${zones} where ${who} is blocked. Do not read, quote or change anything from those files.`,
            );
          continue;
        }
      }
      if (r.ai === 'warn')
        addContext(
          `AI Fence: the command touches ${shown}, in ${r.decidingZone ? zoneLabel(root, r.decidingZone) : 'a warned area.'}`,
        );
    }
  }

  if (v.deny.length) return { verdict: 'deny', reason: v.deny.join('\n'), context: v.context.join('\n') || undefined };
  if (v.ask.length) return { verdict: 'ask', reason: v.ask.join('\n'), context: v.context.join('\n') || undefined };
  return { verdict: 'allow', context: v.context.join('\n') || undefined };
}

/** Adds the verdict for AI Fence's own files (ownFiles.ts); true when the target is one. */
function judgeOwnFile(
  target: string,
  write: boolean,
  policies: HookPolicies,
  home: string | undefined,
  v: Verdicts,
): boolean {
  const ctx = policies.ownFiles(home);
  const own = ownFileVerdict(target, write ? 'write' : 'read', ctx);
  if (own) {
    (own.verdict === 'deny' ? v.deny : v.ask).push(own.reason);
    return true;
  }
  if (!write || !isDirectory(target)) return false;
  const inside = ownFileUnder(
    target,
    ctx,
    policies.knownSpecs().map((s) => s.file),
  );
  if (!inside) return false;
  v.ask.push(
    `AI Fence: changing ${relativeInside(policies.root, target) ?? target} would change ${relativeInside(policies.root, inside) ?? inside}, which AI Fence protects. Ask the user to make this change.`,
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
  const dirRel = dir === root ? '' : relativeInside(root, dir);
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

function isDirectory(p: string): boolean {
  try {
    return fs.statSync(p).isDirectory();
  } catch {
    return false;
  }
}

/** The literal leading directories of an anchored pattern, without the leading '/'. */
function literalDir(pattern: string): string {
  const parts = pattern.slice(1).split('/');
  const lit: string[] = [];
  for (const part of parts) {
    if (/[*?[\]{}]/.test(part)) break;
    lit.push(part);
  }
  return lit.join('/');
}
