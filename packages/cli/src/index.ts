/**
 * The `steward` command.
 *
 * @packageDocumentation
 */

import { run } from './program';

/** Runs `steward` with the process's arguments and exits with its code. */
export async function main(argv: string[]): Promise<void> {
  process.exitCode = await run(argv, {
    cwd: process.cwd(),
    env: process.env,
    stdin: process.stdin,
    stdout: process.stdout,
    stderr: process.stderr,
    nowMs: Date.now(),
  });
}
