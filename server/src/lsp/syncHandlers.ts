// What keeps diagnostics current: document sync, file watching, workspace
// folders and configuration changes, each revalidating what it can affect.
import { DidChangeWatchedFilesNotification, FileChangeType } from 'vscode-languageserver';
import { toEnginePath } from '../engine';
import { toDiagnostic } from './diagnostics';
import type { IncrementalDocument } from './incrementalDocument';
import type { ClientFeatures, ServerParts } from './parts';
import { pathToUri, uriToEnginePath, uriToPath } from './uris';

export function registerSyncHandlers(parts: ServerParts, features: ClientFeatures): void {
  const { connection, documents, registry, policies, scanner, settings, log } = parts;

  /** Never lets one document's failure take the server down: it is logged and the document gets no findings. */
  function validate(doc: IncrementalDocument): Promise<void> {
    return validateOrThrow(doc).catch((e) => log(`analysis of ${doc.uri} failed: ${(e as Error).stack ?? e}`));
  }

  async function validateOrThrow(doc: IncrementalDocument): Promise<void> {
    const s = await settings.get(doc.uri);
    if (!documents.isCurrent(doc)) return;
    const analysis = s.enable ? documents.analysisOf(doc) : undefined;
    const diagnostics = analysis ? analysis.findings.map(toDiagnostic) : [];
    if (policies.isPolicyDocument(doc.uri)) diagnostics.push(...policies.diagnosticsFor(doc.uri));
    void connection.sendDiagnostics({ uri: doc.uri, version: doc.version, diagnostics });
  }

  /** Whether the first scan has started: it waits for the first transcript load (a scan before it would be undone). */
  let scanning = false;

  /** Policies, ledgers, folders, settings or transcripts changed: every finding may differ. */
  function revalidateAll(): void {
    documents.forgetAnalyses();
    for (const doc of documents.all()) void validate(doc);
    policies.report();
    if (scanning) scanner.scheduleRestart();
  }

  function policyChanged(file: string | undefined): void {
    registry.invalidatePolicy(file);
    revalidateAll();
  }

  /** A policy or ledger document changes what applies everywhere; any other only itself. */
  function documentChanged(doc: IncrementalDocument): void {
    const file = uriToEnginePath(doc.uri);
    if (policies.isPolicyDocument(doc.uri)) policyChanged(file);
    else if (file !== undefined && registry.isLedgerFile(file)) ledgerChanged(file);
    else void validate(doc);
  }

  /** The workspaces read ledgers through open documents: their text changed. */
  function ledgerChanged(file: string): void {
    registry.invalidateLedger(file);
    revalidateAll();
  }

  connection.onInitialized(() => {
    if (features.watchRegistration) {
      // Managed policies usually live outside the workspace: watch each on its own.
      const managedWatchers = policies.managedPaths.map((managed) => {
        const slash = managed.lastIndexOf('/');
        return {
          globPattern: { baseUri: pathToUri(managed.slice(0, slash) || '/'), pattern: managed.slice(slash + 1) },
        };
      });
      void connection.client.register(DidChangeWatchedFilesNotification.type, {
        watchers: [{ globPattern: '**/*' }, ...managedWatchers],
      });
    }
    if (features.folderEvents)
      connection.workspace.onDidChangeWorkspaceFolders((e) => {
        const current = new Set(registry.folderPaths());
        for (const f of e.removed) current.delete(toEnginePath(uriToPath(f.uri) ?? ''));
        for (const f of e.added) current.add(uriToPath(f.uri) ?? '');
        registry.setFolders([...current].filter(Boolean));
        // A new folder may want transcripts, or not.
        void warmTranscripts().then(revalidateAll);
      });
    // Folders that switched transcripts off are known before the scan reads a file.
    void warmTranscripts().then(() => {
      policies.report();
      scanning = true;
      scanner.restart();
      void scanner.done.then(() => policies.report());
    });
  });

  /**
   * Notes the folders that switched transcripts off, and builds the index now
   * when any folder wants it, so the first paste does not wait for it; resolves
   * once it is loaded (the build runs off this thread meanwhile).
   */
  async function warmTranscripts(): Promise<void> {
    if (!parts.transcripts) return;
    const folders = registry.folderPaths();
    const wanted = await Promise.all(folders.map(async (f) => (await settings.get(pathToUri(f))).transcripts.enable));
    parts.transcriptsOff.clear();
    folders.forEach((f, i) => {
      if (!wanted[i]) parts.transcriptsOff.add(f);
    });
    if (wanted.some(Boolean) || !folders.length) await parts.transcripts.start();
  }

  connection.onDidChangeConfiguration(async () => {
    settings.clear();
    await warmTranscripts();
    revalidateAll();
  });
  // A tool wrote or deleted transcripts: matches may differ anywhere.
  if (parts.transcripts) parts.transcripts.onUpdate = revalidateAll;
  documents.onMatchesSettled = (doc) => void validate(doc);

  connection.onDidOpenTextDocument(({ textDocument }) => {
    const doc = documents.open(textDocument);
    scanner.clear(doc.uri);
    documentChanged(doc);
  });

  connection.onDidChangeTextDocument(({ textDocument, contentChanges }) => {
    const doc = documents.change(textDocument.uri, contentChanges, textDocument.version);
    if (doc) documentChanged(doc);
  });

  connection.onDidCloseTextDocument(({ textDocument: { uri } }) => {
    documents.close(uri);
    const file = uriToEnginePath(uri);
    if (policies.isPolicyDocument(uri)) policyChanged(file);
    else if (file !== undefined && registry.isLedgerFile(file)) ledgerChanged(file);
    void connection.sendDiagnostics({ uri, diagnostics: [] });
    if (file) void scanner.rescanFile(file);
  });

  connection.onDidChangeWatchedFiles(({ changes }) => {
    let revalidate = false;
    for (const change of changes) {
      const file = uriToEnginePath(change.uri);
      if (!file) continue;
      if (policies.isPolicyPath(file)) {
        registry.invalidatePolicy(file);
        revalidate = true;
      } else if (registry.isLedgerFile(file)) {
        registry.invalidateLedger(file);
        revalidate = true;
      } else if (change.type === FileChangeType.Deleted) scanner.clear(change.uri);
      else void scanner.rescanFile(file);
    }
    if (revalidate) revalidateAll();
  });
}
