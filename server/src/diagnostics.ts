// Engine findings and policy errors as LSP diagnostics.
import { DiagnosticSeverity, type Diagnostic } from 'vscode-languageserver';
import { codeHref, type Finding } from './engine/findings';
import type { PolicyState } from './engine/policyStack';
import { DIAGNOSTIC_SOURCE } from './protocol';

const SEVERITY = { error: DiagnosticSeverity.Error, warning: DiagnosticSeverity.Warning, information: DiagnosticSeverity.Information } as const;

/** What code actions need from a diagnostic, carried in its `data`. */
export interface DiagnosticData {
  readonly region?: { readonly startLine: number; readonly endLine: number };
  readonly tool?: string;
  readonly zone?: string;
  readonly repair?: { readonly line: number; readonly text: string };
  readonly blockId?: string;
}

export function toDiagnostic(f: Finding): Diagnostic {
  const data: DiagnosticData = {
    region: f.region,
    tool: f.tool,
    zone: f.zone,
    repair: f.repair,
    blockId: f.evidence?.kind === 'label' ? f.evidence.blockId : undefined,
  };
  return {
    range: { start: { line: f.line, character: f.character }, end: { line: f.endLine, character: f.endCharacter } },
    severity: SEVERITY[f.severity],
    code: f.code,
    codeDescription: { href: codeHref(f.code) },
    source: DIAGNOSTIC_SOURCE,
    message: f.message,
    data,
  };
}

export function policyDiagnostics(state: PolicyState): Diagnostic[] {
  return state.errors.map((e) => ({
    range: { start: { line: e.line, character: e.character }, end: { line: e.endLine, character: e.endCharacter } },
    severity: DiagnosticSeverity.Error,
    code: 'AIF005',
    codeDescription: { href: codeHref('AIF005') },
    source: DIAGNOSTIC_SOURCE,
    message: `Invalid ${state.source === 'managed' ? 'managed ' : ''}policy: ${e.message}${state.policy ? ' (the last valid version still applies)' : ''}`,
  }));
}
