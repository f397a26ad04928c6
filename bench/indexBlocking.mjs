// How long the language server's main thread stalls while its transcript index
// is built from 40 MB of Claude Code transcripts: the live index (indexer in a
// worker thread, the main thread loading what it persisted) against the same
// indexer run and index build on the main thread (the reference, as before the
// worker). Cold: an empty cache directory; warm: the entries already persisted
// (a server restart). A ticker every 5 ms sees the stalls; gaps over 20 ms count.
// Run alone: node bench/indexBlocking.mjs (after npm run compile-tests).
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { corpus, writeLine } from './transcripts.mjs';

const require = createRequire(import.meta.url);
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const out = (m) => require(path.join(ROOT, 'out/server/src/transcripts', m));
const TICK_MS = 5;
const STALL_MS = 20;

/** Runs `work` while a ticker records the gaps between its ticks: the longest and the sum of those over STALL_MS. */
async function stalls(work) {
  let last = performance.now();
  let longestMs = 0;
  let stalledMs = 0;
  const ticker = setInterval(() => {
    const now = performance.now();
    const gap = now - last;
    last = now;
    if (gap > STALL_MS) stalledMs += gap;
    longestMs = Math.max(longestMs, gap);
  }, TICK_MS);
  const t = performance.now();
  await work();
  const wallMs = performance.now() - t;
  // One more tick sees a stall that ended with the work.
  await new Promise((r) => setTimeout(r, 4 * TICK_MS));
  clearInterval(ticker);
  return { wallMs, longestMs, stalledMs };
}

export async function measureIndexBlocking(targetMB = 40) {
  const { updateStores, indexDir } = out('storeUpdate.js');
  const { TranscriptIndex } = out('lookup.js');
  const { LiveTranscriptIndex } = out('liveIndex.js');
  const all = corpus().flatMap((p) => p.fns);
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'aifence-bench-block-'));
  const env = { HOME: home, XDG_CACHE_HOME: path.join(home, '.cache') };
  try {
    const dir = path.join(home, '.claude/projects/p');
    fs.mkdirSync(dir, { recursive: true });
    let bytes = 0;
    let f = 0;
    const at = new Date(Date.now() - 86_400_000).toISOString();
    for (let s = 0; bytes < targetMB * 1e6; s++) {
      const lines = Array.from({ length: 40 }, () => writeLine(`block-${s}`, all[f++ % all.length], at));
      const text = `${lines.join('\n')}\n`;
      bytes += Buffer.byteLength(text);
      fs.writeFileSync(path.join(dir, `block-${s}.jsonl`), text);
    }
    const mainThread = () => stalls(async () => new TranscriptIndex(updateStores(env, new Map()).entries));
    const live = () =>
      stalls(async () => {
        const index = new LiveTranscriptIndex(env);
        await index.start();
        index.dispose();
      });
    const cold = (run) => {
      fs.rmSync(indexDir(env), { recursive: true, force: true });
      return run();
    };
    const mainCold = await cold(mainThread);
    const workerCold = await cold(live);
    const workerWarm = await live();
    const mainWarm = await mainThread();
    return { transcriptMB: bytes / 1e6, mainCold, workerCold, mainWarm, workerWarm };
  } finally {
    fs.rmSync(home, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) console.log(await measureIndexBlocking());
