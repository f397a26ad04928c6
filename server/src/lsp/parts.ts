// The server's parts, built once from the initialize request, and what the
// client can do, which decides how the handlers use them.

import type { Connection, InitializeParams } from 'vscode-languageserver';
import { defaultCacheFile, managedPolicyPaths, nodePolicyReader } from '../engine';
import type { InitializationOptions } from '../protocol';
import { toTranscriptRange } from '../transcripts/evidence';
import { GitHistory } from '../transcripts/history';
import { LiveTranscriptIndex } from '../transcripts/liveIndex';
import { OpenDocuments } from './documents';
import { PolicyReporter } from './policyReporting';
import { SettingsCache } from './settings';
import { uriToEnginePath, uriToPath } from './uris';
import { WorkspaceScanner } from './workspaceScan';
import { WorkspaceRegistry } from './workspaces';

export interface ServerParts {
  readonly connection: Connection;
  readonly documents: OpenDocuments;
  readonly registry: WorkspaceRegistry;
  readonly policies: PolicyReporter;
  readonly scanner: WorkspaceScanner;
  readonly settings: SettingsCache;
  readonly log: (message: string) => void;
  /** The AI tools' transcripts; undefined in an untrusted workspace, where none are read. */
  readonly transcripts: LiveTranscriptIndex | undefined;
  /** Whether the client says the workspace is trusted: untrusted, the server reads no transcripts and writes no ledger. */
  readonly trusted: boolean;
  /** Workspace roots whose `aiFence.transcripts.enable` is off (kept by the sync handlers). */
  readonly transcriptsOff: Set<string>;
}

export interface ClientFeatures {
  /** The client registers file watchers on request (we ask for every file and the managed policy). */
  readonly watchRegistration: boolean;
  /** The client reports workspace folders added and removed. */
  readonly folderEvents: boolean;
}

export function clientFeatures(params: InitializeParams): ClientFeatures {
  return {
    watchRegistration: params.capabilities.workspace?.didChangeWatchedFiles?.dynamicRegistration === true,
    folderEvents: params.capabilities.workspace?.workspaceFolders === true,
  };
}

/** The workspace folders, else the root of a client that sends none. */
function folderPaths(params: InitializeParams): string[] {
  const folders = params.workspaceFolders?.map((f) => uriToPath(f.uri)).filter((p): p is string => !!p) ?? [];
  const root = params.rootUri ? uriToPath(params.rootUri) : undefined;
  return folders.length || !root ? folders : [root];
}

export function createParts(connection: Connection, params: InitializeParams): ServerParts {
  const options = (params.initializationOptions ?? {}) as InitializationOptions;
  const managedPaths = managedPolicyPaths(process.env, options.managedPolicyPath || undefined);
  const log = (message: string) => connection.console.log(message);
  const transcripts = options.trusted ? new LiveTranscriptIndex(process.env, log) : undefined;
  const transcriptsOff = new Set<string>();
  // Open documents win over the disk, so unsaved policy edits apply at once.
  const registry = new WorkspaceRegistry(
    managedPaths,
    (path): string | undefined => documents.textOf(path),
    transcripts && ((root) => transcriptEvidence(transcripts, root, transcriptsOff)),
  );
  const documents = new OpenDocuments(registry);
  registry.setFolders(folderPaths(params));
  const settings = new SettingsCache(connection, params.capabilities.workspace?.configuration === true);
  const scanner = new WorkspaceScanner({
    connection,
    registry,
    isOpen: (file) => documents.hasFile(file),
    enabledFor: async (uri) => {
      const s = await settings.get(uri);
      return { enabled: s.enable && s.workspaceScan, maxFileSize: s.maxFileSize };
    },
    progressSupported: params.capabilities.window?.workDoneProgress === true,
    log,
    cacheFile: (root) => defaultCacheFile(root, process.env),
    unsavedEvidence: () => {
      for (const doc of documents.all()) {
        const file = uriToEnginePath(doc.uri);
        if (file === undefined || !(policies.isPolicyDocument(doc.uri) || registry.isLedgerFile(file))) continue;
        if (diskText(file) !== doc.getText()) return true;
      }
      return false;
    },
  });
  const policies = new PolicyReporter(connection, registry, managedPaths, (uri) => documents.has(uri));
  const trusted = options.trusted === true;
  return { connection, documents, registry, policies, scanner, settings, log, transcripts, transcriptsOff, trusted };
}

/** A policy's or ledger's text on disk, as the engine reads it; undefined when it cannot. */
function diskText(file: string): string | undefined {
  try {
    return nodePolicyReader.readText(file);
  } catch {
    return undefined;
  }
}

/** A workspace's transcript evidence: matches, minus code its git history had before the session; off with its setting and until the index loaded. */
function transcriptEvidence(transcripts: LiveTranscriptIndex, root: string, off: ReadonlySet<string>) {
  const history = new GitHistory(root);
  return {
    transcripts: (file: string, text: string) =>
      transcripts.matches(text, { keep: (r) => !history.predates(file, r) }).map(toTranscriptRange),
    transcriptsOff: () => off.has(root) || !transcripts.loaded,
  };
}
