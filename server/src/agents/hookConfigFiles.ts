// Where each agent reads the hook configuration that `ai-fence install-hooks`
// writes or that could switch our hooks off: repository-relative, and under
// the user's home. An agent that may rewrite these can unfence itself.
// (Sources per agent: README "Agents" and test/fixtures/hooks/SOURCES.md.)

/** Repository-relative config files ('/' separators); a trailing '/' covers a whole directory. */
export const REPOSITORY_HOOK_CONFIGS: readonly string[] = [
  '.claude/settings.json',
  '.claude/settings.local.json',
  '.codex/hooks.json',
  '.codex/config.toml',
  '.cursor/hooks.json',
  '.github/hooks/',
  '.gemini/settings.json',
  '.qwen/settings.json',
  '.factory/hooks.json',
  '.factory/settings.json',
  '.windsurf/hooks.json',
  '.clinerules/hooks/',
  '.cline/hooks/',
  '.opencode/plugins/',
  '.amazonq/cli-agents/',
  '.kiro/hooks/',
  '.augment/settings.json',
  '.augment/settings.local.json',
  // The native pre-commit hook and any other git hook.
  '.git/hooks/',
];

/** Home-relative config files of the same agents. */
export const USER_HOOK_CONFIGS: readonly string[] = [
  '.claude/settings.json',
  '.codex/hooks.json',
  '.codex/config.toml',
  '.cursor/hooks.json',
  '.copilot/hooks/',
  '.gemini/settings.json',
  '.qwen/settings.json',
  '.factory/hooks.json',
  '.factory/settings.json',
  '.codeium/windsurf/hooks.json',
  'Documents/Cline/Hooks/',
  '.cline/hooks/',
  '.config/opencode/plugins/',
  '.aws/amazonq/cli-agents/',
  '.augment/settings.json',
];
