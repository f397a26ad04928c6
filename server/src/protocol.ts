// The contract between the extension and the language server: the only
// server module the client imports. Types, method names and constants only;
// nothing here pulls server code into the client bundle.

/** Settings the server pulls per resource with workspace/configuration (section "aiFence"). */
export interface ServerSettings {
  /** Run AI Fence on files of this folder. */
  readonly enable: boolean;
  /** Report findings for files that are not open. */
  readonly workspaceScan: boolean;
  /** Files larger than this many bytes are skipped. */
  readonly maxFileSize: number;
}

export const DEFAULT_SERVER_SETTINGS: ServerSettings = {
  enable: true,
  workspaceScan: true,
  maxFileSize: 10 * 1024 * 1024,
};

/** Passed once at start (machine-scoped or trust-dependent settings). */
export interface InitializationOptions {
  /** Absolute path of the managed policy; empty for the per-OS default. */
  readonly managedPolicyPath?: string;
}

export type AiRuleName = 'block' | 'warn' | 'allow';

export interface ZoneInfo {
  readonly name: string;
  readonly ai: AiRuleName;
  readonly provenance: 'required' | 'optional';
  readonly tools: readonly string[];
  readonly message?: string;
  /** URI of the policy file declaring the zone, and the 0-based line. */
  readonly policyUri: string;
  readonly line: number;
}

export interface ToolRule {
  readonly tool: string;
  readonly toolName: string;
  readonly ai: AiRuleName;
  readonly provenance: 'required' | 'optional';
  readonly zone?: string;
}

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
    readonly ai: AiRuleName;
    readonly provenance: 'required' | 'optional';
    /** The zone that decided `ai`, if a zone did. */
    readonly zone?: ZoneInfo;
    readonly zones: readonly ZoneInfo[];
    readonly rules: readonly ToolRule[];
    readonly policies: readonly {
      readonly uri: string;
      readonly source: 'repository' | 'managed';
      readonly valid: boolean;
    }[];
    readonly aiBlocks: number;
    readonly unlabeled: number;
    /** Labelled AI blocks (0-based lines, markers included) of an open document. */
    readonly blocks: readonly { readonly startLine: number; readonly endLine: number; readonly tool?: string }[];
    /** Unlabeled AI regions (0-based lines) of an open document. */
    readonly unlabeledRegions: readonly { readonly startLine: number; readonly endLine: number }[];
  }
}

/** server → client: whether every policy file is valid; sent whenever that changes. */
export namespace PolicyStateNotification {
  export const method = 'aiFence/policyState';
  export interface Params {
    readonly valid: boolean;
    readonly errors: readonly {
      readonly uri: string;
      readonly line: number;
      readonly character: number;
      readonly message: string;
    }[];
  }
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
    readonly source: 'paste' | 'completion' | 'agent' | 'chat' | 'manual';
    readonly by?: string;
    /** Indentation to put before the markers. */
    readonly indent: string;
  }
  /** `text` is undefined when the language has no comment syntax to hold markers. */
  export interface Result {
    readonly text?: string;
  }
}

/** client → server: edits that label lines of a document. */
export namespace LabelRangeRequest {
  export const method = 'aiFence/labelRange';
  export interface Params {
    readonly uri: string;
    readonly startLine: number;
    readonly endLine: number;
    readonly tool: string;
    readonly source: 'paste' | 'completion' | 'agent' | 'chat' | 'manual';
    readonly by?: string;
  }
}

/** client → server: edits that strip every unlabeled AI region of a document. */
export namespace StripUnlabeledRequest {
  export const method = 'aiFence/stripUnlabeled';
  export interface Params {
    readonly uri: string;
  }
}

/** Result of LabelRangeRequest and StripUnlabeledRequest: a versioned WorkspaceEdit (LSP shape), or null when there is nothing to do. */
export type EditResult = {
  readonly documentChanges: readonly {
    readonly textDocument: { readonly uri: string; readonly version: number | null };
    readonly edits: readonly {
      readonly range: { start: { line: number; character: number }; end: { line: number; character: number } };
      readonly newText: string;
    }[];
  }[];
} | null;

export const DIAGNOSTIC_SOURCE = 'AI Fence';
export const FIX_ALL_KIND = 'source.fixAll.aiFence';

/** The starter policy the "Create Policy" command writes (the same text as `ai-fence init`). */
export { STARTER_POLICY } from './engine/policy/starter';

/** Built-in tool ids and names, for the tool picker. */
export { BUILTIN_TOOLS } from './engine/policy/tools';
