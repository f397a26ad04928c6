// What a transcript reader yields: text an AI tool produced or was shown, with
// where it came from. Records live only in memory while a store is indexed;
// the index keeps their fingerprints and metadata, never their text.

export type RecordKind = 'produced' | 'shown';

export interface TranscriptRecord {
  readonly kind: RecordKind;
  readonly text: string;
  readonly session: string;
  readonly model?: string;
  /** ISO 8601 time of the message. */
  readonly at?: string;
  /** 1-based line of the store file the record came from (line stores), or a key inside it. */
  readonly line?: number;
  readonly key?: string;
}

/** Reader state carried from one append to the next (line stores only): small metadata, never text. */
export type Carry = Readonly<Record<string, string>>;

export interface ReadOutcome {
  readonly records: TranscriptRecord[];
  /** Lines or entries that were malformed or of a shape we do not know. */
  readonly skipped: number;
  readonly carry?: Carry;
}

export interface LocateContext {
  readonly home: string;
  readonly env: NodeJS.ProcessEnv;
  readonly platform: NodeJS.Platform;
  /** Repository root, for stores kept inside the repository (Aider). */
  readonly repoRoot?: string;
}

interface ReaderBase {
  /** Source id, as in `--no-source <id>`. */
  readonly id: string;
  /** Tool id written in findings and labels. */
  readonly tool: string;
  /** Store files that exist, absolute paths. */
  stores(ctx: LocateContext): string[];
}

/** JSONL stores that only grow: appended lines are read on their own. */
export interface LineReader extends ReaderBase {
  readonly format: 'lines';
  readLines(text: string, firstLine: number, carry: Carry | undefined, store: string): ReadOutcome;
}

/** Stores rewritten as a whole (JSON documents, op logs that must be replayed): re-read when they change. */
export interface DocumentReader extends ReaderBase {
  readonly format: 'document';
  readDocument(text: string, store: string): ReadOutcome;
}

/** SQLite stores, read through node:sqlite when the runtime has it. */
export interface DatabaseReader extends ReaderBase {
  readonly format: 'database';
  readDatabase(store: string): ReadOutcome;
}

export type SourceReader = LineReader | DocumentReader | DatabaseReader;

/** A record builder that drops empty text and text the same message already gave (Claude Code repeats a read in two fields). */
export function collector(): {
  records: TranscriptRecord[];
  add: (kind: RecordKind, text: unknown, meta: Omit<TranscriptRecord, 'kind' | 'text'>) => void;
} {
  const records: TranscriptRecord[] = [];
  let origin = '';
  // Per kind, so a long text is not copied into a new key string.
  let seen = { produced: new Set<string>(), shown: new Set<string>() };
  return {
    records,
    add(kind, text, meta) {
      if (typeof text !== 'string' || text.trim() === '') return;
      const at = `${meta.line}|${meta.key}`;
      if (at !== origin) {
        origin = at;
        seen = { produced: new Set(), shown: new Set() };
      }
      if (seen[kind].has(text)) return;
      seen[kind].add(text);
      records.push({ kind, text, ...meta });
    },
  };
}
