// The managed section of an ignore file is rewritten; the user's lines never are.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { mergeSection } from '../../../server/src/agents/ignoreFiles';

const SECTION = ['# >>> ai-fence managed section (do not edit)', 'secrets/', '# <<< ai-fence managed section'];

test('an orphaned begin marker (end deleted by hand) stays a user line, and later syncs keep the lines after it', () => {
  const damaged = ['mine-1', '# >>> ai-fence managed section (do not edit)', 'old/', 'mine-2', ''].join('\n');
  const once = mergeSection(damaged, SECTION);
  assert.equal(once, `${damaged}\n${SECTION.join('\n')}\n`, 'every existing line kept, the section appended');
  const twice = mergeSection(once, [SECTION[0], 'secrets/', 'more/', SECTION[2]]);
  assert.equal(
    twice,
    `${damaged}\n${[SECTION[0], 'secrets/', 'more/', SECTION[2]].join('\n')}\n`,
    'one managed section',
  );
});
