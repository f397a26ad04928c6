// A globally installed `ai-fence` (npm install -g ai-fence): agent hooks that
// call it keep working when the extension updates or moves, and in terminals
// and CI. Without it, hooks that call "ai-fence" block every tool call (they
// fail closed), so the extension's own CLI comes first and we say how to install.
import { execFile } from 'node:child_process';

export const INSTALL_CLI = 'npm install -g ai-fence';

/** The version `ai-fence --version` prints from PATH, or undefined when it is missing or fails. */
export function globalCliVersion(env: NodeJS.ProcessEnv = process.env): Promise<string | undefined> {
  return new Promise((resolve) => {
    // npm's global bin on Windows is ai-fence.cmd, which only a shell runs.
    execFile(
      'ai-fence',
      ['--version'],
      { env, timeout: 10_000, shell: process.platform === 'win32' },
      (error, stdout) => {
        const version = stdout.trim();
        resolve(!error && /^\d+\.\d+\.\d+\S*$/.test(version) ? version : undefined);
      },
    );
  });
}

export interface HookCommandChoice {
  readonly label: string;
  readonly description: string;
  /** The --command install-hooks writes into the agents' configuration. */
  readonly command: string;
}

/** How agent hooks may run AI Fence, the recommended way first. */
export function hookCommandChoices(globalVersion: string | undefined, bundledCli: string): HookCommandChoice[] {
  const bundled: HookCommandChoice = {
    label: "This extension's CLI",
    description: `hooks run node "${bundledCli}" (this machine only, until the extension updates)`,
    command: `node "${bundledCli}"`,
  };
  if (globalVersion)
    return [
      {
        label: `ai-fence ${globalVersion} (installed)`,
        description: 'recommended: hooks run "ai-fence" from PATH, on every machine that has it',
        command: 'ai-fence',
      },
      bundled,
    ];
  return [
    bundled,
    {
      label: 'ai-fence (not installed)',
      description: `install it first with "${INSTALL_CLI}": until then these hooks block every tool call`,
      command: 'ai-fence',
    },
  ];
}
