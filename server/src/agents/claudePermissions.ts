// Claude Code `permissions.deny` rules for the zones that block it.
//
// Claude Code reads Read(...)/Edit(...) specifiers as gitignore patterns with
// its own anchors: `//x` is absolute, `~/x` is under the home directory, `/x`
// is relative to the project (the directory holding .claude/settings.json)
// and a bare `x` is relative to the current directory. Policy globs are
// relative to their policy's directory, so every rule is written with the
// project anchor: `src/secret` in a root policy becomes `/src/secret`, a bare
// name `*.pem` becomes `/**/*.pem` (any depth, like ours), and a policy in
// `svc/` prefixes `/svc/`. A path can be a directory, so each rule comes with
// its `/**` form. `Edit` rules cover every editing tool (Write, MultiEdit,
// NotebookEdit). Deny rules cannot express exceptions: excepted files stay
// denied here (the hooks allow them). A policy whose default rule is block is
// enforced by the hooks only, since denying its whole directory here would
// override the allow zones inside it.
import type { PolicySpec } from '../engine/policy/spec';
import { blockedGroups, type Untranslatable } from '../engine/policy/zoneGlobs';

export const CLAUDE_TOOL = 'claude-code';

export function claudeDenyRules(
  root: string,
  specs: readonly PolicySpec[],
): { rules: string[]; problems: Untranslatable[] } {
  const { groups, problems } = blockedGroups(root, specs, CLAUDE_TOOL);
  const rules: string[] = [];
  const seen = new Set<string>();
  const add = (rule: string) => {
    if (seen.has(rule)) return;
    seen.add(rule);
    rules.push(rule);
  };
  for (const g of groups) {
    if (g.name === '(default)') continue;
    for (const p of g.paths) {
      const forms = p.pattern.endsWith('**') ? [p.pattern] : [p.pattern, `${p.pattern}/**`];
      for (const tool of ['Read', 'Edit']) for (const f of forms) add(`${tool}(${f})`);
    }
  }
  return { rules, problems };
}
