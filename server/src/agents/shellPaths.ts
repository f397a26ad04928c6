// Best-effort detection of the files a shell command line names. It splits the
// line the way a POSIX shell would (quotes, escapes, operators, `cd` between
// commands) and reports every word that could be a path, so the hooks can
// check them against the zones. It cannot see paths built at run time
// (variables, command substitution, globs expanded by the shell, scripts and
// programs that open files themselves); the README lists these limits.

export interface ShellPath {
  /** The path as written, `~` expanded, resolved against the cwd in force ('/' separators). */
  readonly path: string;
  /** Written to (output redirection, or the last argument of cp/mv/tee/install/ln and in-place editors). */
  readonly write: boolean;
  /** Named by a command that reads directory trees (grep -r, rg, find, tar, cp -r...). */
  readonly recursive: boolean;
  /** The word had glob characters; `path` is its literal directory prefix. */
  readonly glob: boolean;
  /** Found inside a larger word (e.g. a quoted script or `rev:path`), not as a whole argument. */
  readonly embedded: boolean;
}

type Token = { kind: 'word'; text: string; quoted: boolean } | { kind: 'op'; text: string };

const OPERATORS = [
  '&&',
  '||',
  ';;',
  '>>',
  '>|',
  '&>',
  '<<',
  '<>',
  '>&',
  '<&',
  '|&',
  ';',
  '|',
  '&',
  '>',
  '<',
  '(',
  ')',
  '\n',
];

/** Splits a command line into words and operators. Unterminated quotes run to the end. */
export function tokenizeShell(command: string): Token[] {
  const tokens: Token[] = [];
  let word = '';
  let inWord = false;
  let quoted = false;
  const flush = () => {
    if (inWord) tokens.push({ kind: 'word', text: word, quoted });
    word = '';
    inWord = false;
    quoted = false;
  };
  for (let i = 0; i < command.length; ) {
    const c = command[i];
    if (c === '\\' && i + 1 < command.length) {
      if (command[i + 1] !== '\n') {
        word += command[i + 1];
        inWord = true;
      }
      i += 2;
      continue;
    }
    if (c === "'") {
      const end = command.indexOf("'", i + 1);
      word += command.slice(i + 1, end < 0 ? undefined : end);
      inWord = quoted = true;
      i = end < 0 ? command.length : end + 1;
      continue;
    }
    if (c === '"') {
      let j = i + 1;
      for (; j < command.length && command[j] !== '"'; j++) {
        if (command[j] === '\\' && j + 1 < command.length && '"\\$`\n'.includes(command[j + 1])) j++;
        word += command[j];
      }
      inWord = quoted = true;
      i = j + 1;
      continue;
    }
    if (c === '`' || (c === '$' && command[i + 1] === '(')) {
      // Command substitution: its words are scanned like the rest.
      flush();
      tokens.push({ kind: 'op', text: ';' });
      i += c === '`' ? 1 : 2;
      continue;
    }
    if (c === ' ' || c === '\t') {
      flush();
      i++;
      continue;
    }
    if (c === '#' && !inWord) {
      const nl = command.indexOf('\n', i);
      i = nl < 0 ? command.length : nl;
      continue;
    }
    const op = OPERATORS.find((o) => command.startsWith(o, i));
    if (op) {
      // "2>" and "2>>": a digit right before a redirection belongs to it.
      if ((op[0] === '>' || op[0] === '<') && /^\d+$/.test(word) && inWord && !quoted) {
        word = '';
        inWord = false;
      }
      flush();
      tokens.push({ kind: 'op', text: op });
      i += op.length;
      continue;
    }
    word += c;
    inWord = true;
    i++;
  }
  flush();
  return tokens;
}

const SEPARATORS = new Set([';', '&&', '||', '|', '|&', '&', '\n', '(', ')', ';;']);
const WRITE_REDIRECTS = new Set(['>', '>>', '>|', '&>', '<>']);
const READ_REDIRECTS = new Set(['<']);
const PREFIX_COMMANDS = new Set([
  'sudo',
  'env',
  'time',
  'nice',
  'nohup',
  'command',
  'exec',
  'xargs',
  'doas',
  'builtin',
  'timeout',
  'stdbuf',
]);
const RECURSIVE_ALWAYS = new Set([
  'rg',
  'ag',
  'ack',
  'find',
  'fd',
  'tree',
  'tar',
  'zip',
  'rsync',
  'du',
  '7z',
  'git-grep',
]);
const RECURSIVE_WITH_FLAG = new Set(['grep', 'egrep', 'fgrep', 'cp', 'scp', 'ls', 'chmod', 'chown', 'rm', 'diff']);
const LAST_ARG_WRITES = new Set(['cp', 'mv', 'install', 'ln', 'rsync', 'scp']);
const ALL_ARGS_WRITE = new Set([
  'tee',
  'touch',
  'rm',
  'rmdir',
  'truncate',
  'shred',
  'mkdir',
  'chmod',
  'chown',
  'unlink',
  'dd',
]);
const IN_PLACE = new Set(['sed', 'perl', 'ruby']);
/** Programs whose arguments are text, not files (their redirections still count). */
const TEXT_ARGS = new Set([
  'echo',
  'printf',
  'export',
  'which',
  'type',
  'alias',
  'unset',
  'true',
  'false',
  'test',
  '[',
  'sleep',
  'exit',
  'return',
]);

export interface ShellContext {
  readonly cwd: string;
  readonly home?: string;
}

/** Every path-like word of the command line, resolved against the cwd (which `cd` updates). */
export function shellPaths(command: string, context: ShellContext): ShellPath[] {
  const tokens = tokenizeShell(command);
  const out: ShellPath[] = [];
  let cwd = context.cwd;
  let i = 0;
  while (i < tokens.length) {
    // One simple command: words up to the next separator.
    const words: { text: string; redirect?: string }[] = [];
    for (; i < tokens.length && !(tokens[i].kind === 'op' && SEPARATORS.has(tokens[i].text)); i++) {
      const t = tokens[i];
      if (t.kind === 'op') {
        const next = tokens[i + 1];
        if (next && next.kind === 'word' && t.text !== '<<') {
          words.push({ text: next.text, redirect: t.text });
          i++;
        }
        continue;
      }
      words.push({ text: t.text });
    }
    i++;
    const args = words.filter((w) => !w.redirect);
    let p = 0;
    while (p < args.length && /^[A-Za-z_][A-Za-z0-9_]*=/.test(args[p].text)) p++;
    while (p < args.length && PREFIX_COMMANDS.has(baseName(args[p].text))) {
      p++;
      while (p < args.length && args[p].text.startsWith('-')) p++;
    }
    const program = p < args.length ? baseName(args[p].text) : '';
    const rest = args.slice(p + 1).map((w) => w.text);
    if (program === 'cd') {
      const target = rest.find((w) => !w.startsWith('-'));
      cwd = target === undefined ? (context.home ?? cwd) : resolvePath(cwd, target, context.home);
      out.push({ path: cwd, write: false, recursive: false, glob: false, embedded: false });
      continue;
    }
    const flags = rest.filter((w) => w.startsWith('-'));
    const recursive =
      RECURSIVE_ALWAYS.has(program) ||
      (program === 'git' &&
        ['grep', 'archive', 'ls-files', 'add', 'rm', 'mv', 'checkout', 'restore'].includes(rest[0] ?? '')) ||
      (RECURSIVE_WITH_FLAG.has(program) &&
        flags.some((f) => /^-[a-zA-Z]*[rRa]/.test(f) || f === '--recursive' || f === '--archive'));
    const inPlace = IN_PLACE.has(program) && flags.some((f) => /^-[a-zA-Z]*i/.test(f) || f.startsWith('--in-place'));
    const positional = rest.filter((w) => !w.startsWith('-'));
    const lastPositional = positional[positional.length - 1];
    const add = (word: string, write: boolean, embedded: boolean) => {
      const found = literalPath(word);
      if (!found) return;
      out.push({ path: resolvePath(cwd, found.path, context.home), write, recursive, glob: found.glob, embedded });
    };
    if (p < args.length && args[p].text.includes('/')) add(args[p].text, false, false);
    for (const w of TEXT_ARGS.has(program) ? [] : rest) {
      let word = w;
      const eq = /^--?[A-Za-z0-9-]+=(.+)$/.exec(w);
      if (eq) word = eq[1];
      else if (w.startsWith('-')) continue;
      const write =
        ALL_ARGS_WRITE.has(program) ||
        inPlace ||
        (LAST_ARG_WRITES.has(program) && w === lastPositional && positional.length > 1);
      add(word, write, false);
      if (/^[a-z][a-z0-9+.-]*:\/\//i.test(word)) continue; // a URL
      // Paths inside larger words: scripts in quotes, `rev:path`, key=value...
      for (const piece of word.split(/[\s'"(),=:;{}[\]<>|&`]+/)) {
        if (piece && piece !== word && piece.includes('/')) add(piece, write, true);
      }
    }
    for (const w of words) {
      if (!w.redirect) continue;
      if (WRITE_REDIRECTS.has(w.redirect) || READ_REDIRECTS.has(w.redirect))
        add(w.text, WRITE_REDIRECTS.has(w.redirect), false);
    }
  }
  return dedupe(out);
}

function baseName(word: string): string {
  return word.slice(word.lastIndexOf('/') + 1);
}

/** The literal part of a word that could name a file, or undefined for URLs, options and bare numbers. */
function literalPath(word: string): { path: string; glob: boolean } | undefined {
  if (word === '' || /^[a-z][a-z0-9+.-]*:\/\//i.test(word) || /^\d+$/.test(word)) return undefined;
  if (word.startsWith('$') || word === '/dev/null' || word.startsWith('/dev/')) return undefined;
  const globAt = word.search(/[*?[]/);
  if (globAt < 0) return { path: word, glob: false };
  const prefix = word.slice(0, globAt);
  const slash = prefix.lastIndexOf('/');
  return { path: slash < 0 ? '.' : prefix.slice(0, slash) || '/', glob: true };
}

/** Resolves `p` against `cwd` with '/' separators, `.` and `..` folded, `~` expanded. */
export function resolvePath(cwd: string, p: string, home?: string): string {
  let s = p.replace(/\\/g, '/');
  if (home && (s === '~' || s.startsWith('~/'))) s = home.replace(/\\/g, '/') + s.slice(1);
  const absolute = s.startsWith('/') || /^[A-Za-z]:\//.test(s);
  const parts = (absolute ? s : `${cwd.replace(/\\/g, '/')}/${s}`).split('/');
  const out: string[] = [];
  for (const part of parts) {
    if (part === '' || part === '.') {
      if (out.length === 0) out.push('');
      continue;
    }
    if (part === '..') {
      if (out.length > 1) out.pop();
      continue;
    }
    out.push(part);
  }
  const joined = out.join('/');
  return joined === '' ? '/' : joined;
}

function dedupe(paths: ShellPath[]): ShellPath[] {
  const seen = new Map<string, ShellPath>();
  for (const p of paths) {
    const prev = seen.get(p.path);
    if (!prev) seen.set(p.path, p);
    else {
      seen.set(p.path, {
        path: p.path,
        write: prev.write || p.write,
        recursive: prev.recursive || p.recursive,
        glob: prev.glob && p.glob,
        embedded: prev.embedded && p.embedded,
      });
    }
  }
  return [...seen.values()];
}
