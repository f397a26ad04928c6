// The composite GitHub Action (action.yml): its metadata against the action
// metadata schema, and its `run:` steps executed as GitHub runs them (bash
// --noprofile --norc -eo pipefail, inputs through env, step outputs through
// $GITHUB_OUTPUT) against real repositories, with every exit code checked.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { readActionYaml, type YamlValue } from '../helpers/actionYaml';
import { CLI, NO_MANAGED_POLICY, runCli } from '../helpers/cli';
import { copyFixture, REPO_ROOT, tempDir, writeTree } from '../helpers/tmp';

type Map = { [key: string]: YamlValue };
const asMap = (v: YamlValue | undefined, what: string): Map => {
  assert.ok(v && typeof v === 'object' && !Array.isArray(v), `${what} must be a mapping`);
  return v as Map;
};

const action = asMap(readActionYaml(fs.readFileSync(path.join(REPO_ROOT, 'action.yml'), 'utf8')), 'action.yml');
const inputs = asMap(action.inputs, 'inputs');
const steps = (asMap(action.runs, 'runs').steps as Map[]).map((s) => asMap(s, 'step'));
const VERSION = (JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as { version: string })
  .version;

const EXPRESSION = /\$\{\{\s*(.*?)\s*\}\}/g;

/** Replaces `${{ inputs.x }}` and `${{ steps.id.outputs.y }}`; any other expression fails the test. */
function substitute(
  text: string,
  given: Record<string, string>,
  outputs: Record<string, Record<string, string>>,
): string {
  return text.replace(EXPRESSION, (_, expr: string) => {
    let m = /^inputs\.([\w-]+)$/.exec(expr);
    if (m) {
      assert.ok(Object.hasOwn(inputs, m[1]), `undeclared input ${m[1]}`);
      return given[m[1]] ?? (asMap(inputs[m[1]], m[1]).default as string);
    }
    m = /^steps\.([\w-]+)\.outputs\.([\w-]+)$/.exec(expr);
    if (m) return outputs[m[1]]?.[m[2]] ?? '';
    assert.fail(`expression the test cannot evaluate: ${expr}`);
  });
}

interface ActionRun {
  /** Exit code per step name, for the run steps that ran. */
  readonly codes: Record<string, number>;
  readonly outputs: Record<string, Record<string, string>>;
  readonly log: string;
  /** Arguments each fake npm call got. */
  readonly npmCalls: string[];
}

/**
 * Runs the action's run steps in order in `workspace`, stopping at the first
 * failure as GitHub does. `ai-fence` on PATH is the built CLI; `npm` is a fake
 * that records its arguments (the action must not reach a registry here).
 */
function runAction(workspace: string, given: Record<string, string> = {}): ActionRun {
  const bin = tempDir('aifence-action-bin-');
  const npmLog = path.join(bin, 'npm.log');
  writeTree(bin, {
    'ai-fence': `#!/bin/sh\nexec "${process.execPath}" "${CLI}" "$@"\n`,
    npm: `#!/bin/sh\necho "$*" >> "${npmLog}"\n`,
  });
  fs.chmodSync(path.join(bin, 'ai-fence'), 0o755);
  fs.chmodSync(path.join(bin, 'npm'), 0o755);
  const codes: Record<string, number> = {};
  const outputs: Record<string, Record<string, string>> = {};
  let log = '';
  for (const step of steps) {
    if (step.uses !== undefined) continue;
    const name = step.name as string;
    const script = path.join(bin, 'step.sh');
    fs.writeFileSync(script, step.run as string);
    const outFile = path.join(bin, 'output');
    fs.writeFileSync(outFile, '');
    const env: Record<string, string> = {};
    for (const [k, v] of Object.entries(asMap(step.env ?? {}, 'env'))) env[k] = substitute(v as string, given, outputs);
    const wd = step['working-directory'];
    const r = spawnSync('bash', ['--noprofile', '--norc', '-eo', 'pipefail', script], {
      cwd: path.resolve(workspace, wd === undefined ? '.' : substitute(wd as string, given, outputs)),
      encoding: 'utf8',
      env: {
        PATH: `${bin}:${process.env.PATH}`,
        HOME: bin,
        GITHUB_OUTPUT: outFile,
        AIFENCE_MANAGED_POLICY: NO_MANAGED_POLICY,
        ...env,
      },
      timeout: 60_000,
    });
    codes[name] = r.status ?? -1;
    log += `${r.stdout}${r.stderr}`;
    if (step.id !== undefined)
      outputs[step.id as string] = Object.fromEntries(
        fs
          .readFileSync(outFile, 'utf8')
          .split('\n')
          .filter(Boolean)
          .map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]),
      );
    if (r.status !== 0) break;
  }
  const npmCalls = fs.existsSync(npmLog) ? fs.readFileSync(npmLog, 'utf8').trim().split('\n') : [];
  return { codes, outputs, log, npmCalls };
}

/** A repository whose hooks and ignore files were written by ai-fence itself. */
function repoInOrder(): string {
  const repo = copyFixture('cli-clean');
  assert.equal(runCli(repo, ['sync']).code, 0);
  assert.equal(runCli(repo, ['install-hooks']).code, 0);
  return repo;
}

/** Every run step's exit code: the checks only record theirs (as outputs); the Result step fails. */
const STEP_CODES = (result: number) => ({
  'Install AI Fence': 0,
  'ai-fence check': 0,
  'ai-fence sync --check': 0,
  'ai-fence install-hooks --check': 0,
  Result: result,
});

describe('action.yml metadata', () => {
  test('valid against the action metadata schema: name, description, composite steps with a shell, described inputs', () => {
    assert.equal(typeof action.name, 'string');
    assert.equal(typeof action.description, 'string');
    assert.equal(asMap(action.runs, 'runs').using, 'composite');
    assert.ok(steps.length > 0);
    for (const [name, input] of Object.entries(inputs)) {
      const i = asMap(input, name);
      assert.equal(typeof i.description, 'string', `input ${name} needs a description`);
      assert.ok(['true', 'false', undefined].includes(i.required as string), `input ${name}: required`);
      assert.deepEqual(
        Object.keys(i).filter((k) => !['description', 'required', 'default', 'deprecationMessage'].includes(k)),
        [],
      );
    }
    for (const step of steps) {
      assert.ok((step.run === undefined) !== (step.uses === undefined), `${step.name}: exactly one of run and uses`);
      if (step.run !== undefined) assert.equal(step.shell, 'bash', `${step.name}: run steps need a shell`);
      assert.deepEqual(
        Object.keys(step).filter(
          (k) => !['name', 'id', 'if', 'run', 'shell', 'uses', 'with', 'env', 'working-directory'].includes(k),
        ),
        [],
      );
    }
    // Inputs never reach a script's text (script injection); only env and with carry them.
    for (const step of steps) if (step.run !== undefined) assert.doesNotMatch(step.run as string, EXPRESSION);
  });

  test('the SARIF goes to code scanning through github/codeql-action/upload-sarif', () => {
    const upload = steps.filter((s) => s.uses !== undefined);
    assert.deepEqual(
      upload.map((s) => [s.uses, asMap(s.with, 'with').sarif_file, s.if]),
      [
        [
          'github/codeql-action/upload-sarif@v3',
          // biome-ignore lint/suspicious/noTemplateCurlyInString: GitHub expressions, not template placeholders
          '${{ steps.check.outputs.sarif-file }}',
          // biome-ignore lint/suspicious/noTemplateCurlyInString: as above
          "${{ inputs.upload-sarif == 'true' && steps.check.outputs.sarif-file != '' }}",
        ],
      ],
    );
  });

  test('installs the version in package.json by default, and names no registry host', () => {
    assert.equal(asMap(inputs.version, 'version').default, VERSION);
    assert.doesNotMatch(fs.readFileSync(path.join(REPO_ROOT, 'action.yml'), 'utf8'), /registry|npmjs|https?:/i);
  });
});

describe('action.yml steps against a repository', () => {
  test('all in order: every check passes, the SARIF is written with no results, npm is not called', () => {
    const repo = repoInOrder();
    const r = runAction(repo);
    assert.deepEqual(r.codes, STEP_CODES(0), r.log);
    assert.deepEqual(r.npmCalls, []);
    assert.deepEqual(r.outputs, {
      check: { 'exit-code': '0', 'sarif-file': path.join(repo, 'ai-fence.sarif') },
      sync: { 'exit-code': '0' },
      hooks: { 'exit-code': '0' },
    });
    const sarif = JSON.parse(fs.readFileSync(path.join(repo, 'ai-fence.sarif'), 'utf8'));
    assert.equal(sarif.version, '2.1.0');
    assert.deepEqual(sarif.runs[0].results, []);
  });

  test('findings and a missing hook file: every check still runs, the SARIF holds the finding, the action fails with 1', () => {
    const repo = repoInOrder();
    writeTree(repo, {
      'vault/key.py': '# ai-provenance: begin id=k1 tool=codex\nKEY = 1\n# ai-provenance: end id=k1\n',
    });
    fs.rmSync(path.join(repo, '.cursor', 'hooks.json'));
    const r = runAction(repo);
    assert.deepEqual(r.codes, STEP_CODES(1), r.log);
    assert.deepEqual(r.outputs, {
      check: { 'exit-code': '1', 'sarif-file': path.join(repo, 'ai-fence.sarif') },
      sync: { 'exit-code': '0' },
      hooks: { 'exit-code': '1' },
    });
    const sarif = JSON.parse(fs.readFileSync(path.join(repo, 'ai-fence.sarif'), 'utf8'));
    assert.deepEqual(
      sarif.runs[0].results.map(
        (x: { ruleId: string; locations: { physicalLocation: { artifactLocation: { uri: string } } }[] }) => [
          x.ruleId,
          x.locations[0].physicalLocation.artifactLocation.uri,
        ],
      ),
      [['AIF001', 'vault/key.py']],
    );
    assert.match(r.log, /^::error title=AI Fence::ai-fence check exited with 1$/m);
    assert.match(r.log, /^::error title=AI Fence::ai-fence install-hooks --check exited with 1$/m);
    assert.doesNotMatch(r.log, /sync --check exited/);
  });

  test('max-warnings, sarif-file and working-directory reach the command', () => {
    const workspace = tempDir('aifence-action-ws-');
    const repo = copyFixture('cli-warnings');
    fs.renameSync(repo, path.join(workspace, 'sub'));
    const given = {
      'working-directory': 'sub',
      'max-warnings': '1',
      'sarif-file': 'out.sarif',
      'sync-check': 'false',
      'install-hooks-check': 'false',
    };
    const r = runAction(workspace, given);
    assert.deepEqual(r.outputs.check, { 'exit-code': '1', 'sarif-file': path.join(workspace, 'sub', 'out.sarif') });
    assert.equal(r.codes.Result, 1, r.log);
    assert.match(r.log, /sync --check skipped/);
    assert.match(r.log, /install-hooks --check skipped/);
    assert.equal(runAction(workspace, { ...given, 'max-warnings': '2' }).codes.Result, 0);
    assert.equal(runAction(workspace, { ...given, 'max-warnings': '' }).codes.Result, 0);
  });

  test('a broken policy: exit 2 wins, and no SARIF is offered for upload', () => {
    const repo = repoInOrder();
    fs.writeFileSync(path.join(repo, '.aifence.json'), '{ "version": 1, ');
    const r = runAction(repo);
    assert.deepEqual(r.outputs, {
      check: { 'exit-code': '2' },
      sync: { 'exit-code': '2' },
      hooks: { 'exit-code': '2' },
    });
    assert.equal(r.codes.Result, 2, r.log);
  });

  test('every check switched off: nothing runs and the action passes', () => {
    const repo = copyFixture('cli-basic');
    const r = runAction(repo, { check: 'false', 'sync-check': 'false', 'install-hooks-check': 'false' });
    assert.deepEqual(r.outputs, { check: {}, sync: {}, hooks: {} });
    assert.equal(r.codes.Result, 0, r.log);
    assert.equal(fs.existsSync(path.join(repo, 'ai-fence.sarif')), false);
  });

  test('agents and hooks-command select what install-hooks --check expects', () => {
    const repo = copyFixture('cli-clean');
    assert.equal(runCli(repo, ['sync']).code, 0);
    assert.equal(
      runCli(repo, ['install-hooks', '--agents', 'codex', '--command', 'npx --no-install ai-fence']).code,
      0,
    );
    const only = { check: 'false', agents: 'codex', 'hooks-command': 'npx --no-install ai-fence' };
    assert.deepEqual(runAction(repo, only).outputs.hooks, { 'exit-code': '0' });
    assert.deepEqual(runAction(repo, { ...only, 'hooks-command': 'ai-fence' }).outputs.hooks, { 'exit-code': '1' });
    assert.deepEqual(runAction(repo, { ...only, agents: '' }).outputs.hooks, { 'exit-code': '1' });
  });

  test('another version than the one on PATH is installed with npm, by version', () => {
    const repo = repoInOrder();
    const r = runAction(repo, { version: '9.9.9' });
    assert.deepEqual(r.npmCalls, ['install -g --no-audit --no-fund ai-fence@9.9.9']);
  });
});
