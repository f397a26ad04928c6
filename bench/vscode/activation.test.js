// Extension-host probe for `npm run bench`: reads how long activation took.
const assert = require('node:assert');
const fs = require('node:fs');
const path = require('node:path');
const vscode = require('vscode');

describe('activation', () => {
  it('reports activation time', async () => {
    const ext = vscode.extensions.getExtension('ai-fence.ai-fence');
    const api = await ext.activate();
    assert.ok(api && typeof api.activationMs === 'number');
    fs.mkdirSync(path.join(__dirname, '..', '..', 'test-results'), { recursive: true });
    fs.writeFileSync(
      path.join(__dirname, '..', '..', 'test-results', 'bench-activation.json'),
      JSON.stringify({ activationMs: api.activationMs }),
    );
  });
});
