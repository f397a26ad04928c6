// Known AI assistant extensions and the engine tool id each one maps to.
// Pure: detection takes the extension list as data so it can be unit-tested.

export const ASSISTANT_EXTENSIONS: Readonly<Record<string, string>> = {
  'github.copilot': 'copilot',
  'github.copilot-chat': 'copilot',
  'anthropic.claude-code': 'claude-code',
  'openai.chatgpt': 'codex',
  'continue.continue': 'continue',
  'saoudrizwan.claude-dev': 'cline',
  'rooveterinaryinc.roo-cline': 'roo-code',
  'kilocode.kilo-code': 'kilo-code',
  'codeium.codeium': 'windsurf',
  'codeium.windsurf': 'windsurf',
  'supermaven.supermaven': 'supermaven',
  'tabnine.tabnine-vscode': 'tabnine',
  'sourcegraph.cody-ai': 'cody',
  'amazonwebservices.amazon-q-vscode': 'amazon-q',
  'google.geminicodeassist': 'gemini',
  'augment.vscode-augment': 'augment',
};

export interface ExtensionInfo {
  readonly id: string;
  readonly isActive: boolean;
  readonly displayName?: string;
}

export interface DetectedAssistant {
  readonly extensionId: string;
  readonly tool: string;
  readonly active: boolean;
  readonly displayName: string;
}

/** Installed assistant extensions (ids compared case-insensitively), active ones first. */
export function detectAssistants(extensions: readonly ExtensionInfo[]): DetectedAssistant[] {
  const found: DetectedAssistant[] = [];
  for (const e of extensions) {
    const tool = ASSISTANT_EXTENSIONS[e.id.toLowerCase()];
    if (tool) found.push({ extensionId: e.id, tool, active: e.isActive, displayName: e.displayName ?? e.id });
  }
  return found.sort((a, b) => Number(b.active) - Number(a.active) || a.extensionId.localeCompare(b.extensionId));
}

/** Active assistants that a file's rules block, for the one-per-zone warning. */
export function blockedAssistants(
  assistants: readonly DetectedAssistant[],
  rules: readonly { tool: string; ai: string }[],
): DetectedAssistant[] {
  return assistants.filter((a) => a.active && rules.find((r) => r.tool === a.tool)?.ai === 'block');
}
