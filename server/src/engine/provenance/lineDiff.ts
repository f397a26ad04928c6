// Line diffs: which lines of a new text were inserted, and unified diffs for
// `install-hooks --dry-run`. Myers' O((N+M)D) algorithm after trimming the
// common head and tail; past MAX_EDIT_DISTANCE the changed middle is treated
// as replaced wholesale (still correct, just less minimal).

export interface DiffOp {
  readonly kind: 'equal' | 'delete' | 'insert';
  /** 0-based start in the old lines (for insert: the position it goes before). */
  readonly aStart: number;
  /** 0-based start in the new lines (for delete: the position it was removed at). */
  readonly bStart: number;
  readonly count: number;
}

const MAX_EDIT_DISTANCE = 1000;

/** The edit script that turns `a` into `b`, as runs of equal, deleted and inserted lines. */
export function diffLines(a: readonly string[], b: readonly string[]): DiffOp[] {
  let head = 0;
  while (head < a.length && head < b.length && a[head] === b[head]) head++;
  let tail = 0;
  while (tail < a.length - head && tail < b.length - head && a[a.length - 1 - tail] === b[b.length - 1 - tail]) tail++;
  const ops: DiffOp[] = [];
  const push = (kind: DiffOp['kind'], aStart: number, bStart: number, count: number) => {
    if (count <= 0) return;
    const last = ops[ops.length - 1];
    if (
      last &&
      last.kind === kind &&
      last.aStart + (kind === 'insert' ? 0 : last.count) === aStart &&
      last.bStart + (kind === 'delete' ? 0 : last.count) === bStart
    ) {
      ops[ops.length - 1] = { kind, aStart: last.aStart, bStart: last.bStart, count: last.count + count };
    } else ops.push({ kind, aStart, bStart, count });
  };
  push('equal', 0, 0, head);
  middle(a, b, head, a.length - tail, head, b.length - tail, push);
  push('equal', a.length - tail, b.length - tail, tail);
  return ops;
}

type Push = (kind: DiffOp['kind'], aStart: number, bStart: number, count: number) => void;

function middle(
  a: readonly string[],
  b: readonly string[],
  a0: number,
  a1: number,
  b0: number,
  b1: number,
  push: Push,
): void {
  const n = a1 - a0;
  const m = b1 - b0;
  if (n === 0 || m === 0) {
    push('delete', a0, b0, n);
    push('insert', a1, b0, m);
    return;
  }
  const max = Math.min(n + m, MAX_EDIT_DISTANCE);
  const offset = max + 1;
  let v = new Int32Array(2 * max + 3);
  const trace: Int32Array[] = [];
  let found = -1;
  for (let d = 0; d <= max && found < 0; d++) {
    trace.push(v.slice());
    const next = v.slice();
    for (let k = -d; k <= d; k += 2) {
      let x =
        k === -d || (k !== d && v[offset + k - 1] < v[offset + k + 1]) ? v[offset + k + 1] : v[offset + k - 1] + 1;
      let y = x - k;
      while (x < n && y < m && a[a0 + x] === b[b0 + y]) {
        x++;
        y++;
      }
      next[offset + k] = x;
      if (x >= n && y >= m) {
        found = d;
        break;
      }
    }
    v = next;
  }
  if (found < 0) {
    push('delete', a0, b0, n);
    push('insert', a1, b0, m);
    return;
  }
  // Walk the trace back from (n, m) to collect the path, then emit it forwards.
  const steps: { kind: DiffOp['kind']; x: number; y: number }[] = [];
  let x = n;
  let y = m;
  for (let d = found; d > 0; d--) {
    const vd = trace[d];
    const k = x - y;
    const down = k === -d || (k !== d && vd[offset + k - 1] < vd[offset + k + 1]);
    const prevK = down ? k + 1 : k - 1;
    const prevX = vd[offset + prevK];
    const prevY = prevX - prevK;
    while (x > prevX + (down ? 0 : 1) && y > prevY + (down ? 1 : 0)) {
      x--;
      y--;
      steps.push({ kind: 'equal', x, y });
    }
    if (down) {
      y--;
      steps.push({ kind: 'insert', x, y });
    } else {
      x--;
      steps.push({ kind: 'delete', x, y });
    }
  }
  while (x > 0 && y > 0) {
    x--;
    y--;
    steps.push({ kind: 'equal', x, y });
  }
  for (let i = steps.length - 1; i >= 0; i--) {
    const s = steps[i];
    push(s.kind, a0 + s.x, b0 + s.y, 1);
  }
}

/** 0-based inclusive ranges of `b` lines that are not in `a` (inserted or changed). */
export function insertedRanges(a: readonly string[], b: readonly string[]): { start: number; end: number }[] {
  const ranges: { start: number; end: number }[] = [];
  for (const op of diffLines(a, b)) {
    if (op.kind !== 'insert') continue;
    const last = ranges[ranges.length - 1];
    if (last && last.end + 1 === op.bStart) last.end = op.bStart + op.count - 1;
    else ranges.push({ start: op.bStart, end: op.bStart + op.count - 1 });
  }
  return ranges;
}

/** Splits text into lines for diffing; a final newline does not make an extra empty line. */
export function splitLines(text: string): string[] {
  if (text === '') return [];
  const lines = text.split(/\r\n|\n|\r/);
  if (lines[lines.length - 1] === '') lines.pop();
  return lines;
}

/** A unified diff (git style headers) of two texts, or '' when they are equal. */
export function unifiedDiff(before: string, after: string, name: string, context = 3): string {
  if (before === after) return '';
  const a = splitLines(before);
  const b = splitLines(after);
  const ops = diffLines(a, b);
  const out: string[] = [`--- ${before === '' ? '/dev/null' : `a/${name}`}`, `+++ b/${name}`];
  // Group changes that are within 2*context lines of each other into hunks.
  const changes = ops.map((op, i) => ({ op, i })).filter((c) => c.op.kind !== 'equal');
  let g = 0;
  while (g < changes.length) {
    let h = g;
    while (h + 1 < changes.length) {
      const between = ops.slice(changes[h].i + 1, changes[h + 1].i).reduce((n, op) => n + op.count, 0);
      if (between > 2 * context) break;
      h++;
    }
    const first = changes[g].op;
    const last = changes[h].op;
    const aStart = Math.max(0, first.aStart - context);
    const bStart = Math.max(0, first.bStart - context);
    const aEnd = Math.min(a.length, (last.kind === 'insert' ? last.aStart : last.aStart + last.count) + context);
    const bEnd = Math.min(b.length, (last.kind === 'delete' ? last.bStart : last.bStart + last.count) + context);
    const body: string[] = [];
    let ai = aStart;
    let bi = bStart;
    for (let k = changes[g].i; k <= changes[h].i; k++) {
      const op = ops[k];
      while (ai < op.aStart && bi < op.bStart) {
        body.push(` ${a[ai++]}`);
        bi++;
      }
      if (op.kind === 'delete') for (let j = 0; j < op.count; j++) body.push(`-${a[ai++]}`);
      else if (op.kind === 'insert') for (let j = 0; j < op.count; j++) body.push(`+${b[bi++]}`);
    }
    while (ai < aEnd && bi < bEnd) {
      body.push(` ${a[ai++]}`);
      bi++;
    }
    const range = (start: number, count: number) =>
      `${count === 0 ? start : start + 1}${count === 1 ? '' : `,${count}`}`;
    out.push(`@@ -${range(aStart, aEnd - aStart)} +${range(bStart, bEnd - bStart)} @@`, ...body);
    g = h + 1;
  }
  return `${out.join('\n')}\n`;
}
