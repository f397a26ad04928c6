// A hook program of the user's that AI Fence keeps running beside its own (git's
// pre-commit hook, Cline's hook files). Only a regular, executable text file can
// be kept so: a link would be written through, a binary does not survive being
// read and written back as text, and running a file that is not executable would
// switch on what its owner switched off.
import * as fs from 'node:fs';
import { readRegularText, specialFileKind } from '../engine/io/regularFile';

/** Hook programs are scripts; a bigger file is not one we should copy. */
const MAX_BYTES = 1024 * 1024;

/**
 * The text of the user's hook program at `file`, undefined when there is none. Throws an Error whose
 * message says why it cannot be kept (after the file name, e.g. "is not executable, so git does not run it").
 */
export function readUserHookProgram(file: string, runner: string): string | undefined {
  let stat: fs.Stats;
  try {
    stat = fs.lstatSync(file);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new Error(`cannot be read (${(e as Error).message})`);
  }
  if (!stat.isFile())
    throw new Error(`is not a regular file (${stat.isSymbolicLink() ? 'a symbolic link' : specialFileKind(stat)})`);
  if (process.platform !== 'win32' && (stat.mode & 0o111) === 0)
    throw new Error(`is not executable, so ${runner} does not run it`);
  let text: string;
  try {
    text = readRegularText(file, MAX_BYTES);
  } catch (e) {
    throw new Error(`cannot be kept as a script (${(e as Error).message})`);
  }
  if (text.includes('\0')) throw new Error('is a binary, not a script');
  return text;
}
