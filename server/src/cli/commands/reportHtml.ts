// The `ai-fence report` page: one HTML document with its CSS and its chart
// inline (no network), real headings, captioned tables, print styles, and
// states written out in words and symbols, so colour is never the only signal.
import { AGENTS } from '../../agents/registry';
import { toolDisplayName } from '../../engine';
import type { LineCount, ReportData, ZoneRow } from './report';

const esc = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** A state in words with a symbol; the class only adds colour. */
const STATES: Record<string, { symbol: string; label: string; tone: 'good' | 'bad' | 'warn' | 'none' }> = {
  installed: { symbol: '✔', label: 'Installed', tone: 'good' },
  'in sync': { symbol: '✔', label: 'In sync with the policy', tone: 'good' },
  'not needed': { symbol: '–', label: 'Not needed (no zone blocks this tool)', tone: 'none' },
  missing: { symbol: '✘', label: 'Missing', tone: 'bad' },
  'out of date': { symbol: '!', label: 'Out of date', tone: 'warn' },
  unreadable: { symbol: '✘', label: 'Cannot be read', tone: 'bad' },
};

const RULES: Record<string, string> = {
  block: '✘ Blocked: AI may not read or write here',
  warn: '⚠ Warned: AI may work here, with a warning',
  allow: '✔ Allowed',
};

function state(s: string): string {
  const st = STATES[s] ?? { symbol: '?', label: s, tone: 'none' };
  return `<span class="state ${st.tone}"><span aria-hidden="true">${st.symbol}</span> ${esc(st.label)}</span>`;
}

function table(id: string, caption: string, head: string[], rows: string[][], numeric: number[] = []): string {
  const cls = (i: number) => (numeric.includes(i) ? ' class="num"' : '');
  return `<table id="${id}">
<caption>${caption}</caption>
<thead><tr>${head.map((h, i) => `<th scope="col"${cls(i)}>${h}</th>`).join('')}</tr></thead>
<tbody>
${rows.length ? rows.map((r) => `<tr>${r.map((c, i) => `<td${cls(i)}>${c}</td>`).join('')}</tr>`).join('\n') : `<tr><td colspan="${head.length}">None.</td></tr>`}
</tbody>
</table>`;
}

function zoneRows(zones: readonly ZoneRow[], outside: ZoneRow): string[][] {
  return [...zones, outside].map((z) => [
    `<strong>${esc(z.name)}</strong>${z.message ? `<br><span class="note">${esc(z.message)}</span>` : ''}`,
    z.paths.length
      ? `${z.paths.map((p) => `<code>${esc(p)}</code>`).join(', ')}${z.except.length ? `<br>except ${z.except.map((p) => `<code>${esc(p)}</code>`).join(', ')}` : ''}<br><span class="note">${esc(z.policy)}</span>`
      : `<span class="note">every other file (${esc(z.policy)} defaults)</span>`,
    `<span class="rule ${esc(z.ai)}">${esc(RULES[z.ai] ?? z.ai)}</span>${z.tools ? `<br>for ${z.tools.map((t) => esc(toolDisplayName(t))).join(', ')}` : ''}`,
    z.provenance === 'required' ? 'Required' : 'Optional',
    String(z.labelledLines),
    String(z.unlabeled),
    String(z.blocked + z.warned),
  ]);
}

/** Lines of labelled AI code per zone and tool (or model). */
function countSection(id: string, what: string, counts: readonly LineCount[], name: (k: string) => string): string {
  const lower = what.toLowerCase();
  return `<section aria-labelledby="by-${id}">
<h2 id="by-${id}">Labelled AI code by ${lower}</h2>
${table(
  `${id}-table`,
  `Lines of labelled AI code per zone and ${lower}`,
  ['Zone', what, 'Lines'],
  counts.map((c) => [esc(c.zone), esc(name(c.key)), String(c.lines)]),
  [2],
)}
</section>`;
}

/** Bars per month; the numbers are also in the table after it. */
function commitChart(months: readonly { month: string; commits: number }[], total: number): string {
  const width = 640;
  const height = 200;
  const left = 36;
  const bottom = 36;
  const top = 12;
  const max = Math.max(1, ...months.map((m) => m.commits));
  const slot = (width - left - 8) / Math.max(1, months.length);
  const bar = Math.max(2, Math.min(40, slot * 0.7));
  const y = (n: number) => top + (height - top - bottom) * (1 - n / max);
  const labelEvery = Math.ceil(months.length / 12);
  const bars = months
    .map((m, i) => {
      const x = left + i * slot + (slot - bar) / 2;
      const label =
        i % labelEvery === 0
          ? `<text x="${(x + bar / 2).toFixed(1)}" y="${height - bottom + 16}" text-anchor="middle" class="axis">${m.month}</text>`
          : '';
      const value = m.commits
        ? `<text x="${(x + bar / 2).toFixed(1)}" y="${(y(m.commits) - 3).toFixed(1)}" text-anchor="middle" class="value">${m.commits}</text>`
        : '';
      return `<rect x="${x.toFixed(1)}" y="${y(m.commits).toFixed(1)}" width="${bar.toFixed(1)}" height="${(y(0) - y(m.commits)).toFixed(1)}" class="bar"><title>${m.month}: ${m.commits} commit${m.commits === 1 ? '' : 's'}</title></rect>${value}${label}`;
    })
    .join('\n');
  return `<figure>
<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${height}" width="100%" role="img" aria-labelledby="chart-title chart-desc">
<title id="chart-title">AI-attributed commits per month</title>
<desc id="chart-desc">${total} AI-attributed commit${total === 1 ? '' : 's'} from ${months[0].month} to ${months[months.length - 1].month}; the table below gives each month.</desc>
<line x1="${left}" y1="${y(0)}" x2="${width - 4}" y2="${y(0)}" class="axisline"/>
<text x="${left - 6}" y="${y(max) + 4}" text-anchor="end" class="axis">${max}</text>
<text x="${left - 6}" y="${y(0) + 4}" text-anchor="end" class="axis">0</text>
${bars}
</svg>
</figure>`;
}

const CSS = `
:root { color-scheme: light; --fg: #1b1f24; --muted: #57606a; --line: #d0d7de; --good: #116329; --bad: #a40e26; --warn: #7d4e00; --bar: #3b5bdb; }
* { box-sizing: border-box; }
body { font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--fg); margin: 0 auto; padding: 24px; max-width: 1100px; }
h1 { font-size: 1.7em; margin: 0 0 .2em; }
h2 { font-size: 1.25em; margin: 1.8em 0 .4em; border-bottom: 1px solid var(--line); padding-bottom: .2em; }
p.lead { color: var(--muted); margin-top: 0; }
table { border-collapse: collapse; width: 100%; margin: .5em 0 1em; }
caption { text-align: left; font-weight: 600; padding: .3em 0; }
th, td { border: 1px solid var(--line); padding: 6px 8px; text-align: left; vertical-align: top; }
th { background: #f6f8fa; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
code { font: 0.9em ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; background: #f6f8fa; padding: 0 3px; border-radius: 3px; }
.note { color: var(--muted); font-size: .9em; }
.state.good, .rule.allow { color: var(--good); }
.state.bad, .rule.block { color: var(--bad); font-weight: 600; }
.state.warn, .rule.warn { color: var(--warn); font-weight: 600; }
dl.summary { display: grid; grid-template-columns: repeat(auto-fit, minmax(170px, 1fr)); gap: 8px; margin: 1em 0; }
dl.summary div { border: 1px solid var(--line); border-radius: 6px; padding: 8px 12px; }
dl.summary dt { color: var(--muted); font-size: .85em; }
dl.summary dd { margin: 0; font-size: 1.5em; font-weight: 600; }
figure { margin: .5em 0; max-width: 720px; }
svg .bar { fill: var(--bar); }
svg .axis, svg .value { font: 11px system-ui, sans-serif; fill: var(--muted); }
svg .value { fill: var(--fg); }
svg .axisline { stroke: var(--muted); }
footer { margin-top: 2em; color: var(--muted); font-size: .85em; }
@media print {
  body { font-size: 10pt; padding: 0; max-width: none; }
  h2 { break-after: avoid; }
  table, figure, dl.summary div { break-inside: avoid; }
  th { background: none; }
  .state.good, .state.bad, .state.warn, .rule { color: #000; }
  svg .bar { fill: #555; }
}
`;

export function renderReport(d: ReportData): string {
  const all = [...d.zones, d.outside];
  const sum = (k: 'labelledLines' | 'unlabeled') => all.reduce((n, z) => n + z[k], 0);
  // An agent may have several hook files (Cline): it counts as installed when all of them are.
  const agents = [...new Set(d.hooks.map((h) => h.agent))];
  const installed = agents.filter((a) => d.hooks.every((h) => h.agent !== a || h.state === 'installed')).length;
  const drifting = d.ignoreFiles.filter(
    (f) => f.state === 'missing' || f.state === 'out of date' || f.state === 'unreadable',
  ).length;
  const commits =
    typeof d.commits === 'string'
      ? `<p>${esc(d.commits)}</p>`
      : d.commits.months.length
        ? `${commitChart(d.commits.months, d.commits.total)}
${table(
  'commits',
  'AI-attributed commits per month',
  ['Month', 'Commits'],
  d.commits.months.map((m) => [m.month, String(m.commits)]),
  [1],
)}`
        : '<p>No commit in the history carries an AI attribution.</p>';
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>AI Fence report: ${esc(d.repository)}</title>
<style>${CSS}</style>
</head>
<body>
<header>
<h1>AI Fence report: ${esc(d.repository)}</h1>
<p class="lead">Where AI coding assistants may work in this repository, and where AI-written code is. The repository's policy (<code>.aifence.json</code>) divides it into <em>zones</em>; each zone's rule says whether AI is blocked, warned about or allowed there. AI-written code is <em>labelled</em> when it sits between <code>ai-provenance</code> comments naming the tool; <em>unlabeled</em> AI code was recognised by a tool's signature or by the agents' ledger instead. Generated ${esc(d.generated.slice(0, 16).replace('T', ' '))} UTC by AI Fence ${esc(d.version)}.</p>
</header>
<main>
<section aria-labelledby="summary">
<h2 id="summary">Summary</h2>
<dl class="summary">
<div><dt>Zones</dt><dd>${d.zones.length}</dd></div>
<div><dt>Lines of labelled AI code</dt><dd>${sum('labelledLines')}</dd></div>
<div><dt>Unlabeled AI code (findings)</dt><dd>${sum('unlabeled')}</dd></div>
<div><dt>Agents with hooks installed</dt><dd>${installed} of ${agents.length}</dd></div>
<div><dt>Ignore files out of sync</dt><dd>${drifting}</dd></div>
</dl>
</section>
<section aria-labelledby="zones">
<h2 id="zones">Zones and their rules</h2>
<p>A file in several zones counts in each. "AI code breaking the rule" counts AI code in zones whose rule blocks or warns about its tool.</p>
${table(
  'zone-table',
  'Zones, their rules and the AI code in them',
  [
    'Zone',
    'Paths',
    'AI rule',
    'Provenance labels',
    'Labelled AI lines',
    'Unlabeled AI code (findings)',
    'AI code breaking the rule (findings)',
  ],
  zoneRows(d.zones, d.outside),
  [4, 5, 6],
)}
</section>
${countSection('tool', 'Tool', d.byTool, (t) => toolDisplayName(t))}
${countSection('model', 'Model', d.byModel, (m) => m)}
<section aria-labelledby="hooks">
<h2 id="hooks">Agent hooks</h2>
<p>The hooks let AI Fence deny an agent's reads and edits in blocked zones. "Installed" means the agent's configuration holds the hooks <code>ai-fence install-hooks</code> writes.</p>
${table(
  'hook-table',
  'AI Fence hooks per agent',
  ['Agent', 'Configuration file', 'State'],
  d.hooks.map((h) => [esc(agentName(h.agent)), `<code>${esc(h.file)}</code>`, state(h.state)]),
)}
</section>
<section aria-labelledby="ignore">
<h2 id="ignore">AI tools' ignore files</h2>
<p>Written by <code>ai-fence sync</code> from the blocked zones, so tools without hooks keep out too.</p>
${table(
  'ignore-table',
  "AI tools' ignore files and the policy",
  ['File', 'Read by', 'State'],
  d.ignoreFiles.map((f) => [`<code>${esc(f.file)}</code>`, esc(f.reader), state(f.state)]),
)}
</section>
<section aria-labelledby="commits-heading">
<h2 id="commits-heading">AI-attributed commits over time</h2>
<p>Commits whose message or author names an AI tool (for example a <code>Co-Authored-By: Claude</code> trailer), as <code>ai-fence audit</code> finds them.</p>
${commits}
</section>
</main>
<footer>Made with <code>ai-fence report</code>. Run <code>ai-fence check</code> for each finding with its file and line.</footer>
</body>
</html>
`;
}

/** An agent by its registry name ("Gemini CLI"), which is not always its tool id's name ("Gemini Code Assist"). */
function agentName(id: string): string {
  return Object.hasOwn(AGENTS, id) ? AGENTS[id as keyof typeof AGENTS].name : id;
}
