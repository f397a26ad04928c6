// Best-effort detection of the files a shell command line names. It splits the
// line the way a POSIX shell would (quotes, escapes, operators, `cd` between
// commands) and reports every word that could be a path, so the hooks can
// check them against the zones. It cannot see paths built at run time
// (variables, the output of command substitution, scripts and programs that
// open files themselves); the README lists these limits.
import { PathLimitError } from '../engine/io/paths';

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

export type Token = Word | { kind: 'op'; text: string };

interface Word {
  kind: 'word';
  /** The word with quotes removed; each command substitution is SUBST. */
  text: string;
  /** Per character of `text`: '1' where it stood unquoted (brace expansion applies), '0' where quoted. */
  mask: string;
  quoted: boolean;
  /** The text of each `$(...)` or backquoted command in the word, analysed as a subshell. */
  subs: string[];
}

/** Stands for a command substitution's output inside a word. */
export const SUBST = '\u0000';

/** Bash splits and quotes one way; PowerShell keeps `\` literal and escapes with a backquote. */
export type Dialect = 'posix' | 'powershell';

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

const ANSI_C: Record<string, string> = {
  n: '\n',
  t: '\t',
  r: '\r',
  a: '\x07',
  b: '\b',
  e: '\x1b',
  E: '\x1b',
  f: '\f',
  v: '\v',
};

/** The text of `$'...'` starting after the opening quote, and where it ends (bash's ANSI-C quoting). */
function ansiC(command: string, from: number): { text: string; end: number } {
  let text = '';
  let i = from;
  while (i < command.length && command[i] !== "'") {
    const c = command[i];
    if (c !== '\\' || i + 1 >= command.length) {
      text += c;
      i++;
      continue;
    }
    const e = command[i + 1];
    const num = (re: RegExp, base: number, skip: number) => {
      const m = re.exec(command.slice(i + skip));
      if (!m) return false;
      text += String.fromCodePoint(Number.parseInt(m[0], base) % 0x110000);
      i += skip + m[0].length;
      return true;
    };
    if (e === 'x' && num(/^[0-9a-fA-F]{1,2}/, 16, 2)) continue;
    if (e === 'u' && num(/^[0-9a-fA-F]{1,4}/, 16, 2)) continue;
    if (e === 'U' && num(/^[0-9a-fA-F]{1,8}/, 16, 2)) continue;
    if (/[0-7]/.test(e) && num(/^[0-7]{1,3}/, 8, 1)) continue;
    if (e === 'c' && i + 2 < command.length) {
      text += String.fromCharCode(command.charCodeAt(i + 2) & 0x1f);
      i += 3;
      continue;
    }
    text += ANSI_C[e] ?? e;
    i += 2;
  }
  return { text, end: i + 1 };
}

/** Index just past the `)` closing a `$(` whose text starts at `from`, quotes and nesting respected. */
function closingParen(command: string, from: number): number {
  let depth = 1;
  for (let i = from; i < command.length; i++) {
    const c = command[i];
    if (c === '\\') i++;
    else if (c === "'") {
      const end = command.indexOf("'", i + 1);
      i = end < 0 ? command.length : end;
    } else if (c === '(') depth++;
    else if (c === ')' && --depth === 0) return i + 1;
  }
  return command.length;
}

/** Splits a command line into words and operators. Unterminated quotes run to the end. */
export function tokenizeShell(command: string, dialect: Dialect = 'posix'): Token[] {
  const escapeChar = dialect === 'posix' ? '\\' : '`';
  const tokens: Token[] = [];
  let word = '';
  let mask = '';
  let subs: string[] = [];
  let inWord = false;
  let quoted = false;
  const append = (text: string, unquoted: boolean) => {
    word += text;
    mask += (unquoted ? '1' : '0').repeat(text.length);
    inWord = true;
  };
  const flush = () => {
    if (inWord) tokens.push({ kind: 'word', text: word, mask, quoted, subs });
    word = '';
    mask = '';
    subs = [];
    inWord = false;
    quoted = false;
  };
  const substitution = (inner: string) => {
    subs.push(inner);
    append(SUBST, false);
  };
  for (let i = 0; i < command.length; ) {
    const c = command[i];
    if (c === escapeChar && i + 1 < command.length) {
      if (command[i + 1] !== '\n') append(command[i + 1], false);
      i += 2;
      continue;
    }
    if (c === '$' && command[i + 1] === "'" && dialect === 'posix') {
      const { text, end } = ansiC(command, i + 2);
      append(text, false);
      quoted = true;
      i = end;
      continue;
    }
    if (c === "'") {
      const end = command.indexOf("'", i + 1);
      append(command.slice(i + 1, end < 0 ? undefined : end), false);
      quoted = true;
      i = end < 0 ? command.length : end + 1;
      continue;
    }
    if (c === '"' || (c === '$' && command[i + 1] === '"')) {
      let j = i + (c === '$' ? 2 : 1);
      for (; j < command.length && command[j] !== '"'; j++) {
        if (command[j] === escapeChar && j + 1 < command.length) {
          if (dialect === 'powershell' || '"\\$`\n'.includes(command[j + 1])) j++;
        } else if (command[j] === '$' && command[j + 1] === '(') {
          const end = closingParen(command, j + 2);
          substitution(command.slice(j + 2, end - 1));
          j = end - 1;
          continue;
        } else if (command[j] === '`' && dialect === 'posix') {
          const end = command.indexOf('`', j + 1);
          substitution(command.slice(j + 1, end < 0 ? undefined : end));
          j = end < 0 ? command.length : end;
          continue;
        }
        append(command[j], false);
      }
      quoted = true;
      inWord = true;
      i = j + 1;
      continue;
    }
    if (c === '$' && command[i + 1] === '(') {
      const end = closingParen(command, i + 2);
      substitution(command.slice(i + 2, end - 1));
      i = end;
      continue;
    }
    if (c === '`' && dialect === 'posix') {
      const end = command.indexOf('`', i + 1);
      substitution(command.slice(i + 1, end < 0 ? undefined : end));
      i = end < 0 ? command.length : end + 1;
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
        mask = '';
        inWord = false;
      }
      flush();
      tokens.push({ kind: 'op', text: op });
      i += op.length;
      continue;
    }
    append(c, true);
    i++;
  }
  flush();
  return tokens;
}

/**
 * Bash's brace expansion of a word's unquoted `{a,b}` and `{1..3}` parts.
 * Throws PathLimitError past `limit` words.
 */
export function expandBraces(text: string, mask: string, limit = MAX_BRACE_WORDS): string[] {
  const out: string[] = [];
  const queue: [string, string][] = [[text, mask]];
  while (queue.length) {
    const [t, m] = queue.pop() as [string, string];
    const found = firstBrace(t, m);
    if (!found) {
      out.push(t);
      if (out.length > limit) throw new PathLimitError(`a word expands to more than ${limit} words`);
      continue;
    }
    const { open, close, parts } = found;
    for (const [pt, pm] of parts.reverse())
      queue.push([t.slice(0, open) + pt + t.slice(close + 1), m.slice(0, open) + pm + m.slice(close + 1)]);
    if (queue.length > limit) throw new PathLimitError(`a word expands to more than ${limit} words`);
  }
  return out;
}

/** The first unquoted `{...}` that expands: its alternatives (text and mask each). */
function firstBrace(t: string, m: string): { open: number; close: number; parts: [string, string][] } | undefined {
  for (let open = t.indexOf('{'); open >= 0; open = t.indexOf('{', open + 1)) {
    if (m[open] !== '1' || t[open - 1] === '$') continue;
    let depth = 0;
    const commas: number[] = [];
    for (let i = open; i < t.length; i++) {
      if (m[i] !== '1') continue;
      if (t[i] === '{') depth++;
      else if (t[i] === ',' && depth === 1) commas.push(i);
      else if (t[i] === '}' && --depth === 0) {
        if (commas.length) {
          const cuts = [open, ...commas, i];
          const parts = cuts
            .slice(1)
            .map((c, k): [string, string] => [t.slice(cuts[k] + 1, c), m.slice(cuts[k] + 1, c)]);
          return { open, close: i, parts };
        }
        const seq = /^(-?\d+|[A-Za-z])\.\.(-?\d+|[A-Za-z])(?:\.\.(-?\d+))?$/.exec(t.slice(open + 1, i));
        if (seq)
          return { open, close: i, parts: sequence(seq[1], seq[2], seq[3]).map((x) => [x, '0'.repeat(x.length)]) };
        break;
      }
    }
  }
  return undefined;
}

function sequence(from: string, to: string, step: string | undefined): string[] {
  const numeric = /\d/.test(from);
  const a = numeric ? Number(from) : from.charCodeAt(0);
  const b = numeric ? Number(to) : to.charCodeAt(0);
  const by = Math.max(1, Math.abs(Number(step ?? 1)) || 1);
  const out: string[] = [];
  for (let x = a; a <= b ? x <= b : x >= b; x += a <= b ? by : -by) {
    out.push(numeric ? String(x) : String.fromCharCode(x));
    if (out.length > MAX_BRACE_WORDS) throw new PathLimitError(`a word expands to more than ${MAX_BRACE_WORDS} words`);
  }
  return out;
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
const LAST_ARG_WRITES = new Set(['cp', 'install', 'ln', 'rsync', 'scp']);
const ALL_ARGS_WRITE = new Set([
  // mv removes its sources as well as writing its target.
  'mv',
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
  /** The repository root holding a directory (`git show REV:path` and whole-repository git reads). */
  readonly rootOf?: (dir: string) => string;
  /** Whether a path exists (tells a git pathspec from a revision). */
  readonly exists?: (path: string) => boolean;
}

/** What resolving a command's words needs besides its text. */
interface Lookups {
  readonly home: string | undefined;
  readonly rootOf: (dir: string) => string;
  readonly exists: (path: string) => boolean;
}

/** Longest command line analysed; a longer one is denied, not allowed unchecked. */
export const MAX_COMMAND_CHARS = 64 * 1024;
/** Most paths one command may name. */
export const MAX_SHELL_PATHS = 2048;
const MAX_BRACE_WORDS = 256;
/** Most working directories a path may be relative to at once. */
const MAX_CWDS = 64;
const MAX_NESTING = 32;

const CD_COMMANDS = new Set(['cd', 'pushd', 'chdir', 'set-location', 'sl', 'push-location']);
const NO_NARROWING = new Set(['||', '|', '|&']);
const CD_BACK = new Set(['popd', 'pop-location']);
/** Words that start a compound command: the command proper follows. */
const RESERVED = new Set(['{', '}', '!', 'if', 'then', 'else', 'elif', 'do', 'while', 'until', 'fi', 'done']);
/** git subcommands that read file contents of the whole tree unless given pathspecs. */
const GIT_TREE_READS = new Set(['grep', 'archive', 'show', 'diff', 'format-patch', 'fast-export', 'bundle', 'stash']);
const GIT_HISTORY = new Set(['log', 'whatchanged', 'reflog']);
const GIT_CONTENT_FLAG =
  /^(-[a-zA-Z]*[pu]|-[SG].*|--(patch|stat|numstat|word-diff|full-diff|patch-with-stat|raw|cc|textconv).*)$/;

/**
 * Every path-like word of the command line, resolved against each working
 * directory it may be relative to (`cd` in a subshell or after `&&`/`||` may
 * or may not have run). Throws PathLimitError past the caps.
 */
export function shellPaths(command: string, context: ShellContext): ShellPath[] {
  if (command.length > MAX_COMMAND_CHARS)
    throw new PathLimitError(`the command is longer than ${MAX_COMMAND_CHARS} characters`);
  const out: ShellPath[] = [];
  const emit = (p: ShellPath) => {
    out.push(p);
    if (out.length > MAX_SHELL_PATHS) throw new PathLimitError(`the command names more than ${MAX_SHELL_PATHS} paths`);
  };
  const lookups: Lookups = {
    home: context.home,
    rootOf: context.rootOf ?? ((dir) => dir),
    exists: context.exists ?? (() => false),
  };
  analyse(command, 'posix', [context.cwd], lookups, emit, 0);
  // A backslash may be PowerShell's separator: read the line that way as well.
  if (command.includes('\\')) analyse(command, 'powershell', [context.cwd], lookups, emit, 0);
  return dedupe(out);
}

function analyse(
  command: string,
  dialect: Dialect,
  start: readonly string[],
  lookups: Lookups,
  emit: (p: ShellPath) => void,
  depth: number,
): void {
  if (depth > MAX_NESTING) throw new PathLimitError(`the command nests more than ${MAX_NESTING} levels`);
  const tokens = tokenizeShell(command, dialect);
  // Working directories in force; those a `cd ... &&` chain will fall back to; those saved at each '('.
  let cwds = [...start];
  let fallback: string[] = [];
  const seen = new Set(start);
  const frames: { cwds: string[]; fallback: string[] }[] = [];
  const union = (a: readonly string[], b: readonly string[]) => {
    const u = [...new Set([...a, ...b])];
    if (u.length > MAX_CWDS) throw new PathLimitError(`the command may run in more than ${MAX_CWDS} directories`);
    return u;
  };
  let separator = ';';
  let previous = ';';
  let i = 0;
  while (i < tokens.length) {
    // One simple command: words up to the next separator.
    const words: { text: string; redirect?: string }[] = [];
    for (; i < tokens.length && !(tokens[i].kind === 'op' && SEPARATORS.has(tokens[i].text)); i++) {
      const t = tokens[i];
      if (t.kind === 'op') {
        const next = tokens[i + 1];
        if (next && next.kind === 'word' && t.text !== '<<') {
          for (const text of expandWord(next, cwds, lookups, emit, dialect, depth))
            words.push({ text, redirect: t.text });
          i++;
        }
        continue;
      }
      for (const text of expandWord(t, cwds, lookups, emit, dialect, depth)) words.push({ text });
    }
    previous = separator;
    separator = i < tokens.length ? tokens[i].text : ';';
    i++;
    const args = words.filter((w) => !w.redirect);
    let p = 0;
    while (p < args.length && (/^[A-Za-z_][A-Za-z0-9_]*=/.test(args[p].text) || RESERVED.has(args[p].text))) p++;
    while (p < args.length && PREFIX_COMMANDS.has(baseName(args[p].text))) {
      p++;
      while (p < args.length && args[p].text.startsWith('-')) p++;
    }
    const program = p < args.length ? baseName(args[p].text).toLowerCase() : '';
    const rest = args.slice(p + 1).map((w) => w.text);
    for (const cwd of cwds) judgeCommand(program, rest, words, p < args.length ? args[p].text : '', cwd, lookups, emit);
    if (CD_COMMANDS.has(program) || CD_BACK.has(program)) {
      const target = rest.find((w) => !w.startsWith('-'));
      const moved =
        CD_BACK.has(program) || target === '-'
          ? [...seen]
          : cwds.flatMap((cwd) =>
              target === undefined
                ? [lookups.home ?? cwd]
                : // The shell's cd folds `..` as text (cd -L), cd -P after links: either may be in force.
                  [absolutePath(cwd, target, lookups.home), resolvePath(cwd, target, lookups.home)],
            );
      for (const d of moved) seen.add(d);
      for (const d of moved) emit({ path: d, write: false, recursive: false, glob: false, embedded: false });
      // After `cd x &&` the rest of the chain runs only where cd succeeded; elsewhere cd may have failed.
      // Narrow only where the rest of the chain runs just if this cd did: not after `||`, not in a pipeline.
      if (separator === '&&' && !NO_NARROWING.has(previous)) {
        fallback = union(fallback, cwds);
        cwds = union([], moved);
      } else cwds = union(cwds, moved);
    }
    if (separator !== '&&' && fallback.length) {
      cwds = union(cwds, fallback);
      fallback = [];
    }
    if (separator === '(') {
      frames.push({ cwds, fallback });
      fallback = [];
    } else if (separator === ')') {
      // A subshell's cd ends with it.
      const frame = frames.pop();
      if (frame) ({ cwds, fallback } = frame);
    }
  }
}

/** The words a word token stands for after brace expansion; its command substitutions are analysed as subshells. */
function expandWord(
  word: Word,
  cwds: readonly string[],
  lookups: Lookups,
  emit: (p: ShellPath) => void,
  dialect: Dialect,
  depth: number,
): string[] {
  for (const sub of word.subs) analyse(sub, dialect, cwds, lookups, emit, depth + 1);
  return dialect === 'posix' ? expandBraces(word.text, word.mask) : [word.text];
}

/** The paths one simple command names, relative to one working directory. */
function judgeCommand(
  program: string,
  rest: readonly string[],
  words: readonly { text: string; redirect?: string }[],
  programWord: string,
  cwd: string,
  lookups: Lookups,
  emit: (p: ShellPath) => void,
): void {
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
  const add = (word: string, write: boolean, embedded: boolean, base = cwd) => {
    const found = literalPath(knownPrefix(word, cwd, lookups.home));
    if (!found) return;
    emit({ path: absolutePath(base, found.path, lookups.home), write, recursive, glob: found.glob, embedded });
  };
  if (programWord.includes('/')) add(programWord, false, false);
  if (program === 'git') gitPaths(rest, cwd, lookups, emit);
  for (const w of TEXT_ARGS.has(program) || CD_COMMANDS.has(program) ? [] : rest) {
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
    // Paths inside larger words: scripts in quotes, `rev:path`, key=value, text around a command substitution...
    // biome-ignore lint/suspicious/noControlCharactersInRegex: SUBST (NUL, in no file name) marks a substitution
    const pieces = word.split(/[\s'"(),=:;{}[\]<>|&`\u0000]+/);
    for (const piece of pieces) {
      if (!piece || piece === word || !piece.includes('/')) continue;
      add(piece, write, true);
      // After a substitution (`$(git rev-parse --show-toplevel)/x`) the piece may be relative to the root.
      if (word.includes(SUBST) && piece.startsWith('/')) add(piece.slice(1), write, true, lookups.rootOf(cwd));
    }
  }
  for (const w of words) {
    if (!w.redirect) continue;
    if (WRITE_REDIRECTS.has(w.redirect) || READ_REDIRECTS.has(w.redirect))
      add(w.text, WRITE_REDIRECTS.has(w.redirect), false);
  }
}

/**
 * git's own reads: `REV:path` (relative to the root, or to the cwd with
 * `./`), and subcommands that print file contents of the whole tree when no
 * pathspec narrows them, which read like `grep -r` of the root.
 */
/** git subcommands that change (or delete) the working-tree files they name. */
const GIT_PATH_WRITES = new Set(['rm', 'mv', 'checkout', 'restore', 'reset']);

function gitPaths(
  args: readonly string[],
  startCwd: string,
  { home, rootOf, exists }: Lookups,
  emit: (p: ShellPath) => void,
): void {
  let cwd = startCwd;
  let k = 0;
  for (; k < args.length && args[k].startsWith('-'); k++) {
    if (args[k] === '-C' && k + 1 < args.length) cwd = absolutePath(cwd, args[++k], home);
    else if (args[k] === '-c') k++;
  }
  const sub = args[k] ?? '';
  const subArgs = args.slice(k + 1);
  const read = (path: string, recursive: boolean) =>
    emit({ path, write: false, recursive, glob: false, embedded: false });
  for (const a of subArgs) {
    const colon = a.indexOf(':');
    if (a.startsWith('-') || colon < 0 || a.includes('://')) continue;
    const rel = a.slice(colon + 1);
    read(absolutePath(/^\.\.?(\/|$)/.test(rel) ? cwd : rootOf(cwd), rel || '.', home), rel === '');
  }
  // `git rm x`, `git mv x y`, `git checkout REV -- x`: the named working-tree files change.
  if (GIT_PATH_WRITES.has(sub))
    for (const a of subArgs)
      if (!a.startsWith('-') && !a.includes(':'))
        emit({ path: absolutePath(cwd, a, home), write: true, recursive: false, glob: false, embedded: false });
  const wholeTree = GIT_TREE_READS.has(sub) || (GIT_HISTORY.has(sub) && subArgs.some((a) => GIT_CONTENT_FLAG.test(a)));
  if (!wholeTree) return;
  const dashes = subArgs.indexOf('--');
  let specs = dashes >= 0 ? subArgs.slice(dashes + 1) : [];
  if (dashes < 0) {
    const positional = subArgs.filter((a) => !a.startsWith('-') && !a.includes(':'));
    // `git grep PATTERN [PATH...]`: the first word is the pattern unless -e/-f gave it.
    const candidates =
      sub === 'grep' && !subArgs.some((a) => /^-(e|f)$|^--regexp/.test(a)) ? positional.slice(1) : positional;
    specs = candidates.filter((a) => exists(absolutePath(cwd, a, home)));
  }
  // `git show REV:path` reads that blob only (judged above).
  if (!specs.length && !subArgs.some((a) => !a.startsWith('-') && a.includes(':'))) read(rootOf(cwd), true);
  for (const s of specs) read(absolutePath(cwd, s, home), true);
}

/**
 * The cwd and home a word starts from when it names them: `$PWD`, `$HOME`,
 * `/proc/self/cwd` (the shell's cwd, not the hook's own).
 */
function knownPrefix(word: string, cwd: string, home: string | undefined): string {
  const m = /^(\$\{?PWD\}?|\/proc\/(?:self|thread-self)\/cwd|\$\{?HOME\}?)(?=\/|$)/.exec(word);
  if (!m) return word;
  const dir = m[1].includes('HOME') ? home : cwd;
  return dir === undefined ? word : dir + word.slice(m[1].length);
}

function baseName(word: string): string {
  return word.slice(word.lastIndexOf('/') + 1);
}

/** The literal part of a word that could name a file, or undefined for URLs, options and bare numbers. */
function literalPath(word: string): { path: string; glob: boolean } | undefined {
  if (word === '' || /^[a-z][a-z0-9+.-]*:\/\//i.test(word) || /^\d+$/.test(word)) return undefined;
  // `$VAR` and substitutions are dynamic: only the literal pieces around them are judged.
  if (word.startsWith('$') || word.includes(SUBST) || word === '/dev/null' || word.startsWith('/dev/'))
    return undefined;
  const globAt = word.search(/[*?[]/);
  if (globAt < 0) return { path: word, glob: false };
  const prefix = word.slice(0, globAt);
  const slash = prefix.lastIndexOf('/');
  return { path: slash < 0 ? '.' : prefix.slice(0, slash) || '/', glob: true };
}

/**
 * `p` made absolute against `cwd`, '/' separators, `~` expanded, `.` dropped,
 * `..` kept: it is applied after symbolic links are resolved (canonicalPaths).
 */
export function absolutePath(cwd: string, p: string, home?: string): string {
  let s = p.replace(/\\/g, '/');
  if (home && (s === '~' || s.startsWith('~/'))) s = home.replace(/\\/g, '/') + s.slice(1);
  const absolute = s.startsWith('/') || /^[A-Za-z]:\//.test(s);
  const parts = (absolute ? s : `${cwd.replace(/\\/g, '/')}/${s}`).split('/');
  const kept = parts.filter((part, k) => k === 0 || (part !== '' && part !== '.'));
  return kept.join('/') || '/';
}

/** absolutePath with `..` folded as text: for naming files the agent reported (the ledger), not for judging. */
export function resolvePath(cwd: string, p: string, home?: string): string {
  const out: string[] = [];
  for (const part of absolutePath(cwd, p, home).split('/')) {
    if (part === '..') {
      if (out.length > 1) out.pop();
    } else out.push(part);
  }
  return out.join('/') || '/';
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
