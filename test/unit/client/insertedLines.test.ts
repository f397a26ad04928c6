// The lines an accepted suggestion inserted, from the text before and after.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { insertedLines } from '../../../client/src/insertedLines';

test('an insertion in the middle of a line, and one spanning lines', () => {
  assert.deepEqual(insertedLines('a\nconst x = \nb\n', 'a\nconst x = 42;\nb\n'), { startLine: 1, endLine: 1 });
  assert.deepEqual(insertedLines('a\nfunction f() {\n}\n', 'a\nfunction f() {\n  return 1;\n  // done\n}\n'), {
    startLine: 2,
    endLine: 3,
  });
});

test('line breaks around the insertion belong to the lines around it', () => {
  assert.deepEqual(insertedLines('a\n\nz\n', 'a\n\nb\nc\n\nz\n'), { startLine: 2, endLine: 3 });
});

test('nothing, or only whitespace, inserted: undefined', () => {
  assert.equal(insertedLines('same\n', 'same\n'), undefined);
  assert.equal(insertedLines('a\n', 'a\n    \n'), undefined);
});
