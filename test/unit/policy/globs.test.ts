// Policy globs: documented semantics, and agreement with minimatch as an oracle.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { minimatch } from 'minimatch';
import type { StepCounter } from '../../../server/src/engine/policy/globMatcher';
import { classifyGlob, compileGlobs, globProblem, normalizeGlob } from '../../../server/src/engine/policy/globs';

const matches = (patterns: string[], path: string) => compileGlobs(patterns)(path);

describe('documented glob semantics', () => {
  test('a name without "/" matches that name at any depth', () => {
    for (const p of ['secrets', 'secrets/']) {
      assert.equal(matches([p], 'secrets'), true, p);
      assert.equal(matches([p], 'a/b/secrets'), true, p);
      assert.equal(matches([p], 'a/secrets/key.pem'), true, p);
      assert.equal(matches([p], 'a/secretsx'), false, p);
      assert.equal(matches([p], 'xsecrets/y'), false, p);
    }
    assert.equal(matches(['*.pem'], 'deep/in/tree/key.pem'), true);
    assert.equal(matches(['*.pem'], 'key.pem.txt'), false);
  });

  test('a path with "/" is anchored at the policy directory and covers its subtree', () => {
    assert.equal(matches(['src/core'], 'src/core'), true);
    assert.equal(matches(['src/core'], 'src/core/a/b.ts'), true);
    assert.equal(matches(['src/core'], 'lib/src/core/a.ts'), false);
    assert.equal(matches(['src/core'], 'src/corex/a.ts'), false);
    assert.equal(matches(['src/*/gen'], 'src/x/gen/deep/f.py'), true);
    assert.equal(matches(['src/*/gen'], 'src/x/y/gen/f.py'), false);
    assert.equal(matches(['./src/'], 'src/a'), true);
  });

  test('dotfiles and dot directories are included', () => {
    assert.equal(matches(['config'], '.hidden/config/x'), true);
    assert.equal(matches(['*'], '.env'), true);
    assert.equal(matches(['src/**'], 'src/.github/workflows/ci.yml'), true);
    assert.equal(matches(['**/*.yml'], '.github/ci.yml'), true);
  });

  test('"**", "." and "./" match everything', () => {
    for (const p of ['**', '.', './']) {
      assert.equal(matches([p], 'a'), true, p);
      assert.equal(matches([p], '.x/y/z'), true, p);
    }
  });

  test('brace alternatives and "?"', () => {
    const m = compileGlobs(['src/{a,b}/?.ts']);
    assert.equal(m('src/a/x.ts'), true);
    assert.equal(m('src/b/y.ts'), true);
    assert.equal(m('src/c/x.ts'), false);
    assert.equal(m('src/a/xy.ts'), false);
  });

  test('several "**" in one pattern (minimatch makeRe drops one of them)', () => {
    assert.equal(matches(['src/**/generated/**'], 'src/x/generated/f.ts'), true);
    assert.equal(matches(['src/**/generated/**'], 'src/generated/f.ts'), true);
    assert.equal(matches(['src/**/generated/**'], 'src/x/f.ts'), false);
    assert.equal(matches(['a/**/b/**/c'], 'a/x/b/y/c'), true);
    assert.equal(matches(['a/**/b/**/c'], 'a/b/c/d'), true);
    assert.equal(matches(['a/**/b/**/c'], 'a/c/b'), false);
  });

  test('several patterns: any one matching is enough', () => {
    const m = compileGlobs(['docs', 'src/gen/**', '**/*.lock']);
    assert.deepEqual(['docs/a', 'x/docs', 'src/gen/a.ts', 'x/y.lock', 'src/a.ts'].map(m), [
      true,
      true,
      true,
      true,
      false,
    ]);
    assert.equal(compileGlobs([])('a'), false);
  });

  test('normalizeGlob', () => {
    assert.equal(normalizeGlob('name'), '**/name');
    assert.equal(normalizeGlob('./a/b/'), 'a/b');
    assert.equal(normalizeGlob('a//'), '**/a');
    assert.equal(normalizeGlob('.'), '**');
  });

  test('extended globs and character classes', () => {
    assert.equal(matches(['src/@(a|b)/*.ts'], 'src/b/x.ts'), true);
    assert.equal(matches(['src/@(a|b)/*.ts'], 'src/c/x.ts'), false);
    assert.equal(matches(['+(ab).py'], 'lib/ababab.py'), true);
    assert.equal(matches(['+(ab).py'], 'lib/.py'), false);
    assert.equal(matches(['*(ab).py'], 'lib/.py'), true);
    assert.equal(matches(['x?(y)z'], 'xz'), true);
    assert.equal(matches(['x?(y)z'], 'xyyz'), false);
    assert.equal(matches(['[!a-c]?'], 'dx'), true);
    assert.equal(matches(['[!a-c]?'], 'bx'), false);
    assert.equal(matches(['a[b'], 'a[b'), true);
  });

  test('globProblem names what the matcher cannot do', () => {
    assert.equal(globProblem('src/!(gen)'), 'negated extended globs "!(…)" are not supported; use "except"');
    assert.equal(globProblem('[[:alpha:]]*'), 'POSIX character classes ([:alpha:]) are not supported');
    assert.equal(
      globProblem(`{${'a'.repeat(600)},${'b'.repeat(300)}}/{x,y,z,w,v,u,t,s}`),
      "glob's brace alternatives add up to more than 4096 characters",
    );
  });

  test('globProblem accepts ordinary globs', () => {
    for (const g of ['src', 'src/**', '*.py', '{a,b}/c', './x', 'a/.b/c']) assert.equal(globProblem(g), undefined, g);
    for (const g of ['/x', 'C:/x', 'c:x', 'a/../b', '..', '!x', 'a\\b', 'x'.repeat(1025)])
      assert.notEqual(globProblem(g), undefined, g);
  });
});

describe('compileGlobs agrees with minimatch', () => {
  const segment = fc.constantFrom('a', 'b', 'ab', '.a', 'a.b', 'c', 'b.c');
  const relPath = fc.array(segment, { minLength: 1, maxLength: 5 }).map((s) => s.join('/'));
  const globSegment = fc.oneof(
    { weight: 4, arbitrary: segment },
    { weight: 2, arbitrary: fc.constant('*') },
    { weight: 2, arbitrary: fc.constant('**') },
    { weight: 1, arbitrary: fc.constantFrom('?', 'a?', '?b', '*.b', 'a*', '.*') },
    { weight: 1, arbitrary: fc.constantFrom('{a,b}', '{a,.a}', 'a{b,.b}', '{ab,c}') },
    { weight: 1, arbitrary: fc.constantFrom('@(a|b)', '*(a|.a)', '+(a|b).c', '?(a)b', 'a@(.b|*)', '*(*(a|b))') },
    { weight: 1, arbitrary: fc.constantFrom('[ab]', '[!a]*', '[a-c].b', '*[.]*', '[b', 'a(b') },
  );
  const pattern = fc
    .tuple(
      fc.constantFrom('', './'),
      fc.array(globSegment, { minLength: 1, maxLength: 4 }).map((s) => s.join('/')),
      fc.constantFrom('', '/', '/**'),
    )
    .map(([pre, body, post]) => pre + body + post)
    .filter((p) => globProblem(p) === undefined);

  /**
   * The oracle. Per the brief: minimatch of the normalised pattern, or of it
   * plus "/**" (a directory covers its subtree). One documented extension:
   * the engine (like minimatch's own makeRe) treats `dir/**` like `dir`, so it
   * also matches the path `dir` itself.
   */
  function oracle(p: string, path: string): boolean {
    const n = normalizeGlob(p);
    const opts = { dot: true };
    if (minimatch(path, n, opts) || minimatch(path, `${n}/**`, opts)) return true;
    const dir = n.replace(/(\/\*\*)+$/, '');
    return dir !== n && dir !== '' && minimatch(path, dir, opts);
  }

  test('single pattern (1000 runs)', () => {
    fc.assert(
      fc.property(pattern, relPath, (p, path) => {
        assert.equal(compileGlobs([p])(path), oracle(p, path), `pattern ${p} on ${path}`);
      }),
      { numRuns: 1000 },
    );
  });

  test('pattern lists: any pattern matching (500 runs)', () => {
    fc.assert(
      fc.property(
        fc.array(pattern, { minLength: 1, maxLength: 4 }),
        fc.array(relPath, { minLength: 1, maxLength: 8 }),
        (ps, paths) => {
          const m = compileGlobs(ps);
          for (const path of paths)
            assert.equal(
              m(path),
              ps.some((p) => oracle(p, path)),
              `${JSON.stringify(ps)} on ${path}`,
            );
        },
      ),
      { numRuns: 500 },
    );
  });

  test('the oracle extension is really needed only for "dir/**" on "dir"', () => {
    // Documents the one divergence from plain minimatch.
    assert.equal(minimatch('src', 'src/**', { dot: true }), false);
    assert.equal(matches(['src/**'], 'src'), true);
  });
});

describe('matching does bounded work whatever the pattern', () => {
  // The worst patterns we could build against a 4 KB path chosen to make a
  // backtracking matcher explore every split (counting steps, not timing).
  const cases: [pattern: string, path: string][] = [
    ['*a*a*a*a*a*a*a*a*a*a*b', 'a'.repeat(4096)],
    ['*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*b', `x/${'a'.repeat(4094)}`],
    ['@(*(a|aa)|+(a))*(a|a)*(*(*(a)))b', 'a'.repeat(4096)],
    ['+(+(+(+(+(+(+(+(+(+(+(+(a|aa))))))))))))c', 'a'.repeat(4096)],
    ['**/a/**/a/**/a/**/a/**/a/**/a/**/a/**/a/**/b', 'a/'.repeat(2047) + 'aa'],
    ['**/*a*/**/*a*/**/*a*/**/*a*/**/*a*/**/c', `${'a/'.repeat(1024)}${'a'.repeat(2048)}`],
    [`{${Array.from({ length: 16 }, (_, i) => `*a*a*a*a${i}`).join(',')}}*b`, 'a'.repeat(4096)],
  ];
  for (const [pattern, path] of cases) {
    test(`${pattern.slice(0, 40)}… on ${path.length} characters`, () => {
      assert.equal(globProblem(pattern), undefined);
      assert.equal(path.length, 4096);
      const kind = classifyGlob(pattern);
      assert.equal(kind.kind, 'glob');
      const counter: StepCounter = { steps: 0 };
      assert.equal(kind.kind === 'glob' && kind.glob.test(path, counter), false);
      // About |path| × |pattern| (a few steps per pattern character), far from exponential.
      const bound = 8 * (path.length + 1) * (normalizeGlob(pattern).length + 1);
      assert.ok(counter.steps <= bound, `${counter.steps} steps > ${bound}`);
      assert.ok(counter.steps <= 5_000_000, `${counter.steps} steps`);
    });
  }
});
