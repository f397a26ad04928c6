// Reading repository files without blocking: opening a FIFO or a device named
// like a policy, ignore or source file would wait for a writer that never comes,
// and a device can be read forever. Only regular files are read, opened
// non-blocking and checked with fstat on the same descriptor (no race).
import * as fs from 'node:fs';

const OPEN_FLAGS = fs.constants.O_RDONLY | (fs.constants.O_NONBLOCK ?? 0);

/** What a path is when it is neither a regular file nor a directory, for messages. */
export function specialFileKind(
  stat: Pick<fs.Stats, 'isFIFO' | 'isSocket' | 'isCharacterDevice' | 'isBlockDevice' | 'isDirectory'>,
): string {
  if (stat.isFIFO()) return 'a FIFO';
  if (stat.isSocket()) return 'a socket';
  if (stat.isCharacterDevice() || stat.isBlockDevice()) return 'a device';
  return stat.isDirectory() ? 'a directory' : 'not a regular file';
}

export class NotRegularFileError extends Error {
  readonly code = 'ENOTREG';
}

export class FileTooLargeError extends Error {
  readonly code = 'EFBIG';
}

/** Opens a regular file for reading and returns its descriptor and size; the caller closes it. */
export function openRegularFile(file: string): { fd: number; size: number } {
  const fd = fs.openSync(file, OPEN_FLAGS);
  const stat = fs.fstatSync(fd);
  if (!stat.isFile()) {
    fs.closeSync(fd);
    throw new NotRegularFileError(`not a regular file (${specialFileKind(stat)})`);
  }
  return { fd, size: stat.size };
}

/** Reads up to `size` bytes from an open descriptor (fewer when the file shrank). */
export function readOpenFile(fd: number, size: number): Buffer {
  const bytes = Buffer.allocUnsafe(size);
  let read = 0;
  while (read < size) {
    const n = fs.readSync(fd, bytes, read, size - read, read);
    if (n === 0) break;
    read += n;
  }
  return read === size ? bytes : bytes.subarray(0, read);
}

/** A whole regular file as UTF-8 text; throws for anything else or a file over `maxBytes`. */
export function readRegularText(file: string, maxBytes: number): string {
  const { fd, size } = openRegularFile(file);
  try {
    if (size > maxBytes) throw new FileTooLargeError(`${size} bytes is over the ${maxBytes}-byte limit`);
    return readOpenFile(fd, size).toString('utf8');
  } finally {
    fs.closeSync(fd);
  }
}

/** Whether `p` is a directory, following links; false when it cannot be stat'ed. */
export function isDirectory(p: string): boolean {
  try {
    return fs.statSync(p).isDirectory();
  } catch {
    return false;
  }
}

/** Whether `p` itself (not a link's target) is a regular file; false when it cannot be stat'ed. */
export function isRegularFile(p: string): boolean {
  try {
    return fs.lstatSync(p).isFile();
  } catch {
    return false;
  }
}
