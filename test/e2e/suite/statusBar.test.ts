// The status-bar policy indicator follows the active editor.
import * as assert from 'node:assert/strict';
import { activate, closeAll, open, resetState, waitForStatus } from './util';

describe('status bar', () => {
  before(resetState);
  afterEach(closeAll);

  it('says AI is blocked (and switched off) in training/', async () => {
    const a = await activate();
    await open('training/train.py');
    await waitForStatus(a, 'training/train.py', '$(shield) AI blocked · training · AI off');
    assert.equal(a.policy.status?.zone?.message, 'Training code must not be written by AI tools.');
  });

  it('warns in eval/', async () => {
    const a = await activate();
    await open('eval/metrics.py');
    await waitForStatus(a, 'eval/metrics.py', '$(warning) AI warn · eval');
  });

  it('says AI is allowed in src/', async () => {
    const a = await activate();
    await open('src/app.ts');
    await waitForStatus(a, 'src/app.ts', '$(check) AI allowed');
  });
});
