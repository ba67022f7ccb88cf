import { ChildProcess, execFile, spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

/** Debian's binaries, which CI installs; tests fail without them. */
export const PROMETHEUS = '/usr/bin/prometheus';
const PROMTOOL = '/usr/bin/promtool';

const HOUR_MS = 3_600_000;

/** One sample per counter every 15 s, a common scrape interval. */
export const SAMPLE_INTERVAL_MS = 15_000;

/**
 * The backfill covers six hours and a quarter: the extra quarter hour puts
 * a sample before the start of a 6h window, so a test of that window reads
 * a full range whatever Prometheus's range boundaries.
 */
const BACKFILL_MS = 6 * HOUR_MS + 15 * 60_000;

/**
 * Requests per sample interval. Errors triple in the last hour, so windows
 * of different lengths have different error ratios and a query over the
 * wrong window cannot pass by accident.
 */
function requestsInStep(options: { stepEndMs: number; endMs: number }): {
  ok: number;
  failed: number;
} {
  const lastHour = options.stepEndMs > options.endMs - HOUR_MS;
  return { ok: 49, failed: lastHour ? 3 : 1 };
}

/** The counters' first values: not zero, as after any real restart. */
const START = { ok: 100_000, failed: 1_000 };

/** The data a started Prometheus holds, and the true counts of any window. */
export type BackfilledRequests = {
  /** The time of the last sample, on the sample grid. */
  endMs: number;
  /** Requests served in (fromMs, toMs], both on the sample grid. */
  countsBetween(options: { fromMs: number; toMs: number }): {
    good: number;
    total: number;
  };
};

function backfilledRequests(endMs: number): BackfilledRequests {
  const startMs = endMs - BACKFILL_MS;
  return {
    endMs,
    countsBetween({ fromMs, toMs }) {
      let good = 0;
      let total = 0;
      for (
        let t = Math.max(fromMs, startMs) + SAMPLE_INTERVAL_MS;
        t <= Math.min(toMs, endMs);
        t += SAMPLE_INTERVAL_MS
      ) {
        const { ok, failed } = requestsInStep({ stepEndMs: t, endMs });
        good += ok;
        total += ok + failed;
      }
      return { good, total };
    },
  };
}

/**
 * `http_requests_total{code="200"|"500"}` in OpenMetrics text: the family
 * is named without `_total` and its samples with it, timestamps are in
 * seconds, each series' samples are in time order, and `# EOF` ends it.
 */
function openMetrics(endMs: number): string {
  const startMs = endMs - BACKFILL_MS;
  const ok: string[] = [];
  const failed: string[] = [];
  let counters = { ...START };
  for (let t = startMs; t <= endMs; t += SAMPLE_INTERVAL_MS) {
    if (t > startMs) {
      const step = requestsInStep({ stepEndMs: t, endMs });
      counters = {
        ok: counters.ok + step.ok,
        failed: counters.failed + step.failed,
      };
    }
    ok.push(`http_requests_total{code="200"} ${counters.ok} ${t / 1000}`);
    failed.push(
      `http_requests_total{code="500"} ${counters.failed} ${t / 1000}`,
    );
  }
  return [
    '# HELP http_requests Requests served, by status code.',
    '# TYPE http_requests counter',
    ...ok,
    ...failed,
    '# EOF',
    '',
  ].join('\n');
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address
          ? resolve(address.port)
          : reject(new Error('No port')),
      );
    });
  });
}

function exited(child: ChildProcess, timeoutMs: number): Promise<boolean> {
  const neverStarted = child.pid === undefined;
  if (neverStarted || child.exitCode !== null || child.signalCode !== null) {
    return Promise.resolve(true);
  }
  return new Promise(resolve => {
    const timer = setTimeout(() => resolve(false), timeoutMs);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve(true);
    });
  });
}

async function waitUntilReady(options: {
  baseUrl: string;
  child: ChildProcess;
  failed: () => boolean;
  output: () => string;
  timeoutMs: number;
}): Promise<void> {
  const deadline = Date.now() + options.timeoutMs;
  while (Date.now() < deadline) {
    const { exitCode, signalCode } = options.child;
    if (exitCode !== null || signalCode !== null || options.failed()) {
      throw new Error(
        `Prometheus exited (${exitCode ?? signalCode}):\n${options.output()}`,
      );
    }
    try {
      const response = await fetch(`${options.baseUrl}/-/ready`, {
        signal: AbortSignal.timeout(1_000),
      });
      if (response.ok) return;
    } catch {
      // Not listening yet.
    }
    await new Promise(resolve => setTimeout(resolve, 200));
  }
  throw new Error(
    `Prometheus was not ready within ${
      options.timeoutMs
    } ms:\n${options.output()}`,
  );
}

/** A running Prometheus and how to stop it. */
export type RunningPrometheus = { baseUrl: string; stop(): Promise<void> };

/**
 * Starts Debian's Prometheus on a loopback port with `configYaml` over
 * a throwaway directory (or `dir`, whose `data` subdirectory may already
 * hold blocks), and waits until it is ready. `stop` kills it and removes the
 * directory.
 */
export async function launchPrometheus(options: {
  configYaml: string;
  dir?: string;
  /** A free one unless given. */
  port?: number;
  timeoutMs?: number;
}): Promise<RunningPrometheus> {
  const timeoutMs = options.timeoutMs ?? 30_000;
  const dir =
    options.dir ?? (await mkdtemp(join(tmpdir(), 'steward-prometheus-')));
  let child: ChildProcess | undefined;
  const stop = async () => {
    if (child) {
      child.kill('SIGTERM');
      if (!(await exited(child, 10_000))) {
        child.kill('SIGKILL');
        await exited(child, 5_000);
      }
    }
    await rm(dir, { recursive: true, force: true });
  };
  try {
    await writeFile(join(dir, 'prometheus.yml'), options.configYaml);
    const port = options.port ?? (await freePort());
    const baseUrl = `http://127.0.0.1:${port}`;
    let output = '';
    let spawnFailed = false;
    child = spawn(
      PROMETHEUS,
      [
        `--config.file=${join(dir, 'prometheus.yml')}`,
        `--storage.tsdb.path=${join(dir, 'data')}`,
        '--storage.tsdb.retention.time=30d',
        `--web.listen-address=127.0.0.1:${port}`,
        '--log.level=warn',
      ],
      { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    const collect = (chunk: Buffer) => {
      output = `${output}${chunk}`.slice(-4_000);
    };
    child.stdout?.on('data', collect);
    child.stderr?.on('data', collect);
    // A missing binary is reported here, not as an exit; the wait for
    // readiness then fails with this message instead of timing out.
    child.once('error', error => {
      output = `${output}${error.message}`;
      spawnFailed = true;
    });
    await waitUntilReady({
      baseUrl,
      child,
      failed: () => spawnFailed,
      output: () => output,
      timeoutMs,
    });
    return { baseUrl, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

/**
 * Starts a real Prometheus on a loopback port over a throwaway data
 * directory backfilled with `http_requests_total` counters: six hours of
 * samples every 15 s, ending at `endMs` (3 hours before now, on the hour,
 * unless given). Data that old is safe to backfill: Prometheus's docs warn
 * against the last 3 hours, which its head block may still be writing.
 * `stop` kills it and removes the directory.
 */
export async function startPrometheus(options?: {
  endMs?: number;
  timeoutMs?: number;
}): Promise<{
  baseUrl: string;
  data: BackfilledRequests;
  stop(): Promise<void>;
}> {
  const timeoutMs = options?.timeoutMs ?? 30_000;
  const endMs =
    options?.endMs ?? Math.floor(Date.now() / HOUR_MS) * HOUR_MS - 3 * HOUR_MS;
  if (endMs % SAMPLE_INTERVAL_MS !== 0) {
    throw new Error(`endMs must be a multiple of ${SAMPLE_INTERVAL_MS} ms`);
  }
  const dir = await mkdtemp(join(tmpdir(), 'steward-prometheus-'));
  try {
    await writeFile(join(dir, 'requests.om'), openMetrics(endMs));
    await promisify(execFile)(
      PROMTOOL,
      [
        'tsdb',
        'create-blocks-from',
        'openmetrics',
        '--quiet',
        'requests.om',
        join(dir, 'data'),
      ],
      { cwd: dir, timeout: timeoutMs },
    );
  } catch (error) {
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
  // No scrape jobs: the backfilled blocks are the only data.
  const prometheus = await launchPrometheus({
    dir,
    configYaml: 'global:\n  scrape_interval: 15s\nscrape_configs: []\n',
    timeoutMs,
  });
  return { ...prometheus, data: backfilledRequests(endMs) };
}
