// package.json, the code and README.md must agree on settings, commands and codes.

import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { COMMANDS } from '../../../client/src/commandIds';
import { HELP } from '../../../server/src/cli/main';
import { codeHref, FINDING_CODES } from '../../../server/src/engine/provenance/findings';
import { DEFAULT_SERVER_SETTINGS } from '../../../server/src/lsp/settings';

const root = path.resolve(__dirname, '../../../..');
const read = (p: string) => fs.readFileSync(path.join(root, p), 'utf8');
const pkg = JSON.parse(read('package.json'));
const readme = read('README.md');
const clientFiles = fs.readdirSync(path.join(root, 'client/src'));
const clientCode = clientFiles.map((f) => read(`client/src/${f}`)).join('\n');
const settings: Record<string, { scope?: string; description?: string; default?: unknown }> =
  pkg.contributes.configuration.properties;
const commands: { command: string; title: string; category: string }[] = pkg.contributes.commands;

test('every setting has a scope, a description, a README row and is read by the code', () => {
  for (const [key, s] of Object.entries(settings)) {
    assert.ok(s.scope, `${key} has a scope`);
    assert.ok(s.description, `${key} has a description`);
    assert.ok(
      readme.includes(`| \`${key}\` | ${s.scope} | \`${JSON.stringify(s.default)}\` |`),
      `README documents ${key} with scope and default`,
    );
    const short = key.replace(/^aiFence\./, '');
    if (key !== 'aiFence.trace.server') assert.ok(clientCode.includes(`'${short}'`), `client code reads ${key}`);
  }
});

test('the server defaults equal the manifest defaults', () => {
  // Nested settings ({ transcripts: { enable } }) are dotted keys in the manifest.
  const flat = (o: object, prefix: string): [string, unknown][] =>
    Object.entries(o).flatMap(([k, v]) =>
      v !== null && typeof v === 'object' ? flat(v, `${prefix}${k}.`) : [[`${prefix}${k}`, v]],
    );
  for (const [k, v] of flat(DEFAULT_SERVER_SETTINGS, 'aiFence.')) assert.deepEqual(settings[k].default, v, k);
});

test('the contributed commands are exactly the command ids of the code, each categorised and documented', () => {
  // registerCommands takes one handler per COMMANDS entry, so the compiler checks each is registered.
  assert.deepEqual(Object.values(COMMANDS).sort(), commands.map((c) => c.command).sort());
  for (const c of commands) {
    assert.equal(c.category, 'AI Fence');
    assert.ok(readme.includes(`| ${c.title} | \`${c.command}\` |`), `README lists ${c.command}`);
  }
});

test('command ids are written only in commandIds.ts', () => {
  for (const f of clientFiles.filter((f) => f !== 'commandIds.ts'))
    for (const id of Object.values(COMMANDS)) assert.ok(!read(`client/src/${f}`).includes(id), `${f} spells ${id}`);
});

test('every diagnostic code has a README heading whose anchor is its docs link', () => {
  for (const [code, info] of Object.entries(FINDING_CODES)) {
    assert.ok(readme.includes(`### ${code} ${info.name}\n`), `README heading for ${code}`);
    assert.ok(codeHref(code as keyof typeof FINDING_CODES).endsWith(`#${code.toLowerCase()}-${info.name}`));
  }
});

test('every CLI command in --help is documented in README', () => {
  const cmds = [...HELP.matchAll(/^ {2}([a-z-]+) /gm)].map((m) => m[1]);
  assert.deepEqual(cmds, [
    'check',
    'explain',
    'init',
    'hook',
    'install-hooks',
    'sync',
    'audit',
    'report',
    'export',
    'transcripts',
  ]);
  for (const c of cmds) assert.ok(readme.includes(`ai-fence ${c}`), `README documents ai-fence ${c}`);
});

test('the language client id matches the settings prefix, so aiFence.trace.server works', () => {
  assert.match(read('client/src/languageClient.ts'), /new LanguageClient\('aiFence'/);
  assert.ok(settings['aiFence.trace.server']);
});

test('@types/vscode is pinned to the engines.vscode floor', () => {
  assert.equal(pkg.engines.vscode, `^${pkg.devDependencies['@types/vscode']}`);
});

test('Tab runs the recording accept only while an inline suggestion is shown, and only when wanted and trusted', () => {
  const tab = pkg.contributes.keybindings.filter((k: { key: string }) => k.key === 'tab');
  assert.deepEqual(
    tab.map((k: { command: string }) => k.command),
    ['aiFence.acceptInlineSuggestion'],
  );
  const when = tab[0].when.split(' && ');
  for (const term of [
    'inlineSuggestionVisible',
    'config.aiFence.completions.record',
    'isWorkspaceTrusted',
    '!suggestWidgetVisible',
  ])
    assert.ok(when.includes(term), term);
});
