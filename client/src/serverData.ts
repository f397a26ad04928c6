// The engine's data the client shows (built-in tools, the starter policy),
// asked from the server once: it never changes while the extension runs, and
// kept, so "Create Policy" still works while a crashed server is stopped.
import type { LanguageClient } from 'vscode-languageclient/node';
import { ServerDataRequest } from '../../server/src/protocol';

export class ServerData {
  private data: Promise<ServerDataRequest.Result> | undefined;

  constructor(private readonly client: LanguageClient) {}

  get(): Promise<ServerDataRequest.Result> {
    this.data ??= this.client.sendRequest(ServerDataRequest.type).catch((e: unknown) => {
      this.data = undefined; // ask again next time
      throw e;
    });
    return this.data;
  }
}
