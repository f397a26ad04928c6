import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { markerModel } from '../../../server/src/engine/provenance/markers';

describe('transcript model names in labels', () => {
  it('become "provider/model" when the provider can be told, else are left out', () => {
    assert.deepEqual(
      [
        'claude-sonnet-4-5-20250929',
        'gpt-5-codex',
        'gemini-2.5-pro',
        'copilot/claude-sonnet-4',
        'Claude Sonnet 4',
        'mystery-model',
        undefined,
      ].map(markerModel),
      [
        'anthropic/claude-sonnet-4-5-20250929',
        'openai/gpt-5-codex',
        'google/gemini-2.5-pro',
        'copilot/claude-sonnet-4',
        'anthropic/claude-sonnet-4',
        undefined,
        undefined,
      ],
    );
  });
});
