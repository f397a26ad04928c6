// boundedLines: lines across chunk boundaries, and an over-long line reported without being held.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { boundedLines, type InputLine } from '../../../server/src/export/jsonLines';

async function collect(chunks: string[], max: number): Promise<InputLine[]> {
  async function* source() {
    for (const c of chunks) yield Buffer.from(c);
  }
  const out: InputLine[] = [];
  for await (const l of boundedLines(source(), max)) out.push(l);
  return out;
}

test('lines split across chunks are joined; a last line without newline counts', async () => {
  assert.deepEqual(await collect(['{"a"', ':1}\n{"b":2}\n', '{"c":', '3}'], 100), [
    { line: 1, text: '{"a":1}' },
    { line: 2, text: '{"b":2}' },
    { line: 3, text: '{"c":3}' },
  ]);
});

test('a line over the limit is reported as too long and the next line is read normally', async () => {
  assert.deepEqual(await collect(['12345', '6789\nok\n', '1234567890'], 8), [
    { line: 1, tooLong: true },
    { line: 2, text: 'ok' },
    { line: 3, tooLong: true },
  ]);
});
