// `ai-fence audit` on a real git history: AI-attributed commits touching zone
// files, git-ai notes carried to HEAD with blame, grouped by zone; text, JSON
// and SARIF; --since.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { git, hookRepo } from '../helpers/agentHooks';
import { runCli } from '../helpers/cli';

function commit(root: string, message: string, files: Record<string, string>, author = 'Alice'): string {
  for (const [f, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(root, f)), { recursive: true });
    fs.writeFileSync(path.join(root, f), text);
  }
  git(root, 'add', '-A');
  git(
    root,
    '-c',
    `user.name=${author}`,
    '-c',
    'user.email=dev@example.com',
    'commit',
    '-q',
    '--author',
    `${author} <dev@example.com>`,
    '-m',
    message,
  );
  return git(root, 'rev-parse', 'HEAD').trim();
}

/** A repository with one commit per attribution style, and a git-ai note. */
function history(): { root: string; shas: Record<string, string> } {
  const root = hookRepo();
  const shas: Record<string, string> = {};
  shas.init = commit(root, 'init', {});
  shas.claude = commit(root, 'Rotate key\n\nCo-Authored-By: Claude <noreply@anthropic.com>', {
    'secrets/api-key.txt': 'key=2\n',
  });
  shas.copilot = commit(root, 'Tune engine\n\nCo-authored-by: Copilot <175728472+Copilot@users.noreply.github.com>', {
    'src/core/engine.py': 'import os\n\ndef run():\n    return 2\n\n# end\n',
  });
  shas.human = commit(root, 'Human fix\n\nCo-authored-by: Bob <bob@example.com>', { 'secrets/api-key.txt': 'key=3\n' });
  shas.outside = commit(root, 'Docs\n\n🤖 Generated with [Claude Code](https://claude.com/claude-code)', {
    'README.md': 'hi\n',
  });
  shas.cursor = commit(root, 'Cursor change\n\nMade-with: Cursor', { 'secrets/b.txt': 'b\n' });
  shas.assisted = commit(root, 'Assisted change\n\nAssisted-by: Gemini', { 'secrets/c.txt': 'c\n' });
  shas.aider = commit(
    root,
    'aider: refactor run',
    { 'src/core/engine.py': 'import os\n\ndef run():\n    x = 2\n    return x\n\n# end\n' },
    'Carol (aider)',
  );
  // A git-ai note saying lines 4-5 of engine.py were written by a Cursor session in the aider commit.
  const note = [
    'src/core/engine.py',
    '  0123456789abcdef 4-5',
    '---',
    JSON.stringify(
      {
        schema_version: 'authorship/3.0.0',
        base_commit_sha: shas.aider,
        prompts: {
          '0123456789abcdef': {
            agent_id: { tool: 'cursor', id: 'c-1', model: 'claude-4.5-sonnet' },
            messages: [],
            total_additions: 2,
            total_deletions: 1,
            accepted_lines: 2,
            overriden_lines: 0,
          },
        },
      },
      null,
      2,
    ),
  ].join('\n');
  git(root, 'notes', '--ref=ai', 'add', '-m', note, shas.aider);
  // Two human lines on top move the noted lines down to 6-7 at HEAD.
  shas.top = commit(root, 'Header', {
    'src/core/engine.py': '# header\n# more\nimport os\n\ndef run():\n    x = 2\n    return x\n\n# end\n',
  });
  return { root, shas };
}

describe('audit', () => {
  const { root, shas } = history();

  test('text: hits grouped by zone with the rule each breaks; exit 1 for block hits', () => {
    const r = runCli(root, ['audit']);
    assert.equal(r.code, 1, r.stderr);
    const s = (k: string) => shas[k].slice(0, 8);
    const lines = r.stdout.split('\n');
    assert.equal(lines[0], 'zone "secrets" (.aifence.json:5) ai: block - Credentials are human-only.');
    assert.deepEqual(
      lines.filter((l) => l.startsWith('  ')).map((l) => l.replace(/ \d{4}-\d\d-\d\d /, ' DATE ')),
      [
        `  error secrets/c.txt: commit ${s('assisted')} DATE "Assisted change" by Alice: Gemini Code Assist [Assisted-by: Gemini]`,
        `  error secrets/b.txt: commit ${s('cursor')} DATE "Cursor change" by Alice: Cursor [Made-with: Cursor]`,
        `  error secrets/api-key.txt: commit ${s('claude')} DATE "Rotate key" by Alice: Claude Code [Co-Authored-By: Claude <noreply@anthropic.com>]`,
        `  warning src/core/engine.py: commit ${s('aider')} DATE "aider: refactor run" by Carol (aider): Aider [author Carol (aider)]`,
        `  warning src/core/engine.py: commit ${s('copilot')} DATE "Tune engine" by Alice: GitHub Copilot [Co-authored-by: Copilot <175728472+Copilot@users.noreply.github.com>]`,
        `  warning src/core/engine.py:6-7: Cursor (claude-4.5-sonnet) lines at HEAD, git-ai note (refs/notes/ai) on ${s('aider')}`,
      ],
    );
    assert.deepEqual(
      lines.filter((l) => l.startsWith('zone ')),
      [
        'zone "secrets" (.aifence.json:5) ai: block - Credentials are human-only.',
        'zone "core" (.aifence.json:6) ai: warn - Core engine: review every AI change',
      ],
    );
    assert.doesNotMatch(r.stdout, /Human fix|README/);
    assert.equal(r.stderr, '6 hits in 2 zones (3 block, 3 warn); 9 commits and 1 git-ai note scanned\n');
  });

  test('json carries every hit with its kind, tool and HEAD line ranges', () => {
    const r = runCli(root, ['audit', '--format', 'json']);
    const report = JSON.parse(r.stdout) as {
      zones: {
        zone: string;
        rule: string;
        hits: {
          kind: string;
          tool: string;
          file: string;
          commit: string;
          lines?: { start: number; end: number }[];
          model?: string;
        }[];
      }[];
      summary: Record<string, number>;
    };
    assert.deepEqual(
      report.zones.map((z) => [z.zone, z.rule, z.hits.length]),
      [
        ['secrets', 'block', 3],
        ['core', 'warn', 3],
      ],
    );
    const note = report.zones[1].hits.find((h) => h.kind === 'note')!;
    assert.deepEqual(
      { tool: note.tool, file: note.file, commit: note.commit, lines: note.lines, model: note.model },
      {
        tool: 'cursor',
        file: 'src/core/engine.py',
        commit: shas.aider,
        lines: [{ start: 6, end: 7 }],
        model: 'claude-4.5-sonnet',
      },
    );
    assert.deepEqual(report.summary, { hits: 6, block: 3, warn: 3, zones: 2, commits: 9, notes: 1 });
  });

  test('sarif: AIF001/AIF002 results with regions for noted lines', () => {
    const sarif = JSON.parse(runCli(root, ['audit', '--format', 'sarif']).stdout) as {
      version: string;
      runs: {
        results: {
          ruleId: string;
          level: string;
          locations: {
            physicalLocation: { artifactLocation: { uri: string }; region?: { startLine: number; endLine: number } };
          }[];
        }[];
      }[];
    };
    assert.equal(sarif.version, '2.1.0');
    const results = sarif.runs[0].results;
    assert.deepEqual(results.map((x) => x.ruleId).sort(), ['AIF001', 'AIF001', 'AIF001', 'AIF002', 'AIF002', 'AIF002']);
    const region = results.find((x) => x.locations[0].physicalLocation.region)!;
    assert.deepEqual(region.locations[0].physicalLocation, {
      artifactLocation: { uri: 'src/core/engine.py', uriBaseId: '%SRCROOT%' },
      region: { startLine: 6, endLine: 7 },
    });
  });

  test('--since limits commits and notes to REV..HEAD', () => {
    const r = runCli(root, ['audit', '--since', shas.aider]);
    assert.equal(r.code, 0);
    assert.equal(r.stdout, '');
    const r2 = runCli(root, ['audit', '--since', shas.assisted, '--format', 'json']);
    const report = JSON.parse(r2.stdout) as { zones: { zone: string; hits: { kind: string }[] }[] };
    assert.deepEqual(
      report.zones.map((z) => [z.zone, z.hits.map((h) => h.kind).sort()]),
      [['core', ['commit', 'note']]],
    );
    assert.equal(runCli(root, ['audit', '--since', 'no-such-rev']).code, 2);
  });

  test('a repository without commits or notes reports nothing', () => {
    const empty = hookRepo();
    const r = runCli(empty, ['audit']);
    assert.equal(r.code, 0);
    assert.equal(r.stdout, '');
  });
});

test('a policy whose default blocks AI reports commits outside every zone under "(policy default)"', () => {
  const root = hookRepo({ '.aifence.json': '{"version": 1, "defaults": {"ai": "block"}}' });
  commit(root, 'init', {});
  commit(root, 'Add util\n\nCo-Authored-By: Claude <noreply@anthropic.com>', { 'lib/util.py': 'x = 1\n' });
  const r = runCli(root, ['audit']);
  assert.equal(r.code, 1, r.stdout + r.stderr);
  assert.match(r.stdout, /^zone "\(policy default\)" \(\.aifence\.json:1\) ai: block/m);
  assert.match(r.stdout, /error lib\/util\.py: commit [0-9a-f]{8} .* "Add util" by Alice: Claude Code/);
});
