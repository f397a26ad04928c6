// OpenCode plugin arguments (test/fixtures/hooks/opencode/, anomalyco/opencode packages/plugin/src/index.ts
// @01494239) into the built CLI, and the plugin install-hooks writes, loaded and called as OpenCode
// calls it: it runs the built CLI, throws to stop a call, and appends warnings to the tool's output.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { answer, fixture, HOOK_STATE_HOME, hookRepo, ledgerRecords, runHook, runPostHook } from '../helpers/agentHooks';
import { CLI, NO_MANAGED_POLICY, runCli } from '../helpers/cli';

/** src/core/engine.py after the edit of the samples. */
const EDITED = 'import os\n\ndef run():\n    return 2\n\n# end\n';
const SECRETS = 'zone "secrets" (.aifence.json:5). Credentials are human-only.';

type Hook = (input: unknown, output: Record<string, unknown>) => Promise<void>;

/** Installs the plugin with `command` and loads it as OpenCode does (Node 20 needs the .mjs name for ESM). */
async function loadPlugin(repo: string, command: string): Promise<Record<string, Hook>> {
  const r = runCli(repo, ['install-hooks', '--agents', 'opencode', '--command', command]);
  assert.equal(r.code, 0, r.stderr);
  const file = path.join(repo, '.opencode/plugins/ai-fence.js');
  fs.copyFileSync(file, `${file.slice(0, -3)}.mjs`);
  const mod = (await import(pathToFileURL(`${file.slice(0, -3)}.mjs`).href)) as {
    AiFence: (ctx: { directory: string }) => Promise<Record<string, Hook>>;
  };
  return mod.AiFence({ directory: repo });
}

/** The two plugin arguments of a fixture. */
function args(name: string, root: string): [unknown, Record<string, unknown>] {
  const f = JSON.parse(fixture('opencode', name, { root }));
  return [f.input, f.output];
}

describe('opencode', () => {
  const root = hookRepo();

  test('tool.execute.before read and bash into a block zone are denied', () => {
    const read = runHook(
      root,
      'opencode',
      'tool.execute.before',
      fixture('opencode', 'tool.execute.before-read', { root }),
    );
    assert.equal(read.code, 0, read.stderr);
    assert.deepEqual(answer(read), {
      decision: 'deny',
      reason: `AI Fence: Reading secrets/api-key.txt is not allowed: OpenCode is blocked in ${SECRETS}`,
    });
    const shell = fixture('opencode', 'tool.execute.before-shell', { root });
    assert.deepEqual(answer(runHook(root, 'opencode', 'tool.execute.before', shell)), {
      decision: 'deny',
      reason: `AI Fence: this command names secrets/api-key.txt, and OpenCode is blocked in ${SECRETS}`,
    });
  });

  test('tool.execute.after records the edit', () => {
    const { result: r, records } = runPostHook('opencode', 'tool.execute.after', 'tool.execute.after-edit', EDITED);
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(
      records.map((x) => [x.tool.name, x.files[0].path, x.files[0].conversations[0].id]),
      [['opencode', 'src/core/engine.py', 'ses_5d2c1b0a9f8e7d6c5b4a3f2e1d']],
    );
  });

  test('the installed plugin throws on a denied call, warns through the tool output and records the edit', async () => {
    const repo = hookRepo();
    const saved = { ...process.env };
    Object.assign(process.env, { AIFENCE_MANAGED_POLICY: NO_MANAGED_POLICY, XDG_STATE_HOME: HOOK_STATE_HOME });
    try {
      const plugin = await loadPlugin(repo, `"${process.execPath}" "${CLI}"`);
      await assert.rejects(plugin['tool.execute.before'](...args('tool.execute.before-read', repo)), {
        message: `AI Fence: Reading secrets/api-key.txt is not allowed: OpenCode is blocked in ${SECRETS}`,
      });
      const [input, output] = args('tool.execute.before-edit', repo);
      await plugin['tool.execute.before'](input, output);
      fs.writeFileSync(path.join(repo, 'src/core/engine.py'), EDITED);
      const result: Record<string, unknown> = {
        title: 'src/core/engine.py',
        output: 'Edit applied successfully.',
        metadata: {},
      };
      await plugin['tool.execute.after'](input, result);
      assert.match(
        result.output as string,
        /^Edit applied successfully\.\n\nAI Fence: src\/core\/engine\.py is in zone "core" \(\.aifence\.json:6\)/,
      );
      assert.match(result.output as string, /Lines you just wrote without a label: 4\.$/);
      assert.equal(ledgerRecords(repo).length, 1);
    } finally {
      process.env = saved;
    }
  });

  test('the installed plugin blocks every call when ai-fence is missing; install-hooks keeps other plugins', async () => {
    const repo = hookRepo({ '.opencode/plugins/mine.js': 'export const Mine = async () => ({});\n' });
    const saved = process.env.PATH;
    const plugin = await loadPlugin(repo, 'ai-fence');
    process.env.PATH = '/nonexistent';
    try {
      await assert.rejects(plugin['tool.execute.before'](...args('tool.execute.before-edit', repo)), {
        message: /^AI Fence could not run \(is ai-fence installed\?\); the tool call is blocked: /,
      });
    } finally {
      process.env.PATH = saved;
    }
    assert.equal(
      fs.readFileSync(path.join(repo, '.opencode/plugins/mine.js'), 'utf8'),
      'export const Mine = async () => ({});\n',
    );
    assert.equal(
      runCli(repo, ['install-hooks', '--agents', 'opencode']).stdout,
      '.opencode/plugins/ai-fence.js: up to date\n',
    );
  });
});
