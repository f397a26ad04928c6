// The editor's side of transcript provenance, over the real language server:
// how long the aiFence/transcriptOrigin request a paste waits for takes with a
// large index (the latency a paste gains), and how long after a tool appends a
// message to its transcript the server matches that message's code. The
// transcripts are grown until the index holds at least 1 M fingerprints (the
// issue's figure); the count is read from the entries the server persisted.
// Run alone: node bench/pasteOrigin.mjs (after npm run build && npm run compile-tests).
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { corpus, writeLine } from './transcripts.mjs';

const require = createRequire(import.meta.url);
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const { TestClient } = require(path.join(ROOT, 'out/test/lsp/lspClient.js'));
const { TranscriptOriginRequest, TranscriptStatusRequest } = require(path.join(ROOT, 'out/server/src/protocol.js'));
const { pathToUri } = require(path.join(ROOT, 'out/server/src/lsp/uris.js'));
const { indexDir } = require(path.join(ROOT, 'out/server/src/transcripts/storeUpdate.js'));
const { listEntryFiles } = require(path.join(ROOT, 'out/server/src/transcripts/indexer.js'));
const { readEntry } = require(path.join(ROOT, 'out/server/src/transcripts/storeEntry.js'));
const { TranscriptIndex } = require(path.join(ROOT, 'out/server/src/transcripts/lookup.js'));

/** Fingerprints the server's index holds: its persisted entries, less those too common to keep (as the server does). */
function indexedFingerprints(env) {
  const dir = indexDir(env);
  return new TranscriptIndex(listEntryFiles(dir).map((name) => readEntry(path.join(dir, name)))).size;
}

const pct = (xs, p) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * p))];

export async function measurePasteOrigin(targetMB = 80) {
  const all = corpus().flatMap((p) => p.fns);
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'aifence-bench-paste-'));
  const repo = fs.mkdtempSync(path.join(os.tmpdir(), 'aifence-bench-paste-repo-'));
  const dir = path.join(home, '.claude/projects/p');
  fs.mkdirSync(dir, { recursive: true });
  let client;
  try {
    let bytes = 0;
    let s = 0;
    let f = 0;
    const at = new Date(Date.now() - 86_400_000).toISOString();
    while (bytes < targetMB * 1e6) {
      const lines = [];
      for (let t = 0; t < 40; t++) lines.push(writeLine(`paste-${s}`, all[f++ % all.length], at));
      const text = `${lines.join('\n')}\n`;
      bytes += Buffer.byteLength(text);
      fs.writeFileSync(path.join(dir, `paste-${s++}.jsonl`), text);
    }
    const written = f;
    const env = { HOME: home, XDG_CACHE_HOME: path.join(home, '.cache') };
    client = await TestClient.start({ root: repo, env, initializationOptions: { trusted: true } });
    const uri = pathToUri(path.join(repo, 'a.ts'));
    const origin = (text) => client.connection.sendRequest(TranscriptOriginRequest.type, { uri, text });
    // The first origin request waits for the index the worker is building; the status is then complete.
    await origin('');
    const status = await client.connection.sendRequest(TranscriptStatusRequest.type);
    const fingerprints = indexedFingerprints(env);
    assert.ok(
      fingerprints >= 1e6,
      `${targetMB} MB of transcripts make only ${fingerprints} fingerprints: grow targetMB`,
    );
    // Pastes of functions the sessions wrote (long enough to match), and of text nobody wrote.
    // The reference, interleaved: the same request for empty text, a round trip with no lookup.
    const latencies = [];
    const reference = [];
    let matched = 0;
    for (let i = 0; i < 200; i++) {
      const code = all[(i * 37) % Math.min(written, all.length)];
      const a = performance.now();
      const r = await origin(code);
      latencies.push(performance.now() - a);
      if (r) matched++;
      const b = performance.now();
      await origin('');
      reference.push(performance.now() - b);
    }
    // Append-to-visibility: a new message in a live session, then poll until it matches.
    const visible = [];
    for (let i = 0; i < 10; i++) {
      // Member names keep their names in fingerprints: these make k-grams no session holds.
      const body = Array.from(
        { length: 8 },
        (_, k) => `  state.m${i}x${k} = input.p${i}y${k}(state.q${i}z${k}, ${k});`,
      );
      const code = [`function appended${i}(state, input) {`, ...body, '  return state;', '}'].join('\n');
      assert.equal(await origin(code), null, 'the appended code is new');
      const a = performance.now();
      fs.appendFileSync(path.join(dir, 'paste-0.jsonl'), `${writeLine('paste-0', code, new Date().toISOString())}\n`);
      while (!(await origin(code))) {
        if (performance.now() - a > 10_000) throw new Error('appended message never matched');
        await new Promise((r) => setTimeout(r, 10));
      }
      visible.push(performance.now() - a);
    }
    return {
      transcriptMB: bytes / 1e6,
      sessions: status.sessions,
      fingerprints,
      matchedShare: matched / latencies.length,
      originP50Ms: pct(latencies, 0.5),
      originP95Ms: pct(latencies, 0.95),
      roundTripP95Ms: pct(reference, 0.95),
      appendVisibleMedianMs: pct(visible, 0.5),
      appendVisibleMaxMs: Math.max(...visible),
    };
  } finally {
    await client?.stop();
    fs.rmSync(home, { recursive: true, force: true });
    fs.rmSync(repo, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) console.log(await measurePasteOrigin());
