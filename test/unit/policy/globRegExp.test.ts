// The RegExp fast path of glob matching against the linear matcher, which
// defines the semantics: the same answer for every pattern and path.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { compileGlob, globSyntaxProblem, type StepCounter } from '../../../server/src/engine/policy/globMatcher';

const SYNTAX = { extglobs: true };
// Pieces that reach every rule of both matchers: dot segments, empty segments, classes, escapes, extglobs.
const patternPiece = fc.constantFrom(
  'a',
  'b',
  '.',
  '..',
  '/',
  '*',
  '**',
  '?',
  '[ab]',
  '[!a]',
  '[^b]',
  '[a-b]',
  '[b-a]',
  '[]a]',
  '\\*',
  '\\[',
  '@(a|b)',
  '+(a)',
  'ä',
  '(',
  ')',
  '|',
  '$',
  '^',
);
const pathPiece = fc.constantFrom('a', 'b', '.', '..', '/', '*', '[', ']', 'ä', '\n', '$', '^', '(', '|');

test('the RegExp fast path gives the linear matcher’s answer for every pattern and path', () => {
  fc.assert(
    fc.property(
      fc.array(patternPiece, { maxLength: 8 }).map((p) => p.join('')),
      fc.array(
        fc.array(pathPiece, { maxLength: 10 }).map((p) => p.join('')),
        { minLength: 1, maxLength: 8 },
      ),
      fc.boolean(),
      fc.boolean(),
      (pattern, paths, subtree, extglobs) => {
        // Policy globs have extglobs; .gitignore patterns do not.
        const syntax = { extglobs };
        fc.pre(globSyntaxProblem(pattern, syntax) === undefined);
        const fast = compileGlob([pattern], syntax, subtree);
        const linear = compileGlob([pattern], syntax, subtree, true);
        for (const path of paths)
          assert.equal(fast.test(path), linear.test(path), `${pattern} on ${JSON.stringify(path)}`);
      },
    ),
    { numRuns: 20_000 },
  );
});

test('only patterns that cannot backtrack badly take the fast path', () => {
  const linearSteps = (pattern: string) => {
    const counter: StepCounter = { steps: 0 };
    compileGlob([pattern], SYNTAX, false).test('a/b/c/d.ts', counter);
    return counter.steps;
  };
  for (const fast of ['**/*.ts', 'src/**', 'a/*/c/d?.[jt]s', 'a/**/d.ts', '*'])
    assert.equal(linearSteps(fast), 0, fast);
  for (const slow of ['**/a/**/*.ts', '*a*/**', 'a/*/c/*.*', '@(a|b)/**', '+(a)/b/c/d.ts'])
    assert.ok(linearSteps(slow) > 0, slow);
});
