// Recognising AI involvement in git history: commit trailers and authors the
// AI tools leave, and git-ai authorship notes (Git AI Standard v3.0.0,
// `refs/notes/ai`: an attestation section of file paths and
// "  <16-hex session hash> <line ranges>" entries, a `---` line, then JSON
// metadata whose `prompts` map each hash to its agent).
import { normalizeToolName } from '../engine/policy/tools';

export interface Attribution {
  readonly tool: string;
  /** The line or name that shows it, as found. */
  readonly evidence: string;
}

/** A tool id guessed from free text (a co-author, an "Assisted-by" value); undefined when nothing AI-like. */
export function guessTool(text: string): string | undefined {
  const t = text.toLowerCase();
  // Claude's commit trailers come from Claude Code.
  if (/claude|anthropic/.test(t)) return 'claude-code';
  const direct = normalizeToolName(t.replace(/<.*$/, '').trim());
  if (direct) return direct;
  if (/copilot/.test(t)) return 'copilot';
  if (/cursor/.test(t)) return 'cursor';
  if (/\bcodex\b/.test(t)) return 'codex';
  if (/chatgpt|openai|\bgpt-?\d/.test(t)) return 'chatgpt';
  if (/gemini|jules/.test(t)) return 'gemini';
  if (/\baider\b/.test(t)) return 'aider';
  if (/windsurf|codeium/.test(t)) return 'windsurf';
  if (/\bcline\b/.test(t)) return 'cline';
  if (/roo[ -]?code/.test(t)) return 'roo-code';
  if (/amazon q|amazon-q/.test(t)) return 'amazon-q';
  if (/devin|junie|\bai\b|\bllm\b|\bagent\b|\bbot\b/.test(t)) return 'other';
  return undefined;
}

export interface CommitInfo {
  readonly message: string;
  readonly authorName: string;
  readonly authorEmail: string;
  readonly committerName: string;
}

/** Every AI attribution a commit carries. */
export function commitAttributions(c: CommitInfo): Attribution[] {
  const out: Attribution[] = [];
  const add = (tool: string | undefined, evidence: string) => {
    if (tool && !out.some((a) => a.tool === tool && a.evidence === evidence))
      out.push({ tool, evidence: evidence.trim() });
  };
  for (const line of c.message.split(/\r?\n/)) {
    const trailer = /^\s*(co-authored-by|assisted-by|generated-by|made-with|ai-assisted-by)\s*:\s*(.+)$/i.exec(line);
    if (trailer) {
      const key = trailer[1].toLowerCase();
      const value = trailer[2];
      if (key === 'co-authored-by') {
        // Human co-authors are common: only AI-looking names count.
        const tool = guessTool(value);
        if (tool && tool !== 'other') add(tool, line);
        else if (tool === 'other' && /\[bot\]|noreply@(anthropic|openai|cursor)/i.test(value)) add(tool, line);
      } else add(guessTool(value) ?? 'other', line);
      continue;
    }
    const generated =
      /🤖\s*generated with\s*\[?([^\]\n(]+)/i.exec(line) ??
      /^\s*generated (?:with|by) (claude code|github copilot|cursor|codex|aider)\b/i.exec(line);
    if (generated) add(guessTool(generated[1]) ?? 'other', line);
  }
  for (const name of [c.authorName, c.committerName]) {
    if (/\(aider\)\s*$/i.test(name)) add('aider', `author ${name}`);
  }
  if (
    /copilot-swe-agent|^copilot$/i.test(c.authorName) ||
    /\+copilot@users\.noreply\.github\.com$/i.test(c.authorEmail)
  )
    add('copilot', `author ${c.authorName} <${c.authorEmail}>`);
  if (/^(claude|cursor(agent)?|codex|devin-ai-integration)(\[bot\])?$/i.test(c.authorName))
    add(guessTool(c.authorName) ?? 'other', `author ${c.authorName} <${c.authorEmail}>`);
  return out;
}

export interface NoteEntry {
  readonly hash: string;
  /** 1-based inclusive ranges. */
  readonly ranges: readonly (readonly [number, number])[];
}

export interface AuthorshipLog {
  readonly schemaVersion: string | undefined;
  readonly files: ReadonlyMap<string, readonly NoteEntry[]>;
  readonly prompts: Readonly<Record<string, { readonly tool?: string; readonly model?: string; readonly id?: string }>>;
}

/** Parses a git-ai authorship log; tolerant of unknown versions, strict about line syntax. */
export function parseAuthorshipLog(text: string): AuthorshipLog {
  const lines = text.split(/\r?\n/);
  const divider = lines.indexOf('---');
  const attest = divider < 0 ? lines : lines.slice(0, divider);
  const files = new Map<string, NoteEntry[]>();
  let current: NoteEntry[] | undefined;
  for (const line of attest) {
    if (line.trim() === '') continue;
    if (!line.startsWith(' ')) {
      const file = line.startsWith('"') && line.endsWith('"') ? line.slice(1, -1) : line;
      current = files.get(file) ?? [];
      files.set(file, current);
      continue;
    }
    const m = /^ {2}([0-9a-f]{7,64}) ([\d,-]+)\s*$/i.exec(line);
    if (!m || !current) continue;
    const ranges: [number, number][] = [];
    for (const part of m[2].split(',')) {
      const r = /^(\d+)(?:-(\d+))?$/.exec(part);
      if (!r) continue;
      const a = Number(r[1]);
      const b = r[2] ? Number(r[2]) : a;
      if (a >= 1 && b >= a) ranges.push([a, b]);
    }
    current.push({ hash: m[1].toLowerCase(), ranges });
  }
  let schemaVersion: string | undefined;
  const prompts: Record<string, { tool?: string; model?: string; id?: string }> = {};
  if (divider >= 0) {
    try {
      const meta = JSON.parse(lines.slice(divider + 1).join('\n')) as {
        schema_version?: unknown;
        prompts?: Record<string, { agent_id?: { tool?: unknown; model?: unknown; id?: unknown } }>;
      };
      if (typeof meta.schema_version === 'string') schemaVersion = meta.schema_version;
      for (const [hash, p] of Object.entries(meta.prompts ?? {})) {
        const a = p?.agent_id ?? {};
        prompts[hash.toLowerCase()] = {
          ...(typeof a.tool === 'string' ? { tool: a.tool } : {}),
          ...(typeof a.model === 'string' ? { model: a.model } : {}),
          ...(typeof a.id === 'string' ? { id: a.id } : {}),
        };
      }
    } catch {
      // metadata unreadable: attestation still counts, agent unknown
    }
  }
  return { schemaVersion, files, prompts };
}

/** The entry of `log` for `file` that covers 1-based `line`, if any. */
export function noteEntryAt(log: AuthorshipLog, file: string, line: number): NoteEntry | undefined {
  return log.files.get(file)?.find((e) => e.ranges.some(([a, b]) => line >= a && line <= b));
}
