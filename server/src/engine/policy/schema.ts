// The `.aifence.json` format (version 1). The JSON Schema in
// schemas/aifence.schema.json is generated from this file.
import { z } from 'zod';
import { TOOL_ID_PATTERN } from './tools';

const aiRule = z
  .enum(['block', 'warn', 'allow'])
  .describe('What AI assistants may do here: "block" (no AI), "warn" (AI allowed with a warning) or "allow".');
const provenanceRule = z
  .enum(['required', 'optional'])
  .describe('Whether AI code must carry ai-provenance markers ("required") or not ("optional").');
const glob = z
  .string()
  .min(1, 'a glob must not be empty')
  .describe('A minimatch glob relative to the directory of this policy file, with / separators.');
const toolId = z.string().regex(TOOL_ID_PATTERN, 'a tool id is lowercase letters, digits, ".", "_" or "-"');

export const zoneSchema = z
  .strictObject({
    name: z.string().min(1).describe('Unique name of the zone, shown to users.'),
    paths: z.array(glob).min(1, 'a zone needs at least one path').describe('Globs of the files in this zone.'),
    except: z.array(glob).optional().describe('Globs of files excluded from this zone.'),
    ai: aiRule,
    tools: z
      .array(z.union([toolId, z.literal('*')]))
      .min(1)
      .optional()
      .describe('Tool ids this zone applies to; "*" (the default) means every tool.'),
    provenance: provenanceRule.optional(),
    message: z.string().optional().describe('Shown to users whenever this zone applies.'),
  })
  .describe('A set of paths with an AI rule.');

export const policySchema = z
  .strictObject({
    $schema: z.string().optional(),
    version: z.literal(1).describe('Policy format version. Always 1.'),
    zones: z.array(zoneSchema).default([]).describe('Restricted zones.'),
    defaults: z
      .strictObject({
        ai: aiRule.default('allow'),
        provenance: provenanceRule.default('optional'),
      })
      .optional()
      .describe('Rules for files that are in no zone (default: allow, optional).'),
    signatures: z
      .array(z.string().min(4, 'a signature needs at least 4 characters'))
      .optional()
      .describe('Extra literal phrases (not regular expressions) that identify AI output inside comments.'),
    tools: z
      .record(toolId, z.string().min(1))
      .optional()
      .describe('Extra tool ids this organisation uses, each with a display name.'),
    ledger: z
      .string()
      .min(1)
      .optional()
      .describe('Path of the Agent Trace ledger, relative to this policy file (default .agent-trace/traces.jsonl).'),
  })
  .describe('AI Fence policy (.aifence.json).');

export type PolicyFile = z.output<typeof policySchema>;
export type AiRule = z.output<typeof aiRule>;
export type ProvenanceRule = z.output<typeof provenanceRule>;

export function policyJsonSchema(): object {
  return z.toJSONSchema(policySchema, { io: 'input' });
}
