// Engine findings and policy errors as LSP diagnostics.
import { type Diagnostic, DiagnosticSeverity } from 'vscode-languageserver';
import type { PolicyState } from '../engine';
import { codeHref, type Finding } from '../engine';
import { DIAGNOSTIC_SOURCE } from '../protocol';

const SEVERITY = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  information: DiagnosticSeverity.Information,
} as const;

export function toDiagnostic(f: Finding): Diagnostic {
  return {
    range: { start: { line: f.line, character: f.character }, end: { line: f.endLine, character: f.endCharacter } },
    severity: SEVERITY[f.severity],
    code: f.code,
    codeDescription: { href: codeHref(f.code) },
    source: DIAGNOSTIC_SOURCE,
    message: f.message,
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
