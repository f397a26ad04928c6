// Code inside what an assistant wrote: fenced blocks in prose, SEARCH/REPLACE
// edit blocks (Aider, Cline), XML tool calls in text (classic Cline), and
// patches (Codex apply_patch, unified diffs). Each gives the new text (produced)
// and the old text it replaces (shown).

export interface Split {
  readonly produced: string[];
  readonly shown: string[];
}

// Aider (aider/coders/editblock_coder.py) and Cline (core/prompts/responses.ts) markers.
const SEARCH = /^(?:<{5,9} SEARCH>?|-{3,} SEARCH>?)\s*$/;
const DIVIDER = /^={5,9}\s*$/;
const REPLACE = /^(?:>{5,9} REPLACE|\+{3,} REPLACE)\s*$/;

/**
 * Fenced code blocks of markdown prose, each split into new and old text when it
 * holds edit blocks. Linear in the text: a repository's Aider log is read too,
 * so no input may make this backtrack.
 */
export function splitProse(text: string): Split {
  const out: Split = { produced: [], shown: [] };
  for (const block of fencedBlocks(text)) addBlock(block, out);
  for (const t of tagged(text, 'content')) out.produced.push(t);
  for (const t of tagged(text, 'diff')) addBlock(t, out);
  return out;
}

/** Bodies of ``` or ~~~ fences, closed by a line holding the same fence. */
function fencedBlocks(text: string): string[] {
  const blocks: string[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const open = /^[ \t]*(`{3,}|~{3,})/.exec(lines[i]);
    if (!open) continue;
    let close = i + 1;
    while (close < lines.length && lines[close].trim() !== open[1]) close++;
    // Unclosed: no later fence of this kind can close either.
    if (close === lines.length) break;
    blocks.push(`${lines.slice(i + 1, close).join('\n')}\n`);
    i = close;
  }
  return blocks;
}

/** Text between <tag> and </tag> (classic Cline XML tool calls). */
function tagged(text: string, tag: string): string[] {
  const out: string[] = [];
  const open = `<${tag}>`;
  const close = `</${tag}>`;
  for (let at = text.indexOf(open); at >= 0; at = text.indexOf(open, at)) {
    const end = text.indexOf(close, at + open.length);
    if (end < 0) break;
    out.push(text.slice(at + open.length, end).replace(/^\n/, ''));
    at = end + close.length;
  }
  return out;
}

/** A tool's SEARCH/REPLACE diff argument (Roo `apply_diff`, Cline `replace_in_file`). */
export function splitEditBlocks(diff: string): Split {
  const out: Split = { produced: [], shown: [] };
  addBlock(diff, out);
  return out;
}

/** One block: SEARCH/REPLACE sections when it has them, else all produced. */
function addBlock(block: string, out: Split): void {
  const lines = block.split('\n');
  if (!lines.some((l) => SEARCH.test(l))) {
    out.produced.push(block);
    return;
  }
  let state: 'outside' | 'search' | 'replace' = 'outside';
  let search: string[] = [];
  let replace: string[] = [];
  for (const l of lines) {
    if (SEARCH.test(l)) {
      state = 'search';
      search = [];
      replace = [];
    } else if (state === 'search' && DIVIDER.test(l)) state = 'replace';
    else if (state === 'replace' && REPLACE.test(l)) {
      out.shown.push(search.join('\n'));
      out.produced.push(replace.join('\n'));
      state = 'outside';
    } else if (state === 'search') search.push(l);
    else if (state === 'replace') replace.push(l);
  }
}

/**
 * Added lines (produced) and context and removed lines (shown) of a patch:
 * Codex's `*** Begin Patch` grammar (codex-rs/apply-patch parser) or a unified diff.
 */
export function splitPatch(patch: string): Split {
  const out: Split = { produced: [], shown: [] };
  let run: string[] = [];
  const old: string[] = [];
  const endRun = () => {
    if (run.length) out.produced.push(run.join('\n'));
    run = [];
  };
  for (const l of patch.split('\n')) {
    if (l.startsWith('***') || l.startsWith('+++') || l.startsWith('---') || l.startsWith('@@')) endRun();
    else if (l.startsWith('+')) run.push(l.slice(1));
    else if (l.startsWith('-') || l.startsWith(' ')) {
      endRun();
      old.push(l.slice(1));
    }
  }
  endRun();
  out.shown.push(old.join('\n'));
  return out;
}
