// The contract between the extension and the language server: the only
// server module the client imports. One message type per custom message, so
// the compiler checks params and results on both sides. Engine types are
// imported type-only: nothing here pulls server code into the client bundle.
import { NotificationType, RequestType, RequestType0, type WorkspaceEdit } from 'vscode-languageserver-protocol';
import type { PolicyError, PolicySource } from './engine/policy/parse';
import type { AiRule, ProvenanceRule } from './engine/policy/schema';

/** Settings the server pulls per resource with workspace/configuration (section "aiFence"). */
export interface ServerSettings {
  /** Run AI Fence on files of this folder. */
  readonly enable: boolean;
  /** Report findings for files that are not open. */
  readonly workspaceScan: boolean;
  /** Files larger than this many bytes are skipped. */
  readonly maxFileSize: number;
  /** Read the AI tools' local transcripts (only ever in a trusted workspace). */
  readonly transcripts: { readonly enable: boolean };
}

/** Passed once at start (machine-scoped or trust-dependent settings). */
export interface InitializationOptions {
  /** Absolute path of the managed policy; empty for the per-OS default. */
  readonly managedPolicyPath?: string;
  /**
   * Whether the workspace is trusted. The server reads no AI transcripts
   * unless it is: a transcript holds other projects' code and prompts.
   */
  readonly trusted?: boolean;
}

export interface ZoneInfo {
  readonly name: string;
  readonly ai: AiRule;
  readonly provenance: ProvenanceRule;
  readonly tools: readonly string[];
  readonly message?: string;
  /** URI of the policy file declaring the zone, and the 0-based line. */
  readonly policyUri: string;
  readonly line: number;
}

export interface ToolRule {
  readonly tool: string;
  readonly toolName: string;
  readonly ai: AiRule;
  readonly provenance: ProvenanceRule;
  readonly zone?: string;
}

/** How labelled text came into the file (the marker's `source=` field). */
export type LabelSource = 'paste' | 'completion' | 'agent' | 'chat' | 'manual';

/** client → server: the policy picture for one document. */
export namespace FileStatusRequest {
  export const method = 'aiFence/fileStatus';
  export interface Params {
    readonly uri: string;
  }
  export interface Result {
    readonly uri: string;
    /** False for documents AI Fence does not look at (other schemes, disabled folders). */
    readonly checked: boolean;
    /** The rule for an unknown AI tool: the strictest of all. */
    readonly ai: AiRule;
    readonly provenance: ProvenanceRule;
    /** The zone that decided `ai`, if a zone did. */
    readonly zone?: ZoneInfo;
    readonly zones: readonly ZoneInfo[];
    readonly rules: readonly ToolRule[];
    readonly policies: readonly { readonly uri: string; readonly source: PolicySource; readonly valid: boolean }[];
    readonly aiBlocks: number;
    readonly unlabeled: number;
    /** Labelled AI blocks (0-based lines, markers included) of an open document. */
    readonly blocks: readonly { readonly startLine: number; readonly endLine: number; readonly tool?: string }[];
    /** Unlabeled AI regions (0-based lines) of an open document. */
    readonly unlabeledRegions: readonly { readonly startLine: number; readonly endLine: number }[];
  }
  export const type = new RequestType<Params, Result, void>(method);
}

/** server → client: whether every policy file is valid; sent whenever that changes. */
export namespace PolicyStateNotification {
  export const method = 'aiFence/policyState';
  export interface Params {
    readonly valid: boolean;
    readonly errors: readonly (Pick<PolicyError, 'line' | 'character' | 'message'> & { readonly uri: string })[];
  }
  export const type = new NotificationType<Params>(method);
}

/** client → server: a text wrapped in provenance markers in the document's comment syntax. */
export namespace LabelTextRequest {
  export const method = 'aiFence/labelText';
  export interface Params {
    readonly uri: string;
    readonly languageId: string;
    readonly text: string;
    readonly tool: string;
    readonly model?: string;
    /** ISO time the text was produced; now when omitted. */
    readonly at?: string;
    readonly source: LabelSource;
    readonly by?: string;
    /** Indentation to put before the markers. */
    readonly indent: string;
  }
  /** `text` is undefined when the language has no comment syntax to hold markers. */
  export interface Result {
    readonly text?: string;
  }
  export const type = new RequestType<Params, Result, void>(method);
}

/** client → server: edits that label lines of a document; null when there is nothing to label. */
export namespace LabelRangeRequest {
  export const method = 'aiFence/labelRange';
  export interface Params {
    readonly uri: string;
    readonly startLine: number;
    readonly endLine: number;
    readonly tool: string;
    readonly source: LabelSource;
    readonly by?: string;
  }
  export const type = new RequestType<Params, WorkspaceEdit | null, void>(method);
}

/** client → server: edits that strip every unlabeled AI region of a document; null when there is none. */
export namespace StripUnlabeledRequest {
  export const method = 'aiFence/stripUnlabeled';
  export interface Params {
    readonly uri: string;
  }
  export const type = new RequestType<Params, WorkspaceEdit | null, void>(method);
}

/**
 * client → server: engine data the client shows but must not bundle. The
 * server owns it (the CLI's `init` writes the same starter policy), so asking
 * keeps one copy and keeps engine code out of the client; it is static, so the
 * client asks once.
 */
export namespace ServerDataRequest {
  export const method = 'aiFence/serverData';
  export interface Result {
    /** Built-in tool ids and display names, for the tool picker. */
    readonly builtinTools: Readonly<Record<string, string>>;
    /** The policy "Create Policy" writes. */
    readonly starterPolicy: string;
  }
  export const type = new RequestType0<Result, void>(method);
}

/**
 * client → server: where a text comes from, by the AI tools' transcripts (a
 * paste matched against what the tools produced). Null when nothing matches,
 * or when the server reads no transcripts (untrusted, or switched off).
 */
export namespace TranscriptOriginRequest {
  export const method = 'aiFence/transcriptOrigin';
  export interface Params {
    /** The document the text goes into: its rule for the tool is part of the answer. */
    readonly uri: string;
    readonly text: string;
  }
  export interface Result {
    readonly tool: string;
    readonly model?: string;
    /** ISO time the tool produced the text. */
    readonly at?: string;
    readonly session: string;
    /** The rule for that tool in the document, and the zone that decided it. */
    readonly ai: AiRule;
    readonly zone?: ZoneInfo;
  }
  export const type = new RequestType<Params, Result | null, void>(method);
}

/**
 * client → server: an inline suggestion was accepted into lines of an open
 * document (the change already synced); record them as an Agent Trace range
 * in the workspace's ledger. Null when the document or lines are unknown.
 */
export namespace RecordCompletionRequest {
  export const method = 'aiFence/recordCompletion';
  export interface Params {
    readonly uri: string;
    /** 0-based, inclusive lines of the inserted text. */
    readonly startLine: number;
    readonly endLine: number;
    /** The assistant that offered the suggestion, as far as the client can tell. */
    readonly tool: string;
  }
  export interface Result {
    /** The ledger file written. */
    readonly ledger: string;
  }
  export const type = new RequestType<Params, Result | null, void>(method);
}

/**
 * client → server: every region of an open document the transcript index
 * matches (labelled or not), by line. Null when the server reads no
 * transcripts for it (untrusted, or switched off) or the document is not open.
 */
export namespace TranscriptMatchesRequest {
  export const method = 'aiFence/transcriptMatches';
  export interface Params {
    readonly uri: string;
  }
  export interface Match {
    /** 0-based, inclusive lines of the document's current text. */
    readonly startLine: number;
    readonly endLine: number;
    readonly tool: string;
    readonly model?: string;
    /** ISO time the tool produced the text. */
    readonly at?: string;
    readonly session: string;
    /** The transcript file, and the 1-based line (or the key) of the message in it. */
    readonly store: string;
    readonly storeLine?: number;
    readonly storeKey?: string;
  }
  export const type = new RequestType<Params, readonly Match[] | null, void>(method);
}

/** client → server: what the transcript index holds, for the status tooltip. */
export namespace TranscriptStatusRequest {
  export const method = 'aiFence/transcriptStatus';
  export interface Result {
    /** False when the server reads no transcripts (untrusted workspace). */
    readonly enabled: boolean;
    readonly stores: number;
    readonly sessions: number;
    readonly updatedAt?: string;
    /** What went wrong in the last update: stores that could not be read, an index worker that failed. */
    readonly problems?: readonly string[];
  }
  export const type = new RequestType0<Result, void>(method);
}

export const DIAGNOSTIC_SOURCE = 'AI Fence';
export const FIX_ALL_KIND = 'source.fixAll.aiFence';
