// Fuzz: random command lines from a grammar of the constructs agents use to
// get around the fence (cd, subshells, && || ; |, { } groups, quoting incl.
// $'..', brace expansion, redirections, git REV:path, git grep) over real
// paths with `..`, symbolic links and both Unicode forms in a temp dir.
// Oracle: an evaluator of the same command that runs it as bash would (which
// commands run, in which directory) and resolves each file through the real
// file system (fs.realpathSync of the existing prefix, readlink for a
// dangling last link). A sample of the commands is run through bash itself to
// check the evaluator. Property: every file the command touches in a block
// zone is among the paths the hook judges, or the hook refuses the command.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import { test } from 'node:test';
import fc from 'fast-check';
import { shellPaths } from '../../../server/src/agents/shellPaths';
import { getOrCreate } from '../../../server/src/engine/getOrCreate';
import { canonicalPaths, findRoot, PathLimitError } from '../../../server/src/engine/io/paths';
import { tempDir } from '../../helpers/tmp';

const NFC = 'zon\u00e9';
const NFD = 'zone\u0301';
const T = tempDir('aifence-fuzz-');
const ROOT = `${T}/repo`;
const HOME = `${T}/home`;
for (const d of ['repo/.git', 'repo/zone', `repo/${NFD}`, 'repo/src/a/b', 'home', 'other'])
  fs.mkdirSync(`${T}/${d}`, { recursive: true });
for (const f of ['repo/zone/f', `repo/${NFD}/f`, 'repo/src/f', 'repo/src/a/f', 'other/f'])
  fs.writeFileSync(`${T}/${f}`, '');
fs.symlinkSync('../zone', `${ROOT}/src/lz`); // into a zone, relative
fs.symlinkSync('a/b', `${ROOT}/src/la`); // la/.. is src/a, not src
fs.symlinkSync(`${ROOT}/zone/new`, `${ROOT}/dang`); // dangling, into a zone
fs.symlinkSync(T, `${ROOT}/up`); // above the repository
/** Block zones, NFC: `zone` and `zoné` (its directory is spelled NFD on disk). */
const ZONES = [`${ROOT}/zone`, `${ROOT}/${NFC}`];

const inZone = (p: string) => ZONES.some((z) => p.normalize('NFC') === z || p.normalize('NFC').startsWith(`${z}/`));
const contains = (dir: string, p: string) => p === dir || p.startsWith(`${dir === '/' ? '' : dir}/`);

// ---- grammar --------------------------------------------------------------

type Enc = 'plain' | 'single' | 'double' | 'ansi' | 'backslash' | 'brace';
type Word = { value: string; enc: Enc; cut: number };
type Cmd =
  | { k: 'read' | 'readin' | 'write' | 'tree'; w: Word }
  | { k: 'gitshow'; rel: string }
  | { k: 'gitgrep' | 'true' | 'false' }
  | { k: 'cd'; w: Word | undefined }
  | { k: 'pipe'; a: Cmd; b: Cmd }
  | { k: 'sub' | 'group'; body: Seq };
type Seq = { cmd: Cmd; sep: ';' | '&&' | '||' | '\n' }[];

const SEGMENTS = ['zone', NFC, NFD, 'src', 'a', 'b', 'f', 'x', 'lz', 'la', 'dang', 'up', 'repo', 'other', '..', '.'];
const segs = fc.array(fc.constantFrom(...SEGMENTS), { minLength: 1, maxLength: 5 });
const pathValue = fc
  .tuple(fc.constantFrom('', '', `${T}/`, `${ROOT}/`, '~/'), segs)
  .map(([prefix, s]) => prefix + s.join('/'));
const word = fc.record({
  value: pathValue,
  enc: fc.constantFrom<Enc>('plain', 'single', 'double', 'ansi', 'backslash', 'brace'),
  cut: fc.nat(),
});
const simple: fc.Arbitrary<Cmd> = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.record({ k: fc.constantFrom('read', 'readin', 'write', 'tree'), w: word }) as fc.Arbitrary<Cmd>,
  },
  {
    weight: 1,
    arbitrary: segs.map(
      (s): Cmd => ({
        k: 'gitshow',
        rel: s.filter((x) => !['..', '.', 'lz', 'la', 'dang', 'up'].includes(x)).join('/') || 'zone',
      }),
    ),
  },
  { weight: 1, arbitrary: fc.constantFrom<Cmd>({ k: 'gitgrep' }, { k: 'true' }, { k: 'false' }) },
  { weight: 3, arbitrary: fc.option(word, { freq: 6 }).map((w): Cmd => ({ k: 'cd', w: w ?? undefined })) },
);
const seq: fc.Memo<Seq> = fc.memo((n) =>
  fc.array(
    fc.record({
      cmd: n <= 1 ? simple : fc.oneof({ weight: 5, arbitrary: simple }, pipe(), compound(n)),
      sep: fc.constantFrom<';' | '&&' | '||' | '\n'>(';', '&&', '||', '\n'),
    }),
    { minLength: 1, maxLength: 3 },
  ),
);
const pipe = () => fc.tuple(simple, simple).map(([a, b]): Cmd => ({ k: 'pipe', a, b }));
const compound = (n: number) =>
  fc.tuple(fc.constantFrom<'sub' | 'group'>('sub', 'group'), seq(n - 1)).map(([k, body]): Cmd => ({ k, body }));

// ---- printing -------------------------------------------------------------

function encode(w: Word): string {
  const v = w.value;
  const tilde = v.startsWith('~/') ? '~/' : '';
  const body = v.slice(tilde.length);
  const esc = (s: string) => [...s].map((c) => `\\${c}`).join('');
  switch (w.enc) {
    case 'plain':
      return tilde + body;
    case 'single':
      return `${tilde}'${body}'`;
    case 'double':
      return `${tilde}"${body}"`;
    case 'ansi':
      return `${tilde}$'${[...body].map((c, i) => (c.charCodeAt(0) < 128 && i % 2 ? `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}` : c)).join('')}'`;
    case 'backslash':
      return tilde + esc(body);
    case 'brace': {
      const cut = w.cut % (body.length + 1);
      return `${tilde}${esc(body.slice(0, cut))}{${esc(body.slice(cut))},qq}`;
    }
  }
}
/** The words a word stands for once bash has expanded it. */
function values(w: Word): string[] {
  const v = w.value.startsWith('~/') ? HOME + w.value.slice(1) : w.value;
  if (w.enc !== 'brace') return [v];
  const tilde = w.value.startsWith('~/') ? 2 : 0;
  const cut = w.cut % (w.value.length - tilde + 1);
  return [v, `${tilde ? `${HOME}/` : ''}${w.value.slice(tilde, tilde + cut)}qq`];
}

function print(s: Seq, probe = false): string {
  return s
    .map((x, i) => printCmd(x.cmd, probe) + (i < s.length - 1 ? (x.sep === '\n' ? '\n' : ` ${x.sep} `) : ''))
    .join('');
}
function printCmd(c: Cmd, probe: boolean): string {
  const p = (tag: string, w: string) => (probe ? `probe ${tag} ${w}` : w);
  switch (c.k) {
    case 'read':
      return probe ? p('read', encode(c.w)) : `cat ${encode(c.w)}`;
    case 'readin':
      return probe ? p('read', encode(c.w)) : `cat < ${encode(c.w)}`;
    case 'write':
      return probe ? p('write', encode(c.w)) : `echo x > ${encode(c.w)}`;
    case 'tree':
      return probe ? p('tree', encode(c.w)) : `grep -r x ${encode(c.w)}`;
    case 'gitshow':
      return probe ? `probe gitshow HEAD:${c.rel}` : `git show HEAD:${c.rel}`;
    case 'gitgrep':
      return probe ? 'probe gitgrep' : 'git grep x';
    case 'true':
    case 'false':
      return c.k;
    case 'cd':
      return c.w ? `cd ${encode(c.w)}` : 'cd';
    case 'pipe':
      return `${printCmd(c.a, probe)} | ${printCmd(c.b, probe)}`;
    case 'sub':
      return `( ${print(c.body, probe)} )`;
    case 'group':
      return `{ ${print(c.body, probe)}; }`;
  }
}

// ---- oracle ---------------------------------------------------------------

type Touch = { what: 'read' | 'write' | 'tree' | 'git'; file: string };

/** Where the kernel reaches `p` from physical dir `cwd`: undefined when the lookup fails. */
function reach(cwd: string, p: string, hops = 0): string | undefined {
  const abs = p.startsWith('/') ? p : `${cwd}/${p}`;
  const whole = realpath(abs);
  if (whole !== undefined) return whole;
  const dir = abs.slice(0, abs.lastIndexOf('/')) || '/';
  const base = abs.slice(abs.lastIndexOf('/') + 1);
  if (base === '..' || base === '.' || base === '') return undefined;
  const real = realpath(dir);
  if (real === undefined || !isDir(real)) return undefined;
  try {
    const target = fs.readlinkSync(`${real}/${base}`); // a dangling link: the write creates its target
    return hops < 40 ? reach(real, target, hops + 1) : undefined;
  } catch {
    return `${real === '/' ? '' : real}/${base}`; // a new file
  }
}

const realpaths = new Map<string, string | undefined>();
function realpath(p: string): string | undefined {
  if (!realpaths.has(p)) {
    try {
      realpaths.set(p, fs.realpathSync.native(p));
    } catch {
      realpaths.set(p, undefined);
    }
  }
  return realpaths.get(p);
}
const roots = new Map<string, string>();
const rootOf = (dir: string) => getOrCreate(roots, dir, () => findRoot(dir));

function isDir(p: string): boolean {
  try {
    return fs.statSync(p).isDirectory();
  } catch {
    return false;
  }
}

/** Runs the command as bash would: `pwd` is the logical working directory. */
function evaluate(s: Seq, state: { pwd: string }, out: Touch[], probe?: string[][]): number {
  let status = 0;
  for (let i = 0; i < s.length; i++) {
    const prev = i === 0 ? ';' : s[i - 1].sep;
    if ((prev === '&&' && status !== 0) || (prev === '||' && status === 0)) continue;
    status = run(s[i].cmd, state, out, probe);
  }
  return status;
}
function run(c: Cmd, state: { pwd: string }, out: Touch[], probe?: string[][]): number {
  const physical = fs.realpathSync.native(state.pwd);
  const touch = (what: Touch['what'], w: Word) => {
    probe?.push([state.pwd, what, ...values(w)]);
    for (const v of values(w)) {
      const file = reach(physical, v);
      if (file !== undefined) out.push({ what, file });
    }
    return 0;
  };
  switch (c.k) {
    case 'read':
    case 'readin':
    case 'write':
    case 'tree':
      return touch(c.k === 'readin' ? 'read' : c.k, c.w);
    case 'gitshow':
      probe?.push([state.pwd, 'gitshow', `HEAD:${c.rel}`]);
      out.push({ what: 'git', file: `${rootOf(physical)}/${c.rel}` });
      return 0;
    case 'gitgrep':
      probe?.push([state.pwd, 'gitgrep']);
      out.push({ what: 'tree', file: rootOf(physical) });
      return 0;
    case 'true':
      return 0;
    case 'false':
      return 1;
    case 'cd': {
      const v = c.w ? values(c.w) : [HOME];
      if (v.length !== 1) return 1; // cd with two words: "too many arguments"
      // bash's cd -L: `..` removes the previous component, which must be a directory; then chdir.
      const parts: string[] = [];
      for (const part of (v[0].startsWith('/') ? v[0] : `${state.pwd}/${v[0]}`).split('/')) {
        if (part === '' || part === '.') continue;
        if (part === '..' && !isDir(`/${parts.join('/')}`)) return 1;
        if (part === '..') parts.pop();
        else parts.push(part);
      }
      const logical = `/${parts.join('/')}`;
      if (!isDir(logical)) return 1;
      state.pwd = logical;
      return 0;
    }
    case 'pipe':
      run(c.a, { ...state }, out, probe);
      return run(c.b, { ...state }, out, probe);
    case 'sub':
      return evaluate(c.body, { ...state }, out, probe);
    case 'group':
      return evaluate(c.body, state, out, probe);
  }
}

// ---- property -------------------------------------------------------------

/** Undefined when every touch in a zone is judged (or the command is refused), else what was missed. */
function missed(s: Seq): string | undefined {
  const command = print(s);
  const touches: Touch[] = [];
  evaluate(s, { pwd: ROOT }, touches);
  let judged: { path: string; tree: boolean }[];
  try {
    judged = shellPaths(command, { cwd: ROOT, home: HOME, rootOf, exists: fs.existsSync }).flatMap((p) =>
      canonicalPaths(p.path).map((c) => ({ path: c, tree: p.recursive || p.glob })),
    );
  } catch (e) {
    if (e instanceof PathLimitError) return undefined;
    throw e;
  }
  for (const t of touches) {
    const file = t.file.normalize('NFC');
    const zoneBelow = t.what === 'tree' && ZONES.some((z) => contains(file, z));
    if (!inZone(file) && !zoneBelow) continue;
    const seen = judged.some((j) => j.path === file || (j.tree && contains(j.path, file)));
    if (!seen) return `${t.what} ${file} not judged; judged: ${judged.map((j) => j.path).join(', ')}`;
  }
  return undefined;
}

test('every file a random command touches in a block zone is judged (10,000 commands)', () => {
  fc.assert(
    fc.property(seq(3), (s) => {
      const m = missed(s);
      assert.equal(m, undefined, `${print(s)}\n${m}`);
    }),
    { numRuns: 10_000, seed: 20261130 },
  );
});

test('the evaluator runs commands as bash does (200 commands through bash)', () => {
  const samples = fc.sample(seq(3), { numRuns: 200, seed: 7 });
  const script = [
    // One write per call: the two sides of a pipe run at once, and separate writes could interleave.
    `probe() { local r; r=$(printf '%s\\037' "$PWD" "$@"); printf '%s\\036' "$r" >> "$LOG"; }`,
    ...samples.map(
      (s, i) => `printf '\\x1d${i}\\x1e' >> "$LOG"; ( cd ${ROOT} && { ${print(s, true)}\n} ) 2>/dev/null; true`,
    ),
  ].join('\n');
  const log = `${T}/probe.log`;
  execFileSync('bash', ['-c', script], { env: { ...process.env, HOME, LOG: log, CDPATH: '' } });
  const cases = fs.readFileSync(log, 'utf8').split('\x1d').slice(1);
  assert.equal(cases.length, samples.length);
  samples.forEach((s, i) => {
    const calls: string[][] = [];
    evaluate(s, { pwd: ROOT }, [], calls);
    const fromBash = cases[i]
      .split('\x1e')
      .slice(1, -1)
      .map((c) => c.split('\x1f').slice(0, -1));
    const key = (x: string[]) => x.join('\x1f');
    assert.deepEqual(fromBash.map(key).sort(), calls.map(key).sort(), print(s, true));
  });
});
