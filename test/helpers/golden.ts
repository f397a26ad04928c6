// Golden files under test/fixtures/golden. Run with UPDATE_GOLDEN=1 to rewrite them.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { FIXTURES, REPO_ROOT } from './tmp';

export const UPDATE = process.env.UPDATE_GOLDEN === '1';
export const GOLDEN_DIR = path.join(FIXTURES, 'golden');
export const PACKAGE_VERSION: string = JSON.parse(
  fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8'),
).version;

/** Compares `actual` with the golden file `name`, or writes it when UPDATE_GOLDEN=1. */
export function expectGolden(name: string, actual: string): void {
  const file = path.join(GOLDEN_DIR, name);
  if (UPDATE) {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, actual);
    return;
  }
  assert.ok(fs.existsSync(file), `golden file ${name} is missing; run the CLI tests with UPDATE_GOLDEN=1`);
  assert.equal(
    actual,
    fs.readFileSync(file, 'utf8'),
    `output differs from golden ${name} (UPDATE_GOLDEN=1 rewrites it)`,
  );
}

/** The one normalisation goldens allow: the tool's version in SARIF. */
export function normalizeVersion(sarif: string): string {
  return sarif.replace(/("(?:semanticVersion|version)": )"([^"]*)"/g, (m, key: string, v: string) =>
    v === PACKAGE_VERSION ? `${key}"<version>"` : m,
  );
}
