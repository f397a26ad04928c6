import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  ALL_SYNTAXES,
  COMMENT_SYNTAX_TABLE,
  syntaxFor,
  syntaxForLanguageId,
  syntaxForPath,
} from '../../../server/src/engine/provenance/commentSyntax';

test('has at least 50 entries, each with a line or block comment', () => {
  assert.ok(ALL_SYNTAXES.length >= 50, `only ${ALL_SYNTAXES.length} entries`);
  assert.equal(ALL_SYNTAXES.length, COMMENT_SYNTAX_TABLE.length);
  for (const s of ALL_SYNTAXES) {
    assert.ok(s.line.length + s.block.length > 0, `${s.id} has no comment syntax`);
    for (const opener of s.line) assert.ok(opener.length > 0, `${s.id} has empty line opener`);
    for (const [open, close] of s.block)
      assert.ok(open.length > 0 && close.length > 0, `${s.id} has empty block delimiter`);
    for (const q of s.quotes) assert.equal(q.length, 1, `${s.id} quote '${q}' is not one char`);
  }
});

test('ids are unique and every entry is reachable by its own id', () => {
  const ids = ALL_SYNTAXES.map((s) => s.id);
  assert.equal(new Set(ids).size, ids.length);
  for (const s of ALL_SYNTAXES) assert.equal(syntaxForLanguageId(s.id), s, s.id);
});

test('no language id, file name, stem or extension is claimed by two entries', () => {
  const keys: Record<string, Map<string, string>> = {
    languageId: new Map(),
    fileName: new Map(),
    stem: new Map(),
    extension: new Map(),
  };
  const claim = (kind: string, key: string, id: string): void => {
    const prior = keys[kind]!.get(key);
    assert.equal(prior, undefined, `${kind} '${key}' claimed by '${prior}' and '${id}'`);
    keys[kind]!.set(key, id);
  };
  for (const e of COMMENT_SYNTAX_TABLE) {
    if (e.languageIds) assert.ok(e.languageIds.includes(e.id), `${e.id}: languageIds must include id`);
    for (const l of e.languageIds ?? [e.id]) claim('languageId', l, e.id);
    for (const n of e.fileNames ?? []) claim('fileName', n, e.id);
    for (const n of e.stems ?? []) claim('stem', n, e.id);
    for (const x of e.extensions ?? []) {
      assert.equal(x, x.toLowerCase(), `${e.id}: extension '${x}' must be lowercase`);
      assert.ok(!x.startsWith('.'), `${e.id}: extension '${x}' must not start with a dot`);
      claim('extension', x, e.id);
    }
  }
  assert.ok(keys.extension!.size > 150);
});

// [languageId, path, expected id, first line opener (undefined = none), first block pair (undefined = none)]
const spots: [string, string, string, string | undefined, readonly [string, string] | undefined][] = [
  ['c', 'src/x.c', 'c', '//', ['/*', '*/']],
  ['cpp', 'x.HPP', 'cpp', '//', ['/*', '*/']],
  ['csharp', 'App.cs', 'csharp', '//', ['/*', '*/']],
  ['objective-c', 'x.m', 'objective-c', '//', ['/*', '*/']],
  ['java', 'A.java', 'java', '//', ['/*', '*/']],
  ['kotlin', 'build.gradle.kts', 'kotlin', '//', ['/*', '*/']],
  ['groovy', 'build.gradle', 'groovy', '//', ['/*', '*/']],
  ['typescript', 'types/index.d.ts', 'typescript', '//', ['/*', '*/']],
  ['typescriptreact', 'App.tsx', 'typescriptreact', '//', ['/*', '*/']],
  ['javascriptreact', 'App.jsx', 'javascriptreact', '//', ['/*', '*/']],
  ['go', 'main.go', 'go', '//', ['/*', '*/']],
  ['rust', 'lib.rs', 'rust', '//', ['/*', '*/']],
  ['zig', 'a.zig', 'zig', '//', undefined],
  ['php', 'index.php', 'php', '//', ['/*', '*/']],
  ['python', 'a/b.py', 'python', '#', undefined],
  ['shellscript', 'run.sh', 'shellscript', '#', undefined],
  ['powershell', 'x.ps1', 'powershell', '#', ['<#', '#>']],
  ['ruby', 'Gemfile', 'ruby', '#', undefined],
  ['julia', 'x.jl', 'julia', '#', ['#=', '=#']],
  ['lua', 'init.lua', 'lua', '--', ['--[[', ']]']],
  ['sql', 'q.SQL', 'sql', '--', ['/*', '*/']],
  ['haskell', 'x.HS', 'haskell', '--', ['{-', '-}']],
  ['clojure', 'core.clj', 'clojure', ';', undefined],
  ['ocaml', 'x.ml', 'ocaml', undefined, ['(*', '*)']],
  ['fsharp', 'x.fs', 'fsharp', '//', ['(*', '*)']],
  ['erlang', 'x.erl', 'erlang', '%', undefined],
  ['fortran', 'x.f90', 'fortran', '!', undefined],
  ['bat', 'build.cmd', 'bat', 'REM ', undefined],
  ['vb', 'x.vb', 'vb', "'", undefined],
  ['yaml', '.github/ci.yml', 'yaml', '#', undefined],
  ['toml', 'Cargo.toml', 'toml', '#', undefined],
  ['ini', 'setup.ini', 'ini', ';', undefined],
  ['dockerfile', 'a/b/Dockerfile', 'dockerfile', '#', undefined],
  ['makefile', 'GNUmakefile', 'makefile', '#', undefined],
  ['cmake', 'CMakeLists.txt', 'cmake', '#', ['#[[', ']]']],
  ['terraform', 'main.tf', 'terraform', '#', ['/*', '*/']],
  ['proto', 'api.proto', 'proto', '//', ['/*', '*/']],
  ['graphql', 'schema.graphql', 'graphql', '#', undefined],
  ['nim', 'x.nim', 'nim', '#', ['#[', ']#']],
  ['nix', 'flake.nix', 'nix', '#', ['/*', '*/']],
  ['html', 'index.html', 'html', undefined, ['<!--', '-->']],
  ['markdown', 'README.md', 'markdown', undefined, ['<!--', '-->']],
  ['css', 'a.css', 'css', undefined, ['/*', '*/']],
  ['scss', 'a.scss', 'scss', '//', ['/*', '*/']],
  ['vhdl', 'x.vhd', 'vhdl', '--', ['/*', '*/']],
  ['systemverilog', 'x.sv', 'systemverilog', '//', ['/*', '*/']],
  ['latex', 'paper.tex', 'latex', '%', undefined],
  ['starlark', 'BUILD', 'starlark', '#', undefined],
  ['pascal', 'unit1.pas', 'pascal', '//', ['{', '}']],
  ['ada', 'x.adb', 'ada', '--', undefined],
  ['cobol', 'x.cbl', 'cobol', '*>', undefined],
  ['coffeescript', 'x.coffee', 'coffeescript', '#', ['###', '###']],
];

for (const [languageId, path, id, line0, block0] of spots) {
  test(`spot check ${id} via '${languageId}' and '${path}'`, () => {
    const byId = syntaxForLanguageId(languageId);
    const byPath = syntaxForPath(path);
    assert.ok(byId, `no syntax for language id ${languageId}`);
    assert.equal(byId.id, id);
    assert.equal(byPath, byId, `path ${path} resolved to ${byPath?.id}`);
    assert.equal(byId.line[0], line0);
    assert.deepEqual(byId.block[0], block0);
  });
}

test('path lookups: separators, case, file names and stems', () => {
  assert.deepEqual(syntaxForPath('C:\\x\\y.vue')?.block[0], ['<!--', '-->']);
  assert.equal(syntaxForPath('a/b/Dockerfile')?.line[0], '#');
  assert.equal(syntaxForPath('Dockerfile.prod')?.id, 'dockerfile');
  assert.equal(syntaxForPath('deploy/Containerfile')?.id, 'dockerfile');
  assert.equal(syntaxForPath('api.dockerfile')?.id, 'dockerfile');
  assert.equal(syntaxForPath('Makefile.am')?.id, 'makefile');
  assert.equal(syntaxForPath('Jenkinsfile')?.id, 'groovy');
  assert.equal(syntaxForPath('/home/u/.bashrc')?.id, 'shellscript');
  assert.equal(syntaxForPath('.zshrc')?.id, 'shellscript');
  assert.equal(syntaxForPath('.gitignore')?.id, 'ignore');
  assert.equal(syntaxForPath('.env.local')?.id, 'dotenv');
  assert.equal(syntaxForPath('Vagrantfile')?.id, 'ruby');
  assert.equal(syntaxForPath('WORKSPACE')?.id, 'starlark');
  assert.equal(syntaxForPath('Justfile')?.id, 'just');
  assert.equal(syntaxForPath('requirements.txt')?.id, 'pip-requirements');
  assert.equal(syntaxForPath('tsconfig.json')?.id, 'jsonc');
  assert.equal(syntaxForPath('x.svelte')?.id, 'svelte');
  assert.equal(syntaxForPath('x.astro')?.id, 'astro');
  assert.equal(syntaxForPath('x.S')?.id, 'gas');
  assert.equal(syntaxForPath('x.asm')?.line[0], ';');
  assert.equal(syntaxForPath('foo.txt'), undefined);
  assert.equal(syntaxForPath('data.json'), undefined);
  assert.equal(syntaxForPath('README'), undefined);
  assert.equal(syntaxForPath('dir/'), undefined);
  assert.equal(syntaxForPath('build'), undefined, 'file names are case-sensitive (BUILD only)');
});

test('language id lookups', () => {
  assert.equal(syntaxForLanguageId('plaintext'), undefined);
  assert.equal(syntaxForLanguageId('restructuredtext'), undefined);
  assert.equal(syntaxForLanguageId('json'), undefined);
  assert.equal(syntaxForLanguageId('Python'), undefined, 'language ids are case-sensitive');
  assert.equal(syntaxForLanguageId('tex')?.line[0], '%');
  assert.equal(syntaxForLanguageId('objective-cpp')?.line[0], '//');
  assert.equal(syntaxForLanguageId('matlab')?.line[0], '%');
  assert.deepEqual(syntaxForLanguageId('matlab')?.block[0], ['%{', '%}']);
  assert.deepEqual(syntaxForLanguageId('php')?.line, ['//', '#']);
  assert.deepEqual(syntaxForLanguageId('hcl')?.line, ['#', '//']);
  assert.deepEqual(syntaxForLanguageId('delphi')?.block, [
    ['{', '}'],
    ['(*', '*)'],
  ]);
  assert.deepEqual(syntaxForLanguageId('ini')?.line, [';', '#']);
});

test('batch has REM and :: line openers; OCaml has no line comment', () => {
  assert.deepEqual(syntaxForLanguageId('bat')?.line, ['REM ', '::']);
  assert.equal(syntaxForPath('x.bat')?.id, 'bat');
  assert.deepEqual(syntaxForLanguageId('ocaml')?.line, []);
  assert.deepEqual(syntaxForPath('x.mli')?.line, []);
});

test('quotes: backtick strings span lines in JS/TS/Go, no apostrophe where it is not a string quote', () => {
  for (const id of ['javascript', 'typescript', 'javascriptreact', 'typescriptreact', 'go']) {
    assert.ok(
      syntaxForLanguageId(id)?.strings.some((s) => s.kind === 'delimited' && s.open === '`'),
      id,
    );
  }
  for (const id of [
    'rust',
    'haskell',
    'ocaml',
    'fsharp',
    'vb',
    'matlab',
    'commonlisp',
    'scheme',
    'racket',
    'clojure',
    'emacs-lisp',
    'vhdl',
    'ada',
    'html',
    'markdown',
  ]) {
    assert.ok(!syntaxForLanguageId(id)?.quotes.includes("'"), id);
  }
  assert.ok(syntaxForLanguageId('python')?.quotes.includes("'"));
  assert.ok(syntaxForLanguageId('erlang')?.quotes.includes("'"));
});

test('syntaxFor prefers the language id, then falls back to the path', () => {
  assert.equal(syntaxFor('python', 'x.js')?.id, 'python');
  assert.equal(syntaxFor(undefined, 'x.js')?.id, 'javascript');
  assert.equal(syntaxFor('plaintext', 'Dockerfile')?.id, 'dockerfile');
  assert.equal(syntaxFor('plaintext', 'notes.txt'), undefined);
});
