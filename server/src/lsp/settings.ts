// Per-resource settings pulled from the client with workspace/configuration.
import type { Connection } from 'vscode-languageserver';
import { DEFAULT_MAX_FILE_BYTES } from '../engine';
import type { ServerSettings } from '../protocol';

/** What applies when the client answers no configuration request (package.json has the same defaults). */
export const DEFAULT_SERVER_SETTINGS: ServerSettings = {
  enable: true,
  workspaceScan: true,
  maxFileSize: DEFAULT_MAX_FILE_BYTES,
  transcripts: { enable: true },
};

export class SettingsCache {
  private readonly cache = new Map<string, Promise<ServerSettings>>();
  constructor(
    private readonly connection: Connection,
    /** Whether the client answers workspace/configuration; defaults apply when it does not. */
    private readonly supported: boolean,
  ) {}

  get(scopeUri: string): Promise<ServerSettings> {
    if (!this.supported) return Promise.resolve(DEFAULT_SERVER_SETTINGS);
    let p = this.cache.get(scopeUri);
    if (!p) {
      p = this.connection.workspace
        .getConfiguration({ scopeUri, section: 'aiFence' })
        .then((raw: Partial<ServerSettings> | null) => ({ ...DEFAULT_SERVER_SETTINGS, ...(raw ?? {}) }))
        .catch(() => DEFAULT_SERVER_SETTINGS);
      this.cache.set(scopeUri, p);
    }
    return p;
  }

  clear(): void {
    this.cache.clear();
  }
}
