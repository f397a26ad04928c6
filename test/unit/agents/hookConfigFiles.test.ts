// The own-file lists are built from the agent registry: whatever file install-hooks writes for an
// agent is one an agent may not change (else it could unfence itself).
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { REPOSITORY_HOOK_CONFIGS } from '../../../server/src/agents/hookConfigFiles';
import { AGENTS } from '../../../server/src/agents/registry';
import { toEnginePath } from '../../../server/src/engine/io/paths';
import { ownFileVerdict } from '../../../server/src/hooks/ownFiles';
import { tempDir } from '../../helpers/tmp';

describe('hook config files', () => {
  test("every agent's install() target is an own file: writing it is asked for, reading it is not", () => {
    const root = toEnginePath(tempDir('aifence-own-'));
    const ctx = { root, home: undefined, managedPolicies: [], stateDir: undefined, ledgers: [] };
    const agents = Object.entries(AGENTS);
    assert.equal(agents.length >= 8, true);
    for (const [id, agent] of agents) {
      for (const plan of [agent.install(root, 'ai-fence', [])].flat()) {
        const file = toEnginePath(plan.file);
        const shown = file.slice(root.length + 1);
        assert.deepEqual(
          ownFileVerdict(file, 'write', ctx),
          {
            verdict: 'ask',
            reason: `AI Fence: ${shown} is an agent's hook configuration, which AI Fence protects: an agent may not change it. Ask the user to make this change.`,
          },
          id,
        );
        assert.equal(ownFileVerdict(file, 'read', ctx), undefined, id);
      }
    }
  });

  test('agents not yet in the registry and git hooks stay listed', () => {
    for (const c of [
      '.windsurf/hooks.json',
      '.clinerules/hooks/',
      '.opencode/plugins/',
      '.augment/settings.json',
      '.git/hooks/',
    ])
      assert.equal(REPOSITORY_HOOK_CONFIGS.includes(c), true, c);
  });
});
