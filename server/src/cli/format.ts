// Output formats for `ai-fence check`: text (one finding a line), JSON and SARIF 2.1.0.

import type { SkipCounts } from '../engine';
import { codeHref, FINDING_CODES, type Finding, type FindingCode, type Severity } from '../engine';

export interface FileReport {
  /** Display path, '/' separators. */
  readonly path: string;
  readonly findings: readonly Finding[];
}

/** A file or directory that was not checked because it could not be read. */
export interface Unreadable {
  /** Display path, '/' separators. */
  readonly path: string;
  readonly message: string;
}

export interface Summary {
  readonly files: number;
  readonly errors: number;
  readonly warnings: number;
  readonly infos: number;
  readonly fixed: number;
  readonly skipped: SkipCounts;
  /** Every path counted in skipped.unreadable. */
  readonly unreadable: readonly Unreadable[];
}

export function formatText(reports: readonly FileReport[]): string {
  const lines: string[] = [];
  for (const r of reports) {
    for (const f of r.findings)
      lines.push(`${r.path}:${f.line + 1}:${f.character + 1} ${f.severity} ${f.code} ${f.message}`);
  }
  return lines.length ? `${lines.join('\n')}\n` : '';
}

export function formatJson(reports: readonly FileReport[], summary: Summary): string {
  const files = reports
    .filter((r) => r.findings.length)
    .map((r) => ({
      path: r.path,
      findings: r.findings.map((f) => ({
        code: f.code,
        name: FINDING_CODES[f.code].name,
        severity: f.severity,
        message: f.message,
        line: f.line + 1,
        column: f.character + 1,
        endLine: f.endLine + 1,
        endColumn: f.endCharacter + 1,
        ...(f.region ? { region: { startLine: f.region.startLine + 1, endLine: f.region.endLine + 1 } } : {}),
        ...(f.tool ? { tool: f.tool } : {}),
        ...(f.zone ? { zone: f.zone } : {}),
        ...(f.evidence ? { evidence: f.evidence } : {}),
      })),
    }));
  return `${JSON.stringify({ version: 1, files, summary }, null, 2)}\n`;
}

const SARIF_LEVEL: Record<Severity, string> = { error: 'error', warning: 'warning', information: 'note' };

export function formatSarif(reports: readonly FileReport[], summary: Summary, version: string): string {
  const codes = Object.keys(FINDING_CODES) as FindingCode[];
  const rules = codes.map((code) => ({
    id: code,
    name: FINDING_CODES[code].name,
    shortDescription: { text: FINDING_CODES[code].summary },
    helpUri: codeHref(code),
    defaultConfiguration: { level: SARIF_LEVEL[FINDING_CODES[code].severity] },
  }));
  const results = reports.flatMap((r) =>
    r.findings.map((f) => ({
      ruleId: f.code,
      ruleIndex: codes.indexOf(f.code),
      level: SARIF_LEVEL[f.severity],
      message: { text: f.message },
      locations: [
        {
          physicalLocation: {
            artifactLocation: { uri: encodeURI(r.path), uriBaseId: '%SRCROOT%' },
            region: {
              startLine: f.line + 1,
              startColumn: f.character + 1,
              endLine: f.endLine + 1,
              endColumn: f.endCharacter + 1,
            },
          },
        },
      ],
    })),
  );
  return sarifLog('AI Fence', version, rules, results, {
    // What was not checked, as SARIF's notifications of the run (§3.20.21, §3.58).
    invocations: [
      {
        executionSuccessful: true,
        toolExecutionNotifications: summary.unreadable.map((u) => ({
          level: 'warning',
          message: { text: `not checked: ${u.message}` },
          locations: [{ physicalLocation: { artifactLocation: { uri: encodeURI(u.path), uriBaseId: '%SRCROOT%' } } }],
        })),
      },
    ],
    columnKind: 'utf16CodeUnits',
  });
}

/** A SARIF 2.1.0 log of one run of `driver` (check and audit share it); `run` adds fields after the results. */
export function sarifLog(
  driver: string,
  version: string,
  rules: readonly unknown[],
  results: readonly unknown[],
  run: Record<string, unknown> = {},
): string {
  const sarif = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: driver,
            informationUri: 'https://github.com/ai-fence/ai-fence',
            version,
            semanticVersion: version,
            rules,
          },
        },
        results,
        ...run,
      },
    ],
  };
  return `${JSON.stringify(sarif, null, 2)}\n`;
}

export function formatSummary(s: Summary): string {
  const skipped = Object.entries(s.skipped)
    .filter(([, n]) => n > 0)
    .map(([k, n]) => `${n} ${k}`);
  const parts = [
    `${s.files} file${s.files === 1 ? '' : 's'} checked`,
    `${s.errors} error${s.errors === 1 ? '' : 's'}`,
    `${s.warnings} warning${s.warnings === 1 ? '' : 's'}`,
  ];
  if (s.infos) parts.push(`${s.infos} info`);
  if (s.fixed) parts.push(`${s.fixed} fixed`);
  const notChecked = s.unreadable.map((u) => `not checked: ${u.path}: ${u.message}\n`).join('');
  return `${parts.join(', ')}${skipped.length ? `; skipped: ${skipped.join(', ')}` : ''}\n${notChecked}`;
}
