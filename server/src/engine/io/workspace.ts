// One workspace or repository: its policies, ledgers and file reading, shared
// by the CLI, the language server's scan and the agent hooks.
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import { getOrCreate } from '../getOrCreate';
import { policyFingerprint } from '../policy/fingerprint';
import { ParsingPolicyLoader } from '../policy/parsingLoader';
import { PolicyRepository, type PolicyStack } from '../policy/stack';
import { relativeInside } from '../policy/zones';
import { analyze, type FileAnalysis, signaturesFor, type TranscriptRange } from '../provenance/analyze';
import { EMPTY_LEDGER, type Ledger, type LedgerRange, parseLedger } from '../provenance/ledger';
import { bytePrefilter } from '../provenance/prefilter';
import type { SignatureMatcher } from '../provenance/signatures';
import { DEFAULT_LEDGER, toEnginePath } from './paths';
import { nodePolicyReader, type PolicyReader } from './policyFiles';
import { openRegularFile, readOpenFile } from './regularFile';
import { type DecodedText, decodeText, looksBinary } from './textFile';

export const DEFAULT_MAX_FILE_BYTES = 10 * 1024 * 1024;

export type SkipReason = 'binary' | 'oversized' | 'unreadable' | 'vanished';

export type ReadResult =
  | { readonly kind: 'text'; readonly decoded: DecodedText; readonly size: number }
  | { readonly kind: 'skip'; readonly reason: SkipReason; readonly message: string };

export type BytesResult =
  | { readonly kind: 'bytes'; readonly bytes: Buffer }
  | { readonly kind: 'skip'; readonly reason: SkipReason; readonly message: string };

/** What checking one file on disk gave. `analysis` is absent when the prefilter proved the file clean. */
export type FileCheck =
  | { readonly kind: 'skip'; readonly reason: SkipReason; readonly message: string }
  | { readonly kind: 'checked'; readonly decoded?: DecodedText; readonly analysis?: FileAnalysis };

export interface WorkspaceOptions {
  readonly root: string;
  /** The managed policies, applied first (see managedPolicyPaths). */
  readonly managedPolicies?: readonly string[];
  /** Replaces `<root>/.aifence.json`. */
  readonly rootPolicy?: string;
  readonly reader?: PolicyReader;
  readonly maxFileBytes?: number;
  /** Regions of a file that match local AI transcripts; every file is decoded when set. */
  readonly transcripts?: (file: string, text: string) => readonly TranscriptRange[];
  /** Whether `transcripts` is switched off for now (the editor's per-folder setting). */
  readonly transcriptsOff?: () => boolean;
}

export class Workspace {
  readonly root: string;
  readonly policies: PolicyRepository;
  readonly maxFileBytes: number;
  private readonly reader: PolicyReader;
  private readonly transcripts: WorkspaceOptions['transcripts'];
  private readonly transcriptsOff: WorkspaceOptions['transcriptsOff'];
  private readonly ledgers = new Map<string, Ledger>();
  private readonly signatureCache = new WeakMap<readonly unknown[], SignatureMatcher>();
  private scratch = Buffer.allocUnsafe(64 * 1024);
  private readonly stackPrints = new WeakMap<readonly unknown[], string | null>();

  constructor(options: WorkspaceOptions) {
    this.root = toEnginePath(options.root);
    this.reader = options.reader ?? nodePolicyReader;
    this.policies = new PolicyRepository(
      this.root,
      new ParsingPolicyLoader(this.reader),
      options.managedPolicies,
      options.rootPolicy,
    );
    this.maxFileBytes = options.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES;
    this.transcripts = options.transcripts;
    this.transcriptsOff = options.transcriptsOff;
  }

  /** Whether files are matched against local AI transcripts now (the trusted editor, `check --transcripts`). */
  get readsTranscripts(): boolean {
    return this.transcripts !== undefined && !this.transcriptsOff?.();
  }

  stackFor(file: string): PolicyStack {
    return this.policies.stackForFile(file);
  }

  /** Ledger files that cover `file`, with the directory their paths are relative to. */
  ledgerSources(stack: PolicyStack): { dir: string; file: string }[] {
    const seen = new Map<string, { dir: string; file: string }>();
    for (const p of stack.policies) seen.set(p.ledger, { dir: p.dir, file: p.ledger });
    if (!stack.policies.some((p) => p.dir === this.root && p.source === 'repository')) {
      const file = `${this.root}/${DEFAULT_LEDGER}`;
      if (!seen.has(file)) seen.set(file, { dir: this.root, file });
    }
    return [...seen.values()];
  }

  /** Every ledger file of the policies loaded so far, plus the root default. */
  allLedgerFiles(): string[] {
    const files = new Set<string>();
    for (const state of this.policies.allStates()) if (state.policy) files.add(state.policy.ledger);
    if (!this.policies.allStates().some((s) => s.policy?.dir === this.root && s.source === 'repository'))
      files.add(`${this.root}/${DEFAULT_LEDGER}`);
    return [...files];
  }

  ledger(file: string): Ledger {
    let ledger = this.ledgers.get(file);
    if (!ledger) {
      let text: string | undefined;
      try {
        text = this.reader.readText(file);
      } catch {
        text = undefined;
      }
      ledger = text === undefined ? EMPTY_LEDGER : parseLedger(text);
      this.ledgers.set(file, ledger);
    }
    return ledger;
  }

  invalidateLedger(file?: string): void {
    if (file === undefined) this.ledgers.clear();
    else this.ledgers.delete(file);
  }

  ledgerRangesFor(file: string, stack: PolicyStack = this.stackFor(file)): LedgerRange[] {
    const ranges: LedgerRange[] = [];
    for (const source of this.ledgerSources(stack)) {
      const rel = relativeInside(source.dir, file);
      if (rel === undefined) continue;
      const found = this.ledger(source.file).byPath.get(rel);
      if (found) ranges.push(...found);
    }
    return ranges;
  }

  signaturesFor(stack: PolicyStack): SignatureMatcher {
    return getOrCreate(this.signatureCache, stack.policies, () => signaturesFor(stack.policies));
  }

  /** Regions of the text that match local AI transcripts; the text is asked for only when the workspace reads them. */
  transcriptRangesFor(file: string, text: () => string): readonly TranscriptRange[] | undefined {
    return this.readsTranscripts ? this.transcripts?.(file, text()) : undefined;
  }

  analyzeText(file: string, text: string, languageId?: string): FileAnalysis {
    const stack = this.stackFor(file);
    return analyze(
      { file, text, languageId },
      {
        policies: stack.policies,
        ledgerRanges: this.ledgerRangesFor(file, stack),
        signatures: this.signaturesFor(stack),
        transcriptRanges: this.transcriptRangesFor(file, () => text),
      },
    );
  }

  /**
   * Reads a file's bytes with one open/fstat/read, refusing non-regular,
   * oversized and binary files. With `transient`, the bytes are in a buffer
   * that the next transient read overwrites: for callers that are done with
   * them before reading again (the bulk check, which then allocates nothing).
   */
  readBytes(file: string, maxFileBytes = this.maxFileBytes, transient = false): BytesResult {
    let fd: number | undefined;
    try {
      const opened = openRegularFile(file);
      fd = opened.fd;
      const size = opened.size;
      if (size > maxFileBytes) return oversized(size, maxFileBytes);
      if (!transient || size > MAX_SCRATCH_BYTES) return screenBytes(readOpenFile(fd, size), maxFileBytes);
      if (this.scratch.length < size) this.scratch = Buffer.allocUnsafe(size);
      return screenBytes(this.scratch.subarray(0, readInto(fd, this.scratch.subarray(0, size))), maxFileBytes);
    } catch (e) {
      const err = e as NodeJS.ErrnoException;
      return err.code === 'ENOENT'
        ? { kind: 'skip', reason: 'vanished', message: 'deleted while scanning' }
        : { kind: 'skip', reason: 'unreadable', message: err.message };
    } finally {
      if (fd !== undefined) fs.closeSync(fd);
    }
  }

  readFile(file: string, maxFileBytes = this.maxFileBytes): ReadResult {
    const r = this.readBytes(file, maxFileBytes);
    return r.kind === 'skip' ? r : { kind: 'text', decoded: decodeText(r.bytes), size: r.bytes.length };
  }

  /** Checks a file on disk, decoding it only when the byte prefilter or a ledger says it may hold AI code. */
  checkFile(file: string, maxFileBytes = this.maxFileBytes): FileCheck {
    const r = this.readBytes(file, maxFileBytes, true);
    return r.kind === 'skip' ? r : this.checkBytes(file, r.bytes);
  }

  /** Checks a file's bytes (read from disk, from the git index, or handed over), decoding them only when they may hold AI code. */
  checkBytes(file: string, bytes: Buffer): FileCheck {
    const stack = this.stackFor(file);
    const ledgerRanges = this.ledgerRangesFor(file, stack);
    const signatures = this.signaturesFor(stack);
    if (!this.readsTranscripts && !ledgerRanges.length && !bytePrefilter(signatures)(bytes)) return { kind: 'checked' };
    const decoded = decodeText(bytes);
    const transcriptRanges = this.transcriptRangesFor(file, () => decoded.text);
    const analysis = analyze(
      { file, text: decoded.text },
      { policies: stack.policies, ledgerRanges, signatures, transcriptRanges },
    );
    return { kind: 'checked', decoded, analysis };
  }

  /**
   * Everything besides the file's bytes that its check depends on, for the
   * check cache: the policies that apply, its ledger ranges, the size limit
   * and whether transcripts are read. Undefined when a policy has no
   * fingerprint (never cached then).
   */
  cacheContext(file: string, maxFileBytes = this.maxFileBytes): string | undefined {
    const stack = this.stackFor(file);
    const policies = getOrCreate(this.stackPrints, stack.policies, () => {
      const prints = stack.policies.map(policyFingerprint);
      return prints.every((p) => p !== undefined) ? sha256(JSON.stringify(prints)) : null;
    });
    if (policies === null) return undefined;
    const ranges = this.ledgerRangesFor(file, stack);
    // Results with transcript evidence (the trusted editor's scan) are never mixed with results without it (`check`).
    const evidence = this.readsTranscripts ? ':transcripts' : '';
    return `${policies}:${maxFileBytes}${ranges.length ? `:${sha256(JSON.stringify(ranges))}` : ''}${evidence}`;
  }
}

/** The scratch buffer grows to hold the files read, up to this size. */
const MAX_SCRATCH_BYTES = 4 * 1024 * 1024;

/** Reads until the buffer is full or the file ends; gives the number of bytes read. */
function readInto(fd: number, buffer: Buffer): number {
  let read = 0;
  while (read < buffer.length) {
    const n = fs.readSync(fd, buffer, read, buffer.length - read, read);
    if (n === 0) break;
    read += n;
  }
  return read;
}

/** Refuses oversized and binary content, as a file read from disk would be. */
export function screenBytes(bytes: Buffer, maxFileBytes: number): BytesResult {
  if (bytes.length > maxFileBytes) return oversized(bytes.length, maxFileBytes);
  if (looksBinary(bytes)) return { kind: 'skip', reason: 'binary', message: 'binary file' };
  return { kind: 'bytes', bytes };
}

function oversized(size: number, maxFileBytes: number): BytesResult {
  return { kind: 'skip', reason: 'oversized', message: `${size} bytes is over the ${maxFileBytes}-byte limit` };
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}
