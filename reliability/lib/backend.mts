// A real Steward backend (packages/backend: catalog, auth, permissions and
// the Steward plugins) as a process of its own, configured for one test:
// PostgreSQL with a database prefix of the test's own, optionally Redis as
// Backstage's cache, and whatever else the caller layers on. Kill it with
// SIGKILL to simulate a crash, and read its resident memory and CPU time
// from /proc, which needs nothing from the process itself.
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { waitUntilReady } from '../../e2e/portal.mts';
import { tokenConfig } from './api.mts';

const ROOT = new URL('../../', import.meta.url).pathname;
export const POSTGRES_URL =
  process.env.RELIABILITY_POSTGRES_URL ??
  'postgresql://postgres@127.0.0.1:5432';
export const REDIS_URL =
  process.env.RELIABILITY_REDIS_URL ?? 'redis://127.0.0.1:6379';

export type BackendOptions = {
  /** Shown in the log lines and used for the temp directory. */
  name: string;
  port: number;
  /** Each plugin's database is `<prefix><pluginId>`. */
  databasePrefix: string;
  /** Redis key namespace for Backstage's cache; without it, the memory cache. */
  redisNamespace?: string;
  /** Merged over the generated configuration (app-config.yaml comes first). */
  config?: Record<string, unknown>;
  /** Echo the backend's output with a prefix (default: keep it for errors only). */
  echo?: boolean;
  timeoutMs?: number;
};

export type LogMessage = { atMs: number; message: string; backend: string };

export type Backend = {
  name: string;
  port: number;
  baseUrl: string;
  pid: number;
  /** Every line the process wrote so far. */
  log(): string;
  /** Log messages (JSON log lines' `message`) with the time they arrived. */
  messages(): LogMessage[];
  /** Resident memory (bytes) and CPU time (user + system seconds) of the process. */
  usage(): { rssBytes: number; cpuSeconds: number };
  /** SIGKILL: no shutdown hooks, no flush; resolves when the process is gone. */
  crash(): Promise<void>;
  /** SIGTERM, and waits for the graceful shutdown. */
  stop(): Promise<void>;
  exited(): boolean;
};

/** Objects merge key by key; anything else in `over` replaces. */
export function deepMerge(
  base: Record<string, any>,
  over: Record<string, any>,
): Record<string, any> {
  const out: Record<string, any> = { ...base };
  for (const [key, value] of Object.entries(over)) {
    const isObject = (v: unknown) =>
      typeof v === 'object' && v !== null && !Array.isArray(v);
    out[key] =
      isObject(value) && isObject(out[key])
        ? deepMerge(out[key], value)
        : value;
  }
  return out;
}

function backendConfig(options: BackendOptions) {
  const baseUrl = `http://127.0.0.1:${options.port}`;
  const generated = {
    app: { baseUrl },
    backend: {
      baseUrl,
      listen: { host: '127.0.0.1', port: options.port },
      // As app-config.production.yaml: clients close idle connections first.
      server: { keepAliveTimeout: { seconds: 120 } },
      cors: { origin: baseUrl },
      database: {
        client: 'pg',
        connection: POSTGRES_URL,
        prefix: options.databasePrefix,
      },
      ...(options.redisNamespace
        ? {
            cache: {
              store: 'redis',
              connection: REDIS_URL,
              redis: { client: { namespace: options.redisNamespace } },
            },
          }
        : {}),
    },
  };
  return deepMerge(deepMerge(generated, tokenConfig), options.config ?? {});
}

export async function startBackend(options: BackendOptions): Promise<Backend> {
  const dir = await mkdtemp(
    join(tmpdir(), `steward-reliability-${options.name}-`),
  );
  const config = join(dir, 'app-config.reliability.json');
  await writeFile(config, JSON.stringify(backendConfig(options), null, 2));
  let output = '';
  const messages: LogMessage[] = [];
  let partial = '';
  // tsx transpiles the workspace's TypeScript as `backstage-cli package start`
  // would, without its watcher and child process, so that the pid here is
  // the backend's own and SIGKILL reaches it.
  const child: ChildProcess = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      'src/index.ts',
      '--config',
      '../../app-config.yaml',
      '--config',
      config,
    ],
    {
      cwd: join(ROOT, 'packages/backend'),
      env: {
        ...process.env,
        NODE_ENV: 'production',
        LOG_LEVEL: process.env.LOG_LEVEL ?? 'info',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  const onData = (d: Buffer) => {
    const text = d.toString();
    output += text;
    const lines = (partial + text).split('\n');
    partial = lines.pop()!;
    for (const line of lines) {
      if (!line.startsWith('{')) continue;
      try {
        const { message } = JSON.parse(line) as { message?: string };
        if (message)
          messages.push({ atMs: Date.now(), message, backend: options.name });
      } catch {
        // not a log line
      }
    }
    if (options.echo)
      process.stdout.write(text.replace(/^(?=.)/gm, `[${options.name}] `));
  };
  child.stdout!.on('data', onData);
  child.stderr!.on('data', onData);
  const gone = new Promise<void>(resolve =>
    child.once('exit', () => resolve()),
  );
  const exitHook = () => child.exitCode === null && child.kill('SIGKILL');
  process.once('exit', exitHook);
  const kill = async (signal: NodeJS.Signals) => {
    if (child.exitCode === null && child.signalCode === null)
      child.kill(signal);
    await gone;
    process.off('exit', exitHook);
  };
  const backend: Backend = {
    name: options.name,
    port: options.port,
    baseUrl: `http://127.0.0.1:${options.port}`,
    pid: child.pid!,
    log: () => output,
    messages: () => messages,
    usage: () => processUsage(child.pid!),
    crash: () => kill('SIGKILL'),
    stop: async () => {
      const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
      await kill('SIGTERM');
      clearTimeout(timer);
      await rm(dir, { recursive: true, force: true });
    },
    exited: () => child.exitCode !== null || child.signalCode !== null,
  };
  try {
    await waitUntilReady({
      baseUrl: backend.baseUrl,
      child,
      output: () => output,
      timeoutMs: options.timeoutMs ?? 240_000,
    });
  } catch (error) {
    await backend.stop();
    throw error;
  }
  return backend;
}

const CLOCK_TICKS = 100;
const PAGE_BYTES = 4096;

/** From /proc/<pid>/stat: utime and stime (fields 14, 15) and rss pages (24). */
export function processUsage(pid: number): {
  rssBytes: number;
  cpuSeconds: number;
} {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // The command name may hold spaces; fields are counted after its ')'.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const utime = Number(fields[11]);
  const stime = Number(fields[12]);
  const rssPages = Number(fields[21]);
  return {
    rssBytes: rssPages * PAGE_BYTES,
    cpuSeconds: (utime + stime) / CLOCK_TICKS,
  };
}
