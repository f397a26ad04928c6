// The instruction an agent gets (through its hook context channel) when it
// writes in a zone that requires provenance labels: the exact marker lines in
// the file's comment syntax.
import { randomBytes } from 'node:crypto';
import type { CompiledZone } from '../engine/policy/parse';
import { relativeInside } from '../engine/policy/zones';
import { syntaxForPath } from '../engine/provenance/commentSyntax';
import { canWriteMarkers, formatMarkerLine } from '../engine/provenance/markerSyntax';

export function labelInstructions(
  root: string,
  file: string,
  zones: readonly CompiledZone[],
  tool: string,
  model: string | undefined,
): string {
  const rel = relativeInside(root, file) ?? file;
  const zone = zones.find((z) => (z.provenance ?? z.policy.defaults.provenance) === 'required') ?? zones[0];
  const where = zone ? `zone "${zone.name}"${zone.message ? ` (${zone.message})` : ''}` : 'this directory';
  const syntax = syntaxForPath(file);
  const id = randomBytes(3).toString('hex');
  const fields: [string, string | undefined][] = [
    ['id', id],
    ['tool', tool],
    ['model', model],
    ['source', 'agent'],
  ];
  if (!syntax || !canWriteMarkers(syntax)) {
    return `AI Fence: ${rel} is in ${where}, which requires provenance labels on AI-written code. Put "ai-provenance: begin id=${id} tool=${tool}" and "ai-provenance: end id=${id}" on their own comment lines around the code you write.`;
  }
  const begin = formatMarkerLine(syntax, '', 'begin', fields);
  const end = formatMarkerLine(syntax, '', 'end', [['id', id]]);
  return `AI Fence: ${rel} is in ${where}, which requires provenance labels on AI-written code. Wrap every block you write in this file in marker lines, at the block's indentation:\n${begin}\n...your code...\n${end}\n(use a new id for each block; ids must be unique in the file).`;
}
