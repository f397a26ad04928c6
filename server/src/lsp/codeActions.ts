// Quick fixes and source.fixAll.aiFence, built on the engine's pure fixes.
import {
  type CodeAction,
  CodeActionKind,
  type CodeActionParams,
  type Diagnostic,
  type WorkspaceEdit,
} from 'vscode-languageserver';
import type { FileAnalysis, Finding } from '../engine';
import {
  fixAllEdits,
  labelLines,
  mergeRegions,
  regionProblem,
  replaceLine,
  stripLines,
  type TextEdit,
  toolDisplayName,
} from '../engine';
import { FIX_ALL_KIND } from '../protocol';
import { toDiagnostic } from './diagnostics';

export interface ActionContext {
  readonly uri: string;
  readonly version: number;
  readonly analysis: FileAnalysis;
  /** Tool used to label code whose tool is unknown. */
  readonly defaultTool: string;
  readonly toolNames: ReadonlyMap<string, string>;
}

export function versionedEdit(ctx: { uri: string; version: number }, edits: readonly TextEdit[]): WorkspaceEdit {
  return { documentChanges: [{ textDocument: { uri: ctx.uri, version: ctx.version }, edits: [...edits] }] };
}

const lines = (r: { startLine: number; endLine: number }) =>
  r.startLine === r.endLine ? `line ${r.startLine + 1}` : `lines ${r.startLine + 1}–${r.endLine + 1}`;

export function stripUnlabeledEdits(analysis: FileAnalysis): TextEdit[] {
  const regions = analysis.findings.filter((f) => f.code === 'AIF003' && f.region).map((f) => f.region!);
  return mergeRegions(regions)
    .filter((r) => strippable(analysis, r))
    .map((r) => stripLines(analysis.source, r.startLine, r.endLine));
}

/** Lines that can go without cutting a string literal or block comment in two. */
function strippable(analysis: FileAnalysis, r: { startLine: number; endLine: number }): boolean {
  return regionProblem(analysis.source, analysis.syntax, r.startLine, r.endLine) === undefined;
}

export function codeActions(params: CodeActionParams, ctx: ActionContext): CodeAction[] {
  const only = params.context.only;
  const wants = (kind: string) => !only || only.some((o) => kind === o || kind.startsWith(`${o}.`));
  const explicitly = (kind: string) => !!only && only.some((o) => kind === o || kind.startsWith(`${o}.`));
  const { analysis } = ctx;
  const actions: CodeAction[] = [];
  const seen = new Set<string>();
  const add = (action: CodeAction) => {
    const key = `${action.title}|${action.kind}`;
    if (seen.has(key)) {
      const existing = actions.find((a) => `${a.title}|${a.kind}` === key)!;
      existing.diagnostics = [...(existing.diagnostics ?? []), ...(action.diagnostics ?? [])];
      existing.isPreferred = existing.isPreferred || action.isPreferred;
      return;
    }
    seen.add(key);
    actions.push(action);
  };
  const diagnosticFor = (f: Finding): Diagnostic =>
    params.context.diagnostics.find(
      (d) => d.code === f.code && d.range.start.line === f.line && d.range.start.character === f.character,
    ) ?? toDiagnostic(f);
  const quickfix = (title: string, f: Finding, edits: readonly TextEdit[], preferred: boolean): CodeAction => ({
    title,
    kind: CodeActionKind.QuickFix,
    diagnostics: [diagnosticFor(f)],
    isPreferred: preferred,
    edit: versionedEdit(ctx, edits),
  });
  const blockedRegions = new Set(
    analysis.findings
      .filter((f) => f.code === 'AIF001' && f.region)
      .map((f) => `${f.region!.startLine}:${f.region!.endLine}`),
  );

  if (wants(CodeActionKind.QuickFix)) {
    const inRange = analysis.findings.filter(
      (f) => f.line <= params.range.end.line && f.endLine >= params.range.start.line,
    );
    for (const f of inRange) {
      const region = f.region;
      switch (f.code) {
        case 'AIF001':
        case 'AIF002':
          if (region && strippable(analysis, region))
            add(
              quickfix(
                `Strip AI code from restricted zone (${lines(region)})`,
                f,
                [stripLines(analysis.source, region.startLine, region.endLine)],
                f.code === 'AIF001',
              ),
            );
          break;
        case 'AIF003': {
          if (!region) break;
          const blocked = blockedRegions.has(`${region.startLine}:${region.endLine}`);
          // In a block zone the zone's own strip removes the same lines: one action fixes both
          // diagnostics, so exactly one fix is preferred.
          if (strippable(analysis, region))
            add(
              quickfix(
                blocked
                  ? `Strip AI code from restricted zone (${lines(region)})`
                  : `Strip unlabeled AI code (${lines(region)})`,
                f,
                [stripLines(analysis.source, region.startLine, region.endLine)],
                blocked,
              ),
            );
          const tool = f.tool ?? ctx.defaultTool;
          const label = labelLines(
            analysis.source,
            analysis.syntax,
            region.startLine,
            region.endLine,
            { tool, source: 'manual', usedIds: new Set(analysis.markers.blocks.map((b) => b.id)) },
            analysis.markers.blocks,
          );
          if (label.length)
            add(quickfix(`Label as AI output (${toolDisplayName(tool, ctx.toolNames)})`, f, label, !blocked));
          break;
        }
        case 'AIF004':
          if (f.repair)
            add(
              quickfix(
                'Repair provenance marker',
                f,
                [replaceLine(analysis.source, f.repair.line, f.repair.text)],
                true,
              ),
            );
          break;
        case 'AIF006': {
          const begin = region ? analysis.source.lineText(region.startLine) : '';
          const hash = region
            ? analysis.source.rangeHash(region.startLine + 1, region.endLine - 1).slice(0, 'sha256:'.length + 16)
            : '';
          if (region && /hash=sha256:[0-9a-f]+/.test(begin)) {
            add(
              quickfix(
                'Accept edits: update provenance hash',
                f,
                [
                  replaceLine(
                    analysis.source,
                    region.startLine,
                    begin.replace(/hash=sha256:[0-9a-f]+/, `hash=${hash}`),
                  ),
                ],
                false,
              ),
            );
          }
          break;
        }
        default:
          break;
      }
    }
    const unlabeled = analysis.findings.filter((f) => f.code === 'AIF003');
    if (unlabeled.length && inRange.some((f) => f.code === 'AIF003')) {
      actions.push({
        title: 'Strip all unlabeled AI code in this file',
        kind: CodeActionKind.QuickFix,
        diagnostics: unlabeled.map(diagnosticFor),
        edit: versionedEdit(ctx, stripUnlabeledEdits(analysis)),
      });
    }
  }

  if (explicitly(FIX_ALL_KIND)) {
    const edits = fixAllEdits(analysis);
    if (edits.length)
      actions.push({
        title: 'AI Fence: repair and label (never deletes)',
        kind: FIX_ALL_KIND,
        edit: versionedEdit(ctx, edits),
      });
  }
  return actions;
}
