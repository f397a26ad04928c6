// Where agents read the hook configuration that `ai-fence install-hooks`
// writes or that could switch our hooks off: repository-relative, and under
// the user's home. An agent that may rewrite these can unfence itself.
// Each registry module declares its own (registry/<agent>.ts `configFiles`).
import { AGENTS } from './registry';
import type { ConfigFiles } from './registry/types';

/**
 * Hook configurations of agents that have no registry module yet (Augment: docs.augmentcode.com/cli/hooks,
 * whose payload is not established), and git's own hooks.
 */
const NOT_IN_REGISTRY: ConfigFiles = {
  repository: [
    '.augment/settings.json',
    '.augment/settings.local.json',
    // The native pre-commit hook and any other git hook.
    '.git/hooks/',
  ],
  home: ['.augment/settings.json'],
};

const ALL = [...Object.values(AGENTS).map((a) => a.configFiles), NOT_IN_REGISTRY];

/** Repository-relative config files ('/' separators); a trailing '/' covers a whole directory. */
export const REPOSITORY_HOOK_CONFIGS: readonly string[] = [...new Set(ALL.flatMap((c) => c.repository))];

/** Home-relative config files of the same agents. */
export const USER_HOOK_CONFIGS: readonly string[] = [...new Set(ALL.flatMap((c) => c.home))];
