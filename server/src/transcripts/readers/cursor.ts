// Cursor desktop: <Cursor user dir>/globalStorage/state.vscdb, table
// cursorDiskKV(key, value): one `bubbleId:<composerId>:<bubbleId>` JSON value
// per message and one `composerData:<composerId>` per conversation, whose
// modelConfig names the model when a bubble does not (research/transcripts/
// cursor.md: community reverse-engineering only; edit tool parameter names are
// NOT FOUND upstream, so tool params are read by the generic argument names).
import { isObject, str } from '../../engine/io/json';
import { addShownOutput, addSplit, addToolInput, isoTime, parseJson } from '../content';
import { isFile, join, userDataDirs } from '../locate';
import { splitProse } from '../prose';
import { collector, type DatabaseReader } from '../record';
import { columnText, openReadOnly, type Rows } from './sqlite';

// Key ranges rather than LIKE, so SQLite walks the key index instead of every row.
const rowsWithPrefix = (db: Rows, prefix: string) =>
  db.each(`SELECT key, value FROM cursorDiskKV WHERE key >= '${prefix}:' AND key < '${prefix};' ORDER BY key`);

export const cursorReader: DatabaseReader = {
  id: 'cursor',
  tool: 'cursor',
  format: 'database',
  stores: (ctx) =>
    userDataDirs(ctx, ['Cursor'])
      .map((d) => join(d, 'User', 'globalStorage', 'state.vscdb'))
      .filter(isFile),
  readDatabase(store) {
    const db = openReadOnly(store);
    const { records, add } = collector();
    let skipped = 0;
    try {
      const composerModels = new Map<string, string>();
      for (const row of rowsWithPrefix(db, 'composerData')) {
        const composer = parseJson(columnText(row.value));
        const model = isObject(composer) && isObject(composer.modelConfig) ? str(composer.modelConfig.modelName) : '';
        // "default" is Cursor's placeholder for "whatever model is configured": no model at all.
        if (model && model !== 'default') composerModels.set(String(row.key).slice('composerData:'.length), model);
      }
      for (const row of rowsWithPrefix(db, 'bubbleId')) {
        const bubble = parseJson(columnText(row.value));
        const session = String(row.key).split(':')[1];
        if (!isObject(bubble) || !session) {
          skipped++;
          continue;
        }
        const model =
          (isObject(bubble.modelInfo) ? str(bubble.modelInfo.modelName) : undefined) || composerModels.get(session);
        const meta = { session, model, at: isoTime(bubble.createdAt), key: String(row.key) };
        if (bubble.type === 2) addSplit(splitProse(String(bubble.text ?? '')), add, meta);
        else addShownOutput(String(bubble.text ?? ''), add, meta);
        const tool = bubble.toolFormerData;
        if (isObject(tool)) {
          addToolInput(tool.params, add, meta);
          if (typeof tool.result === 'string') addShownOutput(tool.result, add, meta);
        }
      }
    } finally {
      db.close();
    }
    return { records, skipped };
  },
};
