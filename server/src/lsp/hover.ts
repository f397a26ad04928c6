// Hover on a provenance marker: who wrote the block and which rule applies here;
// and on code a transcript says an AI wrote: which tool, model and session.
import type { Hover, MarkupContent } from 'vscode-languageserver';
import type { FileAnalysis, Policy } from '../engine';
import { resolve, toolDisplayName } from '../engine';

export function markerHover(
  analysis: FileAnalysis,
  line: number,
  file: string,
  policies: readonly Policy[],
  toolNames: ReadonlyMap<string, string>,
): Hover | undefined {
  const block = analysis.markers.blocks.find((b) => b.beginLine === line || b.endLine === line);
  if (!block) return undefined;
  const f = block.fields;
  const rule = resolve(policies, file, block.tool);
  const row = (k: string, v: string | undefined) => (v ? `| ${k} | ${v.replace(/\|/g, '\\|')} |` : undefined);
  const at = f.get('at');
  const zone = rule.decidingZone;
  const value = [
    `**AI provenance** · block \`${block.id}\` (lines ${block.beginLine + 1}–${block.endLine + 1})`,
    '',
    '| | |',
    '|---|---|',
    row('Tool', block.tool ? `${toolDisplayName(block.tool, toolNames)} (\`${block.tool}\`)` : undefined),
    row('Model', f.get('model')),
    row('Date', at ? `${at}` : undefined),
    row('Author', f.get('by')),
    row('Source', f.get('source')),
    row('Hash', f.get('hash')),
    '',
    `**Rule here:** AI ${rule.ai === 'block' ? 'blocked' : rule.ai === 'warn' ? 'allowed with a warning' : 'allowed'}` +
      `${zone ? ` by zone \`${zone.name}\`` : ''}; provenance ${rule.provenance}.` +
      (zone?.message ? `\n\n> ${zone.message}` : ''),
  ].filter((l): l is string => l !== undefined);
  const contents: MarkupContent = { kind: 'markdown', value: value.join('\n') };
  return {
    contents,
    range: { start: { line, character: 0 }, end: { line, character: analysis.source.lineText(line).length } },
  };
}

/** Hover on a line of an unlabeled region that matches an AI tool's transcript. */
export function transcriptHover(analysis: FileAnalysis, line: number): Hover | undefined {
  const finding = analysis.findings.find(
    (f) => f.evidence?.kind === 'transcript' && f.region && f.region.startLine <= line && line <= f.region.endLine,
  );
  const e = finding?.evidence;
  if (!finding?.region || e?.kind !== 'transcript') return undefined;
  const { startLine, endLine } = finding.region;
  const value = [
    `**AI origin** (transcript) · lines ${startLine + 1}–${endLine + 1}, unlabeled`,
    '',
    `Matches what **${e.tool}**${e.model ? ` (${e.model})` : ''} wrote in session \`${e.session}\`${e.at ? ` at ${e.at}` : ''}.`,
  ].join('\n');
  return {
    contents: { kind: 'markdown', value },
    range: {
      start: { line: startLine, character: 0 },
      end: { line: endLine, character: analysis.source.lineText(endLine).length },
    },
  };
}
