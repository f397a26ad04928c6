// The hook runs on every tool call, so its bundle must stay free of the schema
// validator: policies come from the cache, and dist/policyParser.js is loaded
// only on a cache miss.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { REPO_ROOT } from '../helpers/tmp';

test('dist/hook.js does not contain zod', () => {
  const hook = fs.readFileSync(path.join(REPO_ROOT, 'dist', 'hook.js'), 'utf8');
  const parser = fs.readFileSync(path.join(REPO_ROOT, 'dist', 'policyParser.js'), 'utf8');
  assert.match(parser, /ZodError/, 'the marker is found where zod is bundled');
  assert.doesNotMatch(hook, /ZodError/);
});
