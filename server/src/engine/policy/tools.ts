// Built-in AI tool ids. Markers, zones and ledgers name tools by these ids;
// a policy can declare more (its `tools` map).

export const BUILTIN_TOOLS: Readonly<Record<string, string>> = {
  'claude-code': 'Claude Code',
  codex: 'OpenAI Codex',
  copilot: 'GitHub Copilot',
  cursor: 'Cursor',
  windsurf: 'Windsurf',
  continue: 'Continue',
  cline: 'Cline',
  'roo-code': 'Roo Code',
  'kilo-code': 'Kilo Code',
  gemini: 'Gemini Code Assist',
  'amazon-q': 'Amazon Q',
  tabnine: 'Tabnine',
  cody: 'Sourcegraph Cody',
  augment: 'Augment',
  kiro: 'Kiro',
  droid: 'Factory Droid',
  qwen: 'Qwen Code',
  opencode: 'OpenCode',
  amp: 'Amp',
  aider: 'Aider',
  supermaven: 'Supermaven',
  chatgpt: 'ChatGPT',
  claude: 'Claude',
  other: 'Other AI tool',
};

export const TOOL_ID_PATTERN = /^[a-z0-9][a-z0-9._-]*$/;

/** Display name for a tool id, falling back to the id itself. */
export function toolDisplayName(id: string, extra: ReadonlyMap<string, string> = new Map()): string {
  return extra.get(id) ?? (isBuiltinTool(id) ? BUILTIN_TOOLS[id] : id);
}

export function isBuiltinTool(id: string): boolean {
  return Object.hasOwn(BUILTIN_TOOLS, id);
}

/** Maps a free-form tool name (e.g. an Agent Trace `tool.name`) onto a tool id, or undefined. */
export function normalizeToolName(name: string | undefined): string | undefined {
  if (!name) return undefined;
  const key = name
    .trim()
    .toLowerCase()
    .replace(/[\s_]+/g, '-');
  if (isBuiltinTool(key)) return key;
  const aliases: Record<string, string> = {
    'claude-code-cli': 'claude-code',
    'github-copilot': 'copilot',
    'copilot-chat': 'copilot',
    'openai-codex': 'codex',
    'gemini-cli': 'gemini',
    'gemini-code-assist': 'gemini',
    'amazon-q-developer': 'amazon-q',
    roo: 'roo-code',
    kilo: 'kilo-code',
    codeium: 'windsurf',
    'sourcegraph-cody': 'cody',
  };
  return Object.hasOwn(aliases, key) ? aliases[key] : undefined;
}
