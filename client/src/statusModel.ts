// What the status-bar item shows, as a pure function of the state, so the
// wording is unit-tested without VS Code.
import type { FileStatusRequest, PolicyStateNotification, TranscriptStatusRequest } from '../../server/src/protocol';
import type { DetectedAssistant } from './assistants';
import { COMMANDS } from './commandIds';

export type ServerState = 'starting' | 'running' | 'restarting' | 'stopped';

export interface StatusInput {
  readonly status: FileStatusRequest.Result | undefined;
  readonly policy: PolicyStateNotification.Params | undefined;
  readonly server: ServerState;
  /** How often the server crashed and was restarted in this session. */
  readonly crashes: number;
  readonly aiSwitchedOff: boolean;
  readonly assistants: readonly DetectedAssistant[];
  readonly trusted: boolean;
  /** Agent hooks and ignore files of the active file's folder, when known. */
  readonly agentSetup?: {
    readonly hooks: 'installed' | 'missing' | 'unknown';
    readonly ignoreFiles: 'in-sync' | 'drifted' | 'unknown';
  };
  /** What the server's transcript index holds, when known. */
  readonly transcripts?: TranscriptStatusRequest.Result;
}

export interface StatusView {
  readonly text: string;
  readonly background: 'error' | 'warning' | undefined;
  /** Markdown with command links (the tooltip is marked trusted for these commands only). */
  readonly tooltip: string;
}

const escapeMarkdown = (s: string) => s.replace(/[\\`*_{}[\]()#+\-.!|<>]/g, '\\$&');

export function statusView(input: StatusInput): StatusView {
  const { status, policy } = input;
  if (input.server === 'stopped') {
    return {
      text: '$(error) AI Fence: server stopped',
      background: 'error',
      tooltip: `The AI Fence server stopped after ${input.crashes} crashes.\n\n[Restart server](command:${COMMANDS.restartServer}) · [Show logs](command:${COMMANDS.showLogs})`,
    };
  }
  if (policy && !policy.valid) {
    const e = policy.errors[0];
    const where = e ? `${e.uri}:${e.line + 1}` : '';
    return {
      text: '$(error) AI Fence: policy invalid',
      background: 'error',
      tooltip: `**Policy invalid**: ${escapeMarkdown(e?.message ?? 'unknown error')}\n\n${where ? `[Open ${escapeMarkdown(where)}](${e!.uri}#L${e!.line + 1})\n\n` : ''}The last valid policy still applies.\n\n[Show logs](command:${COMMANDS.showLogs})`,
    };
  }
  let text: string;
  let background: StatusView['background'];
  if (!status?.checked) {
    text = '$(shield) AI Fence';
    background = undefined;
  } else if (status.ai === 'block') {
    text = `$(shield) AI blocked${status.zone ? ` · ${status.zone.name}` : ''}`;
    background = 'error';
  } else if (status.ai === 'warn') {
    text = `$(warning) AI warn${status.zone ? ` · ${status.zone.name}` : ''}`;
    background = 'warning';
  } else {
    text = '$(check) AI allowed';
    background = undefined;
  }
  if (input.aiSwitchedOff) text += ' · AI off';
  if (input.server === 'restarting') text += ' $(sync~spin)';
  return { text, background, tooltip: tooltip(input) };
}

function tooltip(input: StatusInput): string {
  const { status } = input;
  const parts: string[] = [];
  if (!input.trusted)
    parts.push(
      '**Restricted mode**: this workspace is not trusted, so AI Fence only reports; it changes no settings and writes no files.',
    );
  if (input.crashes > 0)
    parts.push(
      `$(warning) The AI Fence server crashed ${input.crashes} time${input.crashes === 1 ? '' : 's'} and was restarted.`,
    );
  if (status?.checked) {
    const zone = status.zone;
    parts.push(
      zone
        ? `**Zone \`${escapeMarkdown(zone.name)}\`**: AI ${zone.ai === 'block' ? 'blocked' : zone.ai === 'warn' ? 'allowed with a warning' : 'allowed'}, provenance ${status.provenance}.` +
            `${zone.message ? `\n\n> ${escapeMarkdown(zone.message)}` : ''}\n\n[Policy line ${zone.line + 1}](${zone.policyUri}#L${zone.line + 1})`
        : `No zone: AI ${status.ai === 'block' ? 'blocked' : status.ai === 'warn' ? 'allowed with a warning' : 'allowed'} by the policy defaults.`,
    );
    const strict = status.rules.filter((r) => r.ai !== 'allow');
    if (strict.length && strict.length < status.rules.length) {
      parts.push(
        `Rules per tool: ${strict.map((r) => `${escapeMarkdown(r.toolName)} ${r.ai}`).join(', ')}; others allowed.`,
      );
    }
    parts.push(
      `This file: ${status.aiBlocks} labelled AI block${status.aiBlocks === 1 ? '' : 's'}, ${status.unlabeled} unlabeled AI region${status.unlabeled === 1 ? '' : 's'}.`,
    );
  }
  if (input.aiSwitchedOff)
    parts.push(
      '$(circle-slash) AI Fence has switched AI completions and AI use of this file off here; they come back when you leave the zone.',
    );
  const tx = input.transcripts;
  if (tx)
    parts.push(
      tx.enabled
        ? `AI transcripts: ${tx.stores} source${tx.stores === 1 ? '' : 's'} indexed, ${tx.sessions} session${tx.sessions === 1 ? '' : 's'}${tx.updatedAt ? `, updated ${tx.updatedAt.slice(11, 19)} UTC` : ''}.`
        : 'AI transcripts: not read (workspace not trusted, or `aiFence.transcripts.enable` is off).',
      ...(tx.problems ?? []).map((p) => `$(warning) AI transcripts: ${escapeMarkdown(p)}`),
    );
  parts.push(
    input.assistants.length
      ? `AI assistants: ${input.assistants.map((a) => `${escapeMarkdown(a.displayName)}${a.active ? '' : ' (inactive)'}`).join(', ')}`
      : 'AI assistants: none detected',
  );
  if (input.agentSetup) {
    const hooks = { installed: 'installed', missing: 'not installed', unknown: 'unknown' }[input.agentSetup.hooks];
    const ignore = { 'in-sync': 'in sync', drifted: 'out of date', unknown: 'unknown' }[input.agentSetup.ignoreFiles];
    const fix =
      input.agentSetup.hooks !== 'installed' || input.agentSetup.ignoreFiles !== 'in-sync'
        ? ` · [Install agent hooks](command:${COMMANDS.installHooks})`
        : '';
    parts.push(`Agent hooks: ${hooks}; ignore files: ${ignore}${fix}`);
  }
  parts.push(
    `[Show policy](command:${COMMANDS.showPolicy}) · [Explain file](command:${COMMANDS.explainFile}) · [Strip unlabeled AI code](command:${COMMANDS.stripUnlabeled}) · [Show logs](command:${COMMANDS.showLogs})`,
  );
  return parts.join('\n\n');
}
