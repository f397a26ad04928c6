// Switching inline AI off while the active editor is in a blocked zone, and
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

/** Settings that turn inline AI suggestions off, with their "off" values. */
export const SWITCH_OFF_SETTINGS: readonly { readonly key: string; readonly off: unknown }[] = [
  { key: 'editor.inlineSuggest.enabled', off: false },
  { key: 'github.copilot.enable', off: { '*': false } },
  { key: 'github.copilot.nextEditSuggestions.enabled', off: false },
];

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

  /** Whether AI Fence has inline AI switched off in this window. */
  get isOff(): boolean {
    return this.journal.get().some((e) => e.scope === undefined || this.settings.isOpen(e.scope));
  }

  /** Turns inline AI off (idempotent). Serialised with restore(). */
  switchOff(): Promise<void> {
    return this.serial(async () => {
      if (this.isOff) return;
      for (const { key, off } of SWITCH_OFF_SETTINGS) {
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
