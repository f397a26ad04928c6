// Starts the AI Fence language server and keeps it running: a crashed server
// is restarted up to MAX_RESTARTS times in RESTART_WINDOW_MS, then left
// stopped with a visible error rather than restarted forever.
import * as vscode from 'vscode';
import {
  CloseAction,
  ErrorAction,
  type ErrorHandler,
  LanguageClient,
  type LanguageClientOptions,
  type ServerOptions,
  TransportKind,
} from 'vscode-languageclient/node';
import type { InitializationOptions } from '../../server/src/protocol';
import type { Log } from './log';
import { clientSettings, serverSettings } from './settings';

export const MAX_RESTARTS = 4;
export const RESTART_WINDOW_MS = 3 * 60 * 1000;

export interface ClientEvents {
  onCrash(restarting: boolean, crashes: number): void;
}

export interface ManagedClient {
  readonly client: LanguageClient;
  /** Forgets earlier crashes, after the user restarts the server on purpose. */
  forgetCrashes(): void;
}

export function createLanguageClient(context: vscode.ExtensionContext, log: Log, events: ClientEvents): ManagedClient {
  const module = context.asAbsolutePath('dist/server.js');
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.ipc },
    debug: { module, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6011'] } },
  };
  const crashes: number[] = [];
  const errorHandler: ErrorHandler = {
    error: () => ({ action: ErrorAction.Continue }),
    closed: () => {
      const now = Date.now();
      crashes.push(now);
      while (crashes.length && now - crashes[0] > RESTART_WINDOW_MS) crashes.shift();
      const restart = crashes.length <= MAX_RESTARTS;
      log.error(
        `AI Fence server stopped unexpectedly (${crashes.length} in the last ${RESTART_WINDOW_MS / 60000} minutes); ${restart ? 'restarting' : 'not restarting again'}`,
      );
      events.onCrash(restart, crashes.length);
      return restart
        ? { action: CloseAction.Restart }
        : {
            action: CloseAction.DoNotRestart,
            message:
              'The AI Fence server crashed repeatedly and was stopped. Run "AI Fence: Restart Server" after checking the logs.',
          };
    },
  };
  // A function, so a restart after the user trusts the workspace passes the new trust.
  const initializationOptions = (): InitializationOptions => ({
    managedPolicyPath: clientSettings().managedPolicyPath,
    trusted: vscode.workspace.isTrusted,
  });
  const clientOptions: LanguageClientOptions = {
    documentSelector: [{ scheme: 'file' }, { scheme: 'untitled' }, { scheme: 'vscode-notebook-cell' }],
    outputChannel: log,
    initializationOptions,
    errorHandler,
    middleware: {
      workspace: {
        // Answer with typed settings, so the server never reads raw VS Code keys.
        configuration: (params) =>
          params.items.map((item) => {
            const scope = item.scopeUri ? vscode.Uri.parse(item.scopeUri) : undefined;
            return item.section === 'aiFence' ? serverSettings(scope) : null;
          }),
      },
    },
  };
  return {
    client: new LanguageClient('aiFence', 'AI Fence', serverOptions, clientOptions),
    forgetCrashes: () => {
      crashes.length = 0;
    },
  };
}
