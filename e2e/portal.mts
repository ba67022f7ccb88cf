// Starts the Steward portal for end-to-end tests and benchmarks: the backend
// (serving the built app) on a free loopback port, with a throwaway SQLite
// directory, the demo catalog and fast SLO evaluation.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const ROOT = new URL('..', import.meta.url).pathname;

export type Portal = { baseUrl: string; stop(): Promise<void>; log(): string };

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

async function run(command: string, args: string[], cwd: string) {
  await new Promise<void>((resolve, reject) => {
    const child = spawn(command, args, { cwd, stdio: 'inherit' });
    child.once('exit', code =>
      code === 0
        ? resolve()
        : reject(new Error(`${command} ${args.join(' ')}: exit ${code}`)),
    );
  });
}

/** Builds the app unless a build exists (STEWARD_E2E_REBUILD=1 forces one). */
export async function buildApp() {
  if (
    existsSync(join(ROOT, 'packages/app/dist/index.html')) &&
    !process.env.STEWARD_E2E_REBUILD
  ) {
    return;
  }
  await run('yarn', ['build'], join(ROOT, 'packages/app'));
}

export async function startPortal(
  options: { timeoutMs?: number } = {},
): Promise<Portal> {
  const port = await freePort();
  const baseUrl = `http://localhost:${port}`;
  const dir = await mkdtemp(join(tmpdir(), 'steward-e2e-'));
  const config = join(dir, 'app-config.e2e.yaml');
  await writeFile(
    config,
    [
      'app:',
      `  baseUrl: ${baseUrl}`,
      'backend:',
      `  baseUrl: ${baseUrl}`,
      '  listen:',
      `    port: ${port}`,
      '    host: 127.0.0.1',
      '  cors:',
      `    origin: ${baseUrl}`,
      '  database:',
      '    client: better-sqlite3',
      '    connection:',
      `      directory: ${join(dir, 'sqlite')}`,
      'slo:',
      '  evaluation:',
      '    frequencySeconds: 5',
      '',
    ].join('\n'),
  );
  let output = '';
  const child: ChildProcess = spawn(
    'yarn',
    ['start', '--config', '../../app-config.yaml', '--config', config],
    {
      cwd: join(ROOT, 'packages/backend'),
      env: { ...process.env, NODE_ENV: 'development' },
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  // Whatever ends this process, the backend must not outlive it.
  const killGroup = () => {
    if (child.exitCode === null && child.pid) {
      try {
        process.kill(-child.pid, 'SIGTERM');
      } catch {
        // already gone
      }
    }
  };
  process.once('exit', killGroup);
  child.stdout!.on('data', d => (output += d));
  child.stderr!.on('data', d => (output += d));
  const stop = async () => {
    if (child.exitCode === null && child.pid) {
      // The start script runs the backend in a child of its own: end the group.
      const exited = new Promise(r => child.once('exit', r));
      killGroup();
      await exited;
    }
    await rm(dir, { recursive: true, force: true });
  };
  try {
    await waitUntilReady({
      baseUrl,
      child,
      output: () => output,
      timeoutMs: options.timeoutMs ?? 240_000,
    });
  } catch (error) {
    await stop();
    throw error;
  }
  return { baseUrl, stop, log: () => output };
}

/** Waits for the backend's readiness check; throws with its output if it exits or times out. */
export async function waitUntilReady(options: {
  baseUrl: string;
  child: ChildProcess;
  output: () => string;
  timeoutMs: number;
}) {
  const { child, output } = options;
  const deadline = Date.now() + options.timeoutMs;
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null)
      throw new Error(`backend exited: ${output().slice(-3000)}`);
    if (Date.now() > deadline)
      throw new Error(`backend not ready: ${output().slice(-3000)}`);
    try {
      const r = await fetch(
        `${options.baseUrl}/.backstage/health/v1/readiness`,
      );
      if (r.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise(r => setTimeout(r, 1000));
  }
}

/** A guest user's token, as the app's sign-in page gets it. */
export async function guestToken(baseUrl: string): Promise<string> {
  const r = await fetch(`${baseUrl}/api/auth/guest/refresh`, {
    headers: { 'X-Requested-With': 'XMLHttpRequest' },
  });
  if (!r.ok) throw new Error(`guest sign-in: ${r.status} ${await r.text()}`);
  const body = (await r.json()) as { backstageIdentity: { token: string } };
  return body.backstageIdentity.token;
}
