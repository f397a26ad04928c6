// The AI switch restores the user's own values exactly, also after a crash.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AiSwitch, shouldSwitchOff, SWITCH_OFF_SETTINGS, type JournalEntry, type SettingValues, type SettingsStore, type Target } from '../../client/src/aiSwitch';

class FakeSettings implements SettingsStore {
  values = new Map<string, Record<Target, unknown>>();
  writes: string[] = [];
  registered = new Set(SWITCH_OFF_SETTINGS.map((s) => s.key));
  failOn = new Set<string>();

  inspect(key: string): SettingValues | undefined {
    if (!this.registered.has(key)) return undefined;
    const v = this.values.get(key) ?? ({} as Record<Target, unknown>);
    return { global: v.global, workspace: v.workspace, workspaceFolder: v.workspaceFolder };
  }

  async update(key: string, value: unknown, target: Target): Promise<void> {
    if (this.failOn.has(key)) throw new Error('not writable');
    this.writes.push(`${target}:${key}=${JSON.stringify(value)}`);
    const v = this.values.get(key) ?? ({} as Record<Target, unknown>);
    if (value === undefined) delete v[target];
    else v[target] = value;
    this.values.set(key, v);
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
  assert.equal(settings.values.get(KEY)!.global, undefined);
  assert.ok(!('global' in settings.values.get(KEY)!), 'the key is removed, not set to undefined');
});

test('a value set by the user comes back exactly, at the level that decided it', async () => {
  const settings = new FakeSettings();
  settings.values.set(KEY, { global: true, workspace: true, workspaceFolder: undefined } as Record<Target, unknown>);
  settings.values.set('github.copilot.enable', { global: { '*': true, markdown: false } } as Record<Target, unknown>);
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
  settings.values.set(KEY, { global: true } as Record<Target, unknown>);
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
  assert.ok(logs.some((l) => l.includes('changed by the user')));
  assert.equal(s.isOff, false);
});

test('unregistered and unwritable settings are skipped without a journal entry', async () => {
  const settings = new FakeSettings();
  settings.registered.delete('github.copilot.enable');
  settings.failOn.add('github.copilot.nextEditSuggestions.enabled');
  const journal = new FakeJournal();
  await new AiSwitch(settings, journal, () => undefined).switchOff();
  assert.deepEqual(journal.entries.map((e) => e.key), [KEY]);
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
  assert.equal(shouldSwitchOff({ ...base, settingOn: false, optedIn: true }), true, '"Disable AI Here" overrides the opt-out');
});
