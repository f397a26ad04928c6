// `ai-fence report` in real Chromium: the page's numbers against `ai-fence
// check --format json` on the same repository, its structure for screen
// readers, its print styles, and no network request at all. Keeps
// test-results/report.png; AIFENCE_UPDATE_MEDIA=1 also refreshes media/report.png (README).
import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { failWithScreenshot, launchBrowser, RESULTS_DIR } from '../e2e/harness/browser.mjs';

const { runCli } = await import('../../out/test/helpers/cli.js');
const { reportRepo } = await import('../../out/test/helpers/reportRepo.js');
const { REPO_ROOT } = await import('../../out/test/helpers/tmp.js');

/** Every body row of the table with this caption, as cell texts. */
async function rows(page, caption) {
  return page.evaluate((caption) => {
    const table = [...document.querySelectorAll('table')].find((t) => t.caption?.textContent === caption);
    if (!table) throw new Error(`no table captioned "${caption}"`);
    // biome-ignore lint/performance/useDomNodeTextContent: the rendered text, <br> as line breaks, is what a reader sees
    return [...table.tBodies[0].rows].map((r) => [...r.cells].map((c) => c.innerText.trim()));
  }, caption);
}

describe('ai-fence report in Chromium', { timeout: 120_000 }, () => {
  let repo;
  let browser;
  let page;
  const requests = [];
  before(async () => {
    repo = reportRepo();
    const r = runCli(repo, ['report', '--out', 'report.html']);
    assert.equal(r.code, 0, r.stderr);
    browser = await launchBrowser();
    page = await browser.newPage({ viewport: { width: 1100, height: 900 } });
    const url = pathToFileURL(join(repo, 'report.html')).href;
    await page.route('**/*', (route) => {
      if (route.request().url() !== url) requests.push(route.request().url());
      return route.request().url() === url ? route.continue() : route.abort();
    });
    await page.goto(url);
  });
  after(async () => {
    try {
      if (page) {
        await page.emulateMedia({ media: 'screen' });
        const file = join(RESULTS_DIR, 'report.png');
        mkdirSync(RESULTS_DIR, { recursive: true });
        await page.screenshot({ path: file, fullPage: true });
        if (process.env.AIFENCE_UPDATE_MEDIA === '1') copyFileSync(file, join(REPO_ROOT, 'media', 'report.png'));
      }
    } finally {
      await browser?.close();
    }
  });
  const guarded = (name, fn) =>
    test(name, async () => {
      try {
        await fn();
      } catch (e) {
        await failWithScreenshot(page, `report-${name}`, e);
      }
    });

  guarded('per zone: labelled lines as written, findings as check --format json counts them', async () => {
    const check = runCli(repo, ['check', '--format', 'json']);
    assert.equal(check.code, 1, check.stderr);
    const expected = new Map(
      ['secrets', 'core', 'experimental', 'Outside any zone'].map((z) => [z, { unlabeled: 0, rule: 0 }]),
    );
    for (const file of JSON.parse(check.stdout).files)
      for (const f of file.findings) {
        const zone = expected.get(f.zone ?? 'Outside any zone');
        if (f.code === 'AIF003') zone.unlabeled++;
        if (f.code === 'AIF001' || f.code === 'AIF002') zone.rule++;
      }
    const table = await rows(page, 'Zones, their rules and the AI code in them');
    assert.deepEqual(
      table.map((r) => [r[0].split('\n')[0], r[2].split('\n')[0], r[3], Number(r[4]), Number(r[5]), Number(r[6])]),
      [
        [
          'secrets',
          '✘ Blocked: AI may not read or write here',
          'Optional',
          1,
          expected.get('secrets').unlabeled,
          expected.get('secrets').rule,
        ],
        ['core', '✔ Allowed', 'Required', 5, expected.get('core').unlabeled, expected.get('core').rule],
        [
          'experimental',
          '⚠ Warned: AI may work here, with a warning',
          'Optional',
          4,
          expected.get('experimental').unlabeled,
          expected.get('experimental').rule,
        ],
        ['Outside any zone', '✔ Allowed', 'Optional', 2, expected.get('Outside any zone').unlabeled, 0],
      ],
    );
    // The fixture's own count, so the comparison above cannot pass on two empty sides.
    assert.deepEqual(
      [...expected.values()].map((z) => [z.unlabeled, z.rule]),
      [
        [0, 1],
        [1, 0],
        [0, 1],
        [1, 0],
      ],
    );
    assert.deepEqual(
      await page.$$eval('dl.summary div', (ds) =>
        ds.map((d) => [d.querySelector('dt').textContent, d.querySelector('dd').textContent]),
      ),
      [
        ['Zones', '3'],
        ['Lines of labelled AI code', '12'],
        ['Unlabeled AI code (findings)', '2'],
        ['Agents with hooks installed', '1 of 12'],
        ['Ignore files out of sync', '1'],
      ],
    );
  });

  guarded('labelled lines per zone and tool, and per zone and model', async () => {
    assert.deepEqual(await rows(page, 'Lines of labelled AI code per zone and tool'), [
      ['secrets', 'Cursor', '1'],
      ['core', 'Claude Code', '3'],
      ['core', 'OpenAI Codex', '2'],
      ['experimental', 'GitHub Copilot', '4'],
      ['Outside any zone', 'Claude Code', '2'],
    ]);
    assert.deepEqual(await rows(page, 'Lines of labelled AI code per zone and model'), [
      ['secrets', 'not recorded', '1'],
      ['core', 'anthropic/claude-opus-4-5', '3'],
      ['core', 'openai/gpt-5', '2'],
      ['experimental', 'not recorded', '4'],
      ['Outside any zone', 'anthropic/claude-opus-4-5', '2'],
    ]);
  });

  guarded('hooks and ignore files as install-hooks --check and sync --check see them', async () => {
    assert.deepEqual(await rows(page, 'AI Fence hooks per agent'), [
      ['Claude Code', '.claude/settings.json', '✔ Installed'],
      ['Codex', '.codex/hooks.json', '! Out of date'],
      ['Cursor', '.cursor/hooks.json', '✘ Missing'],
      ['GitHub Copilot', '.github/hooks/ai-fence.json', '✘ Missing'],
      ['Gemini CLI', '.gemini/settings.json', '✘ Missing'],
      ['Qwen Code', '.qwen/settings.json', '✘ Missing'],
      ['Amazon Q Developer CLI', '.amazonq/cli-agents/ai-fence.json', '✘ Missing'],
      ['Kiro CLI', '.kiro/agents/ai-fence.json', '✘ Missing'],
      ['Kiro CLI', '.kiro/hooks/ai-fence.json', '✘ Missing'],
      ['Factory Droid', '.factory/hooks.json', '✘ Missing'],
      ['Windsurf Cascade', '.windsurf/hooks.json', '✘ Missing'],
      ['Cline', '.clinerules/hooks/PreToolUse', '✘ Missing'],
      ['Cline', '.clinerules/hooks/PostToolUse', '✘ Missing'],
      ['OpenCode', '.opencode/plugins/ai-fence.js', '✘ Missing'],
    ]);
    const hooksCheck = runCli(repo, ['install-hooks', '--check']);
    assert.equal(hooksCheck.code, 1);
    assert.match(hooksCheck.stderr, /^\.codex\/hooks\.json: out of date$/m);
    const ignore = await rows(page, "AI tools' ignore files and the policy");
    assert.deepEqual(
      ignore.filter((r) => r[2] !== '✔ In sync with the policy').map((r) => [r[0], r[2]]),
      [['.cursorignore', '! Out of date']],
    );
    assert.equal(ignore.length, 11);
    const syncCheck = runCli(repo, ['sync', '--check']);
    assert.equal(syncCheck.code, 1);
    assert.match(syncCheck.stderr, /^\.cursorignore: out of date$/m);
  });

  guarded('AI-attributed commits per month: a table and an SVG chart with a bar per month', async () => {
    assert.deepEqual(await rows(page, 'AI-attributed commits per month'), [
      ['2026-01', '2'],
      ['2026-02', '0'],
      ['2026-03', '1'],
    ]);
    assert.deepEqual(await page.$$eval('svg rect.bar title', (ts) => ts.map((t) => t.textContent)), [
      '2026-01: 2 commits',
      '2026-02: 0 commits',
      '2026-03: 1 commit',
    ]);
    const heights = await page.$$eval('svg rect.bar', (rs) => rs.map((r) => r.getBoundingClientRect().height));
    assert.ok(heights[0] > heights[2] && heights[2] > 0 && heights[1] === 0, `bar heights ${heights}`);
    assert.equal(await page.getAttribute('svg', 'role'), 'img');
  });

  guarded(
    'accessible: one h1, section headings, every table captioned with column headers; states in words',
    async () => {
      assert.equal(await page.locator('h1').count(), 1);
      assert.deepEqual(await page.$$eval('h2', (hs) => hs.map((h) => h.textContent)), [
        'Summary',
        'Zones and their rules',
        'Labelled AI code by tool',
        'Labelled AI code by model',
        'Agent hooks',
        "AI tools' ignore files",
        'AI-attributed commits over time',
      ]);
      assert.deepEqual(
        await page.$$eval(
          'table',
          (ts) => ts.filter((t) => !t.caption || !t.tHead.querySelector('th[scope=col]')).length,
        ),
        0,
      );
      assert.equal(await page.getAttribute('html', 'lang'), 'en');
    },
  );

  guarded('printable: print styles apply and a PDF renders; no request left the page', async () => {
    await page.emulateMedia({ media: 'print' });
    const colour = await page.$eval('.state.bad', (e) => getComputedStyle(e).color);
    assert.equal(colour, 'rgb(0, 0, 0)');
    const pdf = await page.pdf({ format: 'A4' });
    assert.equal(pdf.subarray(0, 5).toString(), '%PDF-');
    await page.emulateMedia({ media: 'screen' });
    assert.notEqual(await page.$eval('.state.bad', (e) => getComputedStyle(e).color), 'rgb(0, 0, 0)');
    assert.deepEqual(requests, []);
    const html = readFileSync(join(repo, 'report.html'), 'utf8');
    assert.doesNotMatch(html, /<(script|link|img|iframe)\b|\bsrc=|url\(/i);
  });
});
