// `ai-fence report`: where the page goes, exit codes, and what a repository
// cannot do to it (markup in zone names and messages is text, not HTML). The
// page's numbers are checked in a real browser in test/report/.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { runCli } from '../helpers/cli';
import { copyFixture, writeTree } from '../helpers/tmp';

describe('ai-fence report', () => {
  test('writes the page to stdout, or to --out with a note on stderr', () => {
    const repo = copyFixture('cli-clean');
    const out = runCli(repo, ['report']);
    assert.equal(out.code, 0, out.stderr);
    assert.match(out.stdout, /^<!DOCTYPE html>\n<html lang="en">/);
    assert.match(out.stdout, /<\/html>\n$/);
    const file = runCli(repo, ['report', '--out', 'page.html']);
    assert.equal(file.code, 0, file.stderr);
    assert.equal(file.stdout, '');
    assert.equal(file.stderr, 'ai-fence report: wrote page.html\n');
    // The same page but for the generation time.
    const strip = (s: string) => s.replace(/Generated [^<]* UTC/, '');
    assert.equal(strip(fs.readFileSync(path.join(repo, 'page.html'), 'utf8')), strip(out.stdout));
  });

  test('markup in a zone name, path or message is shown as text', () => {
    const repo = copyFixture('cli-clean');
    writeTree(repo, {
      '.aifence.json': JSON.stringify({
        version: 1,
        zones: [
          {
            name: '<script>alert(1)</script>',
            paths: ['a"><img src=x onerror=alert(2)>'],
            ai: 'block',
            message: "</td><b>'x'</b>",
          },
        ],
      }),
    });
    const r = runCli(repo, ['report']);
    assert.equal(r.code, 0, r.stderr);
    assert.doesNotMatch(r.stdout, /<script|<img|<b>/);
    assert.match(r.stdout, /<strong>&lt;script&gt;alert\(1\)&lt;\/script&gt;<\/strong>/);
    assert.match(r.stdout, /<code>a&quot;&gt;&lt;img src=x onerror=alert\(2\)&gt;<\/code>/);
    assert.match(r.stdout, /&lt;\/td&gt;&lt;b&gt;&#39;x&#39;&lt;\/b&gt;/);
  });

  test('without git history the page says so; with history but no AI attribution too', () => {
    const noGit = copyFixture('cli-clean', { git: false });
    assert.match(
      runCli(noGit, ['report']).stdout,
      /<p>No git history: this is not a git repository, or it has no commits yet\.<\/p>/,
    );
    const human = copyFixture('cli-clean');
    execFileSync('git', ['add', '-A'], { cwd: human });
    execFileSync('git', ['-c', 'user.name=A', '-c', 'user.email=a@example.com', 'commit', '-qm', 'Human work'], {
      cwd: human,
    });
    assert.match(runCli(human, ['report']).stdout, /<p>No commit in the history carries an AI attribution\.<\/p>/);
  });

  test('an invalid policy is exit 2 and no page', () => {
    const repo = copyFixture('cli-invalid-policy');
    const r = runCli(repo, ['report']);
    assert.equal(r.code, 2);
    assert.equal(r.stdout, '');
    assert.match(r.stderr, /^ai-fence report: the policy is invalid:\n {2}\.aifence\.json:\d+:\d+: /);
  });

  test('usage: --help is exit 0, an unknown option exit 2', () => {
    const repo = copyFixture('cli-clean');
    const help = runCli(repo, ['report', '--help']);
    assert.equal(help.code, 0);
    assert.match(help.stdout, /^Usage: ai-fence report \[--out FILE\]/);
    assert.equal(runCli(repo, ['report', '--bogus']).code, 2);
  });
});
