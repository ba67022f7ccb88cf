/* eslint-disable no-console */
/**
 * The README's start command (scripts/start) as a child process on chosen
 * ports and a data directory of its own, and the public-API polling that the
 * acceptance check and the walkthrough's screenshots wait with. Written for
 * Node's type stripping as well as tsx, so that the end-to-end scripts in
 * e2e/ import it as it is.
 */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';

/** The repository: the nearest directory up from the working directory with scripts/start. */
export function repoRoot(): string {
  for (
    let dir = process.cwd();
    dir !== path.dirname(dir);
    dir = path.dirname(dir)
  ) {
    if (fs.existsSync(path.join(dir, 'scripts/start'))) return dir;
  }
  throw new Error('Run this inside the Steward repository');
}

export type Ports = { app: number; backend: number };

/**
 * Ports from `--app-port`/`--backend-port` values, else STEWARD_APP_PORT and
 * STEWARD_BACKEND_PORT, else the given defaults.
 */
export function portsFrom(options: {
  app?: string;
  backend?: string;
  defaults: Ports;
}): Ports {
  const read = (name: string, value: string | undefined, fallback: number) => {
    if (value === undefined || value === '') return fallback;
    const port = Number(value);
    if (!Number.isInteger(port) || port < 1 || port > 65535) {
      throw new Error(`${name} must be a port number, got ${value}`);
    }
    return port;
  };
  return {
    app: read(
      'the app port',
      options.app ?? process.env.STEWARD_APP_PORT,
      options.defaults.app,
    ),
    backend: read(
      'the backend port',
      options.backend ?? process.env.STEWARD_BACKEND_PORT,
      options.defaults.backend,
    ),
  };
}

async function portFree(port: number): Promise<boolean> {
  return new Promise(resolve => {
    const socket = net.connect({ port, host: '127.0.0.1' });
    socket.once('connect', () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('error', () => resolve(true));
  });
}

/** Exits with status 2 and a message naming the port when one is taken. */
export async function requireFreePorts(ports: Ports): Promise<void> {
  for (const port of [ports.backend, ports.app]) {
    if (!(await portFree(port))) {
      console.error(
        `Port ${port} is in use: stop what runs there or choose other ports (--app-port, --backend-port).`,
      );
      process.exit(2);
    }
  }
}

export type PortalProcess = {
  backendUrl: string;
  appUrl: string;
  stop(): Promise<void>;
};

/** Runs scripts/start on `ports` with its data in `dataDir`, its output appended to `logFile`. */
export function startPortal(options: {
  ports: Ports;
  dataDir: string;
  logFile: string;
}): PortalProcess {
  const root = repoRoot();
  const log = fs.openSync(options.logFile, 'a');
  const child: ChildProcess = spawn(path.join(root, 'scripts/start'), [], {
    cwd: root,
    env: {
      ...process.env,
      STEWARD_DATA_DIR: options.dataDir,
      STEWARD_APP_PORT: String(options.ports.app),
      STEWARD_BACKEND_PORT: String(options.ports.backend),
    },
    detached: true,
    stdio: ['ignore', log, log],
  });
  // Whatever ends this process, the portal must not outlive it.
  const killGroup = (signal: NodeJS.Signals) => {
    if (child.exitCode === null && child.pid) {
      try {
        process.kill(-child.pid, signal);
      } catch {
        // already gone
      }
    }
  };
  const onExit = () => killGroup('SIGTERM');
  process.once('exit', onExit);
  return {
    backendUrl: `http://localhost:${options.ports.backend}`,
    appUrl: `http://localhost:${options.ports.app}`,
    async stop() {
      process.off('exit', onExit);
      if (child.exitCode !== null || !child.pid) return;
      const exited = new Promise(resolve => child.once('exit', resolve));
      killGroup('SIGTERM');
      const timeout = new Promise(resolve =>
        setTimeout(resolve, 30_000, 'timeout'),
      );
      if ((await Promise.race([exited, timeout])) === 'timeout') {
        killGroup('SIGKILL');
      }
    },
  };
}

export type Api = (apiPath: string) => Promise<any>;

/** A GET on the backend with a guest token (taken again when the backend restarts). */
export function guestApi(backendUrl: string): Api {
  let token: string | undefined;
  return async apiPath => {
    if (!token) {
      const r = await fetch(`${backendUrl}/api/auth/guest/refresh`, {
        headers: { 'X-Requested-With': 'XMLHttpRequest' },
      });
      if (!r.ok) throw new Error(`guest sign-in: HTTP ${r.status}`);
      token = ((await r.json()) as any).backstageIdentity.token;
    }
    const r = await fetch(`${backendUrl}${apiPath}`, {
      headers: { Authorization: `Bearer ${token}` },
    });
    if (r.status === 401) token = undefined;
    if (!r.ok) throw new Error(`${apiPath}: HTTP ${r.status}`);
    return r.json();
  };
}

/** A criterion polled through the API: evidence when it holds, else undefined. */
export type Check = {
  name: string;
  holds: (api: Api) => Promise<string | undefined>;
};

function elapsed(sinceMs: number): string {
  return `${((Date.now() - sinceMs) / 1000).toFixed(1)} s`;
}

/** Polls every check until all hold or `deadlineMs`; answers when each first held. */
export async function waitFor(options: {
  checks: Check[];
  api: Api;
  startMs: number;
  deadlineMs: number;
}): Promise<Map<string, { afterMs: number; evidence: string }>> {
  const held = new Map<string, { afterMs: number; evidence: string }>();
  while (Date.now() < options.deadlineMs && held.size < options.checks.length) {
    for (const check of options.checks) {
      if (held.has(check.name)) continue;
      const evidence = await check.holds(options.api).catch(() => undefined);
      if (evidence !== undefined) {
        held.set(check.name, {
          afterMs: Date.now() - options.startMs,
          evidence,
        });
        console.log(
          `  ✓ ${check.name} after ${elapsed(options.startMs)}: ${evidence}`,
        );
      }
    }
    await new Promise(resolve => setTimeout(resolve, 2000));
  }
  for (const check of options.checks) {
    if (!held.has(check.name))
      console.log(`  ✗ ${check.name}: not within the deadline`);
  }
  return held;
}
