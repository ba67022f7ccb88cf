/**
 * The `steward` command.
 *
 * @packageDocumentation
 */

import { run } from './program';

/**
 * Where the user typed the command. `npx steward` (npm exec) runs a
 * workspace's bin in the workspace's directory and keeps the user's in
 * INIT_CWD; paths on the command line are relative to the latter.
 */
function invocationDirectory(): string {
  const { npm_command: command, INIT_CWD: initCwd } = process.env;
  return command === 'exec' && initCwd ? initCwd : process.cwd();
}

/** Runs `steward` with the process's arguments and exits with its code. */
export async function main(argv: string[]): Promise<void> {
  process.exitCode = await run(argv, {
    cwd: invocationDirectory(),
    env: process.env,
    stdin: process.stdin,
    stdout: process.stdout,
    stderr: process.stderr,
    nowMs: Date.now(),
  });
}
