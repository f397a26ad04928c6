// Older than the AI: code that git history already had before the transcript's
// time was not written in that session (the AI was shown it, or it is a copy).
import { execFileSync } from 'node:child_process';
import * as path from 'node:path';
import { kgramHashes, tokenize } from './fingerprint';
import type { MatchRegion } from './match';

/** A region predates its session when this share of its fingerprints is in the file's last commit before it. */
const PREDATES_SHARE = 0.5;

export class GitHistory {
  private readonly versions = new Map<string, Set<number> | undefined>();
  /** The last commit of a file before a time: new commits come later, so the answer holds while a process runs. */
  private readonly commits = new Map<string, string | undefined>();

  constructor(private readonly root: string) {}

  /** Whether the file's content at the last commit before the region's session time already held the region. */
  predates(file: string, region: MatchRegion): boolean {
    const at = region.record.at;
    if (!at) return false;
    const rel = path.relative(this.root, file).replace(/\\/g, '/');
    if (rel.startsWith('..')) return false;
    const asked = `${rel}\n${at}`;
    // "No commit" is an answer too (a new file), so the cache tells it from "not asked".
    if (!this.commits.has(asked))
      this.commits.set(asked, this.git(['log', '-1', '--format=%H', `--before=${at}`, '--', rel])?.trim());
    const commit = this.commits.get(asked);
    if (!commit) return false;
    const key = `${commit}:${rel}`;
    let known = this.versions.get(key);
    if (!this.versions.has(key)) {
      const text = this.git(['show', key]);
      known = text === undefined ? undefined : new Set(kgramHashes(tokenize(text)));
      this.versions.set(key, known);
    }
    if (!known) return false;
    const found = region.hashes.filter((h) => known.has(h)).length;
    return found >= region.hashes.length * PREDATES_SHARE;
  }

  private git(args: string[]): string | undefined {
    try {
      return execFileSync('git', args, {
        cwd: this.root,
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'ignore'],
        maxBuffer: 64 << 20,
      });
    } catch {
      return undefined;
    }
  }
}
