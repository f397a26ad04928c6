#!/usr/bin/env node
// Regenerates the README screenshots in media/ from the packaged .vsix and examples/ml-repo:
//   npm run package && node scripts/readme-screenshots.mjs
// media/status-bar.png: the status-bar indicator and its tooltip in a blocked zone.
// media/quick-fix.png:  squiggles and the Ctrl+. quick fixes on unlabeled AI code.
import { cpSync, mkdtempSync, readFileSync, realpathSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { waitFor } from '../test/e2e/harness/browser.mjs';
import { goToLine, openWorkbench, statusBarItem, waitForText } from '../test/e2e/harness/workbench.mjs';
import { provisionOrExit } from './provision.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const { version } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
const STATUS = statusBarItem('ai-fence.ai-fence.aiFence.status');

await provisionOrExit();
const tmp = realpathSync(mkdtempSync(join(tmpdir(), 'aifence-shots-')));
const ws = join(tmp, 'ml-repo');
cpSync(join(ROOT, 'examples', 'ml-repo'), ws, { recursive: true });
const wb = await openWorkbench({
  vsix: join(ROOT, `ai-fence-${version}.vsix`),
  folder: ws,
  openFile: join(ws, 'training', 'train.py'),
  name: 'readme-screenshots',
  settings: { 'workbench.sideBar.location': 'left', 'breadcrumbs.enabled': false },
});
try {
  const { page } = wb;
  await page.setViewportSize({ width: 1000, height: 620 });
  await waitForText(page, STATUS, 'AI blocked · training · AI off');
  await waitFor(page, '.monaco-editor .squiggly-error');
  await page.keyboard.press('Control+B'); // hide the side bar: the shots are about the editor

  await page.hover(STATUS);
  const hover = await waitFor(page, '.workbench-hover, .monaco-hover');
  await waitForText(page, '.workbench-hover, .monaco-hover', 'export-controlled');
  const box = await hover.boundingBox();
  const top = Math.max(0, Math.floor(box.y) - 12);
  await page.screenshot({
    path: join(ROOT, 'media', 'status-bar.png'),
    clip: { x: 0, y: top, width: Math.min(1000, Math.ceil(box.x + box.width) + 24), height: 620 - top },
  });
  await page.mouse.move(600, 200);
  await waitFor(page, '.workbench-hover, .monaco-hover', { state: 'hidden' });

  await goToLine(page, 12);
  await waitFor(page, '.part.editor .monaco-editor.focused .lightBulbWidget');
  await page.keyboard.press('Control+.');
  await waitFor(page, '.action-widget .monaco-list-row.action');
  await page.screenshot({ path: join(ROOT, 'media', 'quick-fix.png'), clip: { x: 0, y: 0, width: 1000, height: 560 } });
  for (const f of ['status-bar.png', 'quick-fix.png'])
    console.log(`media/${f}: ${(statSync(join(ROOT, 'media', f)).size / 1024).toFixed(0)} KB`);
} catch (e) {
  await wb.fail(e, 'readme-screenshots');
} finally {
  await wb.close();
  rmSync(tmp, { recursive: true, force: true });
}
