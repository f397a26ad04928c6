// The extension's offer of a globally installed ai-fence for agent hooks: found
// through a real `ai-fence --version` on PATH, recommended first when it works,
// and otherwise the extension's CLI first with the install command.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { globalCliVersion, hookCommandChoices } from '../../../client/src/globalCli';
import { binWithCli, binWithoutCli } from '../../helpers/gitCommit';
import { REPO_ROOT, tempDir } from '../../helpers/tmp';

const VERSION = (JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as { version: string })
  .version;
const BUNDLED = '/ext/dist/cli.js';

describe('globalCliVersion', () => {
  test('is the version of the ai-fence on PATH', async () => {
    assert.equal(await globalCliVersion({ ...process.env, PATH: `${binWithCli()}:${process.env.PATH}` }), VERSION);
  });

  test('is undefined when ai-fence is not on PATH, fails, or prints no version', async () => {
    assert.equal(await globalCliVersion({ ...process.env, PATH: binWithoutCli() }), undefined);
    for (const script of ['#!/bin/sh\necho 1.2.3\nexit 1\n', '#!/bin/sh\necho "command not found"\n']) {
      const bin = tempDir('aifence-badcli-');
      fs.writeFileSync(path.join(bin, 'ai-fence'), script, { mode: 0o755 });
      assert.equal(await globalCliVersion({ ...process.env, PATH: bin }), undefined, script);
    }
  });
});

describe('hookCommandChoices', () => {
  test('an installed ai-fence comes first, with its version', () => {
    assert.deepEqual(hookCommandChoices('0.1.0', BUNDLED), [
      {
        label: 'ai-fence 0.1.0 (installed)',
        description: 'recommended: hooks run "ai-fence" from PATH, on every machine that has it',
        command: 'ai-fence',
      },
      {
        label: "This extension's CLI",
        description: 'hooks run node "/ext/dist/cli.js" (this machine only, until the extension updates)',
        command: 'node "/ext/dist/cli.js"',
      },
    ]);
  });

  test('without one, the extension CLI comes first and the other says how to install ai-fence', () => {
    assert.deepEqual(
      hookCommandChoices(undefined, BUNDLED).map((c) => [c.label, c.command]),
      [
        ["This extension's CLI", 'node "/ext/dist/cli.js"'],
        ['ai-fence (not installed)', 'ai-fence'],
      ],
    );
    assert.equal(
      hookCommandChoices(undefined, BUNDLED)[1].description,
      'install it first with "npm install -g ai-fence": until then these hooks block every tool call',
    );
  });
});
