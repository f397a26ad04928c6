// The open documents and their analyses. An analysis is kept per version and
// reused after edits that cannot change it, and transcripts are matched again
// only after an edit burst, so typing stays cheap.
import { analyze, type FileAnalysis, type TranscriptRange } from '../engine';
import { type ContentChange, IncrementalDocument } from './incrementalDocument';
import { stillValid } from './reuseAnalysis';
import { SettledMatches } from './settledMatches';
import { pathToUri, uriToEnginePath } from './uris';
import type { WorkspaceRegistry } from './workspaces';

interface OpenParams {
  readonly uri: string;
  readonly languageId: string;
  readonly version: number;
  readonly text: string;
}

export class OpenDocuments {
  private readonly documents = new Map<string, IncrementalDocument>();
  /** Open documents by the engine path whose file: URI is theirs (the workspace scan and policy reads ask per path). */
  private readonly openFiles = new Map<string, string>();
  private readonly analyses = new Map<string, { version: number; analysis: FileAnalysis | undefined }>();
  private readonly matches = new SettledMatches((uri) => {
    const doc = this.documents.get(uri);
    this.analyses.delete(uri);
    if (doc) this.onMatchesSettled(doc);
  });

  /** Called when a document's transcript matches are due again after an edit burst (the server revalidates it). */
  onMatchesSettled: (doc: IncrementalDocument) => void = () => undefined;

  constructor(private readonly registry: WorkspaceRegistry) {}

  open(t: OpenParams): IncrementalDocument {
    const doc = new IncrementalDocument(t.uri, t.languageId, t.version, t.text);
    this.matches.forget(t.uri);
    this.documents.set(t.uri, doc);
    const file = fileOf(t.uri);
    if (file !== undefined) this.openFiles.set(file, t.uri);
    return doc;
  }

  change(uri: string, changes: readonly ContentChange[], version: number): IncrementalDocument | undefined {
    const doc = this.documents.get(uri);
    doc?.update(changes, version);
    return doc;
  }

  close(uri: string): void {
    this.documents.delete(uri);
    const file = fileOf(uri);
    if (file !== undefined) this.openFiles.delete(file);
    this.analyses.delete(uri);
    this.matches.forget(uri);
  }

  get(uri: string): IncrementalDocument | undefined {
    return this.documents.get(uri);
  }

  has(uri: string): boolean {
    return this.documents.has(uri);
  }

  /** Whether the file at an engine path is open (as `has(pathToUri(file))`, without making the URI). */
  hasFile(file: string): boolean {
    return this.openFiles.has(file);
  }

  /** Whether `doc` is still the open version of its URI (not closed or reopened meanwhile). */
  isCurrent(doc: IncrementalDocument): boolean {
    return this.documents.get(doc.uri) === doc;
  }

  /** The unsaved text of an open file, by engine path (asked for every directory's policy file: no URI is made). */
  textOf(path: string): string | undefined {
    const uri = this.openFiles.get(path);
    return uri === undefined ? undefined : this.documents.get(uri)?.getText();
  }

  all(): IterableIterator<IncrementalDocument> {
    return this.documents.values();
  }

  /** Drops every analysis: policies or ledgers changed, so findings may differ without an edit. */
  forgetAnalyses(): void {
    this.analyses.clear();
  }

  analysisOf(doc: IncrementalDocument): FileAnalysis | undefined {
    const cached = this.analyses.get(doc.uri);
    if (cached && cached.version === doc.version) return cached.analysis;
    if (cached?.analysis && stillValid(cached.analysis, doc.changesSinceClean())) {
      // The edit touched no marker, signature, block or region: the findings stand.
      this.analyses.set(doc.uri, { version: doc.version, analysis: cached.analysis });
      doc.markClean();
      return cached.analysis;
    }
    const analysis = this.analyze(doc);
    this.analyses.set(doc.uri, { version: doc.version, analysis });
    doc.markClean();
    return analysis;
  }

  /** The transcript matches the document's analysis uses, within its current lines; undefined when it reads no transcripts. */
  transcriptMatchesOf(doc: IncrementalDocument): readonly TranscriptRange[] | undefined {
    this.analysisOf(doc);
    return this.matches.current(doc.uri)?.filter((r) => r.endLine < doc.lineCount);
  }

  private analyze(doc: IncrementalDocument): FileAnalysis | undefined {
    const file = uriToEnginePath(doc.uri);
    if (file !== undefined) {
      const workspace = this.registry.forPath(file);
      const stack = workspace.stackFor(file);
      return analyze(
        { file, text: doc, languageId: doc.languageId },
        {
          policies: stack.policies,
          ledgerRanges: workspace.ledgerRangesFor(file, stack),
          signatures: workspace.signaturesFor(stack),
          transcriptRanges: this.matches.rangesFor(doc, () => workspace.transcriptRangesFor(file, () => doc.getText())),
        },
      );
    }
    // No path, so no zones: only markers and signatures are checked.
    if (doc.uri.startsWith('untitled:'))
      return analyze({ file: '', text: doc, languageId: doc.languageId }, { policies: [] });
    return undefined;
  }
}

/** The engine path whose file: URI is exactly `uri`, if there is one. */
function fileOf(uri: string): string | undefined {
  const file = uriToEnginePath(uri);
  return file !== undefined && pathToUri(file) === uri ? file : undefined;
}
