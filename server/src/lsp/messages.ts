// protocol.ts's typed messages on the server's connection.
// vscode-languageserver 10.1.2 pins vscode-jsonrpc 9, while protocol.ts's
// message types come from vscode-jsonrpc 10 (vscode-languageclient 11's).
// jsonrpc's message classes are nominal to the compiler and compared by
// identity at run time, so the connection accepts neither copy's objects as
// the other's. These functions keep every call site typed by protocol.ts and
// hand the connection the method name. Delete them once vscode-languageserver
// is 11 (one jsonrpc copy) and pass the types to the connection directly.
import type { Connection } from 'vscode-languageserver';
import type { NotificationType, RequestType, RequestType0 } from 'vscode-languageserver-protocol';

export function onRequest<P, R>(
  connection: Connection,
  type: RequestType<P, R, void>,
  handler: (params: P) => R | Promise<R>,
): void;
export function onRequest<R>(connection: Connection, type: RequestType0<R, void>, handler: () => R | Promise<R>): void;
export function onRequest(
  connection: Connection,
  type: { readonly method: string },
  handler: (params: never) => unknown,
): void {
  connection.onRequest(type.method, handler);
}

export function sendNotification<P>(connection: Connection, type: NotificationType<P>, params: P): Promise<void> {
  return connection.sendNotification(type.method, params);
}
