// Reading policy files. A policy path comes from the repository, so it may be
// anything: a FIFO that blocks the first read forever, a device, a huge file.
// Only regular files are read, opened without blocking and bounded in size.
import * as fs from 'node:fs';

export interface PolicyReader {
  /** File text, or undefined when the file does not exist. Throws for files that cannot be used. */
  readText(path: string): string | undefined;
}

/** Larger policy files are refused: a real one is a few kilobytes. */
export const MAX_POLICY_BYTES = 1024 * 1024;

export const nodePolicyReader: PolicyReader = {
  readText: (path) => readRegularFile(path, MAX_POLICY_BYTES),
};

/** Text of a regular file of at most `maxBytes`; undefined when it does not exist. Throws for anything else. */
export function readRegularFile(path: string, maxBytes: number): string | undefined {
  // Most directories have no policy: a stat that says so costs far less than a failed open's exception.
  try {
    if (!fs.statSync(path, { throwIfNoEntry: false })) return undefined;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOTDIR') return undefined;
    throw e;
  }
  let fd: number;
  try {
    // O_NONBLOCK: opening a FIFO for reading would otherwise wait for a writer.
    fd = fs.openSync(path, fs.constants.O_RDONLY | (fs.constants.O_NONBLOCK ?? 0));
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return undefined;
    throw e;
  }
  try {
    const st = fs.fstatSync(fd);
    if (!st.isFile()) throw new Error(`${path} is not a regular file`);
    if (st.size > maxBytes) throw new Error(`${path} is larger than ${maxBytes} bytes`);
    return fs.readFileSync(fd, 'utf8');
  } finally {
    fs.closeSync(fd);
  }
}
