// Reading policy files. A policy path comes from the repository, so it may be
// anything: a FIFO that blocks the first read forever, a device, a huge file.
// Only regular files are read (regularFile.ts), bounded in size.
import * as fs from 'node:fs';
import { readRegularText } from './regularFile';

export interface PolicyReader {
  /** File text, or undefined when the file does not exist. Throws for files that cannot be used. */
  readText(path: string): string | undefined;
}

/** Larger policy files are refused: a real one is a few kilobytes. */
export const MAX_POLICY_BYTES = 1024 * 1024;

export const nodePolicyReader: PolicyReader = {
  readText: (path) => readTextIfPresent(path, MAX_POLICY_BYTES),
};

/** A regular file's text; undefined when there is none. Throws for anything else or a file over `maxBytes`. */
export function readTextIfPresent(path: string, maxBytes: number): string | undefined {
  try {
    // Most directories have no policy: a stat that says so costs far less than a failed open's exception.
    if (!fs.statSync(path, { throwIfNoEntry: false })) return undefined;
    return readRegularText(path, maxBytes);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return undefined;
    throw e;
  }
}
