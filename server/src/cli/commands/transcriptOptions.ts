// Options shared by `check --transcripts` and `ai-fence transcripts`.
import { findRoot } from '../../engine';
import { DEFAULT_RETENTION_DAYS, type TranscriptSettings } from '../../transcripts/evidence';
import { SOURCE_IDS } from '../../transcripts/readers';
import { type CliIo, UsageError } from '../context';

export const TRANSCRIPT_OPTIONS = {
  'no-source': { type: 'string', multiple: true },
  'retention-days': { type: 'string' },
} as const;

export const TRANSCRIPT_OPTIONS_HELP = `  --no-source ID             Do not read this transcript source (repeatable): ${SOURCE_IDS.join(', ')}
  --retention-days N         Ignore transcript messages older than N days (default ${DEFAULT_RETENTION_DAYS}; 0 keeps all)
`;

export function transcriptSettings(
  io: CliIo,
  values: { 'no-source'?: string[]; 'retention-days'?: string },
): TranscriptSettings {
  const disabled = new Set(values['no-source'] ?? []);
  for (const id of disabled)
    if (!SOURCE_IDS.includes(id))
      throw new UsageError(`unknown transcript source "${id}" (known: ${SOURCE_IDS.join(', ')})`);
  const days = values['retention-days'];
  if (days !== undefined && !/^\d+$/.test(days))
    throw new UsageError(`--retention-days needs a whole number, not "${days}"`);
  return {
    env: io.env,
    repoRoot: findRoot(io.cwd),
    disabled,
    retentionDays: days === undefined ? DEFAULT_RETENTION_DAYS : Number(days),
  };
}
