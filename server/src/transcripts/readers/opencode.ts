// opencode: $XDG_DATA_HOME/opencode/opencode.db (opencode-<channel>.db for other
// channels, WAL mode), tables message and part with JSON `data` (research/
// transcripts/opencode.md; schema: anomalyco/opencode packages/opencode/src/
// session/session.sql.ts; tool input names partly unverified upstream).
import { isObject, str } from '../../engine/io/json';
import { addShownOutput, addSplit, addToolInput, isoTime, parseJson } from '../content';
import { findFiles, join, xdgDataHome } from '../locate';
import { splitProse } from '../prose';
import { collector, type DatabaseReader } from '../record';
import { columnText, openReadOnly } from './sqlite';

export const opencodeReader: DatabaseReader = {
  id: 'opencode',
  tool: 'opencode',
  format: 'database',
  stores: (ctx) => findFiles(join(xdgDataHome(ctx), 'opencode'), /^opencode(-[\w.-]+)?\.db$/, 0),
  readDatabase(store) {
    const db = openReadOnly(store);
    const { records, add } = collector();
    let skipped = 0;
    try {
      const rows = db.each(
        'SELECT p.id AS id, p.session_id AS session, p.time_created AS at, p.data AS part, m.data AS message ' +
          'FROM part p JOIN message m ON m.id = p.message_id ORDER BY p.time_created, p.id',
      );
      for (const row of rows) {
        const part = parseJson(columnText(row.part));
        const message = parseJson(columnText(row.message));
        if (!isObject(part) || !isObject(message)) {
          skipped++;
          continue;
        }
        const meta = {
          session: String(row.session),
          model: str(message.modelID),
          at: isoTime(row.at),
          key: String(row.id),
        };
        if (part.type === 'text') {
          if (message.role === 'assistant') addSplit(splitProse(String(part.text ?? '')), add, meta);
          else add('shown', part.text, meta);
        } else if (part.type === 'tool' && isObject(part.state)) {
          addToolInput(part.state.input, add, meta);
          if (typeof part.state.output === 'string') addShownOutput(part.state.output, add, meta);
        }
      }
    } finally {
      db.close();
    }
    return { records, skipped };
  },
};
