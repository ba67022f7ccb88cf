// Starts the Steward portal for end-to-end tests and benchmarks as it runs in
// production: the production build of the app, served by the backend with
// NODE_ENV=production (no watcher, no source maps, compact JSON), on a free
// loopback port, with a throwaway SQLite directory, the demo catalog and fast
// SLO evaluation. The backend's TypeScript is compiled once at start by the
// Backstage CLI's require hook, as `yarn start` does, since the workspace
// packages point their `main` at `src`.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const ROOT = new URL('..', import.meta.url).pathname;

export type Portal = {
  baseUrl: string;
  stop(): Promise<void>;
  log(): string;
  /** CPU time the backend process has used so far (user + system), in ms. */
  cpuMs(): number;
};

/** User + system CPU of a Linux process, from /proc/<pid>/stat, in ms. */
function processCpuMs(pid: number): number {
  // Fields after the command's closing parenthesis; utime and stime are the
  // 12th and 13th of them, in clock ticks (100 a second on Linux).
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

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

/** The newest modification time of any file below `dir`, in ms. */
function newestMtimeMs(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(
      newest,
      entry.isDirectory() ? newestMtimeMs(path) : statSync(path).mtimeMs,
    );
  }
  return newest;
}

/** What the app's bundle is built from: the app and every plugin's src. */
function appSources(): string[] {
  const plugins = readdirSync(join(ROOT, 'plugins'))
    .filter(name => !name.endsWith('-backend') && !name.includes('-backend-'))
    .map(name => join(ROOT, 'plugins', name, 'src'));
  return [join(ROOT, 'packages/app/src'), ...plugins].filter(existsSync);
}

/**
 * Builds the app unless a build newer than its sources exists
 * (STEWARD_E2E_REBUILD=1 forces one), so that a bench never measures a
 * stale bundle.
 */
export async function buildApp() {
  const index = join(ROOT, 'packages/app/dist/index.html');
  if (
    existsSync(index) &&
    !process.env.STEWARD_E2E_REBUILD &&
    Math.max(...appSources().map(newestMtimeMs)) < statSync(index).mtimeMs
  ) {
    return;
  }
  await run('yarn', ['build'], join(ROOT, 'packages/app'));
}

export async function startPortal(
  options: {
    timeoutMs?: number;
    /** Catalog files to read beside the demo organisation. */
    catalogFiles?: string[];
  } = {},
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
      'auth:',
      '  providers:',
      '    guest:',
      // The demo portal signs in as guest; NODE_ENV=production needs this.
      '      dangerouslyAllowOutsideDevelopment: true',
      'slo:',
      '  evaluation:',
      '    frequencySeconds: 5',
      ...(options.catalogFiles?.length
        ? [
            // Lists replace, not extend, app-config.yaml's: repeat the demo's.
            'catalog:',
            '  locations:',
            '    - type: file',
            `      target: ${join(ROOT, 'catalog-info/all.yaml')}`,
            ...options.catalogFiles.flatMap(f => [
              '    - type: file',
              `      target: ${f}`,
            ]),
          ]
        : []),
      '',
    ].join('\n'),
  );
  let output = '';
  const backendDir = join(ROOT, 'packages/backend');
  const nodeTransform = createRequire(
    join(ROOT, 'node_modules/@backstage/cli/package.json'),
  ).resolve('@backstage/cli-node/config/nodeTransform.cjs');
  const child: ChildProcess = spawn(
    process.execPath,
    [
      '--require',
      nodeTransform,
      'src/index.ts',
      '--config',
      '../../app-config.yaml',
      '--config',
      config,
    ],
    {
      cwd: backendDir,
      env: { ...process.env, NODE_ENV: 'production' },
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
      // The backend's own children (if any) go with its process group.
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
  return {
    baseUrl,
    stop,
    log: () => output,
    cpuMs: () => processCpuMs(child.pid!),
  };
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
