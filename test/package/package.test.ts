// One package.json, two packages, both made from a fresh clone of the
// committed tree: `npm pack` is the CLI alone (bundled, no dependencies) and
// installs as a working `ai-fence`, globally and through npx; `npm run
// package` is the extension's vsix. Nothing here touches a registry.
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { before, describe, test } from 'node:test';
import { REPO_ROOT, tempDir } from '../helpers/tmp';

const manifest = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as {
  name: string;
  version: string;
  private?: boolean;
  dependencies?: Record<string, string>;
  bin: Record<string, string>;
};

/** npm with its cache, prefix and user config in `home`, offline: a registry request fails the test. */
function npm(cwd: string, home: string, args: string[]): string {
  const r = spawnSync('npm', [...args, '--offline', '--no-audit', '--no-fund'], {
    cwd,
    encoding: 'utf8',
    env: {
      ...process.env,
      npm_config_cache: path.join(home, 'cache'),
      npm_config_prefix: path.join(home, 'prefix'),
      npm_config_userconfig: path.join(home, 'npmrc'),
      npm_config_update_notifier: 'false',
    },
    timeout: 300_000,
  });
  assert.equal(r.status, 0, `npm ${args.join(' ')} failed:\n${r.stdout}\n${r.stderr}`);
  return r.stdout;
}

describe('packaging from a fresh clone', { timeout: 600_000 }, () => {
  let clone: string;
  let home: string;
  before(() => {
    clone = path.join(tempDir('aifence-clone-'), 'ai-fence');
    home = tempDir('aifence-npmhome-');
    execFileSync('git', ['clone', '-q', REPO_ROOT, clone]);
    // The clone has no node_modules: take the worktree's (devDependencies only; the packages bundle them).
    fs.symlinkSync(fs.realpathSync(path.join(REPO_ROOT, 'node_modules')), path.join(clone, 'node_modules'));
  });

  test('the manifest can be published and declares no runtime dependency', () => {
    assert.equal(manifest.private, undefined);
    assert.equal(manifest.dependencies, undefined);
    assert.deepEqual(manifest.bin, { 'ai-fence': './dist/cli.js' });
  });

  test('npm pack: only the CLI bundles, the schema and the docs; installs as a working ai-fence', () => {
    const [packed] = JSON.parse(npm(clone, home, ['pack', '--json', '--pack-destination', home])) as {
      filename: string;
      files: { path: string }[];
    }[];
    assert.deepEqual(packed.files.map((f) => f.path).sort(), [
      'CHANGELOG.md',
      'LICENSE',
      'README.md',
      'dist/checkWorker.js',
      'dist/cli.js',
      'dist/cliMain.js',
      'dist/hook.js',
      'dist/indexPoolWorker.js',
      'dist/policyParser.js',
      'package.json',
      'schemas/aifence.schema.json',
    ]);
    const tgz = path.join(home, packed.filename);
    assert.equal(packed.filename, `${manifest.name}-${manifest.version}.tgz`);

    // Global install into a temporary prefix, then a real check in a repository.
    npm(home, home, ['install', '-g', tgz]);
    const bin = path.join(home, 'prefix', 'bin', 'ai-fence');
    const repo = tempDir('aifence-pkgrepo-');
    execFileSync('git', ['init', '-q'], { cwd: repo });
    fs.writeFileSync(
      path.join(repo, '.aifence.json'),
      '{ "version": 1, "zones": [ { "name": "keys", "paths": ["keys/"], "ai": "block" } ] }\n',
    );
    fs.mkdirSync(path.join(repo, 'keys'));
    fs.writeFileSync(
      path.join(repo, 'keys', 'a.py'),
      '# ai-provenance: begin id=abc123 tool=codex\nx = 1\n# ai-provenance: end id=abc123\n',
    );
    assert.equal(execFileSync(bin, ['--version'], { encoding: 'utf8' }), `${manifest.version}\n`);
    const check = spawnSync(bin, ['check', '--format', 'json'], { cwd: repo, encoding: 'utf8' });
    assert.equal(check.status, 1, check.stderr);
    const report = JSON.parse(check.stdout) as { files: { path: string; findings: { code: string }[] }[] };
    assert.deepEqual(
      report.files.map((f) => [f.path, f.findings.map((x) => x.code)]),
      [['keys/a.py', ['AIF001']]],
    );
    // The hook entry point ships too (it loads dist/hook.js, not cliMain.js).
    const hook = spawnSync(bin, ['hook', 'claude-code', 'PreToolUse'], {
      cwd: repo,
      encoding: 'utf8',
      input: JSON.stringify({
        session_id: 's',
        cwd: repo,
        hook_event_name: 'PreToolUse',
        tool_name: 'Read',
        tool_input: { file_path: path.join(repo, 'keys', 'a.py') },
      }),
    });
    assert.equal(hook.status, 0, hook.stderr);
    assert.equal(JSON.parse(hook.stdout).hookSpecificOutput.permissionDecision, 'deny');

    // npx with the tarball: the same bin, from npx's own cache.
    const npx = npm(repo, home, ['exec', '--yes', `--package=${tgz}`, '--', 'ai-fence', '--version']);
    assert.equal(npx, `${manifest.version}\n`);
  });

  test('npm run package: the vsix holds the extension and the CLI, still from the same package.json', () => {
    npm(clone, home, ['run', 'package']);
    const vsix = path.join(clone, `${manifest.name}-${manifest.version}.vsix`);
    const listing = execFileSync('unzip', ['-Z1', vsix], { encoding: 'utf8' }).trim().split('\n').sort();
    const extensionFiles = listing.filter((f) => f.startsWith('extension/')).map((f) => f.slice('extension/'.length));
    for (const f of [
      'dist/client.js',
      'dist/server.js',
      'dist/transcriptIndexWorker.js',
      'dist/cli.js',
      'dist/hook.js',
      'package.json',
      'readme.md',
    ])
      assert.ok(extensionFiles.includes(f), `${f} missing from the vsix: ${extensionFiles.join(', ')}`);
    assert.deepEqual(
      extensionFiles.filter((f) => f.startsWith('node_modules/') || f.startsWith('server/') || f.startsWith('test/')),
      [],
    );
  });
});
