// Consecutive partial accepts of one inline suggestion merge into one range.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { mergeAccepted } from '../../../client/src/acceptedRange';

const range = (startLine: number, endLine: number, version: number, uri = 'file:///a.ts') => ({
  uri,
  startLine,
  endLine,
  version,
});

test('a word accepted on the same line, right after the last accept, extends the range', () => {
  assert.deepEqual(mergeAccepted(range(4, 4, 7), range(4, 4, 8), 7, 0), range(4, 4, 8));
});

test('the next line accepted after the range grows it by that line', () => {
  assert.deepEqual(mergeAccepted(range(4, 5, 7), range(6, 6, 8), 7, 1), range(4, 6, 8));
});

test('lines inserted inside the range move its end down', () => {
  assert.deepEqual(mergeAccepted(range(4, 6, 7), range(5, 5, 8), 7, 2), range(4, 8, 8));
});

test('another document, an edit in between, or a distant line start a new range', () => {
  assert.equal(mergeAccepted(range(4, 4, 7), range(4, 4, 3, 'file:///b.ts'), 7, 0), undefined);
  assert.equal(mergeAccepted(range(4, 4, 7), range(4, 4, 9), 8, 0), undefined);
  assert.equal(mergeAccepted(range(4, 4, 7), range(6, 6, 8), 7, 0), undefined);
  assert.equal(mergeAccepted(range(4, 4, 7), range(3, 3, 8), 7, 0), undefined);
});
