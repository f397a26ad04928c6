// The extension's log: a LogOutputChannel, echoed to the console under CI so
// test runs show what happened.
import * as vscode from 'vscode';

export type Log = vscode.LogOutputChannel;

export function createLog(): Log {
  const channel = vscode.window.createOutputChannel('AI Fence', { log: true });
  if (process.env.CI === 'true') {
    const echo = (level: string) => (message: string) => console.log(`[AI Fence ${level}] ${message}`);
    for (const level of ['info', 'warn', 'error'] as const) {
      const original = channel[level].bind(channel);
      channel[level] = ((message: string, ...args: unknown[]) => {
        echo(level)(message);
        original(message, ...args);
      }) as typeof channel.info;
    }
  }
  return channel;
}
