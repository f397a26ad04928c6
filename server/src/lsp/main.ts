// Language server process entry: stdio, node IPC or a socket, chosen by the
// command-line flags vscode-languageclient passes.
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { startServer } from './server';

startServer(createConnection(ProposedFeatures.all));
