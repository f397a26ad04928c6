// What a parsed policy was made from, as a hash: the check cache keys results
// by the fingerprints of the policies that applied. A policy with no
// fingerprint (not made by the parser from text) is never cached against.
import { createHash } from 'node:crypto';
import type { Policy } from './parse';

const prints = new WeakMap<Policy, string>();

export function recordFingerprint(policy: Policy, text: string, inheritedTools: ReadonlySet<string>): void {
  const made = JSON.stringify([policy.file, policy.dir, policy.source, [...inheritedTools].sort(), text]);
  prints.set(policy, createHash('sha256').update(made).digest('hex'));
}

export function policyFingerprint(policy: Policy): string | undefined {
  return prints.get(policy);
}
