// Agent-neutral view of one hook call, and the tool-input readers the agents
// share. File tools name their file in different fields (file_path, filePath,
// path, notebook_path, files[], replacements[]...); patches and shell commands
// are recognised by tool name and content.
import { type PatchFile, parseApplyPatch, patchPaths } from '../agents/applyPatch';
import type { AgentId } from '../agents/registry';
import { absolutePath } from '../agents/shellPaths';
import { isObject, type Json } from '../engine/io/json';
import { PathLimitError } from '../engine/io/paths';

export type { AgentId };

export interface FileTarget {
  /** Absolute, '/' separators. */
  readonly path: string;
  readonly access: 'read' | 'write';
}

/** What an edit tool changed in one file, for the ledger. */
export interface EditInfo {
  readonly path: string;
  /** Whole-file write; `original` is the text before, when the agent reports it. */
  readonly write?: { readonly original: string | undefined };
  /** old → new replacements. */
  readonly pairs?: readonly { readonly oldText: string; readonly newText: string; readonly all: boolean }[];
  readonly patch?: PatchFile;
  /** Text before the edit as the agent reported it (exact: diffed against the file now). */
  readonly original?: string;
}

export interface HookCall {
  readonly agent: AgentId;
  readonly phase: 'pre' | 'post';
  /** Event name as configured (PreToolUse, beforeReadFile...). */
  readonly event: string;
  readonly toolName: string;
  readonly cwd: string;
  /** The user's home directory, for `~` in paths. */
  readonly home: string | undefined;
  readonly targets: readonly FileTarget[];
  readonly shell: string | undefined;
  /** Where the shell command runs: the tool's own working directory field, else `cwd`. */
  readonly shellCwd: string;
  readonly edits: readonly EditInfo[];
  readonly conversationId: string | undefined;
  readonly model: string | undefined;
  /** The agent's own version, when its payload says. */
  readonly agentVersion: string | undefined;
  readonly transcriptPath: string | undefined;
  /** The tool call did not succeed (post events): nothing to record. */
  readonly failed: boolean;
  readonly metadata: Readonly<Record<string, unknown>>;
}

const SHELL_TOOLS = new Set([
  'bash',
  'shell',
  'powershell',
  'run_in_terminal',
  'run_terminal_cmd',
  'exec_command',
  'local_shell',
  'container.exec',
  'shell_command',
  'terminal',
  'run_shell_command',
  // Amazon Q Developer CLI (execute_cmd on Windows), Factory Droid.
  'execute_bash',
  'execute_cmd',
  'execute',
  // Cline: {commands: [...]} (cline sdk/packages/core/src/extensions/tools/schemas.ts).
  'run_commands',
]);
/** Tools that search or list (a directory or the workspace): without a path they read the working directory. */
const SEARCH_TOOLS = new Set([
  'glob',
  'grep',
  'ls',
  'list_dir',
  'list_directory',
  'grep_search',
  'file_search',
  'codebase_search',
  'search',
  'find_files',
  'read_many_files',
  // VS Code: searches of the workspace (hooks-core/vscode.md).
  'semantic_search',
  'search_workspace_symbols',
  'get_changed_files',
  // Cline's search and OpenCode's listing.
  'search_codebase',
  'list',
]);
/** Tools that only read. */
const READ_TOOLS = new Set([
  ...SEARCH_TOOLS,
  'read',
  'notebookread',
  'view',
  'read_file',
  'read_files',
  'readfile',
  'get_file',
  // Amazon Q Developer CLI: lines, a directory listing, a search or images, each under `operations[].path`.
  'fs_read',
]);
const PATH_KEYS = [
  'file_path',
  'filePath',
  'path',
  'notebook_path',
  'target_file',
  'targetFile',
  'file',
  'filename',
  'uri',
  'dir_path',
  'directory',
  'relative_workspace_path',
];
const LIST_KEYS = [
  'files',
  'paths',
  'file_paths',
  'filePaths',
  'replacements',
  'edits',
  'attachments',
  // Amazon Q Developer CLI's fs_read: [{mode, path}...].
  'operations',
];

/** Fields whose strings are text, patterns or commands, never a file to judge as such. */
const CONTENT_KEYS = new Set([
  'content',
  'contents',
  'text',
  'new_string',
  'old_string',
  'newString',
  'oldString',
  'new_str',
  'old_str',
  'new_text',
  'old_text',
  'command',
  'commands',
  'cmd',
  'input',
  'patch',
  'patchText',
  'query',
  'queries',
  'pattern',
  'regex',
  'description',
  'explanation',
  'prompt',
  'message',
  'url',
  'glob',
  'include',
  'exclude',
  'code',
  'new_source',
  'body',
  'title',
  'summary',
  'instructions',
  'replacement',
]);
/** Field names that say they hold a path (`source`, `destination`, `dirPath`, `revision`...). */
const PATHLIKE_KEY =
  /path|file|dir|folder|source|destination|target|^(src|dst|dest|from|to|revision|location|root|cwd)$/i;
const MAX_FIELDS = 1000;
/** Where shell tools carry their working directory (Cursor's Shell `working_directory`, `cwd`, `workdir`, Gemini's `dir_path`, Qwen's `directory`). */
export const SHELL_CWD_KEYS = new Set(['cwd', 'working_directory', 'workdir', 'dir_path', 'directory']);

/** [key, string] for every string in the input, nested objects and arrays included (bounded). */
function stringFields(input: Json): [string, string][] {
  const out: [string, string][] = [];
  const walk = (v: unknown, key: string, depth: number) => {
    if (out.length >= MAX_FIELDS || depth > 8)
      throw new PathLimitError(`the tool input has more than ${MAX_FIELDS} strings or ${8} levels`);
    if (typeof v === 'string') out.push([key, v]);
    else if (Array.isArray(v)) for (const x of v) walk(x, key, depth + 1);
    else if (isObject(v)) for (const [k, x] of Object.entries(v)) walk(x, k, depth + 1);
  };
  walk(input, '', 0);
  return out;
}

export function isShellTool(name: string): boolean {
  return SHELL_TOOLS.has(name.toLowerCase());
}

export function accessOf(toolName: string, input: Json | undefined): 'read' | 'write' {
  if (READ_TOOLS.has(toolName.toLowerCase())) return 'read';
  if (input && (input.command === 'view' || input.command === 'read')) return 'read';
  return 'write';
}

function toPath(cwd: string, raw: string, home: string | undefined): string {
  const p = raw.startsWith('file://') ? decodeURIComponent(raw.slice('file://'.length)) : raw;
  return absolutePath(cwd, p, home);
}

/** A patch carried by a tool input (Codex `command`, VS Code and Cline `input`, OpenCode `patchText`), if any. */
export function patchOf(input: Json | undefined): PatchFile[] {
  if (!input) return [];
  for (const key of ['command', 'input', 'patch', 'patchText']) {
    const v = input[key];
    const text =
      typeof v === 'string' ? v : Array.isArray(v) ? v.filter((x) => typeof x === 'string').join('\n') : undefined;
    if (text && /^\s*\*\*\* (Begin Patch|Add File:|Update File:|Delete File:)/m.test(text))
      return parseApplyPatch(text);
  }
  return [];
}

/** Files a tool input names (and the patch it carries, if any). */
export function targetsOf(
  toolName: string,
  input: Json | undefined,
  cwd: string,
  home: string | undefined,
): FileTarget[] {
  if (!input) return [];
  const access = accessOf(toolName, input);
  const out: FileTarget[] = [];
  const add = (raw: unknown, a: FileTarget['access'] = access) => {
    if (typeof raw === 'string' && raw !== '' && !/^[a-z][a-z0-9+.-]*:\/\//i.test(raw.replace(/^file:\/\//, '')))
      out.push({ path: toPath(cwd, raw, home), access: a });
  };
  const shell = isShellTool(toolName);
  // A shell tool's working directory is where its command runs (shellPaths judges what it names), not a target.
  for (const key of PATH_KEYS) if (!(shell && SHELL_CWD_KEYS.has(key))) add(input[key]);
  for (const key of LIST_KEYS) {
    const list = input[key];
    if (!Array.isArray(list)) continue;
    for (const item of list) {
      if (typeof item === 'string') add(item);
      else if (isObject(item)) for (const k of PATH_KEYS) add(item[k]);
    }
  }
  for (const [key, value] of stringFields(input)) {
    if (CONTENT_KEYS.has(key) || PATH_KEYS.includes(key)) continue;
    if (shell && SHELL_CWD_KEYS.has(key)) continue;
    // `REV:path` (git revisions in VS Code and MCP tools) names path in the repository.
    const rev = /^[^\s:/\\]{2,}:(?![/\\]{2})(.+)$/.exec(value);
    if (rev) add(rev[1]);
    if (PATHLIKE_KEY.test(key) || (/[/\\]/.test(value) && !/[\s]/.test(value))) add(value);
  }
  for (const p of patchPaths(patchOf(input))) add(p, 'write');
  // A search or listing without a path searches the working directory.
  if (!out.length && SEARCH_TOOLS.has(toolName.toLowerCase()))
    out.push({ path: absolutePath(cwd, '.', home), access: 'read' });
  const unique = new Map(out.map((t) => [`${t.access}:${t.path}`, t]));
  return [...unique.values()];
}

/** The shell command of a shell tool call. */
export function shellOf(toolName: string, input: Json | undefined): string | undefined {
  if (!input || !isShellTool(toolName)) return undefined;
  const c = input.command ?? input.cmd;
  if (typeof c === 'string') return c;
  // Cline's run_commands runs each of its commands in turn.
  if (Array.isArray(input.commands) && input.commands.every((x) => typeof x === 'string'))
    return input.commands.join('\n');
  if (Array.isArray(c) && c.every((x) => typeof x === 'string')) {
    // ["bash", "-lc", "script"] is a script; anything else is an argv.
    const argv = c as string[];
    if (argv.length >= 3 && /(^|\/)(ba|z|da)?sh$/.test(argv[0]) && /^-\w*c$/.test(argv[1]))
      return argv.slice(2).join(' ');
    return argv.map((a) => (/[\s'"]/.test(a) ? `'${a.replace(/'/g, `'\\''`)}'` : a)).join(' ');
  }
  return undefined;
}

/** The working directory a shell tool names for its command (Cursor's Shell `working_directory`, `cwd`), else `cwd`. */
export function shellCwdOf(input: Json | undefined, cwd: string, home: string | undefined): string {
  for (const key of SHELL_CWD_KEYS) {
    const dir = input?.[key];
    if (typeof dir === 'string' && dir !== '') return absolutePath(cwd, dir, home);
  }
  return cwd;
}

/** old/new replacement pairs from the common edit-tool shapes. */
export function pairsOf(input: Json): { oldText: string; newText: string; all: boolean }[] {
  const pairs: { oldText: string; newText: string; all: boolean }[] = [];
  const one = (o: Json) => {
    const oldText = o.old_string ?? o.oldString ?? o.old_str ?? o.old_text;
    const newText = o.new_string ?? o.newString ?? o.new_str ?? o.new_text;
    if (typeof newText === 'string')
      pairs.push({
        oldText: typeof oldText === 'string' ? oldText : '',
        newText,
        all: o.replace_all === true || o.replaceAll === true,
      });
  };
  one(input);
  for (const key of ['edits', 'replacements']) {
    const list = input[key];
    if (Array.isArray(list)) for (const e of list) if (isObject(e)) one(e);
  }
  return pairs;
}

/** Parses a JSON string field that some agents use for tool arguments. */
export function objectField(v: unknown): Json | undefined {
  if (isObject(v)) return v;
  if (typeof v === 'string') {
    try {
      const parsed = JSON.parse(v) as unknown;
      return isObject(parsed) ? parsed : undefined;
    } catch {
      return undefined;
    }
  }
  return undefined;
}

/** `provider/model` for a bare model name, when the provider is evident. */
export function qualifyModel(model: string | undefined): string | undefined {
  if (!model) return undefined;
  const m = model.trim();
  if (m.includes('/')) return m;
  if (/^claude/i.test(m)) return `anthropic/${m}`;
  if (/^(gpt|o\d|codex|chatgpt)/i.test(m)) return `openai/${m}`;
  if (/^gemini/i.test(m)) return `google/${m}`;
  if (/^grok/i.test(m)) return `xai/${m}`;
  return m;
}
