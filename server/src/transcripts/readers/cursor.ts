// Cursor desktop: <Cursor user dir>/globalStorage/state.vscdb, table
// cursorDiskKV, one `bubbleId:<composerId>:<bubbleId>` JSON value per message
// (research/transcripts/cursor.md: community reverse-engineering only; edit
// tool parameter names are NOT FOUND upstream, so tool params are read by the
// generic argument names). Untested here: this machine's Node has no node:sqlite.
import { isObject, str } from '../../engine';
import { addShownOutput, addSplit, addToolInput, isoTime, parseJson } from '../content';
import { isFile, join, userDataDirs } from '../locate';
import { splitProse } from '../prose';
import { collector, type DatabaseReader } from '../record';
import { openReadOnly } from './sqlite';

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
      for (const row of db.all("SELECT key, value FROM cursorDiskKV WHERE key LIKE 'bubbleId:%'")) {
        const bubble = parseJson(String(row.value ?? ''));
        const session = String(row.key).split(':')[1];
        if (!isObject(bubble) || !session) {
          skipped++;
          continue;
        }
        const model = isObject(bubble.modelInfo) ? str(bubble.modelInfo.modelName) : undefined;
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
