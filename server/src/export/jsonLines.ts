// Lines of a byte stream, each bounded: a longer line is reported, never
// held, so a hostile or broken input cannot make the reader grow without end.

export type InputLine =
  | { readonly line: number; readonly text: string }
  | { readonly line: number; readonly tooLong: true };

export async function* boundedLines(chunks: AsyncIterable<Buffer>, maxBytes: number): AsyncGenerator<InputLine> {
  let pending: Buffer[] = [];
  let size = 0;
  let tooLong = false;
  let line = 0;
  const take = (piece: Buffer) => {
    if (tooLong) return;
    size += piece.length;
    if (size > maxBytes) {
      tooLong = true;
      pending = [];
    } else pending.push(piece);
  };
  const finish = (): InputLine => {
    line++;
    const out: InputLine = tooLong ? { line, tooLong } : { line, text: Buffer.concat(pending).toString('utf8') };
    pending = [];
    size = 0;
    tooLong = false;
    return out;
  };
  for await (const chunk of chunks) {
    let at = 0;
    for (let nl = chunk.indexOf(10, at); nl >= 0; nl = chunk.indexOf(10, at)) {
      take(chunk.subarray(at, nl));
      yield finish();
      at = nl + 1;
    }
    take(chunk.subarray(at));
  }
  if (size > 0 || tooLong) yield finish();
}
