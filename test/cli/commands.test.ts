// `explain`, `init`, `--help` and `--version`.

import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { parsePolicy } from '../../server/src/engine/policy/parse';
import { runCli } from '../helpers/cli';
import { expectGolden, PACKAGE_VERSION } from '../helpers/golden';
import { copyFixture, tempDir } from '../helpers/tmp';

describe('explain (nested policies + managed policy)', () => {
  const dir = copyFixture('cli-nested');
  const env = { AIFENCE_MANAGED_POLICY: path.join(dir, 'managed', 'policy.json') };

  test('every policy file, every matching zone with file:line, the rule per tool', () => {
    const r = runCli(dir, ['explain', 'pkg/core/engine.py'], env);
    assert.equal(r.code, 0);
    assert.equal(r.stderr, '');
    expectGolden('cli-nested/explain.txt', r.stdout);
    // The child's "allow" zone cannot loosen the root's "warn"; the managed policy blocks codex.
    assert.match(r.stdout, /^ {4}cursor +warn +provenance required +\(zone pkg-core\)$/m);
    assert.match(r.stdout, /^ {4}codex +block +provenance required +\(zone corp-no-codex\)$/m);
    assert.match(r.stdout, /^ {4}acme-assistant +block +provenance required +\(zone core-no-acme\)$/m);
    assert.match(r.stdout, /core-open: ai=allow .*\(pkg\/\.aifence\.json:5\)/);
    assert.match(r.stdout, /corp-no-codex: .*\(managed\/policy\.json:4\)/);
  });

  test('--tool narrows to one tool', () => {
    const r = runCli(dir, ['explain', 'pkg/ui/view.ts', '--tool', 'codex'], env);
    assert.equal(r.code, 0);
    expectGolden('cli-nested/explain-ui-codex.txt', r.stdout);
    assert.equal(r.stdout.match(/^ {4}\S+ +(allow|warn|block) /gm)?.length, 1);
  });

  test('paths are relative to the cwd when inside it, absolute otherwise', () => {
    const r = runCli(path.join(dir, 'pkg'), ['explain', 'ui/view.ts'], env);
    assert.equal(r.code, 0);
    assert.equal(
      r.stdout.split('\n').slice(0, 6).join('\n'),
      [
        'ui/view.ts',
        '  policy files:',
        `    ${dir}/managed/policy.json (managed)`,
        `    ${dir}/.aifence.json (repository)`,
        '    .aifence.json (repository)',
        '  matching zones:',
      ].join('\n'),
    );
  });

  test('--format json', () => {
    const r = runCli(dir, ['explain', 'pkg/core/engine.py', '--format', 'json'], env);
    assert.equal(r.code, 0);
    const out = JSON.parse(r.stdout);
    assert.deepEqual(
      out.policies.map((p: { file: string; source: string }) => `${p.source}:${p.file}`),
      ['managed:managed/policy.json', 'repository:.aifence.json', 'repository:pkg/.aifence.json'],
    );
    assert.deepEqual(out.rules.copilot, { ai: 'block', provenance: 'required', zone: 'core-no-acme' });
    assert.deepEqual(out.rules.claude, { ai: 'warn', provenance: 'required', zone: 'pkg-core' });
  });

  test('without a managed policy the codex block disappears', () => {
    const r = runCli(dir, ['explain', 'pkg/ui/view.ts', '--tool', 'codex']);
    assert.match(r.stdout, /^ {4}codex +allow +provenance optional$/m);
  });
});

describe('init', () => {
  test('writes a commented starter policy that parses, then refuses to overwrite it', () => {
    const dir = tempDir();
    const first = runCli(dir, ['init']);
    assert.equal(first.code, 0);
    assert.equal(first.stdout, 'wrote .aifence.json\n');
    const file = path.join(dir, '.aifence.json');
    const text = fs.readFileSync(file, 'utf8');
    assert.match(text, /^\/\/ /);
    const parsed = parsePolicy(text, { file: '/x/.aifence.json' });
    assert.deepEqual(parsed.errors, []);
    assert.deepEqual(
      parsed.policy!.zones.map((z) => `${z.name}:${z.ai}`),
      ['training:block', 'eval:warn'],
    );

    fs.appendFileSync(file, '// edited by a human\n');
    const edited = fs.readFileSync(file);
    const second = runCli(dir, ['init']);
    assert.equal(second.code, 2);
    assert.match(second.stderr, /\.aifence\.json already exists; not overwriting it/);
    assert.ok(fs.readFileSync(file).equals(edited));
  });

  test('the starter policy is a clean check', () => {
    const dir = tempDir();
    runCli(dir, ['init']);
    const r = runCli(dir, ['check']);
    assert.equal(r.code, 0);
    assert.equal(r.stdout, '');
  });
});

describe('help and version', () => {
  const dir = tempDir();

  test('--version and -v print the package version', () => {
    for (const flag of ['--version', '-v']) {
      const r = runCli(dir, [flag]);
      assert.equal(r.code, 0);
      assert.equal(r.stdout, `${PACKAGE_VERSION}\n`);
    }
  });

  test('--help lists the commands and exits 0', () => {
    for (const flag of ['--help', '-h', 'help']) {
      const r = runCli(dir, [flag]);
      assert.equal(r.code, 0);
      assert.match(r.stdout, /^Usage: ai-fence <command> \[options\]/);
      for (const cmd of ['check', 'explain', 'init']) assert.match(r.stdout, new RegExp(`^  ${cmd} `, 'm'));
    }
  });

  test('each command has its own --help', () => {
    const check = runCli(dir, ['check', '--help']);
    assert.equal(check.code, 0);
    assert.deepEqual(
      [...check.stdout.matchAll(/^ {2}(-[-\w]+(?:, --[-\w]+)?) /gm)].map((m) => m[1]),
      [
        '--format',
        '--fix',
        '--max-warnings',
        '--policy',
        '--max-file-size',
        '--fail-on-unreadable',
        '--cache',
        '--cache-location',
        '--staged',
        '--changed-since',
        '--transcripts',
        '--no-source',
        '--retention-days',
        '-h, --help',
      ],
    );
    assert.match(check.stdout, /Exit codes: 0 clean, 1 findings over the threshold, 2 usage or policy error/);
    assert.match(runCli(dir, ['explain', '--help']).stdout, /^Usage: ai-fence explain <path>/);
    assert.match(runCli(dir, ['init', '--help']).stdout, /^Usage: ai-fence init/);
  });
});
