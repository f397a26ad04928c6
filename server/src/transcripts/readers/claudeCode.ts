// Claude Code: <config>/projects/<slug>/<sessionId>.jsonl, subagents under
// <sessionId>/subagents/ (research/transcripts/claude-code.md; the format is
// undocumented, shapes from the agent SDK types and community schemas).
import { isObject, str } from '../../engine/io/json';
import { addAnthropicContent, addShownOutput, isoTime } from '../content';
import { entries, findFiles, join } from '../locate';
import { collector, type LineReader, type LocateContext } from '../record';

export function claudeConfigDir(ctx: LocateContext): string {
  return (ctx.env.CLAUDE_CONFIG_DIR || join(ctx.home, '.claude')).normalize('NFC');
}

export const claudeCodeReader: LineReader = {
  id: 'claude-code',
  tool: 'claude-code',
  format: 'lines',
  stores(ctx) {
    const projects = join(claudeConfigDir(ctx), 'projects');
    // Sessions sit in each project dir; subagents in <session>/subagents/ (nested agents go deeper).
    return entries(projects)
      .filter((e) => e.isDirectory())
      .flatMap((e) => findFiles(join(projects, e.name), /\.jsonl$/, 4));
  },
  readLines(text, firstLine) {
    const { records, add } = collector();
    let skipped = 0;
    text.split('\n').forEach((raw, i) => {
      if (raw.trim() === '') return;
      let entry: unknown;
      try {
        entry = JSON.parse(raw);
      } catch {
        skipped++;
        return;
      }
      if (!isObject(entry) || typeof entry.type !== 'string') {
        skipped++;
        return;
      }
      if (entry.type !== 'user' && entry.type !== 'assistant') return;
      const message = entry.message;
      const session = str(entry.sessionId);
      if (!isObject(message) || !session) {
        skipped++;
        return;
      }
      const meta = { session, model: str(message.model), at: isoTime(entry.timestamp), line: firstLine + i };
      addAnthropicContent(message.role ?? entry.type, message.content, add, meta);
      const result = entry.toolUseResult;
      if (isObject(result)) {
        if (isObject(result.file)) addShownOutput(String(result.file.content ?? ''), add, meta);
        add('shown', result.originalFile, meta);
      }
    });
    return { records, skipped };
  },
};
