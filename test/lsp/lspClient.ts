// A minimal LSP client for tests: spawns the built server (dist/server.js)
// over stdio, answers the requests a real editor answers, and records what
// the server publishes so tests can wait for it with a deadline.
import { type ChildProcess, spawn } from 'node:child_process';
import * as os from 'node:os';
import * as path from 'node:path';
import {
  CodeAction,
  type CodeActionParams,
  CodeActionRequest,
  createProtocolConnection,
  type Hover,
  type HoverParams,
  HoverRequest,
  type ProtocolConnection,
  type PublishDiagnosticsParams,
  StreamMessageReader,
  StreamMessageWriter,
} from 'vscode-languageserver-protocol/node';
import { pathToUri } from '../../server/src/lsp/uris';
import { PolicyStateNotification, type ServerSettings } from '../../server/src/protocol';

export const SERVER_JS = path.resolve(__dirname, '../../../dist/server.js');

export interface StartOptions {
  readonly root: string;
  /** The workspace folders (default: the root alone). */
  readonly folders?: readonly string[];
  readonly settings?: Partial<ServerSettings>;
  readonly initializationOptions?: object;
  readonly workDoneProgress?: boolean;
  readonly env?: NodeJS.ProcessEnv;
  /** Another copy of the server bundle (default SERVER_JS). */
  readonly serverJs?: string;
}

/** The servers' state directory in tests, outside every test workspace. */
export const TEST_STATE_HOME = path.join(os.tmpdir(), 'aifence-lsp-test-state');

export class TestClient {
  readonly diagnostics = new Map<string, PublishDiagnosticsParams>();
  /** Every diagnostics notification, in order. */
  readonly published: PublishDiagnosticsParams[] = [];
  readonly policyStates: PolicyStateNotification.Params[] = [];
  readonly progress: unknown[] = [];
  readonly configurationRequests: unknown[] = [];
  /** The server's window/logMessage texts. */
  readonly logs: string[] = [];
  settings: Partial<ServerSettings>;
  private waiters: (() => void)[] = [];
  private versions = new Map<string, number>();

  private constructor(
    readonly connection: ProtocolConnection,
    readonly process: ChildProcess,
    settings: Partial<ServerSettings>,
  ) {
    this.settings = settings;
  }

  static async start(options: StartOptions): Promise<TestClient> {
    const child = spawn(process.execPath, [options.serverJs ?? SERVER_JS, '--stdio'], {
      env: {
        ...process.env,
        AIFENCE_MANAGED_POLICY: path.join(options.root, '.no-managed-policy.json'),
        // The scan's check cache, keyed by root: never the user's own state directory.
        XDG_STATE_HOME: TEST_STATE_HOME,
        ...options.env,
      },
      stdio: ['pipe', 'pipe', 'inherit'],
    });
    const connection = createProtocolConnection(
      new StreamMessageReader(child.stdout!),
      new StreamMessageWriter(child.stdin!),
    );
    const client = new TestClient(connection, child, options.settings ?? {});
    connection.onNotification('textDocument/publishDiagnostics', (p: PublishDiagnosticsParams) => {
      client.diagnostics.set(p.uri, p);
      client.published.push(p);
      client.wake();
    });
    connection.onNotification(PolicyStateNotification.type, (p) => {
      client.policyStates.push(p);
      client.wake();
    });
    connection.onNotification('window/logMessage', (p: { message: string }) => {
      client.logs.push(p.message);
      if (process.env.AIFENCE_TEST_LOG) console.log('[server]', p.message);
      client.wake();
    });
    connection.onNotification('$/progress', (p: unknown) => {
      client.progress.push(p);
      client.wake();
    });
    connection.onRequest('workspace/configuration', (p: { items: unknown[] }) => {
      client.configurationRequests.push(p);
      return p.items.map(() => client.settings);
    });
    connection.onRequest('window/workDoneProgress/create', () => null);
    connection.onRequest('client/registerCapability', () => null);
    connection.listen();
    await connection.sendRequest('initialize', {
      processId: process.pid,
      rootUri: pathToUri(options.root),
      workspaceFolders: (options.folders ?? [options.root]).map((f, i) => ({ uri: pathToUri(f), name: `folder${i}` })),
      initializationOptions: options.initializationOptions ?? {},
      capabilities: {
        workspace: { configuration: true, didChangeWatchedFiles: { dynamicRegistration: true } },
        window: { workDoneProgress: options.workDoneProgress ?? true },
        textDocument: { publishDiagnostics: { versionSupport: true } },
      },
    });
    await connection.sendNotification('initialized', {});
    return client;
  }

  private wake(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const w of waiters) w();
  }

  /** Resolves when `check` returns a value other than undefined; fails after the deadline. */
  async waitFor<T>(what: string, check: () => T | undefined, timeoutMs = 10_000): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const value = check();
      if (value !== undefined) return value;
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`timed out waiting for ${what}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, Math.min(left, 200));
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  /** Diagnostics for `uri` at exactly `version` (or any version for unopened files). */
  diagnosticsFor(uri: string, version?: number): Promise<PublishDiagnosticsParams> {
    return this.waitFor(`diagnostics of ${uri}${version !== undefined ? ` v${version}` : ''}`, () => {
      const d = this.diagnostics.get(uri);
      return d && (version === undefined || d.version === version) ? d : undefined;
    });
  }

  /** The log line of the first workspace scan, once it has finished. */
  scanLog(): Promise<string> {
    return this.waitFor('the scan log', () => this.logs.find((l) => l.startsWith('workspace scan:')));
  }

  /** The codes of a file's diagnostics, once it has any. */
  findingCodes(file: string): Promise<string[]> {
    return this.waitFor(`findings on ${file}`, () => {
      const ds = this.diagnostics.get(pathToUri(file))?.diagnostics;
      return ds?.length ? ds.map((d) => String(d.code)) : undefined;
    });
  }

  open(file: string, text: string, languageId = 'plaintext'): { uri: string; version: number } {
    const uri = pathToUri(file);
    this.versions.set(uri, 1);
    void this.connection.sendNotification('textDocument/didOpen', {
      textDocument: { uri, languageId, version: 1, text },
    });
    return { uri, version: 1 };
  }

  change(uri: string, contentChanges: unknown[]): number {
    const version = (this.versions.get(uri) ?? 1) + 1;
    this.versions.set(uri, version);
    void this.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges });
    return version;
  }

  close(uri: string): void {
    void this.connection.sendNotification('textDocument/didClose', { textDocument: { uri } });
  }

  watchedFilesChanged(changes: { uri: string; type: 1 | 2 | 3 }[]): void {
    void this.connection.sendNotification('workspace/didChangeWatchedFiles', { changes });
  }

  /** The code actions for a range (the server answers with code actions only, never bare commands). */
  async codeActions(params: CodeActionParams): Promise<CodeAction[]> {
    return ((await this.connection.sendRequest(CodeActionRequest.type, params)) ?? []).filter(CodeAction.is);
  }

  hover(params: HoverParams): Promise<Hover | null> {
    return this.connection.sendRequest(HoverRequest.type, params);
  }

  async stop(): Promise<void> {
    try {
      await Promise.race([this.connection.sendRequest('shutdown'), new Promise((r) => setTimeout(r, 2000))]);
      await this.connection.sendNotification('exit').catch(() => undefined);
    } catch {
      // The server may already be gone; killing it below is what matters.
    }
    this.connection.dispose();
    this.process.kill();
  }
}
