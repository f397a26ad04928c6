// The managed section of an ignore file is rewritten; the user's lines never are.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { mergeSection } from '../../../server/src/agents/ignoreFiles';

const SECTION = ['# >>> ai-fence managed section (do not edit)', 'secrets/', '# <<< ai-fence managed section'];

test('an orphaned begin marker (end deleted by hand) stays a user line, and later syncs keep the lines after it', () => {
  const damaged = ['mine-1', '# >>> ai-fence managed section (do not edit)', 'old/', 'mine-2', ''].join('\n');
  const once = mergeSection(damaged, SECTION);
  assert.ok(once.startsWith(damaged.trimEnd()), 'every existing line kept');
  const twice = mergeSection(once, [SECTION[0], 'secrets/', 'more/', SECTION[2]]);
  for (const line of ['mine-1', 'mine-2', 'old/']) assert.ok(twice.split('\n').includes(line), `kept ${line}`);
  assert.ok(twice.includes('more/'));
  assert.equal(twice.split('\n').filter((l) => l === 'secrets/').length, 1, 'one managed section');
});
