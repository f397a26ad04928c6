// `ai-fence install-hooks [--agents ...] [--git] [--dry-run] [--check] [--command CMD]`:
// merges the AI Fence hooks into each agent's configuration, plus Claude
// Code's permissions.deny rules for the block zones, and with --git a block in
// git's pre-commit hook. Existing entries are kept (ours are recognised by
// their `hook <agent> <event>` command, or the block's markers, and updated in
// place), so running it again changes nothing.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { claudeDenyRules } from '../../agents/claudePermissions';
import { AGENTS, type AgentId } from '../../agents/registry';
import { ConfigError, type FilePlan } from '../../agents/registry/configFile';
import type { PolicySpec } from '../../engine';
import { unifiedDiff } from '../../engine';
import { type CliIo, UsageError } from '../context';
import { GitHookError, planGitHook } from '../gitHook';
import { loadRepoPolicies } from '../repoPolicies';

export const INSTALL_HOOKS_HELP = `Usage: ai-fence install-hooks [options]

Merges the AI Fence hooks into the repository's agent configuration:
  claude-code  .claude/settings.json  (PreToolUse, PostToolUse, permissions.deny)
  codex        .codex/hooks.json      (PreToolUse, PostToolUse)
  cursor       .cursor/hooks.json     (preToolUse, beforeReadFile, afterFileEdit, postToolUse)
  copilot      .github/hooks/ai-fence.json (preToolUse, postToolUse)
  gemini       .gemini/settings.json  (BeforeTool, AfterTool)
  qwen         .qwen/settings.json    (PreToolUse, PostToolUse)
  amazon-q     .amazonq/cli-agents/ai-fence.json (preToolUse, postToolUse)
  kiro         .kiro/agents/ai-fence.json, .kiro/hooks/ai-fence.json (preToolUse, postToolUse)
  droid        .factory/hooks.json    (PreToolUse, PostToolUse)
  windsurf     .windsurf/hooks.json   (pre_read_code, pre_write_code, pre_run_command,
                                       pre_mcp_tool_use, post_write_code)
  cline        .clinerules/hooks/PreToolUse, PostToolUse (executable hook files)
  opencode     .opencode/plugins/ai-fence.js (tool.execute.before, tool.execute.after)
Your own entries are kept; running it again changes nothing.
With --git, a block at the top of git's pre-commit hook runs "ai-fence check
--staged" (in core.hooksPath when set, e.g. husky's). An existing hook keeps
its content below the block and still runs; delete the block to remove it.

Options:
  --agents LIST     Comma-separated agents (default: all of them, unless --git)
  --git             The git pre-commit hook (with --agents: that and those agents)
  --transcripts     The git hook also checks against local AI transcripts (check --transcripts)
  --dry-run         Print the changes as a unified diff; write nothing
  --check           Exit 1 when any file would change; write nothing
  --command CMD     How hooks invoke AI Fence (default "ai-fence"; e.g. "npx --no-install ai-fence")
  -h, --help        Show this help

Exit codes: 0 done (or nothing to change), 1 --check found changes, 2 usage,
policy or configuration-file error.
`;

export const ALL_AGENTS = Object.keys(AGENTS) as AgentId[];
export type Agent = AgentId;

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
export function hookState(plan: Pick<FilePlan, 'before' | 'after'>): HookState {
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
  const plans = agents.flatMap((agent) => AGENTS[agent].install(root, command, rules));
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
      git: { type: 'boolean', default: false },
      transcripts: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    io.stdout(INSTALL_HOOKS_HELP);
    return 0;
  }
  // --git alone is the git hook only; --agents names agents to install as well.
  const agents = values.git && !values.agents?.length ? [] : parseAgents(values.agents);
  const command = values.command!.trim();
  if (!command) throw new UsageError('--command must not be empty');
  if (values.transcripts && !values.git) throw new UsageError('--transcripts is an option of the --git hook');
  const repo = loadRepoPolicies(io);
  if (repo.errors.length) {
    io.stderr(
      `ai-fence install-hooks: the policy is invalid; nothing was written:\n${repo.errors.map((e) => `  ${e}\n`).join('')}`,
    );
    return 2;
  }
  let planned: ReturnType<typeof planHooks>;
  const plans: { file: string; before: string | undefined; after: string; executable?: boolean }[] = [];
  try {
    planned = planHooks(repo.root, repo.specs, agents, command);
    plans.push(...planned.plans);
    if (values.git) plans.push(planGitHook(repo.root, command, values.transcripts!));
  } catch (e) {
    if (e instanceof ConfigError || e instanceof GitHookError) {
      io.stderr(`ai-fence install-hooks: ${e.message}\n`);
      return 2;
    }
    throw e;
  }
  for (const p of planned.problems) io.stderr(`ai-fence install-hooks: ${p}\n`);
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
    if (p.executable) fs.chmodSync(p.file, 0o755);
    io.stdout(`${rel(p.file)}: ${p.before === undefined ? 'created' : 'updated'}\n`);
  }
  for (const agent of agents) {
    const note = AGENTS[agent].installNote;
    if (note) io.stderr(note);
  }
  return 0;
}
