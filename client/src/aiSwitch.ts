// Switching AI completions and AI use of the open file off while the active editor is in a blocked zone, and
// putting the user's own values back exactly, even after a crash: every
// change is journalled before it is written, and the journal is replayed on
// the next activation. Pure logic over injected stores, so it is unit-tested.

export type Target = 'global' | 'workspace' | 'workspaceFolder';

export interface SettingValues {
  readonly global?: unknown;
  readonly workspace?: unknown;
  readonly workspaceFolder?: unknown;
}

export interface SettingsStore {
  /**
   * Values as set at each level, for the folder `scope` names (the active
   * editor's when omitted); undefined means unset there. Undefined result:
   * setting not registered.
   */
  inspect(key: string, scope?: string): SettingValues | undefined;
  update(key: string, value: unknown, target: Target, scope?: string): Promise<void>;
  /** Which workspace or folder a non-global target means now, as a stable id. */
  scopeOf(target: Target): string | undefined;
  /** Whether the workspace or folder a journal entry names is open in this window. */
  isOpen(scope: string): boolean;
}

export interface JournalStore {
  get(): JournalEntry[];
  set(entries: JournalEntry[]): Promise<void>;
}

export interface JournalEntry {
  readonly key: string;
  readonly target: Target;
  /** Whether the user had a value at this level, and which. */
  readonly hadValue: boolean;
  readonly previous?: unknown;
  /** What AI Fence wrote, to tell whether the user changed it since. */
  readonly written: unknown;
  /** The workspace or folder a non-global target belongs to. */
  readonly scope?: string;
}

export interface SwitchSetting {
  readonly key: string;
  /** The value that turns the feature off. */
  readonly off: unknown;
}

/**
 * Settings that stop AI completions and AI use of the open file, with their
 * "off" values, from each assistant's own contributed configuration. Settings
 * of assistants that are not installed are unregistered and skipped.
 * Assistants whose manifests are not public (Windsurf/Codeium, Supermaven,
 * Gemini Code Assist, Augment) and Amazon Q (a command toggle, no setting) are
 * covered only by VS Code's own `editor.inlineSuggest.enabled`.
 */
export const SWITCH_OFF_SETTINGS: readonly SwitchSetting[] = [
  // VS Code: hides every inline completion provider's ghost text.
  { key: 'editor.inlineSuggest.enabled', off: false },
  // VS Code chat attaching the active editor (default { panel: 'always' }):
  // microsoft/vscode src/vs/workbench/contrib/chat/browser/chat.contribution.ts @0d8e63a42042dc620ffa60552fc7ca4da73af198
  { key: 'chat.implicitContext.enabled', off: { panel: 'never' } },
  // Copilot: microsoft/vscode-copilot-chat package.json @31acd00a86424e2ee6e980e54919cf31fbf88030 (0.42.0)
  { key: 'github.copilot.enable', off: { '*': false } },
  { key: 'github.copilot.nextEditSuggestions.enabled', off: false },
  { key: 'github.copilot.chat.agent.currentEditorContext.enabled', off: false },
  // Continue: continuedev/continue extensions/vscode/package.json @d0a3c0b626b5bebc3bef4742eec05a0242be0bab (1.3.40)
  { key: 'continue.enableTabAutocomplete', off: false },
  { key: 'continue.enableNextEdit', off: false },
  // Cody: sourcegraph/cody vscode/package.json @dced3c1d49bc2088e489205dc26f22757f52961a (1.114.0)
  { key: 'cody.suggestions.mode', off: 'off' },
  // Tabnine: codota/tabnine-vscode package.json @d87ffa313dcd57eebaf73db70e80c24abd25dd2f (3.51.0);
  // src/provideCompletionItems.ts tests each regex against the file name.
  { key: 'tabnine.disableFileRegex', off: ['.*'] },
];

/** Opt-in stronger mode: VS Code's switch for all built-in AI features (chat, completions, agents). */
export const DISABLE_ALL_AI_SETTING: SwitchSetting = { key: 'chat.disableAIFeatures', off: true };

/** What a switch-off writes: the settings above, plus the global AI switch when asked for. */
export function switchOffSettings(disableAllAi: boolean): readonly SwitchSetting[] {
  return disableAllAi ? [...SWITCH_OFF_SETTINGS, DISABLE_ALL_AI_SETTING] : SWITCH_OFF_SETTINGS;
}

const equal = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** The most specific level that has a value, which is the one that decides the effective value. */
function decidingTarget(v: SettingValues): Target {
  if (v.workspaceFolder !== undefined) return 'workspaceFolder';
  if (v.workspace !== undefined) return 'workspace';
  return 'global';
}

export class AiSwitch {
  private busy: Promise<void> = Promise.resolve();

  constructor(
    private readonly settings: SettingsStore,
    private readonly journal: JournalStore,
    private readonly log: (message: string) => void = () => undefined,
  ) {}

  /** Whether AI Fence has AI switched off in this window. */
  get isOff(): boolean {
    return this.journal.get().some((e) => e.scope === undefined || this.settings.isOpen(e.scope));
  }

  /**
   * Turns AI off (idempotent: settings already journalled are left alone, so
   * turning the stronger mode on while off adds only its setting).
   * Serialised with restore().
   */
  switchOff(disableAllAi = false): Promise<void> {
    return this.serial(async () => {
      for (const { key, off } of switchOffSettings(disableAllAi)) {
        if (this.journalled(key)) continue;
        const values = this.settings.inspect(key);
        if (!values) continue;
        const target = decidingTarget(values);
        const previous = values[target];
        if (equal(previous, off)) continue;
        const scope = target === 'global' ? undefined : this.settings.scopeOf(target);
        const entry: JournalEntry = { key, target, hadValue: previous !== undefined, previous, written: off, scope };
        await this.journal.set([...this.journal.get(), entry]);
        try {
          await this.settings.update(key, off, target, scope);
        } catch (e) {
          this.log(`could not switch off ${key}: ${(e as Error).message}`);
          await this.journal.set(
            this.journal.get().filter((x) => x !== entry && !(x.key === key && x.target === target)),
          );
        }
      }
    });
  }

  /**
   * Puts back every journalled value, unless the user changed it since.
   * Entries of a workspace or folder not open in this window wait for it.
   */
  restore(): Promise<void> {
    return this.serial(async () => {
      const entries = [...this.journal.get()].reverse();
      for (const entry of entries) {
        if (entry.scope !== undefined && !this.settings.isOpen(entry.scope)) continue;
        const current = this.settings.inspect(entry.key, entry.scope)?.[entry.target];
        if (equal(current, entry.written)) {
          try {
            await this.settings.update(
              entry.key,
              entry.hadValue ? entry.previous : undefined,
              entry.target,
              entry.scope,
            );
          } catch (e) {
            this.log(`could not restore ${entry.key}: ${(e as Error).message}`);
            continue;
          }
        } else {
          this.log(`${entry.key} was changed by the user while AI was off; keeping the user's value`);
        }
        await this.journal.set(
          this.journal
            .get()
            .filter(
              (x) => x !== entry && !(x.key === entry.key && x.target === entry.target && x.scope === entry.scope),
            ),
        );
      }
    });
  }

  private journalled(key: string): boolean {
    return this.journal.get().some((e) => e.key === key && (e.scope === undefined || this.settings.isOpen(e.scope)));
  }

  private serial(work: () => Promise<void>): Promise<void> {
    const next = this.busy.then(work, work);
    this.busy = next.catch(() => undefined);
    return next;
  }
}

/**
 * Whether inline AI must be off for the active editor: only in a zone that
 * blocks AI, when the user wants it (setting, or "Disable AI Here"), and
 * never in an untrusted workspace, where AI Fence changes no settings.
 */
export function shouldSwitchOff(input: {
  blocked: boolean;
  settingOn: boolean;
  optedIn: boolean;
  trusted: boolean;
}): boolean {
  return input.blocked && (input.settingOn || input.optedIn) && input.trusted;
}
