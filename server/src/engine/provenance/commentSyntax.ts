// Comment syntax as data, keyed by VS Code language id, exact file name, file-name stem
// (`Dockerfile.prod`) and lowercased last extension. Pure: no imports at all.
//
// Notes for scanners using this data:
// - Try `block` openers before `line` openers: several block openers start with a line opener
//   (Lua `--[[`, CMake `#[[`, Julia `#=`, Nim `#[`, CoffeeScript `###`).
// - Markup languages (HTML, XML, Markdown, Vue…) list no quotes: apostrophes in prose would
//   otherwise swallow comments.

export interface CommentSyntax {
  /** Stable key, e.g. 'python'. Equals the VS Code language id where one exists. */
  readonly id: string;
  /** Line-comment openers; the first one is used when writing markers. Empty when the language has none. */
  readonly line: readonly string[];
  /** Block-comment delimiter pairs; the first is used for writing when `line` is empty. */
  readonly block: readonly (readonly [open: string, close: string])[];
  /** Quote characters that open string literals (closed by the same char, backslash escapes) so a scanner can skip them. */
  readonly quotes: readonly string[];
  /** String literals that may span lines: a comment opener inside one is text, not a comment. */
  readonly strings: readonly MultilineString[];
}

/** A kind of string literal that may run over several lines. */
export type MultilineString =
  /** `open` … `close`, e.g. Python's `"""`, JavaScript's template literal, Go's raw string. */
  | { readonly kind: 'delimited'; readonly open: string; readonly close: string; readonly escapes: boolean }
  /** `<<WORD`, `<<-WORD`, `<<~WORD`, `<<'WORD'` up to a line holding only WORD; `space`: `<< WORD` too (shell). */
  | { readonly kind: 'heredoc'; readonly space: boolean }
  /** Rust's `r"…"`, `r#"…"#`, `br##"…"##`. */
  | { readonly kind: 'rustRaw' }
  /** C++'s `R"delim(…)delim"` (also with u8, u, U and L prefixes). */
  | { readonly kind: 'cppRaw' };

type Pair = readonly [open: string, close: string];

/** One row of the table. `languageIds` defaults to `[id]`; extensions are lowercase, without dot. */
export interface CommentSyntaxEntry {
  readonly id: string;
  readonly languageIds?: readonly string[];
  readonly extensions?: readonly string[];
  /** Exact (case-sensitive) base names. */
  readonly fileNames?: readonly string[];
  /** Base-name part before the first dot (after a leading one): `Dockerfile` matches `Dockerfile.prod`. */
  readonly stems?: readonly string[];
  readonly line?: readonly string[];
  readonly block?: readonly Pair[];
  readonly quotes: readonly string[];
  readonly strings?: readonly MultilineString[];
}

const SL = ['//'];
const HASH = ['#'];
const DASH = ['--'];
const SEMI = [';'];
const PCT = ['%'];
const C: readonly Pair[] = [['/*', '*/']];
const ML: readonly Pair[] = [['(*', '*)']];
const HS: readonly Pair[] = [['{-', '-}']];
const LISP: readonly Pair[] = [['#|', '|#']];
const MARKUP: readonly Pair[] = [['<!--', '-->']];
const DQ = ['"'];
const DSQ = ['"', "'"];
const JSQ = ['"', "'", '`'];
const NONE: readonly string[] = [];
const delimited = (open: string, close = open, escapes = true): MultilineString => ({
  kind: 'delimited',
  open,
  close,
  escapes,
});
/** Python, Julia: triple-quoted strings. */
const TRIPLE: readonly MultilineString[] = [delimited('"""'), delimited("'''")];
/** JavaScript and TypeScript template literals. */
const TEMPLATE: readonly MultilineString[] = [delimited('`')];
/** Java, Kotlin, Scala, Swift text blocks. */
const TEXT_BLOCK: readonly MultilineString[] = [delimited('"""')];
/** Shell: heredocs, and quoted strings may span lines ('…' without escapes). */
const SHELL_STRINGS: readonly MultilineString[] = [
  { kind: 'heredoc', space: true },
  delimited('"'),
  delimited("'", "'", false),
];

export const COMMENT_SYNTAX_TABLE: readonly CommentSyntaxEntry[] = [
  // C family
  { id: 'c', extensions: ['c', 'h'], line: SL, block: C, quotes: DSQ },
  {
    id: 'cpp',
    languageIds: ['cpp', 'cuda-cpp'],
    extensions: ['cpp', 'cc', 'cxx', 'c++', 'hpp', 'hh', 'hxx', 'h++', 'ipp', 'tpp', 'inl', 'ino', 'cu', 'cuh'],
    line: SL,
    block: C,
    quotes: DSQ,
    strings: [{ kind: 'cppRaw' }],
  },
  {
    id: 'csharp',
    extensions: ['cs', 'csx'],
    line: SL,
    block: C,
    quotes: DSQ,
    strings: [delimited('"""', '"""', false), delimited('@"', '"', false)],
  },
  // `.m` goes to Objective-C, as in VS Code; MATLAB/Octave are reachable by language id only.
  { id: 'objective-c', extensions: ['m'], line: SL, block: C, quotes: DSQ },
  { id: 'objective-cpp', extensions: ['mm'], line: SL, block: C, quotes: DSQ },
  { id: 'java', extensions: ['java'], line: SL, block: C, quotes: DSQ, strings: TEXT_BLOCK },
  { id: 'kotlin', extensions: ['kt', 'kts'], line: SL, block: C, quotes: DSQ, strings: TEXT_BLOCK },
  { id: 'scala', extensions: ['scala', 'sc', 'sbt'], line: SL, block: C, quotes: DSQ, strings: TEXT_BLOCK },
  {
    id: 'groovy',
    extensions: ['groovy', 'gvy', 'gy', 'gsh', 'gradle'],
    fileNames: ['Jenkinsfile'],
    stems: ['Jenkinsfile'],
    line: SL,
    block: C,
    quotes: DSQ,
    strings: [delimited("'''"), delimited('"""')],
  },
  { id: 'javascript', extensions: ['js', 'mjs', 'cjs', 'es6'], line: SL, block: C, quotes: DSQ, strings: TEMPLATE },
  { id: 'javascriptreact', extensions: ['jsx'], line: SL, block: C, quotes: DSQ, strings: TEMPLATE },
  { id: 'typescript', extensions: ['ts', 'mts', 'cts'], line: SL, block: C, quotes: DSQ, strings: TEMPLATE },
  { id: 'typescriptreact', extensions: ['tsx'], line: SL, block: C, quotes: DSQ, strings: TEMPLATE },
  // Raw strings: backquoted, no escapes.
  { id: 'go', extensions: ['go'], line: SL, block: C, quotes: DSQ, strings: [delimited('`', '`', false)] },
  // `'` omitted: lifetimes (`'a`) are unbalanced. Ordinary strings may span lines too.
  { id: 'rust', extensions: ['rs'], line: SL, block: C, quotes: NONE, strings: [{ kind: 'rustRaw' }, delimited('"')] },
  { id: 'swift', extensions: ['swift'], line: SL, block: C, quotes: DQ, strings: TEXT_BLOCK },
  { id: 'dart', extensions: ['dart'], line: SL, block: C, quotes: DSQ, strings: [delimited("'''"), delimited('"""')] },
  { id: 'zig', extensions: ['zig', 'zon'], line: SL, quotes: DSQ },
  {
    id: 'd',
    extensions: ['d', 'di'],
    line: SL,
    block: [
      ['/*', '*/'],
      ['/+', '+/'],
    ],
    quotes: DSQ,
  },
  { id: 'odin', extensions: ['odin'], line: SL, block: C, quotes: JSQ },
  { id: 'haxe', extensions: ['hx'], line: SL, block: C, quotes: DSQ },
  { id: 'solidity', extensions: ['sol'], line: SL, block: C, quotes: DSQ },
  { id: 'php', extensions: ['php', 'phtml', 'php3', 'php4', 'php5', 'phpt'], line: ['//', '#'], block: C, quotes: JSQ },
  { id: 'glsl', extensions: ['glsl', 'vert', 'frag', 'geom', 'comp', 'tesc', 'tese'], line: SL, block: C, quotes: DQ },
  { id: 'hlsl', extensions: ['hlsl', 'hlsli', 'fx', 'fxh'], line: SL, block: C, quotes: DQ },
  { id: 'wgsl', extensions: ['wgsl'], line: SL, block: C, quotes: DQ },
  { id: 'proto', languageIds: ['proto', 'proto3'], extensions: ['proto'], line: SL, block: C, quotes: DSQ },
  { id: 'thrift', extensions: ['thrift'], line: ['//', '#'], block: C, quotes: DSQ },
  { id: 'prisma', extensions: ['prisma'], line: SL, quotes: DQ },
  {
    id: 'jsonc',
    extensions: ['jsonc'],
    fileNames: [
      'tsconfig.json',
      'jsconfig.json',
      '.eslintrc.json',
      'devcontainer.json',
      '.devcontainer.json',
      'language-configuration.json',
    ],
    line: SL,
    block: C,
    quotes: DQ,
  },
  { id: 'json5', extensions: ['json5'], line: SL, block: C, quotes: DSQ },
  { id: 'jsonnet', extensions: ['jsonnet', 'libsonnet'], line: ['//', '#'], block: C, quotes: DSQ },
  { id: 'bicep', extensions: ['bicep'], line: SL, block: C, quotes: ["'"] },
  { id: 'gleam', extensions: ['gleam'], line: SL, quotes: DQ },
  { id: 'rescript', extensions: ['res', 'resi'], line: SL, block: C, quotes: JSQ },
  { id: 'reason', extensions: ['re', 'rei'], line: SL, block: C, quotes: DQ },
  { id: 'verilog', extensions: ['v', 'vh'], line: SL, block: C, quotes: DQ },
  { id: 'systemverilog', extensions: ['sv', 'svh'], line: SL, block: C, quotes: DQ },
  // Pascal strings are single-quoted with doubled-quote escapes; close-then-reopen still scans right.
  {
    id: 'pascal',
    languageIds: ['pascal', 'objectpascal', 'delphi'],
    extensions: ['pas', 'pp', 'dpr', 'dpk', 'lpr'],
    line: SL,
    block: [
      ['{', '}'],
      ['(*', '*)'],
    ],
    quotes: ["'"],
  },

  // Hash-comment languages
  {
    id: 'python',
    extensions: ['py', 'pyi', 'pyw'],
    fileNames: ['SConstruct', 'SConscript'],
    line: HASH,
    quotes: DSQ,
    strings: TRIPLE,
  },
  { id: 'cython', extensions: ['pyx', 'pxd', 'pxi'], line: HASH, quotes: DSQ, strings: TRIPLE },
  {
    id: 'shellscript',
    languageIds: ['shellscript', 'sh', 'bash', 'zsh', 'ksh'],
    extensions: ['sh', 'bash', 'zsh', 'ksh', 'ebuild', 'eclass'],
    fileNames: [
      '.bashrc',
      '.bash_profile',
      '.bash_login',
      '.bash_logout',
      '.bash_aliases',
      '.profile',
      '.zshrc',
      '.zprofile',
      '.zshenv',
      '.zlogin',
      '.zlogout',
      '.kshrc',
      'PKGBUILD',
      'APKBUILD',
    ],
    line: HASH,
    quotes: ['`'],
    strings: SHELL_STRINGS,
  },
  { id: 'fish', extensions: ['fish'], line: HASH, quotes: DSQ },
  { id: 'powershell', extensions: ['ps1', 'psm1', 'psd1'], line: HASH, block: [['<#', '#>']], quotes: DSQ },
  // Ruby's `=begin`/`=end` only count at column 0, which a delimiter pair cannot express: omitted.
  {
    id: 'ruby',
    extensions: ['rb', 'rake', 'gemspec', 'ru', 'rbi', 'podspec'],
    fileNames: [
      'Gemfile',
      'Rakefile',
      'Vagrantfile',
      'Podfile',
      'Brewfile',
      'Guardfile',
      'Capfile',
      'Fastfile',
      'Appfile',
      'Dangerfile',
    ],
    line: HASH,
    quotes: JSQ,
    strings: [{ kind: 'heredoc', space: false }],
  },
  {
    id: 'perl',
    extensions: ['pl', 'pm', 'psgi'],
    line: HASH,
    quotes: DSQ,
    strings: [{ kind: 'heredoc', space: false }],
  },
  {
    id: 'raku',
    languageIds: ['raku', 'perl6'],
    extensions: ['raku', 'rakumod', 'rakutest', 'p6', 'pl6', 'pm6'],
    line: HASH,
    quotes: DSQ,
  },
  { id: 'r', extensions: ['r'], fileNames: ['.Rprofile'], line: HASH, quotes: JSQ },
  // `'` omitted: it is also the adjoint operator (`A'`).
  { id: 'julia', extensions: ['jl'], line: HASH, block: [['#=', '=#']], quotes: ['"', '`'], strings: TRIPLE },
  { id: 'elixir', extensions: ['ex', 'exs'], line: HASH, quotes: DSQ },
  { id: 'crystal', extensions: ['cr'], line: HASH, quotes: DSQ },
  { id: 'nim', extensions: ['nim', 'nims', 'nimble'], line: HASH, block: [['#[', ']#']], quotes: DQ },
  { id: 'nix', extensions: ['nix'], line: HASH, block: C, quotes: DQ },
  {
    id: 'coffeescript',
    extensions: ['coffee', 'cson', 'iced'],
    fileNames: ['Cakefile'],
    line: HASH,
    block: [['###', '###']],
    quotes: DSQ,
  },
  // Tcl only treats `#` as a comment where a command may start; callers writing markers are fine.
  { id: 'tcl', extensions: ['tcl', 'tk', 'tm'], line: HASH, quotes: DQ },
  { id: 'awk', extensions: ['awk'], line: HASH, quotes: DQ },
  {
    id: 'yaml',
    extensions: ['yaml', 'yml'],
    fileNames: ['.clang-format', '.clang-tidy', '.clangd'],
    line: HASH,
    quotes: DSQ,
  },
  { id: 'toml', extensions: ['toml'], fileNames: ['Pipfile', 'Cargo.lock'], line: HASH, quotes: DSQ },
  {
    id: 'ini',
    extensions: ['ini'],
    fileNames: ['.editorconfig', '.gitconfig', '.gitmodules', '.npmrc', '.pylintrc', 'setup.cfg', 'tox.ini'],
    line: [';', '#'],
    quotes: DQ,
  },
  // `.properties`/`.conf` values are raw text, so no quotes.
  { id: 'properties', extensions: ['properties', 'conf', 'cfg'], line: HASH, quotes: NONE },
  { id: 'dotenv', extensions: ['env'], fileNames: ['.env'], stems: ['.env'], line: HASH, quotes: DSQ },
  {
    id: 'ignore',
    extensions: ['gitignore'],
    fileNames: [
      '.gitignore',
      '.gitattributes',
      '.dockerignore',
      '.npmignore',
      '.eslintignore',
      '.prettierignore',
      '.vscodeignore',
      '.hgignore',
      '.helmignore',
      '.gcloudignore',
      'CODEOWNERS',
    ],
    line: HASH,
    quotes: NONE,
  },
  {
    id: 'pip-requirements',
    fileNames: ['requirements.txt', 'requirements-dev.txt', 'requirements-test.txt', 'constraints.txt'],
    line: HASH,
    quotes: NONE,
  },
  {
    id: 'dockerfile',
    extensions: ['dockerfile', 'containerfile'],
    fileNames: ['Dockerfile', 'dockerfile', 'Containerfile', 'containerfile'],
    stems: ['Dockerfile', 'Containerfile'],
    line: HASH,
    quotes: DSQ,
  },
  {
    id: 'makefile',
    extensions: ['mk', 'mak', 'make'],
    fileNames: ['Makefile', 'makefile', 'GNUmakefile', 'BSDmakefile', 'Kbuild'],
    stems: ['Makefile'],
    line: HASH,
    quotes: DSQ,
  },
  { id: 'cmake', extensions: ['cmake'], fileNames: ['CMakeLists.txt'], line: HASH, block: [['#[[', ']]']], quotes: DQ },
  { id: 'just', extensions: ['just'], fileNames: ['Justfile', 'justfile', '.justfile'], line: HASH, quotes: DSQ },
  {
    id: 'starlark',
    languageIds: ['starlark', 'bazel'],
    extensions: ['bzl', 'star', 'bazel', 'sky'],
    fileNames: ['BUILD', 'WORKSPACE', 'Tiltfile'],
    line: HASH,
    quotes: DSQ,
  },
  {
    id: 'terraform',
    languageIds: ['terraform', 'terraform-vars'],
    extensions: ['tf', 'tfvars'],
    line: ['#', '//'],
    block: C,
    quotes: DQ,
  },
  { id: 'hcl', extensions: ['hcl', 'nomad'], line: ['#', '//'], block: C, quotes: DQ },
  { id: 'graphql', extensions: ['graphql', 'gql', 'graphqls'], line: HASH, quotes: DQ },
  { id: 'nginx', extensions: ['nginx'], fileNames: ['nginx.conf'], line: HASH, quotes: DSQ },
  { id: 'caddyfile', fileNames: ['Caddyfile'], line: HASH, quotes: DQ },
  { id: 'feature', extensions: ['feature'], line: HASH, quotes: DQ },
  // GNU as: `#` (x86/generic) plus C blocks; `;`-style for Intel/NASM sources below.
  { id: 'gas', languageIds: ['gas', 'arm', 'riscv'], extensions: ['s'], line: HASH, block: C, quotes: DQ },
  {
    id: 'asm',
    languageIds: ['asm', 'nasm', 'asm-intel-x86-generic'],
    extensions: ['asm', 'nasm'],
    line: SEMI,
    quotes: DSQ,
  },

  // Double-dash languages
  { id: 'lua', extensions: ['lua', 'luau', 'rockspec'], line: DASH, block: [['--[[', ']]']], quotes: DSQ },
  {
    id: 'sql',
    languageIds: ['sql', 'mysql', 'postgres', 'plsql'],
    extensions: ['sql', 'ddl', 'pgsql', 'psql'],
    line: DASH,
    block: C,
    quotes: DSQ,
  },
  // `'` omitted for the ML/Haskell family: primes in names (`x'`) and type variables.
  { id: 'haskell', extensions: ['hs'], line: DASH, block: HS, quotes: DQ },
  { id: 'elm', extensions: ['elm'], line: DASH, block: HS, quotes: DQ },
  { id: 'purescript', extensions: ['purs'], line: DASH, block: HS, quotes: DQ },
  { id: 'dhall', extensions: ['dhall'], line: DASH, block: HS, quotes: DQ },
  { id: 'lean', languageIds: ['lean', 'lean4'], extensions: ['lean'], line: DASH, block: [['/-', '-/']], quotes: DQ },
  // `'` is the attribute tick in VHDL and Ada.
  { id: 'vhdl', extensions: ['vhd', 'vhdl'], line: DASH, block: C, quotes: DQ },
  { id: 'ada', extensions: ['adb', 'ads', 'ada'], line: DASH, quotes: DQ },

  // ML family: OCaml has no line comment.
  { id: 'ocaml', extensions: ['ml', 'mli', 'mll', 'mly'], block: ML, quotes: DQ },
  { id: 'fsharp', extensions: ['fs', 'fsi', 'fsx', 'fsscript'], line: SL, block: ML, quotes: DQ },
  { id: 'sml', extensions: ['sml', 'sig', 'fun'], block: ML, quotes: DQ },

  // Semicolon / percent / other line openers
  {
    id: 'commonlisp',
    languageIds: ['commonlisp', 'lisp'],
    extensions: ['lisp', 'lsp', 'cl', 'asd'],
    line: SEMI,
    block: LISP,
    quotes: DQ,
  },
  {
    id: 'emacs-lisp',
    languageIds: ['emacs-lisp', 'elisp'],
    extensions: ['el'],
    fileNames: ['.emacs'],
    line: SEMI,
    quotes: DQ,
  },
  { id: 'scheme', extensions: ['scm', 'ss', 'sld', 'sls'], line: SEMI, block: LISP, quotes: DQ },
  { id: 'racket', extensions: ['rkt', 'rktl'], line: SEMI, block: LISP, quotes: DQ },
  { id: 'clojure', extensions: ['clj', 'cljs', 'cljc', 'edn', 'bb'], line: SEMI, quotes: DQ },
  // `%{ %}` must stand alone on their lines in MATLAB; listed anyway for reading. `'` is transpose.
  { id: 'matlab', line: PCT, block: [['%{', '%}']], quotes: DQ },
  {
    id: 'octave',
    line: ['%', '#'],
    block: [
      ['%{', '%}'],
      ['#{', '#}'],
    ],
    quotes: DQ,
  },
  // Erlang `'` quotes atoms, which are balanced.
  { id: 'erlang', extensions: ['erl', 'hrl', 'escript'], fileNames: ['rebar.config'], line: PCT, quotes: DSQ },
  { id: 'prolog', extensions: ['pro', 'prolog'], line: PCT, block: C, quotes: DSQ },
  { id: 'latex', extensions: ['tex', 'ltx', 'ctx', 'dtx'], line: PCT, quotes: NONE },
  { id: 'tex', extensions: ['sty', 'cls', 'bbx', 'cbx'], line: PCT, quotes: NONE },
  { id: 'mermaid', extensions: ['mmd', 'mermaid'], line: ['%%'], quotes: DQ },
  {
    id: 'fortran',
    languageIds: ['fortran', 'FortranFreeForm', 'fortran-modern', 'fortran_fixed-form'],
    extensions: ['f90', 'f95', 'f03', 'f08', 'f', 'for', 'f77', 'fpp'],
    line: ['!'],
    quotes: DSQ,
  },
  // `REM` is case-insensitive in cmd; a scanner should compare case-insensitively. Writers use `REM `.
  { id: 'bat', extensions: ['bat', 'cmd'], line: ['REM ', '::'], quotes: DQ },
  { id: 'vb', extensions: ['vb', 'vbs', 'bas', 'vba'], line: ["'"], quotes: DQ },
  {
    id: 'vim',
    languageIds: ['vim', 'viml'],
    extensions: ['vim'],
    fileNames: ['.vimrc', '_vimrc', '.gvimrc', '.exrc'],
    line: ['"'],
    quotes: ["'"],
  },
  { id: 'cobol', languageIds: ['cobol', 'COBOL'], extensions: ['cob', 'cbl', 'cpy'], line: ['*>'], quotes: DSQ },
  { id: 'plantuml', extensions: ['puml', 'plantuml', 'pu', 'iuml'], line: ["'"], block: [["/'", "'/"]], quotes: DQ },

  // CSS family
  { id: 'css', extensions: ['css'], block: C, quotes: DSQ },
  { id: 'scss', extensions: ['scss'], line: SL, block: C, quotes: DSQ },
  { id: 'sass', extensions: ['sass'], line: SL, block: C, quotes: DSQ },
  { id: 'less', extensions: ['less'], line: SL, block: C, quotes: DSQ },
  { id: 'stylus', extensions: ['styl', 'stylus'], line: SL, block: C, quotes: DSQ },

  // Markup: `<!-- -->` only, no quotes.
  { id: 'html', extensions: ['html', 'htm', 'xhtml', 'shtml'], block: MARKUP, quotes: NONE },
  {
    id: 'xml',
    languageIds: ['xml', 'xsl'],
    extensions: [
      'xml',
      'xsd',
      'xsl',
      'xslt',
      'plist',
      'csproj',
      'fsproj',
      'vbproj',
      'props',
      'targets',
      'resx',
      'xaml',
      'wsdl',
      'rss',
      'atom',
      'xlf',
    ],
    block: MARKUP,
    quotes: NONE,
  },
  { id: 'svg', extensions: ['svg'], block: MARKUP, quotes: NONE },
  { id: 'markdown', extensions: ['md', 'markdown', 'mkd', 'mdown', 'mkdn'], block: MARKUP, quotes: NONE },
  { id: 'vue', extensions: ['vue'], block: MARKUP, quotes: NONE },
  { id: 'svelte', extensions: ['svelte'], block: MARKUP, quotes: NONE },
  { id: 'astro', extensions: ['astro'], block: MARKUP, quotes: NONE },
  { id: 'handlebars', extensions: ['hbs', 'handlebars'], block: [['{{!--', '--}}']], quotes: NONE },
];

const byLanguageId = new Map<string, CommentSyntax>();
const byFileName = new Map<string, CommentSyntax>();
const byStem = new Map<string, CommentSyntax>();
const byExtension = new Map<string, CommentSyntax>();

function register(map: Map<string, CommentSyntax>, key: string, syntax: CommentSyntax, what: string): void {
  const prior = map.get(key);
  // A data mistake must fail loudly (and in tests), never silently shadow an entry.
  if (prior) throw new Error(`commentSyntax: ${what} '${key}' claimed by both '${prior.id}' and '${syntax.id}'`);
  map.set(key, syntax);
}

export const ALL_SYNTAXES: readonly CommentSyntax[] = COMMENT_SYNTAX_TABLE.map((e) => {
  const syntax: CommentSyntax = Object.freeze({
    id: e.id,
    line: e.line ?? [],
    block: e.block ?? [],
    quotes: e.quotes,
    strings: e.strings ?? [],
  });
  for (const id of e.languageIds ?? [e.id]) register(byLanguageId, id, syntax, 'language id');
  for (const name of e.fileNames ?? []) register(byFileName, name, syntax, 'file name');
  for (const stem of e.stems ?? []) register(byStem, stem, syntax, 'stem');
  for (const ext of e.extensions ?? []) register(byExtension, ext.toLowerCase(), syntax, 'extension');
  return syntax;
});

/** Look up by VS Code language id (case-sensitive as VS Code reports it). */
export function syntaxForLanguageId(languageId: string): CommentSyntax | undefined {
  return byLanguageId.get(languageId);
}

/** Look up by path: exact base name, then `Stem.*` (e.g. `Dockerfile.prod`), then lowercased last extension. */
export function syntaxForPath(path: string): CommentSyntax | undefined {
  const base = path.slice(Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\')) + 1);
  if (!base) return undefined;
  const exact = byFileName.get(base);
  if (exact) return exact;
  const firstDot = base.indexOf('.', 1); // skip a leading dot so `.env.local` has stem `.env`
  if (firstDot > 0) {
    const stemmed = byStem.get(base.slice(0, firstDot));
    if (stemmed) return stemmed;
  }
  const lastDot = base.lastIndexOf('.');
  // Like path.extname: a lone leading dot (`.bashrc`) is not an extension.
  return lastDot > 0 ? byExtension.get(base.slice(lastDot + 1).toLowerCase()) : undefined;
}

/** Language id first, then path. */
export function syntaxFor(languageId: string | undefined, path: string): CommentSyntax | undefined {
  return (languageId !== undefined ? syntaxForLanguageId(languageId) : undefined) ?? syntaxForPath(path);
}
