// Reads the patch envelope Codex's apply_patch tool takes:
//   *** Begin Patch / *** Add File: p / *** Update File: p [*** Move to: q]
//   / *** Delete File: p / @@ hunks with ' ', '-', '+' lines / *** End Patch
// Tolerant: text before "*** Begin Patch" (a shell heredoc wrapper) is skipped
// and a missing "*** End Patch" ends the patch at the end of the text.

export interface PatchLine {
  readonly op: ' ' | '-' | '+';
  readonly text: string;
}

export interface PatchHunk {
  readonly lines: readonly PatchLine[];
}

export interface PatchFile {
  readonly kind: 'add' | 'update' | 'delete';
  /** Path as written in the patch (relative to the tool's cwd, or absolute). */
  readonly path: string;
  /** Destination of a rename (`*** Move to:`). */
  readonly moveTo: string | undefined;
  /** Lines of an added file. */
  readonly added: readonly string[];
  readonly hunks: readonly PatchHunk[];
}

// Headers are matched on the trimmed line, as Codex's own parser does: "Be
// tolerant of case mismatches and extra padding around marker strings" —
// openai/codex codex-rs/apply-patch/src/parser.rs, parse_one_hunk (`lines[0].trim()`),
// read 2026-11-30 at commit 0e0fb63d029055d4aec1d536a3d72f70164ba8a6 (its date is not known here:
// the repository snapshot is over the fetch size limit, the file index gives the commit only).
const FILE_HEADER = /^\*\*\* (Add|Update|Delete) File:\s*(.+?)\s*$/;

/** Files a patch touches; an empty list when the text holds no patch. */
export function parseApplyPatch(text: string): PatchFile[] {
  const lines = text.split(/\r\n|\n|\r/);
  let i = lines.findIndex((l) => l.trim() === '*** Begin Patch');
  if (i < 0) {
    // Some callers send the body without the envelope.
    i = lines.findIndex((l) => FILE_HEADER.test(l.trim())) - 1;
    if (i < -1) return [];
  }
  const files: {
    kind: PatchFile['kind'];
    path: string;
    moveTo?: string;
    added: string[];
    hunks: { lines: PatchLine[] }[];
  }[] = [];
  for (i++; i < lines.length; i++) {
    const line = lines[i];
    if (line.trim() === '*** End Patch') break;
    const header = FILE_HEADER.exec(line.trim());
    if (header) {
      files.push({
        kind: header[1].toLowerCase() as PatchFile['kind'],
        path: unquote(header[2]),
        added: [],
        hunks: [],
      });
      continue;
    }
    const file = files[files.length - 1];
    if (!file) continue;
    const move = /^\*\*\* Move to:\s*(.+?)\s*$/.exec(line.trim());
    if (move) {
      file.moveTo = unquote(move[1]);
      continue;
    }
    if (line.trim().startsWith('*** ')) continue; // "*** End of File" and future markers
    if (file.kind === 'add') {
      if (line.startsWith('+')) file.added.push(line.slice(1));
      continue;
    }
    if (file.kind !== 'update') continue;
    if (line.startsWith('@@')) {
      file.hunks.push({ lines: [] });
      continue;
    }
    const op = line[0];
    if (op !== ' ' && op !== '-' && op !== '+' && line !== '') continue;
    if (!file.hunks.length) file.hunks.push({ lines: [] });
    file.hunks[file.hunks.length - 1].lines.push({
      op: (line === '' ? ' ' : op) as PatchLine['op'],
      text: line.slice(1),
    });
  }
  return files.map((f) => ({
    kind: f.kind,
    path: f.path,
    moveTo: f.moveTo,
    added: f.added,
    hunks: f.hunks.filter((h) => h.lines.length),
  }));
}

function unquote(p: string): string {
  return p.length >= 2 && p.startsWith('"') && p.endsWith('"') ? p.slice(1, -1) : p;
}

/** Every path the patch reads or writes, rename targets included. */
export function patchPaths(files: readonly PatchFile[]): string[] {
  const out: string[] = [];
  for (const f of files) {
    out.push(f.path);
    if (f.moveTo) out.push(f.moveTo);
  }
  return out;
}

/**
 * 0-based inclusive line ranges a patch inserted into `current` (the file after
 * the patch). Each hunk's new side (context plus added lines) is located in
 * the file, searching forward from the previous hunk; hunks that cannot be
 * found are skipped.
 */
export function patchInsertedRanges(file: PatchFile, current: readonly string[]): { start: number; end: number }[] {
  if (file.kind === 'delete') return [];
  if (file.kind === 'add') return current.length ? [{ start: 0, end: current.length - 1 }] : [];
  const ranges: { start: number; end: number }[] = [];
  let from = 0;
  for (const hunk of file.hunks) {
    const side = hunk.lines.filter((l) => l.op !== '-');
    if (!side.some((l) => l.op === '+')) continue;
    const at = findSequence(
      current,
      side.map((l) => l.text),
      from,
    );
    if (at < 0) continue;
    side.forEach((l, j) => {
      if (l.op !== '+') return;
      const line = at + j;
      const last = ranges[ranges.length - 1];
      if (last && last.end + 1 === line) last.end = line;
      else ranges.push({ start: line, end: line });
    });
    from = at + side.length;
  }
  return ranges;
}

function findSequence(haystack: readonly string[], needle: readonly string[], from: number): number {
  const trimEnd = (s: string) => s.replace(/\s+$/, '');
  for (const eq of [(x: string, y: string) => x === y, (x: string, y: string) => trimEnd(x) === trimEnd(y)]) {
    for (let start of [from, 0]) {
      for (; start + needle.length <= haystack.length; start++) {
        let ok = true;
        for (let j = 0; j < needle.length && ok; j++) ok = eq(haystack[start + j], needle[j]);
        if (ok) return start;
      }
    }
  }
  return -1;
}
