// Wires the engine to an LSP connection. startServer() takes any connection,
// so tests can run the real server in-process over a pair of streams.
import { CodeActionKind, type Connection, type InitializeResult, TextDocumentSyncKind } from 'vscode-languageserver';
import { FIX_ALL_KIND } from '../protocol';
import { clientFeatures, createParts } from './parts';
import { registerRequestHandlers } from './requestHandlers';
import { registerSyncHandlers } from './syncHandlers';

const INITIALIZE_RESULT: InitializeResult = {
  capabilities: {
    textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental },
    codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, FIX_ALL_KIND] },
    hoverProvider: true,
    workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
  },
  serverInfo: { name: 'AI Fence' },
};

export function startServer(connection: Connection): void {
  // Everything depends on the initialize request (folders, managed policy, client capabilities),
  // so the parts and the handlers that use them are made once, when it arrives.
  connection.onInitialize((params) => {
    const parts = createParts(connection, params);
    registerSyncHandlers(parts, clientFeatures(params));
    registerRequestHandlers(parts);
    return INITIALIZE_RESULT;
  });
  connection.listen();
}
