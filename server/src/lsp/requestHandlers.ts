// Answers to the client's questions about open documents: code actions,
// hover and AI Fence's own requests (protocol.ts).
import {
  BUILTIN_TOOLS,
  declaredTools,
  labelLines,
  labelText,
  resolve,
  STARTER_POLICY,
  syntaxOrFallback,
} from '../engine';
import {
  FileStatusRequest,
  LabelRangeRequest,
  LabelTextRequest,
  RecordCompletionRequest,
  ServerDataRequest,
  StripUnlabeledRequest,
  TranscriptMatchesRequest,
  TranscriptOriginRequest,
  TranscriptStatusRequest,
} from '../protocol';
import { codeActions, stripUnlabeledEdits, versionedEdit } from './codeActions';
import { recordCompletion } from './completionRecord';
import { fileStatus, uncheckedStatus, zoneInfo } from './fileStatus';
import { markerHover, transcriptHover } from './hover';
import type { ServerParts } from './parts';
import { uriToEnginePath } from './uris';

export function registerRequestHandlers(parts: ServerParts): void {
  const { connection, documents, registry, settings, transcripts } = parts;

  /** The open document and its analysis, when it has one. */
  function analysed(uri: string) {
    const doc = documents.get(uri);
    const analysis = doc && documents.analysisOf(doc);
    return doc && analysis ? { doc, analysis } : undefined;
  }

  function toolNamesFor(uri: string): ReadonlyMap<string, string> {
    const w = registry.forUri(uri);
    return w ? declaredTools(w.workspace.stackFor(w.file).policies) : new Map();
  }

  connection.onCodeAction((params) => {
    const a = analysed(params.textDocument.uri);
    if (!a) return [];
    return codeActions(params, {
      uri: a.doc.uri,
      version: a.doc.version,
      analysis: a.analysis,
      defaultTool: 'other',
      toolNames: toolNamesFor(a.doc.uri),
    });
  });

  connection.onHover(({ textDocument, position }) => {
    const a = analysed(textDocument.uri);
    const w = registry.forUri(textDocument.uri);
    if (!a || !w) return undefined;
    const policies = w.workspace.stackFor(w.file).policies;
    return (
      markerHover(a.analysis, position.line, w.file, policies, toolNamesFor(textDocument.uri)) ??
      transcriptHover(a.analysis, position.line)
    );
  });

  connection.onRequest(FileStatusRequest.type, async ({ uri }) => {
    const w = registry.forUri(uri);
    if (!w || !(await settings.get(uri)).enable) return uncheckedStatus(uri);
    const doc = documents.get(uri);
    return fileStatus(uri, w.file, w.workspace, doc ? documents.analysisOf(doc) : undefined);
  });

  connection.onRequest(LabelTextRequest.type, (p) => {
    const doc = documents.get(p.uri);
    const syntax = syntaxOrFallback(p.languageId, uriToEnginePath(p.uri) ?? '');
    const usedIds = new Set(doc ? documents.analysisOf(doc)?.markers.blocks.map((b) => b.id) : []);
    const options = { tool: p.tool, model: p.model, at: p.at, source: p.source, by: p.by, usedIds };
    return { text: labelText(p.text, syntax, options, p.indent, doc?.eol ?? '\n') };
  });

  connection.onRequest(LabelRangeRequest.type, (p) => {
    const a = analysed(p.uri);
    if (!a) return null;
    const { doc, analysis } = a;
    const usedIds = new Set(analysis.markers.blocks.map((b) => b.id));
    const options = { tool: p.tool, source: p.source, by: p.by, usedIds };
    const edits = labelLines(doc, analysis.syntax, p.startLine, p.endLine, options, analysis.markers.blocks);
    return edits.length ? versionedEdit(doc, edits) : null;
  });

  connection.onRequest(StripUnlabeledRequest.type, (p) => {
    const a = analysed(p.uri);
    const edits = a ? stripUnlabeledEdits(a.analysis) : [];
    return a && edits.length ? versionedEdit(a.doc, edits) : null;
  });

  connection.onRequest(TranscriptOriginRequest.type, async ({ uri, text }) => {
    if (!transcripts || !(await settings.get(uri)).transcripts.enable) return null;
    await transcripts.start();
    const region = transcripts.origin(text);
    if (!region) return null;
    const { tool, model, at, session } = region.record;
    const w = registry.forUri(uri);
    const rule = w ? resolve(w.workspace.stackFor(w.file).policies, w.file, tool) : undefined;
    return {
      tool,
      model,
      at,
      session,
      ai: rule?.ai ?? 'allow',
      zone: rule?.decidingZone ? zoneInfo(rule.decidingZone) : undefined,
    };
  });

  connection.onRequest(TranscriptMatchesRequest.type, async ({ uri }) => {
    if (!transcripts || !(await settings.get(uri)).transcripts.enable) return null;
    await transcripts.start();
    // Asked for after the awaits: the document may have closed meanwhile.
    const doc = documents.get(uri);
    return (
      (doc && documents.transcriptMatchesOf(doc))?.map(({ startLine, endLine, evidence: e }) => ({
        startLine,
        endLine,
        tool: e.tool,
        model: e.model,
        at: e.at,
        session: e.session,
        store: e.store,
        storeLine: e.storeLine,
        storeKey: e.storeKey,
      })) ?? null
    );
  });

  connection.onRequest(TranscriptStatusRequest.type, () => {
    const folders = registry.folderPaths();
    const allOff = folders.length > 0 && folders.every((f) => parts.transcriptsOff.has(f));
    if (!transcripts || allOff) return { enabled: false, stores: 0, sessions: 0 };
    void transcripts.start();
    return { enabled: true, ...transcripts.info() };
  });

  connection.onRequest(RecordCompletionRequest.type, (p) => {
    try {
      return recordCompletion(parts, p);
    } catch (e) {
      parts.log(`could not record the accepted suggestion: ${(e as Error).message}`);
      return null;
    }
  });

  connection.onRequest(ServerDataRequest.type, () => ({ builtinTools: BUILTIN_TOOLS, starterPolicy: STARTER_POLICY }));
}
