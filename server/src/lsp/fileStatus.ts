// aiFence/fileStatus: the policy picture of one file, for the status bar.

import type { CompiledZone, FileAnalysis, Workspace } from '../engine';
import { BUILTIN_TOOLS, declaredTools, resolve, toolDisplayName } from '../engine';
import type { FileStatusRequest, ZoneInfo } from '../protocol';
import { pathToUri } from './uris';

export function zoneInfo(z: CompiledZone): ZoneInfo {
  return {
    name: z.name,
    ai: z.ai,
    provenance: z.provenance ?? z.policy.defaults.provenance,
    tools: z.tools ? [...z.tools] : ['*'],
    message: z.message,
    policyUri: pathToUri(z.policy.file),
    line: z.line,
  };
}

export function uncheckedStatus(uri: string): FileStatusRequest.Result {
  return {
    uri,
    checked: false,
    ai: 'allow',
    provenance: 'optional',
    zones: [],
    rules: [],
    policies: [],
    aiBlocks: 0,
    unlabeled: 0,
    blocks: [],
    unlabeledRegions: [],
  };
}

export function fileStatus(
  uri: string,
  file: string,
  workspace: Workspace,
  analysis: FileAnalysis | undefined,
): FileStatusRequest.Result {
  const stack = workspace.stackFor(file);
  const any = resolve(stack.policies, file);
  const names = declaredTools(stack.policies);
  const tools = [...Object.keys(BUILTIN_TOOLS), ...names.keys()];
  return {
    uri,
    checked: true,
    ai: any.ai,
    provenance: any.provenance,
    zone: any.decidingZone ? zoneInfo(any.decidingZone) : undefined,
    zones: any.zones.map(zoneInfo),
    rules: tools.map((tool) => {
      const r = resolve(stack.policies, file, tool);
      return {
        tool,
        toolName: toolDisplayName(tool, names),
        ai: r.ai,
        provenance: r.provenance,
        zone: r.decidingZone?.name,
      };
    }),
    policies: stack.states.map((s) => ({ uri: pathToUri(s.file), source: s.source, valid: s.errors.length === 0 })),
    aiBlocks: analysis?.markers.blocks.length ?? 0,
    unlabeled: analysis?.unlabeled ?? 0,
    blocks: analysis?.markers.blocks.map((b) => ({ startLine: b.beginLine, endLine: b.endLine, tool: b.tool })) ?? [],
    unlabeledRegions: analysis?.findings.filter((f) => f.code === 'AIF003' && f.region).map((f) => f.region!) ?? [],
  };
}
