import { ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A loopback port nobody listens on now. */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise(resolve => server.close(resolve));
  return port;
}

/** A running daemon on a loopback port with a throwaway directory. */
export type Daemon = { baseUrl: string; dir: string; stop(): Promise<void> };

/**
 * Starts one of Debian's Prometheus binaries on a free loopback port in a
 * throwaway directory holding `files`, waits for `GET /-/ready`, and fails
 * with its output if it exits or is not ready in time. `stop` kills it
 * (SIGKILL after 5 s) and removes the directory.
 */
export async function startDaemon(options: {
  binary: string;
  files: Record<string, string>;
  args: (o: { port: number; dir: string }) => string[];
  /** A port from freePort, when others must know it before the start. */
  port?: number;
  timeoutMs?: number;
}): Promise<Daemon> {
  const dir = await mkdtemp(join(tmpdir(), 'steward-daemon-'));
  const port = options.port ?? (await freePort());
  const baseUrl = `http://127.0.0.1:${port}`;
  let child: ChildProcess | undefined;
  let output = '';
  const running = () =>
    child !== undefined && child.exitCode === null && child.signalCode === null;
  const stop = async () => {
    if (child && running()) {
      const exited = new Promise(resolve => child!.once('exit', resolve));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child?.kill('SIGKILL'), 5_000);
      await exited;
      clearTimeout(timer);
    }
    await rm(dir, { recursive: true, force: true });
  };
  try {
    for (const [name, content] of Object.entries(options.files)) {
      await writeFile(join(dir, name), content);
    }
    child = spawn(options.binary, options.args({ port, dir }), {
      cwd: dir,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const collect = (chunk: Buffer) => {
      output = `${output}${chunk}`.slice(-4_000);
    };
    child.stdout?.on('data', collect);
    child.stderr?.on('data', collect);
    child.once('error', error => {
      output += error.message;
    });
    const deadline = Date.now() + (options.timeoutMs ?? 30_000);
    for (;;) {
      if (child.pid === undefined || !running()) {
        throw new Error(`${options.binary} did not start:\n${output}`);
      }
      const ready = await fetch(`${baseUrl}/-/ready`, {
        signal: AbortSignal.timeout(1_000),
      }).then(
        r => r.ok,
        () => false,
      );
      if (ready) return { baseUrl, dir, stop };
      if (Date.now() > deadline) {
        throw new Error(`${options.binary} not ready in time:\n${output}`);
      }
      await new Promise(resolve => setTimeout(resolve, 200));
    }
  } catch (error) {
    await stop();
    throw error;
  }
}
