// Post-tool hooks write Agent Trace records: the inserted ranges of the new
// file, a content hash per range that `ai-fence check` can relocate, model and
// conversation; concurrent hook processes never corrupt the ledger.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { appendRecord } from '../../server/src/agents/ledgerAppend';
import {
  answer,
  fixture,
  git,
  hookRepo,
  ledgerRecords,
  runHook,
  runHooksConcurrently,
  tempDir,
} from '../helpers/agentHooks';
import { runCli } from '../helpers/cli';

type Rec = {
  version: string;
  id: string;
  timestamp: string;
  vcs?: { type: string; revision: string };
  tool: { name: string };
  files: {
    path: string;
    conversations: {
      url?: string;
      id?: string;
      contributor: { type: string; model_id?: string };
      ranges: { start_line: number; end_line: number; content_hash: string }[];
    }[];
  }[];
  metadata: Record<string, Record<string, string>>;
};

const hashOf = (text: string, start: number, end: number) =>
  `sha256:${createHash('sha256')
    .update(
      text
        .split('\n')
        .slice(start - 1, end)
        .join('\n'),
    )
    .digest('hex')}`;

describe('claude-code PostToolUse', () => {
  test('Edit with originalFile: one record with the inserted lines, their hash, model and session', () => {
    const root = hookRepo();
    git(root, 'add', '-A');
    git(root, 'commit', '-qm', 'init');
    const after = 'import os\n\ndef run():\n    total = 1\n    return total\n\n# end\n';
    fs.writeFileSync(path.join(root, 'src/core/engine.py'), after);
    const transcript = path.join(root, 'transcript.jsonl');
    fs.writeFileSync(
      transcript,
      `${[
        JSON.stringify({ type: 'user', message: { role: 'user', content: 'hi' } }),
        JSON.stringify({
          type: 'assistant',
          message: { model: 'claude-opus-4-5-20251101', role: 'assistant', content: [] },
        }),
      ].join('\n')}\n`,
    );
    const r = runHook(
      root,
      'claude-code',
      'PostToolUse',
      fixture('claude-code', 'PostToolUse-Edit', { root, transcript }),
    );
    assert.equal(r.code, 0, r.stderr);
    // The zone requires provenance: the agent is told to label what it wrote, with the exact lines.
    const ctx = (answer(r) as { hookSpecificOutput: { hookEventName: string; additionalContext: string } })
      .hookSpecificOutput;
    assert.equal(ctx.hookEventName, 'PostToolUse');
    assert.match(
      ctx.additionalContext,
      /^# ai-provenance: begin id=[0-9a-f]{6} tool=claude-code model=anthropic\/claude-opus-4-5-20251101 source=agent$/m,
    );
    assert.match(ctx.additionalContext, /Lines you just wrote without a label: 4-5\.$/);

    const records = ledgerRecords(root) as Rec[];
    assert.equal(records.length, 1);
    const rec = records[0];
    assert.equal(rec.version, '0.1.0');
    assert.match(rec.id, /^[0-9a-f-]{36}$/);
    assert.ok(!Number.isNaN(Date.parse(rec.timestamp)));
    assert.deepEqual(rec.vcs, { type: 'git', revision: git(root, 'rev-parse', 'HEAD').trim() });
    assert.deepEqual(rec.tool, { name: 'claude-code' });
    assert.deepEqual(rec.files, [
      {
        path: 'src/core/engine.py',
        conversations: [
          {
            url: pathToFileURL(transcript).href,
            id: '8d2f6a1e-4c3b-4e9a-9f3c-1a2b3c4d5e6f',
            contributor: { type: 'ai', model_id: 'anthropic/claude-opus-4-5-20251101' },
            ranges: [{ start_line: 4, end_line: 5, content_hash: hashOf(after, 4, 5) }],
          },
        ],
      },
    ]);
    assert.deepEqual(rec.metadata['dev.ai-fence'], {
      agent: 'claude-code',
      event: 'PostToolUse',
      tool_name: 'Edit',
      tool_use_id: 'toolu_01PostEdit',
    });
  });

  test('the checker reads the record: AI code in the warn zone is reported, and follows moved lines', () => {
    const root = hookRepo();
    const after = 'import os\n\ndef run():\n    total = 1\n    return total\n\n# end\n';
    fs.writeFileSync(path.join(root, 'src/core/engine.py'), after);
    runHook(root, 'claude-code', 'PostToolUse', fixture('claude-code', 'PostToolUse-Edit', { root }));
    // Lines move down by two; the content hash relocates the range.
    fs.writeFileSync(path.join(root, 'src/core/engine.py'), `# header\n# more\n${after}`);
    const r = runCli(root, ['check', 'src/core/engine.py', '--format', 'json']);
    const report = JSON.parse(r.stdout) as {
      files: {
        findings: { code: string; region?: { startLine: number; endLine: number }; evidence?: { kind: string } }[];
      }[];
    };
    // The recorded lines 4-5 (0-based 3-4) moved to 0-based 6-7: unlabeled (AIF003) and in the warn zone (AIF002).
    assert.deepEqual(
      report.files
        .flatMap((f) => f.findings)
        .map((f) => `${f.code} ${f.evidence?.kind} ${f.region?.startLine}-${f.region?.endLine}`),
      ['AIF002 ledger 6-7', 'AIF003 ledger 6-7'],
    );
  });

  test('Write of a new file records every line; MultiEdit records each replacement', () => {
    const root = hookRepo();
    fs.writeFileSync(path.join(root, 'src/util.py'), 'def add(a, b):\n    return a + b\n');
    assert.equal(
      runHook(root, 'claude-code', 'PostToolUse', fixture('claude-code', 'PostToolUse-Write', { root })).code,
      0,
    );
    fs.writeFileSync(path.join(root, 'src/app.py'), 'A = 10\nB = 2\nC = 30\nD = 40\n');
    assert.equal(
      runHook(root, 'claude-code', 'PostToolUse', fixture('claude-code', 'PostToolUse-MultiEdit', { root })).code,
      0,
    );
    const records = ledgerRecords(root) as Rec[];
    assert.deepEqual(
      records.map((r) =>
        r.files.map((f) => [f.path, f.conversations[0].ranges.map((x) => [x.start_line, x.end_line])]),
      ),
      [
        [['src/util.py', [[1, 2]]]],
        [
          [
            'src/app.py',
            [
              [1, 1],
              [3, 4],
            ],
          ],
        ],
      ],
    );
    // No transcript: the model is unknown and left out.
    assert.deepEqual(records[0].files[0].conversations[0].contributor, { type: 'ai' });
  });

  test('a tool that only reads records nothing', () => {
    const root = hookRepo();
    const payload = JSON.stringify({
      session_id: 's',
      cwd: root,
      hook_event_name: 'PostToolUse',
      tool_name: 'Read',
      tool_input: { file_path: `${root}/src/app.py` },
      tool_response: {},
    });
    const r = runHook(root, 'claude-code', 'PostToolUse', payload);
    assert.equal(r.code, 0);
    assert.equal(r.stdout, '');
    assert.equal(ledgerRecords(root).length, 0);
  });

  test("the policy's own ledger path is used", () => {
    const root = hookRepo({ '.aifence.json': '{ "version": 1, "ledger": "audit/ai.jsonl" }' });
    fs.writeFileSync(path.join(root, 'src/util.py'), 'x = 1\n');
    runHook(root, 'claude-code', 'PostToolUse', fixture('claude-code', 'PostToolUse-Write', { root }));
    const lines = fs.readFileSync(path.join(root, 'audit/ai.jsonl'), 'utf8').trim().split('\n');
    assert.equal(lines.length, 1);
    assert.equal((JSON.parse(lines[0]) as Rec).files[0].path, 'src/util.py');
  });
});

describe('concurrent appends', () => {
  test('50 hook processes at once write 50 intact records of more than PIPE_BUF bytes each', async () => {
    const root = hookRepo();
    const payloads: string[] = [];
    for (let i = 0; i < 50; i++) {
      // Every other line changed: 60 separate ranges, a record of about 7 KB.
      const original = `${Array.from({ length: 120 }, (_, j) => `line ${j} of file ${i}`).join('\n')}\n`;
      const after = `${Array.from({ length: 120 }, (_, j) =>
        j % 2 ? `changed ${j} of file ${i}` : `line ${j} of file ${i}`,
      ).join('\n')}\n`;
      const file = path.join(root, 'gen', `f${i}.txt`);
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(file, after);
      payloads.push(
        JSON.stringify({
          session_id: `session-${i}`,
          cwd: root,
          hook_event_name: 'PostToolUse',
          tool_name: 'Edit',
          tool_use_id: `t${i}`,
          tool_input: { file_path: file, old_string: 'x', new_string: 'y' },
          tool_response: { filePath: file, originalFile: original },
        }),
      );
    }
    const results = await runHooksConcurrently(root, 'claude-code', 'PostToolUse', payloads);
    for (const r of results) assert.equal(r.code, 0, r.stderr);
    const text = fs.readFileSync(path.join(root, '.agent-trace', 'traces.jsonl'), 'utf8');
    const lines = text.split('\n');
    assert.equal(lines.pop(), '', 'ends with a newline');
    assert.equal(lines.length, 50);
    const records = lines.map((l) => JSON.parse(l) as Rec);
    assert.ok(
      lines.every((l) => Buffer.byteLength(l) > 4096),
      'each record is larger than PIPE_BUF',
    );
    assert.equal(new Set(records.map((r) => r.id)).size, 50);
    assert.deepEqual(
      records.map((r) => r.files[0].path).sort(),
      Array.from({ length: 50 }, (_, i) => `gen/f${i}.txt`).sort(),
    );
    for (const r of records) assert.equal(r.files[0].conversations[0].ranges.length, 60);
    assert.equal(fs.existsSync(path.join(root, '.agent-trace', 'traces.jsonl.lock')), false, 'the lock is released');
  });

  test('a torn last line left by a killed writer is closed before the next record', () => {
    const root = hookRepo();
    fs.mkdirSync(path.join(root, '.agent-trace'));
    fs.writeFileSync(path.join(root, '.agent-trace', 'traces.jsonl'), '{"version":"0.1.0","files":[');
    fs.writeFileSync(path.join(root, 'src/util.py'), 'x = 1\n');
    runHook(root, 'claude-code', 'PostToolUse', fixture('claude-code', 'PostToolUse-Write', { root }));
    const lines = fs.readFileSync(path.join(root, '.agent-trace', 'traces.jsonl'), 'utf8').split('\n');
    assert.equal(lines[0], '{"version":"0.1.0","files":[');
    assert.equal((JSON.parse(lines[1]) as Rec).files[0].path, 'src/util.py');
  });
});

test('a lock that can be neither taken nor removed gives up at the deadline instead of spinning', () => {
  const dir = tempDir('aifence-lock-');
  const ledger = path.join(dir, 'traces.jsonl');
  fs.mkdirSync(`${ledger}.lock`); // a directory: open('wx') fails with EEXIST, unlink fails
  const started = Date.now();
  const result = appendRecord(ledger, { id: 'x' }, { lockTimeoutMs: 300, staleLockMs: 0 });
  assert.equal(result.locked, false, 'written without the lock, after the deadline');
  assert.ok(Date.now() - started < 30_000, 'returned');
  assert.equal(fs.readFileSync(ledger, 'utf8'), '{"id":"x"}\n');
});
