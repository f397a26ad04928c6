// check(): every finding for one file's text. Pure: the caller supplies the
// text, the policy stack and the ledger ranges for the file.

import { getOrCreate } from '../getOrCreate';
import type { Policy } from '../policy/parse';
import { isBuiltinTool, toolDisplayName } from '../policy/tools';
import { declaredTools, POLICY_DEFAULT_NAME, type Resolution, resolve } from '../policy/zones';
import { type CommentSyntax, syntaxFor } from './commentSyntax';
import { lexStateTracker } from './comments';
import type { Evidence, Finding, FindingCode } from './findings';
import { type LedgerRange, locateRanges } from './ledger';
import { type LineSource, TextLines } from './lines';
import { FALLBACK_SYNTAX } from './markerSyntax';
import { findMarkerLines, lineInBlocks, type MarkerScan, structureMarkers } from './markers';
import { compileSignatures, findSignatureRegions, type SignatureMatcher } from './signatures';

export interface CheckContext {
  /** Policies that apply, outermost first (managed, root, …, nearest). */
  readonly policies: readonly Policy[];
  /** Ledger ranges recorded for this file. */
  readonly ledgerRanges?: readonly LedgerRange[];
  /** Compiled signatures; built from the policies when omitted. Pass one to reuse it across files. */
  readonly signatures?: SignatureMatcher;
}

export interface CheckInput {
  /** Absolute path, '/' separators. */
  readonly file: string;
  /** The file's text, or its lines. */
  readonly text: string | LineSource;
  readonly languageId?: string;
}

export interface FileAnalysis {
  readonly findings: Finding[];
  readonly markers: MarkerScan;
  readonly syntax: CommentSyntax;
  readonly source: LineSource;
  /** Unlabeled AI regions (signature or ledger). */
  readonly unlabeled: number;
  /** Ledger ranges recorded for the file whose content was not found. */
  readonly unlocatedLedgerRanges: number;
}

const knownToolCache = new WeakMap<readonly Policy[], (id: string) => boolean>();

/** One tool check per policy stack, so results keyed on it can be cached. */
function knownToolFor(policies: readonly Policy[], tools: ReadonlyMap<string, string>): (id: string) => boolean {
  return getOrCreate(knownToolCache, policies, () => (id: string) => isBuiltinTool(id) || tools.has(id));
}

export function signaturesFor(policies: readonly Policy[]): SignatureMatcher {
  return compileSignatures(policies.flatMap((p) => p.signatures));
}

export function syntaxOrFallback(languageId: string | undefined, file: string): CommentSyntax {
  return syntaxFor(languageId, file) ?? FALLBACK_SYNTAX;
}

/** Marker lines, less those inside a multi-line string: there they are the program's text. */
function markerLinesInCode(source: LineSource, syntax: CommentSyntax): ReturnType<typeof findMarkerLines> {
  const lines = findMarkerLines(source, syntax);
  if (!lines.length || !syntax.strings.length) return lines;
  const stateAt = lexStateTracker(source, syntax);
  return lines.filter((m) => {
    const kind = stateAt(m.line)?.kind;
    return kind !== 'string' && kind !== 'heredoc';
  });
}

export function analyze(input: CheckInput, ctx: CheckContext): FileAnalysis {
  const source = typeof input.text === 'string' ? new TextLines(input.text) : input.text;
  const syntax = syntaxOrFallback(input.languageId, input.file);
  const tools = declaredTools(ctx.policies);
  const knownTool = knownToolFor(ctx.policies, tools);
  const markers = structureMarkers(source, markerLinesInCode(source, syntax), knownTool, syntax);
  const findings: Finding[] = [];
  const name = (id: string | undefined) => (id ? toolDisplayName(id, tools) : 'an unknown AI tool');
  const ruleCache = new Map<string, Resolution>();
  const ruleFor = (tool: string | undefined) => {
    const key = tool ?? '';
    return getOrCreate(ruleCache, key, () => resolve(ctx.policies, input.file, tool));
  };
  const wholeLines = (startLine: number, endLine: number) => ({
    line: startLine,
    character: 0,
    endLine,
    endCharacter: source.lineText(endLine).length,
  });

  for (const p of markers.problems) {
    findings.push({
      code: 'AIF004',
      severity: 'error',
      message: p.message,
      line: p.line,
      character: p.start,
      endLine: p.line,
      endCharacter: p.end,
      repair: p.repair !== undefined ? { line: p.line, text: p.repair } : undefined,
    });
  }
  for (const e of markers.edited) {
    const line = e.block.beginLine;
    findings.push({
      code: 'AIF006',
      severity: 'information',
      message: `AI block "${e.block.id}" was edited after it was labelled (hash ${e.expected} no longer matches).`,
      ...wholeLines(line, line),
      region: { startLine: e.block.beginLine, endLine: e.block.endLine },
      evidence: { kind: 'label', blockId: e.block.id },
      tool: e.block.tool,
    });
  }

  const zoneFinding = (startLine: number, endLine: number, tool: string | undefined, evidence: Evidence) => {
    const rule = ruleFor(tool);
    if (rule.ai === 'allow') return;
    const code: FindingCode = rule.ai === 'block' ? 'AIF001' : 'AIF002';
    findings.push({
      code,
      severity: rule.ai === 'block' ? 'error' : 'warning',
      message: `${zoneSentence(rule, name(tool))}${evidenceSuffix(evidence)}`,
      ...wholeLines(startLine, endLine),
      region: { startLine, endLine },
      evidence,
      tool,
      zone: rule.decidingZone?.name,
    });
  };

  for (const block of markers.blocks) {
    zoneFinding(block.beginLine, block.endLine, block.tool, { kind: 'label', blockId: block.id });
  }

  const fenced = (line: number) => lineInBlocks(markers.blocks, line) !== undefined || isMarkerLine(markers, line);
  let unlabeled = 0;
  const unlabeledFinding = (
    startLine: number,
    endLine: number,
    tool: string | undefined,
    evidence: Evidence,
    what: string,
  ) => {
    unlabeled++;
    const rule = ruleFor(tool);
    const required = rule.provenance === 'required';
    const zone =
      rule.zones.find((z) => (z.provenance ?? z.policy.defaults.provenance) === 'required') ?? rule.decidingZone;
    findings.push({
      code: 'AIF003',
      severity: required ? 'error' : 'warning',
      message: `Unlabeled AI code (${what}): label it with ai-provenance markers or remove it.${required ? ` Provenance labels are required here${zone ? ` (zone "${zone.name}")` : ''}.` : ''}`,
      ...wholeLines(startLine, endLine),
      region: { startLine, endLine },
      evidence,
      tool,
      zone: zone?.name,
    });
    zoneFinding(startLine, endLine, tool, evidence);
  };

  const matcher = ctx.signatures ?? signaturesFor(ctx.policies);
  const covered: { startLine: number; endLine: number }[] = [];
  for (const hit of findSignatureRegions(source, syntax, matcher, fenced)) {
    covered.push(hit);
    unlabeledFinding(
      hit.startLine,
      hit.endLine,
      hit.signature.tool,
      { kind: 'signature', phrase: hit.signature.phrase },
      `signature "${hit.signature.phrase}"`,
    );
  }
  const locatedRanges = locateRanges(source, ctx.ledgerRanges ?? []);
  for (const located of locatedRanges) {
    const { startLine, endLine, range } = located;
    if (allFenced(startLine, endLine, fenced)) continue;
    if (covered.some((c) => c.startLine <= startLine && c.endLine >= endLine)) continue;
    covered.push(located);
    unlabeledFinding(
      startLine,
      endLine,
      range.tool,
      {
        kind: 'ledger',
        ledgerLine: range.ledgerLine,
        conversation: range.conversation,
        model: range.model,
        revision: range.revision,
      },
      `recorded in the Agent Trace ledger${range.tool ? ` for ${name(range.tool)}` : ''}`,
    );
  }

  findings.sort((a, b) => a.line - b.line || a.character - b.character || a.code.localeCompare(b.code));
  return {
    findings,
    markers,
    syntax,
    source,
    unlabeled,
    unlocatedLedgerRanges: (ctx.ledgerRanges?.length ?? 0) - locatedRanges.length,
  };
}

export function check(input: CheckInput, ctx: CheckContext): Finding[] {
  return analyze(input, ctx).findings;
}

function isMarkerLine(markers: MarkerScan, line: number): boolean {
  return markers.problems.some((p) => p.line === line);
}

function allFenced(startLine: number, endLine: number, fenced: (line: number) => boolean): boolean {
  for (let l = startLine; l <= endLine; l++) if (!fenced(l)) return false;
  return true;
}

function zoneSentence(rule: Resolution, tool: string): string {
  const zone = rule.decidingZone;
  const verb = rule.ai === 'block' ? 'is not allowed' : 'is discouraged';
  const where = zone ? `zone "${zone.name}"` : `this folder ${POLICY_DEFAULT_NAME}`;
  return `AI code from ${tool} ${verb} in ${where}.${zone?.message ? ` ${zone.message}` : ''}`;
}

function evidenceSuffix(evidence: Evidence): string {
  if (evidence.kind === 'label') return ` (block "${evidence.blockId}")`;
  if (evidence.kind === 'signature') return ` (signature "${evidence.phrase}")`;
  return ` (Agent Trace ledger line ${evidence.ledgerLine})`;
}
