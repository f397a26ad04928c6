// Wires the engine to an LSP connection. startServer() takes any connection,
// so tests can run the real server in-process over a pair of streams.
import {
  CodeActionKind,
  type Connection,
  DidChangeWatchedFilesNotification,
  FileChangeType,
  type InitializeParams,
  type InitializeResult,
  TextDocumentSyncKind,
} from 'vscode-languageserver';
import { managedPolicyPaths, POLICY_FILE_NAME, toEnginePath } from '../engine/io/paths';
import type { Workspace } from '../engine/io/workspace';
import { declaredTools } from '../engine/policy/zones';
import { analyze, type FileAnalysis, syntaxOrFallback } from '../engine/provenance/analyze';
import { labelLines, labelText } from '../engine/provenance/fixes';
import {
  type EditResult,
  FIX_ALL_KIND,
  FileStatusRequest,
  type InitializationOptions,
  LabelRangeRequest,
  LabelTextRequest,
  PolicyStateNotification,
  StripUnlabeledRequest,
} from '../protocol';
import { codeActions, stripUnlabeledEdits, versionedEdit } from './codeActions';
import { policyDiagnostics, toDiagnostic } from './diagnostics';
import { fileStatus, uncheckedStatus } from './fileStatus';
import { markerHover } from './hover';
import { IncrementalDocument } from './incrementalDocument';
import { stillValid } from './reuseAnalysis';
import { SettingsCache } from './settings';
import { pathToUri, uriToPath } from './uris';
import { WorkspaceScanner } from './workspaceScan';
import { WorkspaceRegistry } from './workspaces';

const RESCAN_DELAY_MS = 300;

/** Paths compare case-insensitively where the file system usually is (Windows drive letters, macOS). */
function samePath(a: string, b: string): boolean {
  return process.platform === 'linux' ? a === b : a.toLowerCase() === b.toLowerCase();
}

export function startServer(connection: Connection): void {
  const documents = new Map<string, IncrementalDocument>();
  const analyses = new Map<string, { version: number; analysis: FileAnalysis | undefined }>();
  const settings = new SettingsCache(connection);
  const publishedPolicyUris = new Set<string>();
  let lastPolicyState = '';
  let managedPaths = managedPolicyPaths();
  let registry = new WorkspaceRegistry(managedPaths, openText);
  let rescanTimer: NodeJS.Timeout | undefined;
  let progressSupported = false;
  let watchRegistration = false;
  let folderEvents = false;
  const log = (m: string) => connection.console.log(m);

  function openText(path: string): string | undefined {
    return documents.get(pathToUri(path))?.getText();
  }

  const scanner = new WorkspaceScanner({
    connection,
    registry: {
      forPath: (f: string) => registry.forPath(f),
      folderPaths: () => registry.folderPaths(),
    } as WorkspaceRegistry,
    isOpen: (uri) => documents.has(uri),
    enabledFor: async (uri) => {
      const s = await settings.get(uri);
      return { enabled: s.enable && s.workspaceScan, maxFileSize: s.maxFileSize };
    },
    progressSupported: () => progressSupported,
    log,
  });

  function docPath(uri: string): string | undefined {
    const p = uriToPath(uri);
    return p === undefined ? undefined : toEnginePath(p);
  }

  function analysisOf(doc: IncrementalDocument): FileAnalysis | undefined {
    const cached = analyses.get(doc.uri);
    if (cached && cached.version === doc.version) return cached.analysis;
    if (cached?.analysis && stillValid(cached.analysis, doc.changesSinceClean())) {
      // The edit touched no marker, signature, block or region: the findings stand.
      analyses.set(doc.uri, { version: doc.version, analysis: cached.analysis });
      doc.markClean();
      return cached.analysis;
    }
    let analysis: FileAnalysis | undefined;
    const file = docPath(doc.uri);
    if (file !== undefined) {
      const workspace = registry.forPath(file);
      const stack = workspace.stackFor(file);
      analysis = analyze(
        { file, text: doc, languageId: doc.languageId },
        {
          policies: stack.policies,
          ledgerRanges: workspace.ledgerRangesFor(file, stack),
          signatures: workspace.signaturesFor(stack),
        },
      );
    } else if (doc.uri.startsWith('untitled:')) {
      // No path, so no zones: only markers and signatures are checked.
      analysis = analyze({ file: '', text: doc, languageId: doc.languageId }, { policies: [] });
    }
    analyses.set(doc.uri, { version: doc.version, analysis });
    doc.markClean();
    return analysis;
  }

  /** Never lets one document's failure take the server down: it is logged and the document gets no findings. */
  function validate(doc: IncrementalDocument): Promise<void> {
    return validateOrThrow(doc).catch((e) => log(`analysis of ${doc.uri} failed: ${(e as Error).stack ?? e}`));
  }

  async function validateOrThrow(doc: IncrementalDocument): Promise<void> {
    const s = await settings.get(doc.uri);
    if (documents.get(doc.uri) !== doc) return;
    const analysis = s.enable ? analysisOf(doc) : undefined;
    const diagnostics = analysis ? analysis.findings.map(toDiagnostic) : [];
    if (isPolicyFile(doc.uri)) diagnostics.push(...policyDiagnosticsFor(doc.uri));
    void connection.sendDiagnostics({ uri: doc.uri, version: doc.version, diagnostics });
  }

  function isPolicyFile(uri: string): boolean {
    const file = docPath(uri);
    return uri.endsWith(`/${POLICY_FILE_NAME}`) || (file !== undefined && managedPaths.some((m) => samePath(file, m)));
  }

  function policyDiagnosticsFor(uri: string) {
    const file = docPath(uri);
    for (const ws of registry.all()) {
      const state = ws.policies.allStates().find((s) => s.file === file);
      if (state) return policyDiagnostics(state);
    }
    return [];
  }

  /** Publishes AIF005 for every policy file and tells the client when validity changes. */
  function reportPolicies(): void {
    const errors: PolicyStateNotification.Params['errors'][number][] = [];
    const now = new Set<string>();
    for (const ws of registry.all()) {
      ws.policies.stackForDir(ws.root);
      for (const state of ws.policies.allStates()) {
        const uri = pathToUri(state.file);
        for (const e of state.errors) errors.push({ uri, line: e.line, character: e.character, message: e.message });
        if (!state.errors.length) continue;
        now.add(uri);
        if (!documents.has(uri)) void connection.sendDiagnostics({ uri, diagnostics: policyDiagnostics(state) });
      }
    }
    for (const uri of publishedPolicyUris)
      if (!now.has(uri) && !documents.has(uri)) void connection.sendDiagnostics({ uri, diagnostics: [] });
    publishedPolicyUris.clear();
    for (const uri of now) publishedPolicyUris.add(uri);
    const state: PolicyStateNotification.Params = { valid: errors.length === 0, errors };
    const key = JSON.stringify(state);
    if (key !== lastPolicyState) {
      lastPolicyState = key;
      void connection.sendNotification(PolicyStateNotification.method, state);
    }
  }

  function revalidateAll(rescan: boolean): void {
    analyses.clear();
    reportPolicies();
    for (const doc of documents.values()) void validate(doc);
    if (rescan) scheduleRescan();
  }

  /** Typing in a policy file must not restart the whole scan on every keystroke. */
  function scheduleRescan(): void {
    if (rescanTimer) clearTimeout(rescanTimer);
    rescanTimer = setTimeout(() => {
      rescanTimer = undefined;
      scanner.restart();
    }, RESCAN_DELAY_MS);
  }

  function policyChanged(file: string | undefined): void {
    for (const ws of registry.all()) ws.policies.invalidate(file);
    revalidateAll(true);
  }

  connection.onInitialize((params: InitializeParams): InitializeResult => {
    const options = (params.initializationOptions ?? {}) as InitializationOptions;
    managedPaths = managedPolicyPaths(process.env, options.managedPolicyPath || undefined);
    registry = new WorkspaceRegistry(managedPaths, openText);
    const folders = params.workspaceFolders?.map((f) => uriToPath(f.uri)).filter((p): p is string => !!p) ?? [];
    if (!folders.length && params.rootUri) {
      const root = uriToPath(params.rootUri);
      if (root) folders.push(root);
    }
    registry.setFolders(folders);
    settings.supported = params.capabilities.workspace?.configuration === true;
    progressSupported = params.capabilities.window?.workDoneProgress === true;
    watchRegistration = params.capabilities.workspace?.didChangeWatchedFiles?.dynamicRegistration === true;
    folderEvents = params.capabilities.workspace?.workspaceFolders === true;
    return {
      capabilities: {
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental },
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, FIX_ALL_KIND] },
        hoverProvider: true,
        workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
      },
      serverInfo: { name: 'AI Fence' },
    };
  });

  connection.onInitialized(() => {
    if (watchRegistration) {
      // Managed policies usually live outside the workspace: watch each on its own.
      const managedWatchers = managedPaths.map((managed) => {
        const slash = managed.lastIndexOf('/');
        return {
          globPattern: { baseUri: pathToUri(managed.slice(0, slash) || '/'), pattern: managed.slice(slash + 1) },
        };
      });
      void connection.client.register(DidChangeWatchedFilesNotification.type, {
        watchers: [{ globPattern: '**/*' }, ...managedWatchers],
      });
    }
    if (folderEvents)
      connection.workspace.onDidChangeWorkspaceFolders((e) => {
        const current = new Set(registry.folderPaths());
        for (const f of e.removed) current.delete(toEnginePath(uriToPath(f.uri) ?? ''));
        for (const f of e.added) current.add(uriToPath(f.uri) ?? '');
        registry.setFolders([...current].filter(Boolean));
        revalidateAll(true);
      });
    reportPolicies();
    scanner.restart();
    void scanner.done.then(reportPolicies);
  });

  connection.onDidChangeConfiguration(() => {
    settings.clear();
    revalidateAll(true);
  });

  connection.onDidOpenTextDocument(({ textDocument: t }) => {
    const doc = new IncrementalDocument(t.uri, t.languageId, t.version, t.text);
    documents.set(t.uri, doc);
    scanner.clear(t.uri);
    if (isPolicyFile(t.uri)) policyChanged(docPath(t.uri));
    else void validate(doc);
  });

  connection.onDidChangeTextDocument(({ textDocument, contentChanges }) => {
    const doc = documents.get(textDocument.uri);
    if (!doc) return;
    doc.update(contentChanges, textDocument.version);
    if (isPolicyFile(doc.uri)) policyChanged(docPath(doc.uri));
    else void validate(doc);
  });

  connection.onDidCloseTextDocument(({ textDocument }) => {
    documents.delete(textDocument.uri);
    analyses.delete(textDocument.uri);
    const file = docPath(textDocument.uri);
    if (isPolicyFile(textDocument.uri)) policyChanged(file);
    void connection.sendDiagnostics({ uri: textDocument.uri, diagnostics: [] });
    if (file) void scanner.rescanFile(file);
  });

  connection.onDidChangeWatchedFiles(({ changes }) => {
    let policies = false;
    let ledgers = false;
    for (const change of changes) {
      const file = docPath(change.uri);
      if (!file) continue;
      if (file.endsWith(`/${POLICY_FILE_NAME}`) || managedPaths.some((m) => samePath(file, m))) {
        for (const ws of registry.all()) ws.policies.invalidate(file);
        policies = true;
      } else if (isLedgerFile(file)) {
        for (const ws of registry.all()) ws.invalidateLedger(file);
        ledgers = true;
      } else if (change.type === FileChangeType.Deleted) scanner.clear(change.uri);
      else void scanner.rescanFile(file);
    }
    if (policies || ledgers) revalidateAll(true);
  });

  function isLedgerFile(file: string): boolean {
    return (
      registry.all().some((ws) => ws.ledgerSources(ws.stackFor(file)).some((s) => s.file === file)) ||
      file.includes('/.agent-trace/')
    );
  }

  connection.onCodeAction((params) => {
    const doc = documents.get(params.textDocument.uri);
    const analysis = doc && analysisOf(doc);
    if (!doc || !analysis) return [];
    return codeActions(params, {
      uri: doc.uri,
      version: doc.version,
      analysis,
      defaultTool: 'other',
      toolNames: toolNamesFor(doc.uri),
    });
  });

  function workspaceOf(uri: string): { file: string; workspace: Workspace } | undefined {
    const file = docPath(uri);
    return file === undefined ? undefined : { file, workspace: registry.forPath(file) };
  }

  function toolNamesFor(uri: string): ReadonlyMap<string, string> {
    const w = workspaceOf(uri);
    return w ? declaredTools(w.workspace.stackFor(w.file).policies) : new Map();
  }

  connection.onHover(({ textDocument, position }) => {
    const doc = documents.get(textDocument.uri);
    const analysis = doc && analysisOf(doc);
    const w = workspaceOf(textDocument.uri);
    if (!analysis || !w) return undefined;
    return markerHover(
      analysis,
      position.line,
      w.file,
      w.workspace.stackFor(w.file).policies,
      toolNamesFor(textDocument.uri),
    );
  });

  connection.onRequest(
    FileStatusRequest.method,
    async ({ uri }: FileStatusRequest.Params): Promise<FileStatusRequest.Result> => {
      const w = workspaceOf(uri);
      if (!w || !(await settings.get(uri)).enable) return uncheckedStatus(uri);
      const doc = documents.get(uri);
      return fileStatus(uri, w.file, w.workspace, doc ? analysisOf(doc) : undefined);
    },
  );

  connection.onRequest(LabelTextRequest.method, (p: LabelTextRequest.Params): LabelTextRequest.Result => {
    const doc = documents.get(p.uri);
    const syntax = syntaxOrFallback(p.languageId, docPath(p.uri) ?? '');
    const usedIds = new Set(doc ? analysisOf(doc)?.markers.blocks.map((b) => b.id) : []);
    return {
      text: labelText(
        p.text,
        syntax,
        { tool: p.tool, model: p.model, source: p.source, by: p.by, usedIds },
        p.indent,
        doc?.eol ?? '\n',
      ),
    };
  });

  connection.onRequest(LabelRangeRequest.method, (p: LabelRangeRequest.Params): EditResult => {
    const doc = documents.get(p.uri);
    const analysis = doc && analysisOf(doc);
    if (!doc || !analysis) return null;
    const usedIds = new Set(analysis.markers.blocks.map((b) => b.id));
    const edits = labelLines(
      doc,
      analysis.syntax,
      p.startLine,
      p.endLine,
      { tool: p.tool, source: p.source, by: p.by, usedIds },
      analysis.markers.blocks,
    );
    return edits.length ? (versionedEdit(doc, edits) as EditResult) : null;
  });

  connection.onRequest(StripUnlabeledRequest.method, (p: StripUnlabeledRequest.Params): EditResult => {
    const doc = documents.get(p.uri);
    const analysis = doc && analysisOf(doc);
    if (!doc || !analysis) return null;
    const edits = stripUnlabeledEdits(analysis);
    return edits.length ? (versionedEdit(doc, edits) as EditResult) : null;
  });

  connection.listen();
}
