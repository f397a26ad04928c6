import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { GitHistory } from '../../../server/src/transcripts/history';
import { updateIndex } from '../../../server/src/transcripts/indexer';
import { COMMON_MIN_SESSIONS, FREQUENT_MIN_SESSIONS, TranscriptIndex } from '../../../server/src/transcripts/lookup';
import { findMatches } from '../../../server/src/transcripts/match';
import { claudeCodeReader } from '../../../server/src/transcripts/readers/claudeCode';
import { gitInit, tempDir, writeTree } from '../../helpers/tmp';
import { type ClaudeTurn, claudeSession, sampleFunction } from '../../helpers/transcripts';

function indexOf(turns: readonly ClaudeTurn[]): TranscriptIndex {
  const home = tempDir();
  turns.forEach((t, i) => {
    writeTree(home, { [`.claude/projects/p/s${i}.jsonl`]: claudeSession(t) });
  });
  const report = updateIndex({
    dir: path.join(home, 'cache'),
    readers: [claudeCodeReader],
    locate: { home, env: {}, platform: 'linux' },
    retentionDays: 0,
  });
  return new TranscriptIndex(report.entries);
}

const HUMAN_PREFIX = 'import { x } from "./x";\n\nconst limit = 10;\n\n';
const fileWith = (code: string) => `${HUMAN_PREFIX}${code}\nexport default limit;\n`;
const CODE_LINES = sampleFunction().trimEnd().split('\n').length;

describe('transcript matching', () => {
  it('reports exactly the lines of the AI code, with its session, model and time', () => {
    const index = indexOf([{ written: sampleFunction(), at: '2026-05-18T10:00:08.000Z' }]);
    const regions = findMatches(fileWith(sampleFunction()), index);
    assert.deepEqual(
      regions.map((r) => [r.startLine, r.endLine, r.record.session, r.record.model, r.record.at, r.record.line]),
      [
        [
          4,
          4 + CODE_LINES - 1,
          '7f3c2a10-5b6e-4c1d-9a2f-0e8d4b6c1a23',
          'claude-sonnet-4-5-20250929',
          '2026-05-18T10:00:08.000Z',
          2,
        ],
      ],
    );
  });

  it('survives re-indenting and consistent renaming', () => {
    const index = indexOf([{ written: sampleFunction() }]);
    const edited = sampleFunction('combineRanges')
      .replace(/merged/g, 'out')
      .replace(/sorted/g, 'ordered')
      .split('\n')
      .map((l) => (l ? `    ${l.replace(/^ {2}/, '\t')}` : l))
      .join('\n');
    assert.equal(findMatches(fileWith(edited), index).length, 1);
  });

  it('output minus input: code the AI was shown and quoted back is not AI output', () => {
    const human = sampleFunction('humanWritten');
    assert.equal(findMatches(fileWith(human), indexOf([{ shown: human, written: human }])).length, 0);
    assert.equal(findMatches(fileWith(human), indexOf([{ written: human }])).length, 1, 'without the read it matches');
  });

  it('two small edits close together leave one region, not two fragments', () => {
    const index = indexOf([{ written: sampleFunction() }]);
    const edited = sampleFunction()
      .replace('merged.length - 1', 'merged.length + 1')
      .replace('start <= last', 'start >= last');
    assert.deepEqual(
      findMatches(fileWith(edited), index).map((r) => [r.startLine, r.endLine]),
      [[4, 4 + CODE_LINES - 1]],
    );
  });

  it('a regular expression holding a backtick or quote does not hide the code after it', () => {
    const index = indexOf([{ written: sampleFunction() }]);
    const text = `${HUMAN_PREFIX}const fence = /[\`'"]+/g;\nconst half = limit / 2 / 1;\n${sampleFunction()}`;
    assert.deepEqual(
      findMatches(text, index).map((r) => [r.startLine, r.endLine]),
      [[6, 6 + CODE_LINES - 1]],
    );
  });

  it('minimum matched span: a three-line helper is too short to say where it came from', () => {
    const clamp =
      'export function clamp(x: number, lo: number, hi: number): number {\n  return Math.min(hi, Math.max(lo, x));\n}\n';
    const index = indexOf([{ written: clamp }]);
    assert.equal(findMatches(fileWith(clamp), index).length, 0);
    assert.equal(
      findMatches(fileWith(clamp), index, { minSpanTokens: 1, minLines: 1, minFingerprints: 1 }).length,
      1,
      'matches without the rule',
    );
  });

  it('a short match of three fingerprints counts when it names members and literals', () => {
    const summarize = [
      'export function summarize(report) {',
      '  const lines = report.items.map((item) => item.label.padEnd(20) + item.count);',
      '  const total = report.items.reduce((n, item) => n + item.count, 0);',
      "  lines.push('total: ' + total.toFixed(2));",
      '  if (report.warnings.length) {',
      "    console.warn(report.warnings.length + ' warnings');",
      '  }',
      "  return lines.join('\\n');",
      '}',
      '',
    ].join('\n');
    const index = indexOf([{ written: summarize }]);
    // The last five lines: three fingerprints, naming warnings, length, warn, join and two strings.
    const tail = summarize.split('\n').slice(4).join('\n');
    const regions = findMatches(fileWith(tail), index);
    assert.deepEqual(
      regions.map((r) => [r.startLine, r.endLine, r.hashes.length]),
      [[4, 8, 3]],
    );
  });

  it('a short match of three fingerprints of keywords and local names alone is an idiom, not evidence', () => {
    const equals = [
      'function equalsRange(one, other) {',
      '  if (one === other) {',
      '    return true;',
      '  }',
      '  if (size(one) !== size(other)) {',
      '    return false;',
      '  }',
      '  for (let i = 0; i < size(one); i++) {',
      '    if (one[i] !== other[i]) {',
      '      return false;',
      '    }',
      '  }',
      '  return true;',
      '}',
      '',
    ].join('\n');
    const index = indexOf([{ written: equals }]);
    // Four lines, three fingerprints, no member name and no literal.
    const middle = equals.split('\n').slice(1, 5).join('\n');
    assert.equal(findMatches(fileWith(middle), index).length, 0);
    assert.deepEqual(
      findMatches(fileWith(middle), index, { minFingerprints: 3 }).map((r) => r.hashes.length),
      [3],
      'three fingerprints are enough when their content is not asked for',
    );
  });

  it('too common: a fingerprint many sessions produced is ignored', () => {
    const many = (n: number) =>
      indexOf(Array.from({ length: n }, (_, i) => ({ written: sampleFunction(), session: `session-${i}` })));
    assert.equal(findMatches(fileWith(sampleFunction()), many(COMMON_MIN_SESSIONS + 1)).length, 0);
    assert.equal(findMatches(fileWith(sampleFunction()), many(COMMON_MIN_SESSIONS)).length, 1);
  });

  it('too common: a short match needs fingerprints few sessions produced', () => {
    // Five lines, 32 tokens: short enough to need rare fingerprints.
    const short =
      "if (!user) {\n  throw new Error('missing user');\n}\nconst name = user.name.trim();\nreturn name.toLowerCase();\n";
    const sessions = (n: number) =>
      indexOf(Array.from({ length: n }, (_, i) => ({ written: short, session: `s-${i}` })));
    assert.equal(findMatches(fileWith(short), sessions(1)).length, 1);
    assert.equal(findMatches(fileWith(short), sessions(FREQUENT_MIN_SESSIONS)).length, 0);
  });

  it('older than the AI: code git history had before the session is not its output', () => {
    const repo = tempDir();
    gitInit(repo);
    const file = path.join(repo, 'src', 'ranges.ts');
    writeTree(repo, { 'src/ranges.ts': fileWith(sampleFunction()) });
    const env = { ...process.env, GIT_COMMITTER_DATE: '2026-01-01T00:00:00Z', GIT_AUTHOR_DATE: '2026-01-01T00:00:00Z' };
    const git = (...args: string[]) =>
      execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@t', ...args], { cwd: repo, env, stdio: 'ignore' });
    git('add', '-A');
    git('commit', '-qm', 'human code');
    const text = fs.readFileSync(file, 'utf8');
    const history = new GitHistory(repo);
    const keep = (r: Parameters<GitHistory['predates']>[1]) => !history.predates(file, r);
    const after = indexOf([{ written: sampleFunction(), at: '2026-02-01T00:00:00.000Z' }]);
    assert.equal(findMatches(text, after, { keep }).length, 0, 'committed a month before the session');
    const before = indexOf([{ written: sampleFunction(), at: '2025-12-01T00:00:00.000Z' }]);
    assert.equal(findMatches(text, before, { keep }).length, 1, 'the session came first');
  });
});
