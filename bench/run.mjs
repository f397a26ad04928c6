// `npm run bench`: every performance figure as median and spread over
// several runs, next to its target, measured in one session on this
// machine. Prints a table and writes bench/RESULTS.md.
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { measureClassification } from './classify.mjs';
import { measureExport } from './export.mjs';
import { generate } from './generate.mjs';
import { measureIndexBlocking } from './indexBlocking.mjs';
import { measureKeystrokes } from './keystroke.mjs';
import { measurePasteOrigin } from './pasteOrigin.mjs';
import { measureScanRestart, measureStartAndScan } from './startScan.mjs';
import { measureTranscriptAccuracy, measureTranscriptLookup, measureTranscriptSpeed } from './transcripts.mjs';
import { watchTree } from './watchman.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
// Outside the repository: vsce and editors would otherwise walk its 100k files.
const TREE = process.env.BENCH_TREE ?? path.join(os.tmpdir(), 'ai-fence-bench-tree');
const CLI = path.join(ROOT, 'dist', 'cli.js');
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const rows = [];

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const spread = (xs) => `${Math.min(...xs).toFixed(1)}–${Math.max(...xs).toFixed(1)}`;
function row(metric, target, values, unit, pass, note = '') {
  const m = typeof values === 'number' ? values : median(values);
  rows.push({
    metric,
    target,
    median: `${m.toFixed(m < 10 ? 2 : 1)} ${unit}`,
    spread: typeof values === 'number' ? '' : `${spread(values)} ${unit}`,
    pass,
    note,
  });
  console.log(
    `${pass === undefined ? ' ' : pass ? '✔' : '✖'} ${metric}: ${m.toFixed(2)} ${unit} (target ${target})${note ? ` ${note}` : ''}`,
  );
}

function ensureTool(bin, pkg) {
  if (spawnSync('sh', ['-c', `command -v ${bin}`]).status === 0) return;
  if (process.getuid?.() === 0) {
    console.log(`bench: installing ${pkg} from Debian…`);
    execFileSync('sh', ['-c', `apt-get update -qq && apt-get install -y -qq ${pkg}`], { stdio: 'inherit' });
  } else {
    console.error(`bench: ${bin} is missing; install it with: sudo apt-get install ${pkg}`);
    process.exit(1);
  }
}

/** A ratio row whose target is a median ratio of at most `limit`. */
function ratioRow(metric, limit, ours, theirs) {
  row(
    metric,
    `≤ ${limit}`,
    ours.map((o, i) => o / theirs[i]),
    '×',
    median(ours) / median(theirs) <= limit,
  );
}

/** `node ...args` against a bare `node -e 0`, 20 runs each, interleaved: milliseconds. */
function againstBareNode(args, cwd, input = '') {
  const run = (a, stdin) => {
    const t0 = performance.now();
    spawnSync(process.execPath, a, { cwd, input: stdin, encoding: 'utf8' });
    return performance.now() - t0;
  };
  const ours = [];
  const bare = [];
  for (let i = 0; i < 20; i++) {
    ours.push(run(args, input));
    bare.push(run(['-e', '0'], ''));
  }
  return { ours, bare };
}

/** Wall seconds and peak RSS (KB) of a command, through GNU time. */
function timed(cmd, args, cwd, env = process.env) {
  const r = spawnSync('/usr/bin/time', ['-f', '%e %M', cmd, ...args], {
    cwd,
    env,
    encoding: 'utf8',
    maxBuffer: 1 << 30,
  });
  const last = r.stderr.trim().split('\n').pop();
  const [wall, rss] = last.split(' ').map(Number);
  return { wall, rss, status: r.status };
}

ensureTool('rg', 'ripgrep');
ensureTool('/usr/bin/time', 'time');
ensureTool('git', 'git');
const SIZES = (process.env.BENCH_SIZES ?? '10000,30000,100000').split(',').map(Number);
const treeOf = (files) => `${TREE}-${files / 1000}k`;
for (const files of SIZES) console.log(`bench: tree ${files}: ${JSON.stringify(generate(treeOf(files), { files }))}`);
const BIG = treeOf(Math.max(...SIZES));
const SECTIONS = new Set(
  (
    process.env.BENCH_SECTIONS ?? 'check,cache,staged,classify,keystroke,server,hook,extension,transcripts,export'
  ).split(','),
);

const { BUILTIN_SIGNATURES } = await import(path.join(ROOT, 'out/server/src/engine/provenance/signatures.js'));
const phrases = ['ai-provenance', ...BUILTIN_SIGNATURES.map((s) => s.phrase)];
const rgArgs = ['-c', '-i', '-F', '--no-messages', ...phrases.flatMap((p) => ['-e', p]), '.'];
const checkArgs = [CLI, 'check', '--format', 'json'];
const k = (files) => `${files / 1000}k`;
/** ripgrep's median wall time per tree size, for the cache's ratios. */
const rgMedian = {};

// 1. Cold check vs ripgrep on the same trees, same literal phrases, warm page cache, side by side.
for (const files of SECTIONS.has('check') || SECTIONS.has('cache') ? SIZES : []) {
  const tree = treeOf(files);
  timed('rg', rgArgs, tree);
  timed(process.execPath, checkArgs, tree); // warm the page cache for both
  const ours = [];
  const theirs = [];
  const rss = [];
  for (let i = 0; i < RUNS; i++) {
    const a = timed(process.execPath, checkArgs, tree);
    const b = timed('rg', rgArgs, tree);
    ours.push(a.wall);
    rss.push(a.rss / 1024);
    theirs.push(b.wall);
  }
  rgMedian[files] = median(theirs);
  if (!SECTIONS.has('check')) continue;
  const ratios = ours.map((o, i) => o / theirs[i]);
  row(`check, ${k(files)} files: wall`, '—', ours, 's', undefined);
  row(`ripgrep, ${k(files)} files: wall`, '—', theirs, 's', undefined);
  row(`check / ripgrep, ${k(files)} files`, '≤ 1.5', ratios, '×', median(ratios) <= 1.5);
  row(`check peak RSS, ${k(files)} files`, '≤ 300 MB', rss, 'MB', median(rss) <= 300);
  row(
    `check throughput, ${k(files)} files`,
    '—',
    ours.map((s) => files / s / 1000),
    'k files/s',
    undefined,
  );
}

/** Every `step`-th checked file of a tree, from `offset`, as ripgrep lists them (sorted). */
function someFiles(tree, step, offset) {
  const all = spawnSync('rg', ['--files', '--sort', 'path'], { cwd: tree, encoding: 'utf8', maxBuffer: 1 << 30 })
    .stdout.split('\n')
    .filter((f) => /\/file\d+\.\w+$/.test(f));
  return all.filter((_, i) => i % step === offset % step);
}

/** Appends a line to each file; gives a function that puts the old contents back. */
function touchFiles(tree, files) {
  const old = files.map((f) => [f, fs.readFileSync(path.join(tree, f))]);
  for (const f of files) fs.appendFileSync(path.join(tree, f), 'changed = 1\n');
  return () => {
    for (const [f, bytes] of old) fs.writeFileSync(path.join(tree, f), bytes);
  };
}

// 1b. Warm `check --cache` after 1% of the files changed, against ripgrep on the same tree.
for (const files of SECTIONS.has('cache') ? SIZES.filter((n) => n >= 30_000) : []) {
  const tree = treeOf(files);
  const cacheFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'aifence-bench-cache-')), 'cache.json');
  const cached = [...checkArgs, '--cache', '--cache-location', cacheFile];
  const fill = timed(process.execPath, cached, tree); // fills the cache
  row(
    `check --cache filling the cache, ${k(files)} files: peak RSS`,
    '≤ 300 MB',
    fill.rss / 1024,
    'MB',
    fill.rss / 1024 <= 300,
  );
  const warmRows = (how, env) => {
    const warm = [];
    for (let i = 0; i < RUNS; i++) {
      const restore = touchFiles(tree, someFiles(tree, 100, i));
      warm.push(timed(process.execPath, cached, tree, env).wall);
      restore();
    }
    row(`check --cache${how}, ${k(files)} files, 1% changed: wall`, '—', warm, 's', undefined);
    row(
      `check --cache${how} (1% changed) / ripgrep, ${k(files)} files`,
      '≤ 0.25',
      warm.map((w) => w / rgMedian[files]),
      '×',
      median(warm) / rgMedian[files] <= 0.25,
    );
  };
  warmRows('', process.env);
  const watchman = watchTree(tree);
  if (watchman) {
    timed(process.execPath, cached, tree, watchman.env); // waits for the crawl, saves the first clock
    warmRows(' with the watchman journal', watchman.env);
    watchman.stop();
  } else console.log('bench: watchman is not installed: no journal rows');
  fs.rmSync(path.dirname(cacheFile), { recursive: true, force: true });
}

/** Makes the tree a git repository with everything committed (once: it takes a while). */
function ensureRepository(tree) {
  if (fs.existsSync(path.join(tree, '.git'))) return;
  console.log(`bench: committing ${tree} (once)…`);
  const git = (...args) =>
    execFileSync('git', ['-c', 'user.name=bench', '-c', 'user.email=bench@example.com', ...args], {
      cwd: tree,
      stdio: 'ignore',
    });
  git('init', '-q');
  git('add', '-A');
  git('commit', '-qm', 'bench tree');
}

// 1c. `check --staged` with 10 staged files in the biggest tree, against a bare `node -e 0`.
if (SECTIONS.has('staged')) {
  ensureRepository(BIG);
  // As right after a commit: each staged file invalidates only its own directories in the index's
  // cache of trees (git diff --cached skips the valid ones). Earlier runs' `git add`s are undone.
  const committed = () => {
    execFileSync('git', ['reset', '-q'], { cwd: BIG });
    execFileSync('git', ['write-tree'], { cwd: BIG, stdio: 'ignore' });
  };
  committed();
  const changed = someFiles(BIG, 9973, 0).slice(0, 10);
  const restore = touchFiles(BIG, changed);
  execFileSync('git', ['add', '--', ...changed], { cwd: BIG });
  const { ours, bare } = againstBareNode([CLI, 'check', '--staged'], BIG);
  restore();
  committed();
  row(`check --staged, 10 files in a ${k(Math.max(...SIZES))}-file repository`, '—', ours, 'ms', undefined);
  ratioRow('check --staged / node -e 0', 3, ours, bare);
}

// 2. Zone classification.
if (SECTIONS.has('classify')) {
  const rates = [];
  for (let i = 0; i < RUNS; i++) rates.push((await measureClassification(ROOT)) / 1e6);
  row('zone classification, 1M paths × 50 zones', '≥ 1 M paths/s', rates, 'M paths/s', median(rates) >= 1);
}

// 3. Keystroke latency over a real LSP connection.
if (SECTIONS.has('keystroke')) {
  const p95 = {};
  for (const lines of [2_000, 20_000, 200_000]) {
    const runs = [];
    for (let i = 0; i < 3; i++) runs.push(await measureKeystrokes(lines, 400));
    p95[lines] = runs.map((r) => r.p95);
    row(
      `keystroke p50, ${lines / 1000}k lines`,
      '—',
      runs.map((r) => r.p50),
      'ms',
      undefined,
    );
    row(
      `keystroke p95, ${lines / 1000}k lines`,
      lines === 20_000 ? '≤ 5 ms' : '—',
      p95[lines],
      'ms',
      lines === 20_000 ? median(p95[lines]) <= 5 : undefined,
    );
  }
  const ratio = p95[200_000].map((v, i) => v / p95[2_000][i]);
  row('keystroke p95(200k) / p95(2k)', '≤ 2', ratio, '×', median(ratio) <= 2);
}

// 4. Server start and workspace scan.
if (SECTIONS.has('server')) {
  const r = await measureStartAndScan(BIG, RUNS);
  row('server cold start to first diagnostics', '≤ 300 ms', r.coldStart, 'ms', median(r.coldStart) <= 300);
  row(
    'open-file diagnostics p95 during a 100k-file scan',
    '≤ 20 ms',
    r.duringScanP95,
    'ms',
    r.duringScanP95 <= 20,
    `(${r.progressReports} progress reports, scan ${(r.scanMs / 1000).toFixed(1)} s)`,
  );
  const restart = await measureScanRestart(BIG, RUNS);
  row('workspace scan, first start (fills the cache)', '—', restart.cold / 1000, 's', undefined);
  const restartRows = (how, times) => {
    row(
      `workspace scan after a server restart${how}`,
      '—',
      times.map((ms) => ms / 1000),
      's',
      undefined,
    );
    row(
      `scan speed-up after a restart${how} (first / restarted)`,
      '≥ 5',
      times.map((ms) => restart.cold / ms),
      '×',
      restart.cold / median(times) >= 5,
    );
  };
  restartRows('', restart.warm);
  // The floor of any restart that checks every path without a journal: listing the tree, in C, on both cores.
  const listing = Array.from({ length: RUNS }, () => timed('rg', ['--files'], BIG).wall);
  row('listing the tree: rg --files, 100k files', '—', listing, 's', undefined);
  row(
    'workspace scan after a server restart / rg --files',
    '—',
    restart.warm.map((ms) => ms / 1000 / median(listing)),
    '×',
    undefined,
  );
  if (restart.journal) restartRows(', with the watchman journal', restart.journal);
  else console.log('bench: watchman is not installed: no journal rows for the restart');
}

// 5. Hook cold start against a bare `node -e 0`.
if (SECTIONS.has('hook')) {
  const payload = JSON.stringify({
    session_id: 'bench',
    hook_event_name: 'PreToolUse',
    tool_name: 'Read',
    tool_input: { file_path: path.join(BIG, 'pkg00/file0.py') },
    cwd: BIG,
  });
  const { ours, bare } = againstBareNode([CLI, 'hook', 'claude-code', 'PreToolUse'], BIG, payload);
  row('hook cold start (claude-code PreToolUse)', '< 100 ms', ours, 'ms', median(ours) < 100);
  row('node -e 0', '—', bare, 'ms', undefined);
  ratioRow('hook / node -e 0', 2, ours, bare);
}

// 6. Extension: sizes, and activation time in a real VS Code when one is provisioned.
if (SECTIONS.has('extension')) {
  const kb = (f) => fs.statSync(path.join(ROOT, f)).size / 1024;
  for (const f of ['dist/client.js', 'dist/server.js', 'dist/cliMain.js', 'dist/hook.js', 'dist/checkWorker.js'])
    row(`bundle ${f}`, '—', kb(f), 'KB', undefined);
  const vsix = fs.readdirSync(ROOT).find((f) => /^ai-fence-.*\.vsix$/.test(f));
  if (vsix) row(`vsix ${vsix}`, '< 1024 KB', kb(vsix), 'KB', kb(vsix) < 1024);
  const out = path.join(ROOT, 'test-results', 'bench-activation.json');
  fs.rmSync(out, { force: true });
  const r = spawnSync(
    process.execPath,
    [path.join(ROOT, 'test/e2e/runExtensionTests.mjs'), '--suite', path.join(ROOT, 'bench', 'vscode')],
    { cwd: ROOT, encoding: 'utf8' },
  );
  if (fs.existsSync(out))
    row(
      'extension activation (code-server)',
      '—',
      JSON.parse(fs.readFileSync(out, 'utf8')).activationMs,
      'ms',
      undefined,
    );
  else console.log(`bench: activation not measured (extension host run failed: ${r.stderr.slice(-300)})`);
}

// 7. Transcript provenance: accuracy per edit kind, index build, appends, lookups, size.
if (SECTIONS.has('transcripts')) {
  const a = await measureTranscriptAccuracy();
  for (const [kind, r] of Object.entries(a.perKind)) {
    row(`transcripts ${kind}: precision`, '≥ 0.99', r.precision, '', r.precision >= 0.99);
    // The target is for pastes of ≥ 6 non-blank lines; the row over all snippets (short partial pastes too) stays.
    row(`transcripts ${kind}: recall, pastes ≥ 6 lines`, '≥ 0.95', r.recall6, `of ${r.snippets6}`, r.recall6 >= 0.95);
    row(`transcripts ${kind}: recall, all snippets`, '—', r.recall, `of ${r.snippets}`, undefined);
  }
  row(
    'transcripts: human functions flagged',
    '—',
    a.falsePositives,
    `of ${a.humanFunctions}`,
    undefined,
    `(${a.aiSnippets} AI snippets, ${a.distinctHuman} human functions, ${a.quotedBack} quoted back by the AI)`,
  );
  const speed = [];
  for (let i = 0; i < Math.min(RUNS, 3); i++) speed.push(await measureTranscriptSpeed());
  row(
    'transcript index build',
    '≥ 50 MB/s',
    speed.map((s) => s.buildMBps),
    'MB/s',
    median(speed.map((s) => s.buildMBps)) >= 50,
  );
  row(
    'transcript index build, per CPU second',
    '—',
    speed.map((s) => s.buildMBpsCpu),
    'MB/s',
    undefined,
  );
  const append = speed.map((s) => s.appendMedianMs);
  row('transcript appended message to indexed', '≤ 50 ms', append, 'ms', median(append) <= 50);
  const share = speed.map((s) => s.indexShare * 100);
  row('transcript index size / transcript bytes', '≤ 10%', share, '%', median(share) <= 10);
  const lookup = [];
  for (let i = 0; i < Math.min(RUNS, 3); i++) lookup.push(await measureTranscriptLookup());
  const p95 = lookup.map((l) => l.p95);
  row('transcript lookup p95, 200-line paste, 1M fingerprints', '≤ 5 ms', p95, 'ms', median(p95) <= 5);
  row(
    'transcript lookup p95 CPU time, 200-line paste, 1M fingerprints',
    '—',
    lookup.map((l) => l.cpuP95),
    'ms',
    undefined,
  );
  const paste = [];
  for (let i = 0; i < Math.min(RUNS, 3); i++) paste.push(await measurePasteOrigin());
  const pasteP95 = paste.map((p) => p.originP95Ms);
  row(
    `paste: transcriptOrigin request p95 over LSP (the latency a paste gains), ${(paste[0].fingerprints / 1e6).toFixed(2)} M fingerprints (${Math.round(paste[0].transcriptMB)} MB of transcripts)`,
    '≤ 10 ms',
    pasteP95,
    'ms',
    median(pasteP95) <= 10,
  );
  const visible = paste.map((p) => p.appendVisibleMedianMs);
  row('transcript append to matched by the server', '≤ 1000 ms', visible, 'ms', median(visible) <= 1000);
  const blocking = [];
  for (let i = 0; i < Math.min(RUNS, 3); i++) blocking.push(await measureIndexBlocking());
  for (const [key, what] of [
    ['mainCold', 'on the main thread (reference), cold'],
    ['workerCold', 'in the worker, cold'],
    ['mainWarm', 'on the main thread (reference), warm'],
    ['workerWarm', 'in the worker, warm'],
  ])
    row(
      `transcript index build ${what}: longest main-thread stall, 40 MB`,
      '—',
      blocking.map((b) => b[key].longestMs),
      'ms',
      undefined,
    );
}

// 8. Export streaming throughput, and the Dask driver with 1 and 2 local workers.
if (SECTIONS.has('export')) {
  const r = measureExport({ runs: Math.min(RUNS, 3) });
  const load = `(load average ${r.load.map((l) => l.toFixed(1)).join(', ')})`;
  row(
    `export --stdin, ${r.megabytes} MB, one ${r.pinned ? 'pinned ' : ''}core: wall`,
    '—',
    r.wallMBps,
    'MB/s',
    undefined,
    load,
  );
  row('export --stdin: CPU time', '—', r.cpuMBps, 'MB/s', undefined);
  if (r.dask2.length) {
    row('export over Dask, 1 worker (cluster start included)', '—', r.dask1, 's', undefined);
    row('export over Dask, 2 workers (cluster start included)', '—', r.dask2, 's', undefined);
    row('Dask 2 workers speed-up over one process', '—', r.speedup2, '×', undefined, load);
    row('Dask 2 workers, cluster up: wall', '—', r.dask2Working, 's', undefined);
    row('Dask 2 workers speed-up, cluster start excluded', '—', r.speedup2Working, '×', undefined, load);
  } else console.log('bench: Dask not measured (python3-distributed missing: npm run provision)');
}

const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
const md = [
  '# Benchmark results',
  '',
  `Generated by \`npm run bench\` on ${new Date().toISOString().slice(0, 10)}: ${cpu}, ${os.cpus().length} cores, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}, ${os.platform()} ${os.release()}.`,
  `Each figure is the median of ${RUNS} runs (keystrokes: 3 runs of 400 edits; hooks: 20 runs), with the spread (min–max).`,
  '',
  '| metric | target | median | spread | |',
  '|---|---|---|---|---|',
  ...rows.map(
    (r) =>
      `| ${r.metric} | ${r.target} | ${r.median} | ${r.spread} | ${r.pass === undefined ? '' : r.pass ? 'met' : '**missed**'}${r.note ? ` ${r.note}` : ''} |`,
  ),
  '',
];
fs.writeFileSync(path.join(ROOT, 'bench', 'RESULTS.md'), md.join('\n'));
console.log(`bench: wrote bench/RESULTS.md`);
