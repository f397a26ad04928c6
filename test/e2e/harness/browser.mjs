// Headless Debian chromium driven by playwright-core. Never `npx playwright install`: it downloads.
import { mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
export const RESULTS_DIR = join(ROOT, 'test-results');
// Measured flags; chromium.launch() rejects --user-data-dir (it makes a fresh profile itself).
const FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export function launchBrowser({ executablePath = '/usr/bin/chromium', headless = true } = {}) {
  return chromium.launch({ executablePath, headless, args: FLAGS });
}

/**
 * A new page with `exposed` functions installed before any page script runs, then navigated to url.
 * The page may use the clipboard (VS Code's paste reads it through navigator.clipboard).
 * AIFENCE_E2E_VERBOSE=1 echoes the page console to stderr.
 */
export async function openPage(browser, url, { exposed = {}, viewport = { width: 1400, height: 900 } } = {}) {
  const page = await browser.newPage({ viewport, permissions: ['clipboard-read', 'clipboard-write'] });
  for (const [name, fn] of Object.entries(exposed)) await page.exposeFunction(name, fn);
  if (process.env.AIFENCE_E2E_VERBOSE) page.on('console', (m) => console.error(`[page ${m.type()}] ${m.text()}`));
  await page.goto(url);
  return page;
}

/** Waits for a visible selector; the deadline is explicit so a failure names what was missing. */
export async function waitFor(page, selector, { timeout = 30_000, state = 'visible' } = {}) {
  const locator = page.locator(selector).first();
  await locator.waitFor({ state, timeout });
  return locator;
}

/** Saves test-results/<name>.png and returns its path (never throws: it runs on the failure path). */
export async function screenshot(page, name) {
  const file = join(RESULTS_DIR, `${name.replace(/[^\w.-]+/g, '_')}.png`);
  try {
    mkdirSync(RESULTS_DIR, { recursive: true });
    await page.screenshot({ path: file, timeout: 10_000 });
    return file;
  } catch (e) {
    console.error(`screenshot ${file} failed: ${e.message}`);
    return null;
  }
}

/** Screenshots the page and names the file in the error (message and stack, which test runners print). */
export async function failWithScreenshot(page, name, e) {
  const file = await screenshot(page, name);
  if (file && e instanceof Error) {
    e.message += `\nscreenshot: ${file}`;
    e.stack = `${e.stack}\nscreenshot: ${file}`;
  }
  throw e;
}

/** Runs fn(page) on url; on failure saves a screenshot named `name`, then rethrows. Always closes the browser. */
export async function withPage(url, name, fn, options = {}) {
  const browser = await launchBrowser(options);
  try {
    const page = await openPage(browser, url, options);
    try {
      return await fn(page);
    } catch (e) {
      await failWithScreenshot(page, name, e);
    }
  } finally {
    await browser.close();
  }
}
