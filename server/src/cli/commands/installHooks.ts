// `ai-fence install-hooks [--agents ...] [--dry-run] [--check] [--command CMD]`:
// merges the AI Fence hooks into each agent's configuration, plus Claude
// Code's permissions.deny rules for the block zones. Existing entries are
// kept (ours are recognised by their `hook <agent> <event>` command and
// updated in place), so running it again changes nothing.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { applyEdits, modify, type ParseError, parse, printParseErrorCode } from 'jsonc-parser';
import { claudeDenyRules } from '../../agents/claudePermissions';
import { isObject, type Json } from '../../engine/io/json';
import type { PolicySpec } from '../../engine/policy/spec';
import { unifiedDiff } from '../../engine/provenance/lineDiff';
import { type CliIo, UsageError } from '../context';
import { loadRepoPolicies } from '../repoPolicies';

export const INSTALL_HOOKS_HELP = `Usage: ai-fence install-hooks [options]

Merges the AI Fence hooks into the repository's agent configuration:
  claude-code  .claude/settings.json  (PreToolUse, PostToolUse, permissions.deny)
  codex        .codex/hooks.json      (PreToolUse, PostToolUse)
  cursor       .cursor/hooks.json     (preToolUse, beforeReadFile, afterFileEdit, postToolUse)
  copilot      .github/hooks/ai-fence.json (preToolUse, postToolUse)
Your own entries are kept; running it again changes nothing.

Options:
  --agents LIST     Comma-separated agents (default: all four)
  --dry-run         Print the changes as a unified diff; write nothing
  --check           Exit 1 when any file would change; write nothing
  --command CMD     How hooks invoke AI Fence (default "ai-fence"; e.g. "npx --no-install ai-fence")
  -h, --help        Show this help

Exit codes: 0 done (or nothing to change), 1 --check found changes, 2 usage,
policy or configuration-file error.
`;

export const ALL_AGENTS = ['claude-code', 'codex', 'cursor', 'copilot'] as const;
export type Agent = (typeof ALL_AGENTS)[number];

const TIMEOUT = 30;

/** Codex runs a project's hooks only once the project and each hook are trusted (hooks-core/codex.md). */
export const CODEX_TRUST_NOTE =
  'Note: Codex runs .codex/hooks.json only in a trusted project, and only hooks you have trusted: open /hooks in Codex and trust the AI Fence hooks (again after any change to them). Until then Codex does not run them.\n';

/** Whether a hook command is ours for this agent and event. */
export function isOurCommand(command: unknown, agent: string, event: string): boolean {
  return typeof command === 'string' && new RegExp(`\\bhook\\s+${agent}\\s+${event}(\\s*$|\\s+\\|\\|)`).test(command);
}

/**
 * A pre-tool command that still blocks when AI Fence cannot run at all: a missing binary exits 127,
 * which Codex and VS Code treat as a failed hook and let the call through; exit 2 with a reason on
 * stderr blocks in Claude Code, Codex, Copilot CLI and VS Code (hooks-core/README.md).
 */
export function failClosedCommand(command: string): string {
  return `${command} || { echo "AI Fence could not run (is ai-fence installed?); the tool call is blocked" >&2; exit 2; }`;
}

export interface FilePlan {
  readonly agent: Agent;
  readonly file: string;
  readonly before: string | undefined;
  readonly after: string;
}

export class ConfigError extends Error {}

function readJson(file: string): { text: string | undefined; value: Json } {
  let text: string | undefined;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return { text: undefined, value: {} };
    throw new ConfigError(`${file}: ${(e as Error).message}`);
  }
  if (text.trim() === '') return { text, value: {} };
  const errors: ParseError[] = [];
  const value = parse(text, errors, { allowTrailingComma: true, disallowComments: false }) as unknown;
  if (errors.length || !isObject(value)) {
    const why = errors.length ? printParseErrorCode(errors[0].error) : 'not a JSON object';
    throw new ConfigError(`${file} is not valid JSON (${why}); fix it or move it away, then run again`);
  }
  return { text, value };
}

/** Sets top-level paths in a JSON(C) text, keeping everything else (comments included) as it was. */
function setPaths(text: string | undefined, changes: [string[], unknown][]): string {
  if (text === undefined || text.trim() === '') {
    const obj: Json = {};
    for (const [p, v] of changes) {
      let o = obj;
      for (const key of p.slice(0, -1)) {
        if (!isObject(o[key])) o[key] = {};
        o = o[key] as Json;
      }
      o[p[p.length - 1]] = v;
    }
    return `${JSON.stringify(obj, null, 2)}\n`;
  }
  const indent = /\n([ \t]+)"/.exec(text)?.[1] ?? '  ';
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  let out = text;
  for (const [p, v] of changes) {
    out = applyEdits(
      out,
      modify(out, p, v, {
        formattingOptions: {
          insertSpaces: !indent.includes('\t'),
          tabSize: indent.includes('\t') ? 1 : indent.length,
          eol,
        },
      }),
    );
  }
  return out;
}

type Group = { matcher?: string; hooks: Json[] };

/** Claude Code / Codex style: event → [{matcher, hooks: [{type, command, timeout}]}]. */
function mergeMatcherGroups(
  existing: unknown,
  agent: Agent,
  event: string,
  command: string,
  matcher: string,
  extra: Json = {},
): unknown[] {
  const groups = Array.isArray(existing) ? existing.map((g) => (isObject(g) ? { ...g } : g)) : [];
  for (const g of groups) {
    if (!isObject(g) || !Array.isArray(g.hooks)) continue;
    const i = g.hooks.findIndex((h) => isObject(h) && isOurCommand(h.command, agent, event));
    if (i >= 0) {
      const hooks = [...g.hooks];
      hooks[i] = { ...(hooks[i] as Json), command, ...extra };
      g.hooks = hooks;
      return groups;
    }
  }
  const group: Group = { matcher, hooks: [{ type: 'command', command, timeout: TIMEOUT, ...extra }] };
  return [...groups, group];
}

/** Cursor / Copilot style: event → [{command|bash, ...}]. */
function mergeFlatEntries(
  existing: unknown,
  agent: Agent,
  event: string,
  entry: Json,
  commandKeys: string[],
): unknown[] {
  const entries = Array.isArray(existing) ? [...existing] : [];
  const i = entries.findIndex((e) => isObject(e) && commandKeys.some((k) => isOurCommand(e[k], agent, event)));
  if (i >= 0) {
    const updated: Json = { ...(entries[i] as Json) };
    for (const k of commandKeys) updated[k] = entry[k];
    entries[i] = updated;
  } else entries.push(entry);
  return entries;
}

function planClaude(root: string, command: string, denyRules: string[]): FilePlan {
  const file = path.join(root, '.claude', 'settings.json');
  const { text, value } = readJson(file);
  const hooks = isObject(value.hooks) ? value.hooks : {};
  const changes: [string[], unknown][] = [];
  for (const event of ['PreToolUse', 'PostToolUse']) {
    changes.push([
      ['hooks', event],
      // onFailure "block" (Claude Code 2.1.332 SDK settings type): a hook that cannot start, times out or
      // crashes blocks the call instead of letting it run. Older versions ignore the field.
      mergeMatcherGroups(
        hooks[event],
        'claude-code',
        event,
        event === 'PreToolUse'
          ? failClosedCommand(`${command} hook claude-code ${event}`)
          : `${command} hook claude-code ${event}`,
        '*',
        event === 'PreToolUse' ? { onFailure: 'block' } : {},
      ),
    ]);
  }
  const permissions = isObject(value.permissions) ? value.permissions : {};
  const deny = Array.isArray(permissions.deny) ? [...permissions.deny] : [];
  const missing = denyRules.filter((r) => !deny.includes(r));
  if (missing.length || !Array.isArray(permissions.deny))
    changes.push([
      ['permissions', 'deny'],
      [...deny, ...missing],
    ]);
  return { agent: 'claude-code', file, before: text, after: unchanged(text, value, changes) };
}

function planCodex(root: string, command: string): FilePlan {
  const file = path.join(root, '.codex', 'hooks.json');
  const { text, value } = readJson(file);
  const hooks = isObject(value.hooks) ? value.hooks : {};
  const changes: [string[], unknown][] = ['PreToolUse', 'PostToolUse'].map((event) => [
    ['hooks', event],
    mergeMatcherGroups(
      hooks[event],
      'codex',
      event,
      event === 'PreToolUse' ? failClosedCommand(`${command} hook codex ${event}`) : `${command} hook codex ${event}`,
      'Bash|apply_patch|mcp__.*',
    ),
  ]);
  return { agent: 'codex', file, before: text, after: unchanged(text, value, changes) };
}

function planCursor(root: string, command: string): FilePlan {
  const file = path.join(root, '.cursor', 'hooks.json');
  const { text, value } = readJson(file);
  const hooks = isObject(value.hooks) ? value.hooks : {};
  const changes: [string[], unknown][] = [];
  if (value.version === undefined) changes.push([['version'], 1]);
  for (const event of ['preToolUse', 'beforeReadFile', 'afterFileEdit', 'postToolUse']) {
    const pre = event === 'preToolUse' || event === 'beforeReadFile';
    const entry: Json = {
      command: `${command} hook cursor ${event}`,
      timeout: TIMEOUT,
      ...(pre ? { failClosed: true } : {}),
    };
    changes.push([['hooks', event], mergeFlatEntries(hooks[event], 'cursor', event, entry, ['command'])]);
  }
  return { agent: 'cursor', file, before: text, after: unchanged(text, value, changes) };
}

function planCopilot(root: string, command: string): FilePlan {
  const file = path.join(root, '.github', 'hooks', 'ai-fence.json');
  const { text, value } = readJson(file);
  const hooks = isObject(value.hooks) ? value.hooks : {};
  const changes: [string[], unknown][] = [];
  if (value.version === undefined) changes.push([['version'], 1]);
  for (const event of ['preToolUse', 'postToolUse']) {
    const cmd = `${command} hook copilot ${event}`;
    // VS Code runs `bash` on Linux and macOS and lets a call through on exits other than 2.
    const bash = event === 'preToolUse' ? failClosedCommand(cmd) : cmd;
    const entry: Json = { type: 'command', bash, powershell: cmd, timeoutSec: TIMEOUT };
    changes.push([['hooks', event], mergeFlatEntries(hooks[event], 'copilot', event, entry, ['bash', 'powershell'])]);
  }
  return { agent: 'copilot', file, before: text, after: unchanged(text, value, changes) };
}

/** Applies only the changes whose value differs, so an up-to-date file is left byte for byte. */
function unchanged(text: string | undefined, value: Json, changes: [string[], unknown][]): string {
  const differs = changes.filter(([p, v]) => {
    let cur: unknown = value;
    for (const k of p) cur = isObject(cur) ? cur[k] : undefined;
    return JSON.stringify(cur) !== JSON.stringify(v);
  });
  return differs.length || text === undefined ? setPaths(text, differs.length ? differs : changes) : text;
}

export function parseAgents(list: string[] | undefined): Agent[] {
  if (!list?.length) return [...ALL_AGENTS];
  const names = list
    .flatMap((s) => s.split(','))
    .map((s) => s.trim())
    .filter(Boolean);
  for (const n of names)
    if (!(ALL_AGENTS as readonly string[]).includes(n))
      throw new UsageError(`unknown agent "${n}" (expected ${ALL_AGENTS.join(', ')})`);
  return [...new Set(names)] as Agent[];
}

export type HookState = 'installed' | 'missing' | 'out of date';

/** What `install-hooks --check` says about one agent's configuration file. */
export function hookState(plan: FilePlan): HookState {
  if (plan.before === plan.after) return 'installed';
  return plan.before === undefined ? 'missing' : 'out of date';
}

/**
 * Each agent's configuration file as it is and as install-hooks would write it,
 * plus the block zones that get no Claude Code permission rule. Throws
 * ConfigError when a configuration file is not valid JSON.
 */
export function planHooks(
  root: string,
  specs: readonly PolicySpec[],
  agents: readonly Agent[],
  command: string,
): { plans: FilePlan[]; problems: string[] } {
  const { rules, problems } = claudeDenyRules(root, specs);
  const plans = agents.map((agent) => {
    if (agent === 'claude-code') return planClaude(root, command, rules);
    if (agent === 'codex') return planCodex(root, command);
    if (agent === 'cursor') return planCursor(root, command);
    return planCopilot(root, command);
  });
  return {
    plans,
    problems: agents.includes('claude-code')
      ? problems.map((p) => `no Claude Code permission rule for "${p.glob}": ${p.reason}; the hooks still enforce it`)
      : [],
  };
}

export async function runInstallHooks(argv: string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      agents: { type: 'string', multiple: true },
      'dry-run': { type: 'boolean', default: false },
      check: { type: 'boolean', default: false },
      command: { type: 'string', default: 'ai-fence' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    io.stdout(INSTALL_HOOKS_HELP);
    return 0;
  }
  const agents = parseAgents(values.agents);
  const command = values.command!.trim();
  if (!command) throw new UsageError('--command must not be empty');
  const repo = loadRepoPolicies(io);
  if (repo.errors.length) {
    io.stderr(
      `ai-fence install-hooks: the policy is invalid; nothing was written:\n${repo.errors.map((e) => `  ${e}\n`).join('')}`,
    );
    return 2;
  }
  let planned: ReturnType<typeof planHooks>;
  try {
    planned = planHooks(repo.root, repo.specs, agents, command);
  } catch (e) {
    if (e instanceof ConfigError) {
      io.stderr(`ai-fence install-hooks: ${e.message}\n`);
      return 2;
    }
    throw e;
  }
  for (const p of planned.problems) io.stderr(`ai-fence install-hooks: ${p}\n`);
  const plans = planned.plans;
  const rel = (f: string) => path.relative(repo.root, f).split(path.sep).join('/');
  const changed = plans.filter((p) => p.before !== p.after);
  if (values['dry-run'] || values.check) {
    if (values['dry-run']) for (const p of changed) io.stdout(unifiedDiff(p.before ?? '', p.after, rel(p.file)));
    for (const p of plans) if (hookState(p) === 'installed') io.stderr(`${rel(p.file)}: up to date\n`);
    if (values.check) {
      for (const p of changed) io.stderr(`${rel(p.file)}: ${hookState(p)}\n`);
      return changed.length ? 1 : 0;
    }
    return 0;
  }
  for (const p of plans) {
    if (p.before === p.after) {
      io.stdout(`${rel(p.file)}: up to date\n`);
      continue;
    }
    fs.mkdirSync(path.dirname(p.file), { recursive: true });
    fs.writeFileSync(p.file, p.after);
    io.stdout(`${rel(p.file)}: ${p.before === undefined ? 'created' : 'updated'}\n`);
  }
  if (agents.includes('codex')) io.stderr(CODEX_TRUST_NOTE);
  if (agents.includes('copilot')) {
    io.stderr(
      'Note: the Copilot cloud agent runs hooks from the default branch, and needs ai-fence installed in its environment (e.g. in .github/workflows/copilot-setup-steps.yml).\n',
    );
  }
  return 0;
}
