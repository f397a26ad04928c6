// Phase 1 of the crash-recovery check: switch AI off in a blocked zone, then have the extension host killed
// (SIGKILL: no deactivate(), so only the journal in globalState can bring the user's value back).
// Phase 2 is crash.afterRestart.test.ts, in a new extension host of the same window and user data.
// The runner runs *.beforeRestart.test.js files last and kills the host right after this test passes.
import * as assert from 'node:assert/strict';
import { activate, canCrash, open, requestCrash, resetState, setUserValue, userValue, waitForStatus } from './util';

const KEY = 'editor.inlineSuggest.enabled';

describe('crash recovery (phase 1)', () => {
  before(resetState);

  it('switches AI off in training/, then the extension host is killed', async function () {
    if (!canCrash()) this.skip(); // desktop VS Code through runTests cannot restart the host mid-suite
    const a = await activate();
    await setUserValue(KEY, undefined);
    await open('training/train.py');
    await waitForStatus(a, 'training/train.py', '$(shield) AI blocked · training · AI off');
    assert.equal(userValue(KEY), false);
    assert.equal(a.aiSwitch.isOff, true, 'the switch-off is journalled');
    requestCrash({ key: KEY, before: null });
  });
});
