// Transcript provenance: accuracy and speed. Functions from installed
// packages stand in for code: one set of packages is "AI output" written into
// synthetic Claude Code sessions (in the fixture's format), the other is human
// code, some of it shown to the AI and quoted back. Every AI snippet is placed
// in files verbatim, re-indented, renamed, partial (≥ 60%) and moved among
// human code; the matcher must find it and nothing human.
// Run alone: node bench/transcripts.mjs (after npm run compile-tests).
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const out = (m) => require(path.join(ROOT, 'out/server/src/transcripts', m));
const FIXTURE = path.join(ROOT, 'test/fixtures/transcripts/claude-code/session.jsonl');

const AI_SNIPPETS = 400;
const HUMAN_FUNCTIONS = 4000;
const QUOTED_BACK = 300;
const KINDS = ['verbatim', 're-indented', 'renamed', 'partial', 'moved'];
/** Matcher options to try other thresholds: BENCH_TRANSCRIPT_TUNING='{"minFingerprints":3}'. */
const TUNING = JSON.parse(process.env.BENCH_TRANSCRIPT_TUNING ?? '{}');

/** Top-level functions of 6 to 60 lines in a JavaScript source (closing brace at the same indent). */
function extractFunctions(src) {
  const lines = src.split('\n');
  const found = [];
  for (let i = 0; i < lines.length; i++) {
    const m = /^(\s*)(?:export\s+)?(?:async\s+)?function\s*\*?\s*[A-Za-z_$][\w$]*\s*\(.*\{\s*$/.exec(lines[i]);
    if (!m) continue;
    for (let j = i + 1; j < Math.min(lines.length, i + 60); j++) {
      if (lines[j].length > 200) break;
      if (lines[j] === `${m[1]}}` || lines[j] === `${m[1]}};`) {
        if (j - i + 1 >= 6)
          found.push(
            lines
              .slice(i, j + 1)
              .map((l) => l.slice(m[1].length))
              .join('\n'),
          );
        i = j;
        break;
      }
    }
  }
  return found;
}

function jsFiles(dir, limit, acc = []) {
  let entries;
  try {
    entries = fs.readdirSync(dir, { withFileTypes: true });
  } catch {
    return acc;
  }
  for (const e of entries) {
    if (acc.length >= limit) break;
    const full = path.join(dir, e.name);
    if (e.isDirectory() && e.name !== 'node_modules' && !e.name.startsWith('.')) jsFiles(full, limit, acc);
    else if (e.isFile() && /\.(c|m)?js$/.test(e.name) && !/\.min\.js$/.test(e.name)) acc.push(full);
  }
  return acc;
}

/**
 * Functions per package, deduplicated across all packages by their shape
 * (comments and whitespace dropped, every name replaced): packages bundle renamed copies of
 * each other's code, and a copy is not a human function distinct from its original.
 */
export function corpus() {
  const nm = path.join(ROOT, 'node_modules');
  const packages = fs
    .readdirSync(nm)
    .flatMap((n) => (n.startsWith('@') ? fs.readdirSync(path.join(nm, n)).map((s) => `${n}/${s}`) : [n]))
    .filter((n) => !n.startsWith('.'))
    .sort();
  const seen = new Set();
  const byPackage = [];
  for (const p of packages) {
    const fns = [];
    for (const f of jsFiles(path.join(nm, p), 400)) {
      let src;
      try {
        src = fs.readFileSync(f, 'utf8');
      } catch {
        continue;
      }
      for (const fn of extractFunctions(src)) {
        const key = fn
          .replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, '')
          .replace(/[A-Za-z_$][\w$]*/g, (w) => (KEYWORDS.has(w) ? w : 'x'))
          .replace(/\s+/g, '');
        if (seen.has(key)) continue;
        seen.add(key);
        fns.push(fn);
      }
    }
    if (fns.length) byPackage.push({ name: p, fns });
  }
  return byPackage;
}

/** Splits packages: every third package is "AI output", the rest human, until both pools are full. */
function pools(byPackage) {
  const ai = [];
  const human = [];
  byPackage.forEach((p, i) => {
    const pool = i % 3 === 0 ? ai : human;
    pool.push(...p.fns);
  });
  const pick = (list, n) => {
    const sorted = [...list].sort((a, b) => hash(a) - hash(b));
    if (sorted.length < n) throw new Error(`only ${sorted.length} functions, need ${n}`);
    return sorted.slice(0, n);
  };
  const aiPicked = pick(ai, AI_SNIPPETS);
  // A "human" function that repeats most of an AI snippet's lines (names aside) is a bundled copy of it, not human code.
  const aiLines = new Set(aiPicked.flatMap(significantLines));
  const copied = (fn) => {
    const lines = significantLines(fn);
    return lines.filter((l) => aiLines.has(l)).length >= lines.length / 2;
  };
  return {
    ai: aiPicked,
    human: pick(
      human.filter((fn) => !copied(fn)),
      HUMAN_FUNCTIONS,
    ),
  };
}

/** Lines of 20 characters or more, comments and spaces dropped, names replaced. */
function significantLines(fn) {
  return fn
    .replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, '')
    .split('\n')
    .map((l) => l.replace(/\s+/g, ''))
    .filter((l) => l.length >= 20)
    .map((l) => l.replace(/[A-Za-z_$][\w$]*/g, (w) => (KEYWORDS.has(w) ? w : 'x')));
}

const hash = (s) => createHash('sha1').update(s).digest().readUInt32LE(0);

// Claude Code lines in the fixture's shape.
const fixture = fs
  .readFileSync(FIXTURE, 'utf8')
  .trim()
  .split('\n')
  .map((l) => JSON.parse(l));
export function writeLine(session, content, at) {
  const l = structuredClone(fixture[6]);
  l.sessionId = session;
  l.timestamp = at;
  l.message.content[0].input.content = content;
  return JSON.stringify(l);
}
function readLine(session, content, at) {
  const l = structuredClone(fixture[2]);
  l.sessionId = session;
  l.timestamp = at;
  l.message.content[0].content = content;
  l.toolUseResult.file.content = content;
  return JSON.stringify(l);
}
function proseLine(session, text, at) {
  const l = structuredClone(fixture[3]);
  l.sessionId = session;
  l.timestamp = at;
  l.message.content[0].text = `Here it is:\n\n\`\`\`js\n${text}\n\`\`\`\n`;
  return JSON.stringify(l);
}

const KEYWORDS = new Set(
  'break case catch class const continue debugger default delete do else export extends false finally for function if import in instanceof let new null return super switch this throw true try typeof undefined var void while with yield async await of arguments'.split(
    ' ',
  ),
);

const EDITS = {
  verbatim: (s) => s,
  're-indented': (s) =>
    s
      .split('\n')
      .map((l) => (l ? `    ${l.replace(/^( {2})+/, (m) => '\t'.repeat(m.length / 2))}` : l))
      .join('\n'),
  renamed: (s) => {
    const declared = new Set();
    for (const m of s.matchAll(/\b(?:var|let|const)\s+([A-Za-z_$][\w$]*)/g)) declared.add(m[1]);
    const params = /\(([^)]*)\)/.exec(s.split('\n')[0])?.[1] ?? '';
    for (const p of params.split(',')) if (/^\s*[A-Za-z_$][\w$]*\s*$/.test(p)) declared.add(p.trim());
    let t = s;
    for (const name of declared)
      if (!KEYWORDS.has(name))
        t = t.replace(new RegExp(`(?<![\\w$.])${name.replace(/\$/g, '\\$')}(?![\\w$])`, 'g'), `${name}Renamed`);
    return t;
  },
  partial: (s, i) => {
    const lines = s.split('\n');
    const n = Math.ceil(lines.length * 0.6);
    const start = i % (lines.length - n + 1);
    return lines.slice(start, start + n).join('\n');
  },
  moved: (s) => s,
};

function lineCount(s) {
  return s.split('\n').length;
}

/** The recall target is for snippets of 6 lines or more: a paste (the edited text as placed) of ≥ 6 non-blank lines. */
const TARGET_MIN_LINES = 6;
const nonBlankLines = (s) => s.split('\n').filter((l) => l.trim() !== '').length;

export async function measureTranscriptAccuracy() {
  const { updateIndex } = out('indexer.js');
  const { TranscriptIndex } = out('lookup.js');
  const { findMatches } = out('match.js');
  const { claudeCodeReader } = out('readers/claudeCode.js');
  const { ai, human } = pools(corpus());
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'aifence-bench-tx-'));
  try {
    // 40 sessions of 10 snippets each; 30 more sessions quote human code back after reading it.
    const lines = [];
    ai.forEach((s, i) => {
      const session = `ai-${Math.floor(i / 10)}`;
      lines.push([session, writeLine(session, s, '2026-05-01T00:00:00.000Z')]);
    });
    human.slice(0, QUOTED_BACK).forEach((h, i) => {
      const session = `quote-${Math.floor(i / 10)}`;
      lines.push([session, readLine(session, h, '2026-05-01T00:00:00.000Z')]);
      lines.push([session, proseLine(session, h, '2026-05-01T00:00:01.000Z')]);
    });
    const bySession = new Map();
    for (const [s, l] of lines) bySession.set(s, [...(bySession.get(s) ?? []), l]);
    for (const [s, ls] of bySession) {
      const file = path.join(home, '.claude/projects/p', `${s}.jsonl`);
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(file, `${ls.join('\n')}\n`);
    }
    const report = updateIndex({
      dir: path.join(home, 'cache'),
      readers: [claudeCodeReader],
      locate: { home, env: {}, platform: 'linux' },
      retentionDays: 0,
    });
    const index = new TranscriptIndex(report.entries);

    // Files: each edited snippet between two human functions; "moved" sits deeper inside another file.
    const neighbours = human.slice(QUOTED_BACK);
    let n = 0;
    const nextHuman = () => neighbours[n++ % neighbours.length];
    const stats = Object.fromEntries(KINDS.map((k) => [k, { tp: 0, total: 0, longTp: 0, longTotal: 0 }]));
    let fp = 0;
    let humanTotal = 0;
    let flaggedLines = 0;
    let flaggedAiLines = 0;
    const evaluate = (parts) => {
      const text = parts.map((p) => p.text).join('\n\n');
      const covered = new Set();
      for (const r of findMatches(text, index, TUNING)) for (let l = r.startLine; l <= r.endLine; l++) covered.add(l);
      let line = 0;
      for (const p of parts) {
        const count = lineCount(p.text);
        let hit = 0;
        for (let l = line; l < line + count; l++) if (covered.has(l)) hit++;
        flaggedLines += hit;
        if (p.kind) {
          flaggedAiLines += hit;
          const s = stats[p.kind];
          const found = hit >= count / 2;
          s.total++;
          if (found) s.tp++;
          if (nonBlankLines(p.text) >= TARGET_MIN_LINES) {
            s.longTotal++;
            if (found) s.longTp++;
          }
        } else {
          humanTotal++;
          if (hit >= count / 2) fp++;
        }
        line += count + 1;
      }
    };
    ai.forEach((s, i) => {
      for (const kind of KINDS) {
        const snippet = { text: EDITS[kind](s, i), kind };
        if (kind === 'moved')
          evaluate([
            { text: nextHuman() },
            { text: nextHuman() },
            snippet,
            { text: nextHuman() },
            { text: nextHuman() },
          ]);
        else evaluate([{ text: nextHuman() }, snippet, { text: nextHuman() }]);
      }
    });
    // Human-only files, including every function the AI quoted back.
    for (let i = 0; i < human.length; i += 10) evaluate(human.slice(i, i + 10).map((text) => ({ text })));
    const perKind = Object.fromEntries(
      KINDS.map((k) => {
        const { tp, total, longTp, longTotal } = stats[k];
        return [
          k,
          {
            // Over every snippet, and over pastes of ≥ 6 non-blank lines (the target).
            recall: tp / total,
            snippets: total,
            recall6: longTp / longTotal,
            snippets6: longTotal,
            precision: tp / (tp + fp),
          },
        ];
      }),
    );
    return {
      perKind,
      falsePositives: fp,
      humanFunctions: humanTotal,
      aiSnippets: ai.length,
      distinctHuman: human.length,
      quotedBack: QUOTED_BACK,
      linePrecision: flaggedAiLines / flaggedLines,
    };
  } finally {
    fs.rmSync(home, { recursive: true, force: true });
  }
}

/** Index build speed, appended-message latency and index size over a synthetic transcript corpus. */
export async function measureTranscriptSpeed(targetMB = 40) {
  const { updateIndex } = out('indexer.js');
  const { claudeCodeReader } = out('readers/claudeCode.js');
  const byPackage = corpus();
  const all = byPackage.flatMap((p) => p.fns);
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'aifence-bench-txs-'));
  try {
    // Sessions like real ones: a prompt, reads of files, prose with code, writes.
    let bytes = 0;
    let s = 0;
    let f = 0;
    const next = () => all[f++ % all.length];
    while (bytes < targetMB * 1e6) {
      const session = `speed-${s++}`;
      const ls = [];
      for (let t = 0; t < 20; t++) {
        const at = new Date(Date.UTC(2026, 4, 1, 0, 0, t)).toISOString();
        ls.push(readLine(session, [next(), next(), next()].join('\n\n'), at));
        ls.push(proseLine(session, next(), at));
        ls.push(writeLine(session, [next(), next()].join('\n\n'), at));
      }
      const text = `${ls.join('\n')}\n`;
      bytes += Buffer.byteLength(text);
      const file = path.join(home, '.claude/projects/p', `${session}.jsonl`);
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(file, text);
    }
    const options = {
      dir: path.join(home, 'cache'),
      readers: [claudeCodeReader],
      locate: { home, env: {}, platform: 'linux' },
      retentionDays: 0,
    };
    const t0 = performance.now();
    const cpu0 = process.cpuUsage();
    const built = updateIndex(options);
    const buildS = (performance.now() - t0) / 1000;
    const cpu = process.cpuUsage(cpu0);
    // CPU time as well as wall time: on a shared machine the wall clock also counts other processes.
    const buildCpuS = (cpu.user + cpu.system) / 1e6;
    const indexBytes = fs.readdirSync(options.dir).reduce((n, e) => n + fs.statSync(path.join(options.dir, e)).size, 0);
    const fingerprints = built.entries.reduce((n, e) => n + e.produced.length / 2, 0);
    // Appending one message to one session, then updating the whole index, as a long-lived process
    // (entries held in memory) does; a CLI run also reads every entry file.
    const latencies = [];
    const memory = new Map();
    updateIndex({ ...options, memory });
    const store = path.join(home, '.claude/projects/p', 'speed-0.jsonl');
    for (let i = 0; i < 30; i++) {
      fs.appendFileSync(store, `${writeLine('speed-0', next(), '2026-05-02T00:00:00.000Z')}\n`);
      const a = performance.now();
      updateIndex({ ...options, memory });
      latencies.push(performance.now() - a);
    }
    latencies.sort((a, b) => a - b);
    const cold = performance.now();
    updateIndex(options);
    const coldUpdateMs = performance.now() - cold;
    return {
      coldUpdateMs,
      transcriptMB: bytes / 1e6,
      stores: s,
      buildMBps: bytes / 1e6 / buildS,
      buildMBpsCpu: bytes / 1e6 / buildCpuS,
      appendMedianMs: latencies[Math.floor(latencies.length / 2)],
      appendP95Ms: latencies[Math.floor(latencies.length * 0.95)],
      indexShare: indexBytes / bytes,
      fingerprints,
    };
  } finally {
    fs.rmSync(home, { recursive: true, force: true });
  }
}

/** Lookup of a 200-line paste against an index of 1M fingerprints. */
export async function measureTranscriptLookup(total = 1_000_000) {
  const { TranscriptIndex } = out('lookup.js');
  const { findMatches } = out('match.js');
  const { fingerprints } = out('fingerprint.js');
  const all = corpus().flatMap((p) => p.fns);
  // Real fingerprints of many functions, spread over stores and sessions like a real index.
  const entries = [];
  let count = 0;
  let f = 0;
  while (count < total) {
    const produced = [];
    const records = [];
    const sessions = [];
    for (let s = 0; s < 20 && count < total; s++) {
      sessions.push(`s${entries.length}-${s}`);
      for (let r = 0; r < 50 && count < total; r++) {
        const code = all[f++ % all.length];
        const fp = fingerprints(`${code}\n// ${f}`);
        records.push([s, 0, Date.parse('2026-05-01T00:00:00.000Z'), r, null]);
        // Vary the hashes on later passes over the corpus so the index holds `total` distinct postings.
        const salt = Math.floor(f / all.length);
        for (const h of fp) produced.push((h ^ Math.imul(salt, 0x9e3779b1)) >>> 0, records.length - 1);
        count += fp.length;
      }
    }
    entries.push({
      meta: {
        store: `store-${entries.length}`,
        source: 'claude-code',
        tool: 'claude-code',
        sessions,
        models: ['claude-sonnet-4'],
        records,
      },
      produced: Uint32Array.from(produced),
      shown: new Uint32Array(0),
    });
  }
  const t0 = performance.now();
  const index = new TranscriptIndex(entries);
  const loadMs = performance.now() - t0;
  // A 200-line paste made of functions, half of them in the index.
  const times = [];
  const cpuTimes = [];
  for (let i = 0; i < 200; i++) {
    const parts = [];
    let lines = 0;
    for (let j = i * 7; lines < 200; j++) {
      const fn = all[(j * 13) % all.length];
      parts.push(fn);
      lines += lineCount(fn) + 1;
    }
    const paste = parts.join('\n\n').split('\n').slice(0, 200).join('\n');
    const a = performance.now();
    const c = process.cpuUsage();
    findMatches(paste, index);
    times.push(performance.now() - a);
    const used = process.cpuUsage(c);
    cpuTimes.push((used.user + used.system) / 1000);
  }
  times.sort((a, b) => a - b);
  cpuTimes.sort((a, b) => a - b);
  return {
    fingerprints: index.size,
    loadMs,
    p50: times[Math.floor(times.length / 2)],
    p95: times[Math.floor(times.length * 0.95)],
    // CPU time as well: on a loaded machine the wall clock's tail is mostly waiting for a core.
    cpuP95: cpuTimes[Math.floor(cpuTimes.length * 0.95)],
  };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const accuracy = await measureTranscriptAccuracy();
  console.log(JSON.stringify(accuracy, null, 2));
  console.log(JSON.stringify(await measureTranscriptSpeed(), null, 2));
  console.log(JSON.stringify(await measureTranscriptLookup(), null, 2));
}
