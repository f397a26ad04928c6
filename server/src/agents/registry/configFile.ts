// Merging AI Fence's hooks into an agent's JSON(C) configuration file: the
// user's entries and comments are kept, ours (recognised by their
// `hook <agent> <event>` command) are updated in place, and a file that is
// already up to date is left byte for byte.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { applyEdits, modify, type ParseError, parse, printParseErrorCode } from 'jsonc-parser';
import { isObject, type Json } from '../../engine/io/json';
import { readRegularText } from '../../engine/io/regularFile';
import type { AgentId } from '.';

/** Seconds an agent waits for our hook. */
export const TIMEOUT = 30;

/** Whether a hook command is ours for this agent and event. */
export function isOurCommand(command: unknown, agent: string, event: string): boolean {
  return typeof command === 'string' && new RegExp(`\\bhook\\s+${agent}\\s+${event}(\\s*$|\\s+\\|\\||;)`).test(command);
}

const NOT_RUN = 'AI Fence could not run (is ai-fence installed?); the tool call is blocked';

/**
 * A pre-tool command that still blocks when AI Fence cannot run at all: a missing binary exits 127,
 * which Codex and VS Code treat as a failed hook and let the call through; exit 2 with a reason on
 * stderr blocks in Claude Code, Codex, Copilot CLI and VS Code (hooks-core/README.md). Our own exit 2
 * already carries its reason, so the "could not run" line is added only for other failures.
 */
export function failClosedCommand(command: string): string {
  return `${command} || { [ $? -eq 2 ] || echo "${NOT_RUN}" >&2; exit 2; }`;
}

/**
 * The same for PowerShell (Copilot's `powershell` command, VS Code's on Windows): `$?` is false when the
 * command is not found or exits non-zero; exit 2 blocks in VS Code, and any non-zero exit denies in
 * Copilot CLI (github/docs hooks-reference.md @05da5bc3; hooks-core/copilot-cli.md, vscode.md).
 */
export function failClosedPowerShell(command: string): string {
  return `${command}; if (-not $?) { [Console]::Error.WriteLine('${NOT_RUN}'); exit 2 }`;
}

export interface FilePlan {
  readonly agent: AgentId;
  readonly file: string;
  readonly before: string | undefined;
  readonly after: string;
  /** A hook program the agent runs (Cline's hook files): written with mode 0755. */
  readonly executable?: boolean;
}

export class ConfigError extends Error {}

const OWN_MARK = 'AI Fence: written by "ai-fence install-hooks"';

/** The header line of every file AI Fence writes whole: what tells it from the user's own. */
export function ownFileHeader(comment: string): string {
  return `${comment} ${OWN_MARK}; run it again to update this file.`;
}

/** Whether a file's text is one AI Fence wrote whole. */
export function isOwnFile(text: string): boolean {
  return text.includes(OWN_MARK);
}

/**
 * A file that is AI Fence's alone (Cline's hook program, OpenCode's plugin). The user's own file of the
 * same name is never replaced: install-hooks stops and says how to go on.
 */
export function planOwnFile(
  root: string,
  agent: AgentId,
  file: string,
  after: string,
  how: string,
  executable = false,
): FilePlan {
  const abs = path.join(root, file);
  let before: string | undefined;
  try {
    before = readConfigText(abs);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw new ConfigError(`${file}: ${(e as Error).message}`);
  }
  if (before !== undefined && !isOwnFile(before))
    throw new ConfigError(`${file} is your own, and AI Fence does not replace it: ${how}, then run again`);
  // A hook program without its execute bit does not run: it is as good as missing (Windows has no such bit).
  const runnable =
    !executable || before === undefined || process.platform === 'win32' || (fs.statSync(abs).mode & 0o111) !== 0;
  return { agent, file: abs, before: runnable ? before : undefined, after, executable };
}

/** Agent config files are small; a larger one, or a FIFO or device in its place, is refused, never waited on. */
const MAX_CONFIG_BYTES = 4 * 1024 * 1024;

/** An agent's config file as text (only a regular file is opened: a FIFO would wait forever). */
export function readConfigText(file: string): string {
  return readRegularText(file, MAX_CONFIG_BYTES);
}

export function readJson(file: string): { text: string | undefined; value: Json } {
  let text: string | undefined;
  try {
    text = readConfigText(file);
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
export function mergeMatcherGroups(
  existing: unknown,
  agent: AgentId,
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
export function mergeFlatEntries(
  existing: unknown,
  agent: AgentId,
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

/** Applies only the changes whose value differs, so an up-to-date file is left byte for byte. */
export function unchanged(text: string | undefined, value: Json, changes: [string[], unknown][]): string {
  const differs = changes.filter(([p, v]) => {
    let cur: unknown = value;
    for (const k of p) cur = isObject(cur) ? cur[k] : undefined;
    return JSON.stringify(cur) !== JSON.stringify(v);
  });
  return differs.length || text === undefined ? setPaths(text, differs.length ? differs : changes) : text;
}

/**
 * A settings file with Claude Code style hook groups whose timeouts are in milliseconds and whose
 * hooks have names (Gemini CLI, Qwen Code): the pre-tool command fails closed, the post-tool one records.
 */
export function planNamedHooks(
  root: string,
  agent: AgentId,
  file: string,
  [pre, post]: readonly [string, string],
  command: string,
): FilePlan {
  const abs = path.join(root, file);
  const { text, value } = readJson(abs);
  const hooks = isObject(value.hooks) ? value.hooks : {};
  const changes: [string[], unknown][] = [pre, post].map((event) => {
    const cmd = `${command} hook ${agent} ${event}`;
    return [
      ['hooks', event],
      mergeMatcherGroups(hooks[event], agent, event, event === pre ? failClosedCommand(cmd) : cmd, '*', {
        name: `ai-fence-${event}`,
        timeout: TIMEOUT * 1000,
      }),
    ];
  });
  return { agent, file: abs, before: text, after: unchanged(text, value, changes) };
}
