// Finding codes and the shape every front end (LSP, CLI, hooks) consumes.

export type Severity = 'error' | 'warning' | 'information';

export const FINDING_CODES = {
  AIF001: {
    name: 'ai-code-in-blocked-zone',
    severity: 'error',
    summary: 'AI code in a zone whose policy blocks that tool.',
  },
  AIF002: {
    name: 'ai-code-in-warned-zone',
    severity: 'warning',
    summary: 'AI code in a zone whose policy warns about that tool.',
  },
  AIF003: {
    name: 'unlabeled-ai-code',
    severity: 'warning',
    summary:
      'AI code (found by signature or ledger) outside provenance markers; an error where provenance is required.',
  },
  AIF004: {
    name: 'malformed-provenance',
    severity: 'error',
    summary:
      'A provenance marker is broken: unclosed or unopened block, missing or duplicate id, missing or unknown tool, bad date, overlap.',
  },
  AIF005: {
    name: 'invalid-policy',
    severity: 'error',
    summary: 'A policy file cannot be used; reported at the offending position.',
  },
  AIF006: {
    name: 'provenance-edited',
    severity: 'information',
    summary: 'A labelled block was edited after labelling: its hash no longer matches.',
  },
} as const satisfies Record<string, { name: string; severity: Severity; summary: string }>;

export type FindingCode = keyof typeof FINDING_CODES;

export const DOCS_URL = 'https://github.com/ai-fence/ai-fence#';

/** Documentation link of a code: the README anchor of its heading. */
export function codeHref(code: FindingCode): string {
  return `${DOCS_URL}${code.toLowerCase()}-${FINDING_CODES[code].name}`;
}

/** Where AI code was recognised. */
export type Evidence =
  | { readonly kind: 'label'; readonly blockId: string }
  | { readonly kind: 'signature'; readonly phrase: string }
  | {
      readonly kind: 'ledger';
      readonly ledgerLine: number;
      readonly conversation: string | undefined;
      readonly model: string | undefined;
      /** The revision the ledger's line numbers refer to, when recorded. */
      readonly revision: string | undefined;
    };

export interface Finding {
  readonly code: FindingCode;
  readonly severity: Severity;
  readonly message: string;
  /** 0-based, end exclusive. */
  readonly line: number;
  readonly character: number;
  readonly endLine: number;
  readonly endCharacter: number;
  /** Lines (0-based, inclusive) of the AI code this finding is about; a strip removes exactly these. */
  readonly region?: { readonly startLine: number; readonly endLine: number };
  readonly evidence?: Evidence;
  /** Tool id behind the code, when known. */
  readonly tool?: string;
  readonly zone?: string;
  /** Whole-line replacement that repairs a marker unambiguously. */
  readonly repair?: { readonly line: number; readonly text: string };
}
