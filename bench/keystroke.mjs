// Keystroke latency: didChange → publishDiagnostics for one-character edits,
// over a real stdio LSP connection, in files of 2k, 20k and 200k lines with
// one labelled AI block per 100 lines.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileUri, startSession } from './lspSession.mjs';

export function makeFile(lines) {
  const out = [];
  for (let i = 0; out.length < lines; i++) {
    if (i % 100 === 10) {
      out.push(
        `# ai-provenance: begin id=b${i} tool=claude-code at=2026-11-21T10:00:00Z`,
        `def generated_${i}(x):`,
        '    return x * 2',
        `# ai-provenance: end id=b${i}`,
      );
    } else out.push(`value_${i} = compute(value_${i - 1}, ${i % 97})  # ordinary code`);
  }
  return `${out.slice(0, lines).join('\n')}\n`;
}

export function percentile(values, p) {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
}

/** Median-of-edits latency figures for one file size. */
export async function measureKeystrokes(lines, edits = 300) {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'aifence-keys-'));
  fs.writeFileSync(path.join(root, '.aifence.json'), '{"version": 1}');
  const file = path.join(root, 'big.py');
  const text = makeFile(lines);
  fs.writeFileSync(file, text);
  const uri = fileUri(file);
  let waiting;
  const session = await startSession(root, {
    scan: false,
    onDiagnostics: (p) => {
      if (p.uri === uri && waiting && p.version === waiting.version) waiting.resolve(performance.now());
    },
  });
  const until = (version) => new Promise((resolve) => (waiting = { version, resolve }));
  let version = 1;
  let done = until(1);
  void session.connection.sendNotification('textDocument/didOpen', {
    textDocument: { uri, languageId: 'python', version, text },
  });
  await done;
  const times = [];
  for (let i = 0; i < edits; i++) {
    version++;
    // Type a character at a varying place, then delete it again on the next edit.
    const line = (i * 7919) % lines;
    const change =
      i % 2 === 0
        ? { range: { start: { line, character: 0 }, end: { line, character: 0 } }, text: 'x' }
        : {
            range: {
              start: { line: ((i - 1) * 7919) % lines, character: 0 },
              end: { line: ((i - 1) * 7919) % lines, character: 1 },
            },
            text: '',
          };
    done = until(version);
    const t0 = performance.now();
    void session.connection.sendNotification('textDocument/didChange', {
      textDocument: { uri, version },
      contentChanges: [change],
    });
    const t1 = await done;
    if (i >= 20) times.push(t1 - t0);
  }
  await session.stop();
  fs.rmSync(root, { recursive: true, force: true });
  return { lines, p50: percentile(times, 50), p95: percentile(times, 95), n: times.length };
}

if (process.argv[1] === new URL(import.meta.url).pathname) {
  for (const lines of [2_000, 20_000, 200_000]) console.log(JSON.stringify(await measureKeystrokes(lines)));
}
