// Reading policy files. A policy path comes from the repository, so it may be
// anything: a FIFO that blocks the first read forever, a device, a huge file.
// Only regular files are read (regularFile.ts), bounded in size.
import { readRegularText } from './regularFile';

export interface PolicyReader {
  /** File text, or undefined when the file does not exist. Throws for files that cannot be used. */
  readText(path: string): string | undefined;
}

/** Larger policy files are refused: a real one is a few kilobytes. */
export const MAX_POLICY_BYTES = 1024 * 1024;

export const nodePolicyReader: PolicyReader = {
  readText(path) {
    try {
      return readRegularText(path, MAX_POLICY_BYTES);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' || code === 'ENOTDIR') return undefined;
      throw e;
    }
  },
};
