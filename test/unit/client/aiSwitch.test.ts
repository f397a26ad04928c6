// The AI switch restores the user's own values exactly, also after a crash.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  AiSwitch,
  DISABLE_ALL_AI_SETTING,
  type JournalEntry,
  type SettingsStore,
  type SettingValues,
  SWITCH_OFF_SETTINGS,
  shouldSwitchOff,
  type Target,
} from '../../../client/src/aiSwitch';

/** Settings of one user with several workspaces; `current` is the one open in the window. */
class FakeSettings implements SettingsStore {
  /** Values by "<target>|<scope>|<key>"; global values have no scope. */
  values = new Map<string, unknown>();
  writes: string[] = [];
  registered = new Set([...SWITCH_OFF_SETTINGS, DISABLE_ALL_AI_SETTING].map((s) => s.key));
  failOn = new Set<string>();
  current = 'ws-A';
  open = new Set(['ws-A']);

  private slot(key: string, target: Target, scope?: string): string {
    return `${target}|${target === 'global' ? '' : (scope ?? this.current)}|${key}`;
  }

  set(key: string, target: Target, value: unknown, scope?: string): void {
    this.values.set(this.slot(key, target, scope), value);
  }

  inspect(key: string, scope?: string): SettingValues | undefined {
    if (!this.registered.has(key)) return undefined;
    return {
      global: this.values.get(this.slot(key, 'global')),
      workspace: this.values.get(this.slot(key, 'workspace', scope)),
      workspaceFolder: this.values.get(this.slot(key, 'workspaceFolder', scope)),
    };
  }

  async update(key: string, value: unknown, target: Target, scope?: string): Promise<void> {
    if (this.failOn.has(key)) throw new Error('not writable');
    this.writes.push(`${target}:${key}=${JSON.stringify(value)}`);
    if (value === undefined) this.values.delete(this.slot(key, target, scope));
    else this.values.set(this.slot(key, target, scope), value);
  }

  scopeOf(): string {
    return this.current;
  }

  isOpen(scope: string): boolean {
    return this.open.has(scope);
  }
}

class FakeJournal {
  entries: JournalEntry[] = [];
  get = () => this.entries;
  set = async (e: JournalEntry[]) => {
    this.entries = e;
  };
}

const KEY = 'editor.inlineSuggest.enabled';

test('switching off writes the off value at the user level and restore brings back "unset"', async () => {
  const settings = new FakeSettings();
  const journal = new FakeJournal();
  const s = new AiSwitch(settings, journal);
  await s.switchOff();
  assert.equal(s.isOff, true);
  assert.equal(settings.inspect(KEY)!.global, false);
  assert.deepEqual(settings.inspect('github.copilot.enable')!.global, { '*': false });
  await s.restore();
  assert.equal(s.isOff, false);
  assert.equal(settings.inspect(KEY)!.global, undefined);
  assert.ok(!settings.values.has(`global||${KEY}`), 'the key is removed, not set to undefined');
});

test('a value set by the user comes back exactly, at the level that decided it', async () => {
  const settings = new FakeSettings();
  settings.set(KEY, 'global', true);
  settings.set(KEY, 'workspace', true);
  settings.set('github.copilot.enable', 'global', { '*': true, markdown: false });
  const s = new AiSwitch(settings, new FakeJournal());
  await s.switchOff();
  assert.equal(settings.inspect(KEY)!.workspace, false, 'the workspace value decides, so it is the one switched');
  assert.equal(settings.inspect(KEY)!.global, true, 'the user level is untouched');
  await s.restore();
  assert.equal(settings.inspect(KEY)!.workspace, true);
  assert.deepEqual(settings.inspect('github.copilot.enable')!.global, { '*': true, markdown: false });
});

test('a crash is recovered from the journal by a new instance', async () => {
  const settings = new FakeSettings();
  settings.set(KEY, 'global', true);
  const journal = new FakeJournal();
  await new AiSwitch(settings, journal).switchOff();
  // The extension host dies here; a new activation restores from the same journal.
  const revived = new AiSwitch(settings, journal);
  assert.equal(revived.isOff, true);
  await revived.restore();
  assert.equal(settings.inspect(KEY)!.global, true);
  assert.deepEqual(journal.entries, []);
});

test('the journal is written before the setting, so a crash between them loses nothing', async () => {
  const settings = new FakeSettings();
  const journal = new FakeJournal();
  const order: string[] = [];
  const origSet = journal.set;
  journal.set = async (e) => {
    order.push(`journal:${e.length}`);
    await origSet(e);
  };
  const origUpdate = settings.update.bind(settings);
  settings.update = async (k, v, t) => {
    order.push(`write:${k}`);
    await origUpdate(k, v, t);
  };
  await new AiSwitch(settings, journal).switchOff();
  assert.deepEqual(order.slice(0, 2), ['journal:1', `write:${KEY}`]);
});

test('a value the user changed while AI was off is kept', async () => {
  const settings = new FakeSettings();
  const journal = new FakeJournal();
  const logs: string[] = [];
  const s = new AiSwitch(settings, journal, (m) => logs.push(m));
  await s.switchOff();
  await settings.update(KEY, true, 'global');
  await s.restore();
  assert.equal(settings.inspect(KEY)!.global, true);
  assert.deepEqual(logs, [`${KEY} was changed by the user while AI was off; keeping the user's value`]);
  assert.equal(s.isOff, false);
});

test('unregistered and unwritable settings are skipped without a journal entry', async () => {
  const settings = new FakeSettings();
  settings.registered.delete('github.copilot.enable');
  settings.failOn.add('github.copilot.nextEditSuggestions.enabled');
  const journal = new FakeJournal();
  await new AiSwitch(settings, journal, () => undefined).switchOff();
  assert.deepEqual(
    journal.entries.map((e) => e.key),
    SWITCH_OFF_SETTINGS.map((x) => x.key).filter(
      (k) => k !== 'github.copilot.enable' && k !== 'github.copilot.nextEditSuggestions.enabled',
    ),
  );
});

test("each assistant's completion and current-file settings are switched off and come back exactly", async () => {
  const settings = new FakeSettings();
  const userValues: Record<string, unknown> = {
    'chat.implicitContext.enabled': { panel: 'first' },
    'github.copilot.chat.agent.currentEditorContext.enabled': true,
    'continue.enableTabAutocomplete': true,
    'cody.suggestions.mode': 'auto-edit',
    'tabnine.disableFileRegex': ['\\.env$'],
  };
  for (const [k, v] of Object.entries(userValues)) settings.set(k, 'global', v);
  const s = new AiSwitch(settings, new FakeJournal());
  await s.switchOff();
  assert.deepEqual(Object.fromEntries(SWITCH_OFF_SETTINGS.map(({ key }) => [key, settings.inspect(key)!.global])), {
    'editor.inlineSuggest.enabled': false,
    'chat.implicitContext.enabled': { panel: 'never' },
    'github.copilot.enable': { '*': false },
    'github.copilot.nextEditSuggestions.enabled': false,
    'github.copilot.chat.agent.currentEditorContext.enabled': false,
    'continue.enableTabAutocomplete': false,
    'continue.enableNextEdit': false,
    'cody.suggestions.mode': 'off',
    'tabnine.disableFileRegex': ['.*'],
  });
  assert.equal(settings.inspect(DISABLE_ALL_AI_SETTING.key)!.global, undefined, 'the stronger mode is opt-in');
  await s.restore();
  for (const { key } of SWITCH_OFF_SETTINGS) assert.deepEqual(settings.inspect(key)!.global, userValues[key], key);
});

test('the stronger mode also sets chat.disableAIFeatures, added while already off, and survives a crash', async () => {
  const settings = new FakeSettings();
  const journal = new FakeJournal();
  await new AiSwitch(settings, journal).switchOff(false);
  const before = settings.writes.length;
  await new AiSwitch(settings, journal).switchOff(true);
  assert.deepEqual(settings.writes.slice(before), ['global:chat.disableAIFeatures=true'], 'only the new setting');
  // Crash; the next activation restores everything, the stronger mode included.
  await new AiSwitch(settings, journal).restore();
  assert.equal(settings.inspect('chat.disableAIFeatures')!.global, undefined);
  assert.equal(settings.inspect(KEY)!.global, undefined);
  assert.deepEqual(journal.entries, []);
});

test('switching off twice and restoring twice is idempotent; concurrent calls are serialised', async () => {
  const settings = new FakeSettings();
  const journal = new FakeJournal();
  const s = new AiSwitch(settings, journal);
  await Promise.all([s.switchOff(), s.switchOff(), s.restore(), s.switchOff()]);
  assert.equal(s.isOff, true);
  assert.equal(journal.entries.filter((e) => e.key === KEY).length, 1);
  await Promise.all([s.restore(), s.restore()]);
  assert.equal(settings.inspect(KEY)!.global, undefined);
});

test('inline AI is switched off only in blocked zones, when wanted, and never in an untrusted workspace', () => {
  const base = { blocked: true, settingOn: true, optedIn: false, trusted: true };
  assert.equal(shouldSwitchOff(base), true);
  assert.equal(shouldSwitchOff({ ...base, trusted: false }), false, 'untrusted: no settings writes');
  assert.equal(shouldSwitchOff({ ...base, blocked: false }), false);
  assert.equal(shouldSwitchOff({ ...base, settingOn: false }), false, 'opt-out setting');
  assert.equal(
    shouldSwitchOff({ ...base, settingOn: false, optedIn: true }),
    true,
    '"Disable AI Here" overrides the opt-out',
  );
});

test('a workspace-level value is restored in its own workspace, not in whichever is open after a crash', async () => {
  const settings = new FakeSettings();
  settings.set(KEY, 'workspace', true, 'ws-A');
  settings.set(KEY, 'workspace', false, 'ws-B');
  const journal = new FakeJournal();
  await new AiSwitch(settings, journal).switchOff();
  assert.equal(settings.inspect(KEY, 'ws-A')!.workspace, false);
  // Crash; the next window opens workspace B, where the user happens to have false too.
  settings.current = 'ws-B';
  settings.open = new Set(['ws-B']);
  const inB = new AiSwitch(settings, journal);
  await inB.restore();
  assert.equal(inB.isOff, false, "user-level values are back, and A's workspace value does not count in B");
  assert.equal(settings.inspect('github.copilot.enable')!.global, undefined, 'user-level values restored in B');
  assert.equal(settings.inspect(KEY, 'ws-B')!.workspace, false, 'B untouched');
  assert.equal(settings.inspect(KEY, 'ws-A')!.workspace, false, 'A still waits');
  assert.deepEqual(
    journal.entries.map((e) => [e.key, e.scope]),
    [[KEY, 'ws-A']],
    'the entry waits for workspace A',
  );
  // Workspace A opens again: its value comes back.
  settings.current = 'ws-A';
  settings.open = new Set(['ws-A']);
  await new AiSwitch(settings, journal).restore();
  assert.equal(settings.inspect(KEY, 'ws-A')!.workspace, true);
  assert.deepEqual(journal.entries, []);
});
