// Every command the extension contributes, by the name the code uses. The
// manifest test checks package.json contributes exactly these.

export const COMMANDS = {
  showPolicy: 'aiFence.showPolicy',
  explainFile: 'aiFence.explainFile',
  createPolicy: 'aiFence.createPolicy',
  labelSelection: 'aiFence.labelSelection',
  pasteAsAiOutput: 'aiFence.pasteAsAiOutput',
  acceptInlineSuggestion: 'aiFence.acceptInlineSuggestion',
  acceptInlineSuggestionWord: 'aiFence.acceptInlineSuggestionWord',
  acceptInlineSuggestionLine: 'aiFence.acceptInlineSuggestionLine',
  stripUnlabeled: 'aiFence.stripUnlabeled',
  showTranscriptMatches: 'aiFence.showTranscriptMatches',
  installHooks: 'aiFence.installHooks',
  restartServer: 'aiFence.restartServer',
  showLogs: 'aiFence.showLogs',
  statusActions: 'aiFence.statusActions',
} as const;

export type CommandName = keyof typeof COMMANDS;
