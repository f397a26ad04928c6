// The pure pieces behind the hooks: line diffs, apply_patch parsing, shell
// path detection, glob anchoring, commit attribution and git-ai notes.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { commitAttributions, parseAuthorshipLog } from '../../../server/src/agents/aiAttribution';
import { parseApplyPatch, patchInsertedRanges } from '../../../server/src/agents/applyPatch';
import { expandBraces, MAX_COMMAND_CHARS, shellPaths, tokenizeShell } from '../../../server/src/agents/shellPaths';
import { PathLimitError } from '../../../server/src/engine/io/paths';
import { anchorGlob } from '../../../server/src/engine/policy/zoneGlobs';
import { diffLines, insertedRanges, unifiedDiff } from '../../../server/src/engine/provenance/lineDiff';

describe('lineDiff', () => {
  test('inserted ranges of an edit', () => {
    assert.deepEqual(insertedRanges(['a', 'b', 'c'], ['a', 'x', 'y', 'c', 'z']), [
      { start: 1, end: 2 },
      { start: 4, end: 4 },
    ]);
    assert.deepEqual(insertedRanges([], ['a']), [{ start: 0, end: 0 }]);
    assert.deepEqual(insertedRanges(['a', 'b'], ['a']), []);
  });

  test('property: applying the edit script to a gives b, and kept lines are never reported', () => {
    const lines = fc.array(fc.constantFrom('a', 'b', 'c', 'd'), { maxLength: 30 });
    fc.assert(
      fc.property(lines, lines, (a, b) => {
        const out: string[] = [];
        for (const op of diffLines(a, b)) {
          if (op.kind === 'equal') out.push(...a.slice(op.aStart, op.aStart + op.count));
          if (op.kind === 'insert') out.push(...b.slice(op.bStart, op.bStart + op.count));
        }
        assert.deepEqual(out, b);
        const inserted = new Set(
          insertedRanges(a, b).flatMap((r) => Array.from({ length: r.end - r.start + 1 }, (_, i) => r.start + i)),
        );
        const equal = diffLines(a, b)
          .filter((o) => o.kind === 'equal')
          .reduce((n, o) => n + o.count, 0);
        assert.equal(inserted.size, b.length - equal);
      }),
    );
  });

  test('unified diff with hunk headers', () => {
    assert.equal(
      unifiedDiff('a\nb\nc\n', 'a\nB\nc\n', 'f.txt'),
      '--- a/f.txt\n+++ b/f.txt\n@@ -1,3 +1,3 @@\n a\n-b\n+B\n c\n',
    );
    assert.equal(unifiedDiff('', 'x\n', 'new.json'), '--- /dev/null\n+++ b/new.json\n@@ -0,0 +1 @@\n+x\n');
    assert.equal(unifiedDiff('same\n', 'same\n', 'f'), '');
  });
});

describe('apply_patch', () => {
  const patch = [
    "apply_patch <<'EOF'",
    '*** Begin Patch',
    '*** Update File: src/a.py',
    '*** Move to: src/b.py',
    '@@ def f():',
    ' x = 1',
    '-y = 2',
    '+y = 3',
    '+z = 4',
    '*** Add File: docs/n.md',
    '+# N',
    '+text',
    '*** Delete File: old.txt',
    '*** End Patch',
    'EOF',
  ].join('\n');

  test('files, renames and hunks', () => {
    const files = parseApplyPatch(patch);
    assert.deepEqual(
      files.map((f) => [f.kind, f.path, f.moveTo]),
      [
        ['update', 'src/a.py', 'src/b.py'],
        ['add', 'docs/n.md', undefined],
        ['delete', 'old.txt', undefined],
      ],
    );
    assert.deepEqual(files[1].added, ['# N', 'text']);
    assert.deepEqual(
      files[0].hunks[0].lines.map((l) => l.op + l.text),
      [' x = 1', '-y = 2', '+y = 3', '+z = 4'],
    );
  });

  test("inserted ranges are found by the hunk's new side", () => {
    const [update] = parseApplyPatch(patch);
    assert.deepEqual(patchInsertedRanges(update, ['def f():', '    pass', 'x = 1', 'y = 3', 'z = 4', 'w']), [
      { start: 3, end: 4 },
    ]);
  });
});

describe('shell paths', () => {
  const at = (command: string) =>
    shellPaths(command, { cwd: '/r', home: '/home/u' }).map(
      (p) => `${p.path}${p.write ? ' w' : ''}${p.recursive ? ' r' : ''}${p.glob ? ' g' : ''}${p.embedded ? ' e' : ''}`,
    );

  test('quotes, escapes and operators', () => {
    assert.deepEqual(
      tokenizeShell(`cat 'a b' "c\\"d" e\\ f|wc>o`).map((t) => `${t.kind}:${t.text}`),
      ['word:cat', 'word:a b', 'word:c"d', 'word:e f', 'op:|', 'word:wc', 'op:>', 'word:o'],
    );
  });

  test('reads, writes, cd, globs, embedded paths, recursion', () => {
    assert.deepEqual(at('cat secrets/k.txt'), ['/r/secrets/k.txt']);
    assert.deepEqual(at('cd sub && cat ../k'), ['/r/sub', '/r/sub/../k']);
    assert.deepEqual(at('echo hi > out/log.txt 2>&1'), ['/r/out/log.txt w']);
    assert.deepEqual(at('cp -r src ~/backup'), ['/r/src r', '/home/u/backup w r']);
    assert.deepEqual(at('sed -i s/a/b/ conf/x.yml'), ['/r/s/a/b w', '/r/conf/x.yml w']);
    assert.deepEqual(at('ls secrets/*.key'), ['/r/secrets g']);
    assert.deepEqual(at(`python -c "open('vault/k').read()"`), ["/r/open('vault/k').read()", '/r/vault/k e']);
    assert.deepEqual(at('git show HEAD:vault/k'), ['/r/vault/k', '/r/show', '/r/HEAD:vault/k']);
    assert.deepEqual(at('rg -n token .'), ['/r/token r', '/r r']);
    assert.deepEqual(at('curl https://example.com/a/b'), []);
    assert.deepEqual(at('FOO=1 sudo cat /etc/x'), ['/etc/x']);
  });

  test('a path is resolved against every cwd a cd may or may not have left in force', () => {
    assert.deepEqual(at('cd a && cat x || cat y'), ['/r/a', '/r/a/x', '/r/a/y', '/r/y']);
    assert.deepEqual(at('(cd /t; cat x); cat y'), ['/t', '/r/x', '/t/x', '/r/y']);
    assert.deepEqual(at('cd a | cat x'), ['/r/a', '/r/x', '/r/a/x']);
    // cd -L folds `..` as text, the kernel after links: both.
    assert.deepEqual(at('cd s/../x && cat f'), ['/r/s/../x', '/r/x', '/r/s/../x/f', '/r/x/f']);
  });

  test("$'..', brace expansion, substitutions and PowerShell's backslash", () => {
    assert.deepEqual(at("cat $'\\x76ault/k' $'\\166\\u0061ult/j'"), ['/r/vault/k', '/r/vault/j']);
    assert.deepEqual(at('cat a{1..3} {x,"y,z"}'), ['/r/a1', '/r/a2', '/r/a3', '/r/x', '/r/y,z']);
    assert.deepEqual(at('cat "{a,b}"'), ['/r/{a,b}']);
    assert.deepEqual(at('cat $(ls vault/k)'), ['/r/vault/k']);
    // biome-ignore lint/suspicious/noTemplateCurlyInString: a shell variable, not a template
    const vars = 'cd s && cat $PWD/k ${HOME}/j /proc/self/cwd/../i';
    assert.deepEqual(at(vars), ['/r/s', '/r/s/k', '/home/u/j', '/j e', '/r/s/../i']);
    assert.deepEqual(at('Get-Content vault\\k.txt'), ['/r/vaultk.txt', '/r/vault/k.txt']);
  });

  test('git: REV:path from the root, whole-tree reads unless a pathspec narrows them', () => {
    const git = (command: string) =>
      shellPaths(command, { cwd: '/r/sub', rootOf: () => '/r', exists: (p) => p === '/r/sub/src' }).map(
        (p) => `${p.path}${p.recursive ? ' r' : ''}`,
      );
    assert.deepEqual(git('git show HEAD~2:vault/k'), [
      '/r/vault/k',
      '/r/sub/show',
      '/r/sub/HEAD~2:vault/k',
      '/r/sub/vault/k',
    ]);
    assert.deepEqual(git('git show HEAD:./k'), ['/r/sub/k', '/r/sub/show', '/r/sub/HEAD:./k']);
    assert.deepEqual(git('git log -p'), ['/r r', '/r/sub/log']);
    assert.deepEqual(git('git log --oneline'), ['/r/sub/log']);
    assert.deepEqual(git('git diff src'), ['/r/sub/src r', '/r/sub/diff']);
    assert.deepEqual(git('git grep src'), ['/r r', '/r/sub/grep r', '/r/sub/src r']);
  });

  test('past a cap the command is refused, not analysed', () => {
    assert.throws(() => at(`echo ${'x'.repeat(MAX_COMMAND_CHARS)}`), PathLimitError);
    assert.throws(() => at('cat {a,b}{a,b}{a,b}{a,b}{a,b}{a,b}{a,b}{a,b}{a,b}'), /expands to more than 256 words/);
    assert.equal(expandBraces('{a,b}{1..2}', '11111111111').join(' '), 'a1 a2 b1 b2');
  });
});

test('policy globs anchored at the root', () => {
  assert.deepEqual(anchorGlob('', 'secrets'), [{ pattern: '/**/secrets', subtree: false }]);
  assert.deepEqual(anchorGlob('', './src/secret/'), [{ pattern: '/src/secret', subtree: false }]);
  assert.deepEqual(anchorGlob('svc', 'gen/**'), [{ pattern: '/svc/gen/**', subtree: true }]);
  assert.deepEqual(anchorGlob('svc', '*.{pem,key}'), [
    { pattern: '/svc/**/*.pem', subtree: false },
    { pattern: '/svc/**/*.key', subtree: false },
  ]);
  assert.deepEqual(anchorGlob('', '.'), [{ pattern: '/**', subtree: true }]);
  assert.ok(!Array.isArray(anchorGlob('', 'src/@(a|b).ts')));
});

describe('attribution', () => {
  const c = (message: string, authorName = 'Alice', authorEmail = 'a@x', committerName = 'Alice') =>
    commitAttributions({ message, authorName, authorEmail, committerName }).map((a) => a.tool);

  test('trailers and authors of the AI tools; human co-authors do not count', () => {
    assert.deepEqual(c('x\n\nCo-Authored-By: Claude <noreply@anthropic.com>'), ['claude-code']);
    assert.deepEqual(c('x\n\nCo-authored-by: Cursor Agent <cursoragent@cursor.com>'), ['cursor']);
    assert.deepEqual(c('x\n\nCo-authored-by: Copilot <175728472+Copilot@users.noreply.github.com>'), ['copilot']);
    assert.deepEqual(c('x\n\nMade-with: Cursor'), ['cursor']);
    assert.deepEqual(c('x\n\nAssisted-by: aider'), ['aider']);
    assert.deepEqual(c('x\n\n🤖 Generated with [Claude Code](https://claude.com/claude-code)'), ['claude-code']);
    assert.deepEqual(c('x', 'Dana (aider)'), ['aider']);
    assert.deepEqual(c('x', 'Copilot', '198982749+Copilot@users.noreply.github.com'), ['copilot']);
    assert.deepEqual(c('x\n\nCo-authored-by: Bob <bob@example.com>\nReviewed-by: Eve'), []);
    assert.deepEqual(c('Fix the AI agent docs'), []);
  });

  test('git-ai authorship log 3.0.0', () => {
    const log = parseAuthorshipLog(
      'src/a.rs\n  d9978a8723e02b52 1-4,9,12-13\n"dir/my file.rs"\n  e5be5f8723e02b52 7\n---\n{"schema_version":"authorship/3.0.0","base_commit_sha":"abc","prompts":{"d9978a8723e02b52":{"agent_id":{"tool":"claude","id":"s","model":"claude-opus-4-5"}}}}',
    );
    assert.equal(log.schemaVersion, 'authorship/3.0.0');
    assert.deepEqual(log.files.get('src/a.rs'), [
      {
        hash: 'd9978a8723e02b52',
        ranges: [
          [1, 4],
          [9, 9],
          [12, 13],
        ],
      },
    ]);
    assert.deepEqual(log.files.get('dir/my file.rs'), [{ hash: 'e5be5f8723e02b52', ranges: [[7, 7]] }]);
    assert.deepEqual(log.prompts.d9978a8723e02b52, { tool: 'claude', id: 's', model: 'claude-opus-4-5' });
  });
});
