// Shared helpers of the extension-host suite: activation, files of the fixture workspace, and waits.
// Every wait re-checks on an event or a short poll until a deadline; none of them sleeps a fixed time.
import * as assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as vscode from 'vscode';
import { SWITCH_OFF_SETTINGS } from '../../../client/src/aiSwitch';
import type { AiFenceApi } from '../../../client/src/extension';

export const EXTENSION_ID = 'ai-fence.ai-fence';
export const WAIT_MS = 10_000;

let api: AiFenceApi | undefined;

/** Activates the extension under test and returns its test API. */
export async function activate(): Promise<AiFenceApi> {
  if (api) return api;
  const ext = vscode.extensions.getExtension<AiFenceApi | undefined>(EXTENSION_ID);
  assert.ok(ext, `${EXTENSION_ID} is not installed in this extension host`);
  const exported = await ext.activate();
  assert.ok(exported, 'activate() returned no API: the extension failed to start (see "AI Fence" output)');
  api = exported;
  return api;
}

/** The fixture workspace folder (a temp copy per run, see runExtensionTests.mjs). */
export function root(): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'the suite needs a workspace folder');
  return folder.uri;
}

export const fileUri = (rel: string): vscode.Uri => vscode.Uri.joinPath(root(), ...rel.split('/'));

/** Opens a workspace file in the active editor. */
export async function open(rel: string): Promise<vscode.TextEditor> {
  const doc = await vscode.workspace.openTextDocument(fileUri(rel));
  return vscode.window.showTextDocument(doc, { preview: false });
}

/** Closes every editor, reverting unsaved changes so no test sees another's edits. */
export async function closeAll(): Promise<void> {
  for (const doc of vscode.workspace.textDocuments) {
    // Only workspace files: settings.json is briefly dirty while VS Code writes a setting.
    if (doc.isDirty && vscode.workspace.getWorkspaceFolder(doc.uri)) {
      await vscode.window.showTextDocument(doc);
      await vscode.commands.executeCommand('workbench.action.files.revert');
    }
  }
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
}

/**
 * Resolves with probe()'s first truthy value. probe runs now, on each of `events`, and every 50 ms
 * (events make it prompt, the poll makes it robust); after timeoutMs it fails with `what` and the last value seen.
 */
export async function waitFor<T>(
  what: string,
  probe: () => T | undefined | false | null | Promise<T | undefined | false | null>,
  { timeoutMs = WAIT_MS, events = [] as vscode.Event<unknown>[], describe = (): unknown => undefined } = {},
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let wake: () => void = () => undefined;
  const subscriptions = events.map((e) => e(() => wake()));
  try {
    for (;;) {
      const value = await probe();
      if (value) return value;
      if (Date.now() > deadline) {
        const seen = describe();
        assert.fail(
          `timed out after ${timeoutMs} ms waiting for ${what}${seen === undefined ? '' : `; last seen: ${JSON.stringify(seen)}`}`,
        );
      }
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, 50);
        wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    }
  } finally {
    for (const s of subscriptions) s.dispose();
  }
}

/** Sorts `line:code` strings by line, then code. */
export const byLine = (list: readonly string[]): string[] =>
  [...list].sort((a, b) => parseInt(a, 10) - parseInt(b, 10) || a.localeCompare(b));

/** `line:code` of each AI Fence diagnostic of a file, sorted by line (lines 0-based). */
export function codesOf(uri: vscode.Uri): string[] {
  return byLine(
    vscode.languages
      .getDiagnostics(uri)
      .filter((d) => d.source === 'AI Fence')
      .map((d) => `${d.range.start.line}:${typeof d.code === 'object' ? d.code.value : d.code}`),
  );
}

/** Settings the suite changes at user level; every file starts with them unset. */
const SUITE_SETTINGS = [
  'aiFence.defaultTool',
  'aiFence.switchOffAi',
  'aiFence.switchOffAllAiFeatures',
  'aiFence.completions.record',
  ...SWITCH_OFF_SETTINGS.map((s) => s.key),
];

/**
 * The state every test file starts from, whatever ran before it: no open editors, the fixture
 * workspace as copied (files a test saved are written back) and no user-level settings of the suite.
 */
export async function resetState(): Promise<AiFenceApi> {
  const a = await activate();
  await closeAll();
  const fixture = process.env.AIFENCE_E2E_FIXTURE;
  assert.ok(fixture, 'AIFENCE_E2E_FIXTURE is not set: run through runExtensionTests.mjs');
  for (const rel of fs.readdirSync(fixture, { recursive: true }).map(String)) {
    const source = `${fixture}/${rel}`;
    if (!fs.statSync(source).isFile()) continue;
    const text = fs.readFileSync(source);
    const target = fileUri(rel.split(/[\\/]/).join('/')).fsPath;
    if (!fs.existsSync(target) || !text.equals(fs.readFileSync(target))) fs.writeFileSync(target, text);
  }
  for (const key of SUITE_SETTINGS) if (userValue(key) !== undefined) await setUserValue(key, undefined);
  return a;
}

/** Waits until the file's AI Fence diagnostics are exactly `expected` (`line:code`, sorted). */
export function waitForCodes(uri: vscode.Uri, expected: string[], timeoutMs = WAIT_MS): Promise<true> {
  const want = JSON.stringify(byLine(expected));
  return waitFor(
    `diagnostics ${want} on ${vscode.workspace.asRelativePath(uri)}`,
    () => JSON.stringify(codesOf(uri)) === want,
    { timeoutMs, events: [vscode.languages.onDidChangeDiagnostics], describe: () => codesOf(uri) },
  );
}

/** Waits until the status bar, refreshed for the active editor `rel`, reads `text`. */
export async function waitForStatus(a: AiFenceApi, rel: string, text: string): Promise<void> {
  const uri = fileUri(rel).toString();
  await waitFor(`status bar "${text}" for ${rel}`, () => a.policy.status?.uri === uri && a.statusBar.text === text, {
    events: [a.policy.onDidRefresh],
    describe: () => ({ uri: a.policy.status?.uri, text: a.statusBar.text }),
  });
}

/** Settings at user level, as AI Fence's switch-off writes them. */
export const userValue = (key: string): unknown => vscode.workspace.getConfiguration().inspect(key)?.globalValue;

export async function setUserValue(key: string, value: unknown): Promise<void> {
  await vscode.workspace.getConfiguration().update(key, value, vscode.ConfigurationTarget.Global);
  await waitFor(
    `${key} = ${JSON.stringify(value)} at user level`,
    () => JSON.stringify(userValue(key)) === JSON.stringify(value),
    { events: [vscode.workspace.onDidChangeConfiguration] },
  );
}

/** The hash field the engine writes for these lines: sha256 over the lines joined by \n, 16 hex digits. */
export function labelHash(lines: readonly string[]): string {
  return `sha256:${createHash('sha256').update(lines.join('\n')).digest('hex').slice(0, 16)}`;
}

/** Parses `# ai-provenance: begin id=… tool=… at=…` (any comment opener) into its fields. */
export function markerFields(line: string): Record<string, string> {
  const m = /ai-provenance: begin (.*)$/.exec(line);
  assert.ok(m, `not a begin marker: ${line}`);
  return Object.fromEntries(m[1].split(' ').map((kv) => kv.split('=') as [string, string]));
}

/** An `at=` timestamp written during this test (second precision). */
export function assertRecent(at: string, since: number): void {
  const t = Date.parse(at);
  assert.ok(!Number.isNaN(t) && /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/.test(at), `at=${at} is not an ISO time in seconds`);
  assert.ok(t >= Math.floor(since / 1000) * 1000 && t <= Date.now(), `at=${at} is not the time of labelling`);
}

/** What a phase-1 test hands over to the *.afterRestart.test.ts files, through the launcher. */
export interface Handover {
  readonly key: string;
  /** The user's value before AI Fence switched it off; null for "was unset". */
  readonly before: unknown;
}

/** Whether this VS Code can kill and restart the extension host mid-suite (the code-server launcher can). */
export const canCrash = (): boolean => !!process.env.AIFENCE_E2E_RESTART_FILE;

/** Asks the runner to SIGKILL this extension host as soon as the calling test has passed (it must be the phase's last). */
export function requestCrash(handover: Handover): void {
  fs.writeFileSync(process.env.AIFENCE_E2E_RESTART_FILE!, JSON.stringify(handover));
}

export function handover(): Handover {
  const text = process.env.AIFENCE_E2E_HANDOVER;
  assert.ok(text, 'no handover from phase 1: run through the code-server launcher');
  return JSON.parse(text) as Handover;
}
