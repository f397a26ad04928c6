// The commented policy `ai-fence init` and "AI Fence: Create Policy" write.

export const STARTER_POLICY = `// AI Fence policy. Documentation: https://github.com/ai-fence/ai-fence#policy-file
// Globs are relative to this file's directory; a name without "/" matches at any depth.
{
  "$schema": "https://raw.githubusercontent.com/ai-fence/ai-fence/main/schemas/aifence.schema.json",
  "version": 1,
  "zones": [
    {
      // No AI assistant may read or write model training code.
      "name": "training",
      "paths": ["training/"],
      "ai": "block",
      "message": "Training code must not be sent to or written by external AI tools."
    },
    {
      // AI is allowed with a warning; its output must carry provenance markers.
      "name": "eval",
      "paths": ["eval/"],
      "except": ["eval/fixtures/**"],
      "ai": "warn",
      "provenance": "required"
    }
  ],
  // Files in no zone.
  "defaults": { "ai": "allow", "provenance": "optional" },
  // Extra literal phrases that mark AI output in comments (not regular expressions).
  "signatures": [],
}
`;
