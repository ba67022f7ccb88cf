// yarn bench:ingest [--seconds 15] [--soak-minutes 0]
//
// Spans per second for OTLP JSON and protobuf, end to end over loopback HTTP
// until committed, with the backend pinned to one core, beside JSON.parse
// alone on the same payload. With --soak-minutes, then holds half the
// measured JSON maximum and samples the backend's resident memory.
import { ChildProcess, execFileSync, fork } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { makePayload } from './payload';

const SPANS_PER_REQUEST = 1000;
const CONCURRENCY = 8;

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise(resolve => server.close(resolve));
  return port;
}

/** A real backend (backend-defaults) with the plugin, on a SQLite file. */
async function startServer(dir: string) {
  const port = await freePort();
  const config = join(dir, 'app-config.yaml');
  writeFileSync(
    config,
    JSON.stringify({
      backend: {
        baseUrl: `http://127.0.0.1:${port}`,
        listen: { host: '127.0.0.1', port },
        database: {
          client: 'better-sqlite3',
          connection: { directory: join(dir, 'sqlite') },
        },
      },
      serviceGraph: { ingest: { allowUnauthenticatedLoopback: true } },
    }),
  );
  const profile = process.env.BENCH_PROFILE_DIR;
  const child = fork(join(__dirname, 'server.ts'), ['--config', config], {
    execArgv: [
      '--import',
      'tsx',
      ...(profile ? ['--cpu-prof', `--cpu-prof-dir=${profile}`] : []),
    ],
    env: { ...process.env, NODE_ENV: 'production', LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  await new Promise<void>((resolve, reject) => {
    child.once('message', () => resolve());
    child.once('exit', code => reject(new Error(`backend exited ${code}`)));
  });
  // One core for the backend; the load generator runs on the other.
  try {
    execFileSync('taskset', ['-apc', '0', String(child.pid)]);
  } catch {
    console.warn('taskset unavailable: the backend is not pinned to one core');
  }
  return { child, port };
}

function rssMiB(child: ChildProcess): number {
  const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+)/.exec(status)![1]) / 1024;
}

const agent = new http.Agent({ keepAlive: true, maxSockets: CONCURRENCY });

let connectionResets = 0;

/** One export; a connection reset is retried once, as OTLP exporters do. */
async function post(port: number, body: Buffer, type: string): Promise<number> {
  try {
    return await postOnce(port, body, type);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ECONNRESET') throw error;
    connectionResets += 1;
    return postOnce(port, body, type);
  }
}

function postOnce(port: number, body: Buffer, type: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: '127.0.0.1',
        port,
        path: '/api/service-graph/v1/traces',
        method: 'POST',
        agent,
        headers: { 'Content-Type': type, 'Content-Length': body.length },
      },
      res => {
        res.resume();
        res.on('end', () => resolve(res.statusCode!));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

/** Sends as fast as acknowledgements come back; or paced at `rate` spans/s. */
async function drive(options: {
  port: number;
  body: Buffer;
  type: string;
  seconds: number;
  rate?: number;
  onTick?: () => void;
}): Promise<{ spansPerSecond: number; failures: number }> {
  const end = Date.now() + options.seconds * 1000;
  const started = Date.now();
  let acknowledged = 0;
  let failures = 0;
  const worker = async () => {
    while (Date.now() < end) {
      if (options.rate) {
        const due =
          started + ((acknowledged + SPANS_PER_REQUEST) / options.rate) * 1000;
        const wait = due - Date.now();
        if (wait > 0) await new Promise(r => setTimeout(r, wait));
      }
      const status = await post(options.port, options.body, options.type);
      if (status === 200) acknowledged += SPANS_PER_REQUEST;
      else failures += 1;
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  return {
    spansPerSecond: acknowledged / ((Date.now() - started) / 1000),
    failures,
  };
}

function jsonParseRate(body: Buffer, seconds: number): number {
  const text = body.toString('utf8');
  const end = Date.now() + seconds * 1000;
  const started = Date.now();
  let parsed = 0;
  while (Date.now() < end) {
    JSON.parse(text);
    parsed += SPANS_PER_REQUEST;
  }
  return parsed / ((Date.now() - started) / 1000);
}

async function main() {
  const seconds = arg('seconds', 15);
  const soakMinutes = arg('soak-minutes', 0);
  const payload = makePayload(SPANS_PER_REQUEST);
  const dir = mkdtempSync(join(tmpdir(), 'steward-bench-'));
  const { child, port } = await startServer(dir);

  try {
    // Warm up the JIT and the database's pages.
    await drive({
      port,
      body: payload.json,
      type: 'application/json',
      seconds: 3,
    });

    const parseOnly = jsonParseRate(payload.json, seconds);
    const json = await drive({
      port,
      body: payload.json,
      type: 'application/json',
      seconds,
    });
    const protobuf = await drive({
      port,
      body: payload.protobuf,
      type: 'application/x-protobuf',
      seconds,
    });

    const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
    console.log(
      `payload: ${SPANS_PER_REQUEST} spans, JSON ${payload.json.length} bytes, protobuf ${payload.protobuf.length} bytes`,
    );
    console.log(`JSON.parse alone (one core)       ${fmt(parseOnly)} spans/s`);
    console.log(
      `OTLP JSON ingest, committed       ${fmt(
        json.spansPerSecond,
      )} spans/s  (${(json.spansPerSecond / parseOnly).toFixed(
        2,
      )}x JSON.parse, ${json.failures} failed requests)`,
    );
    console.log(
      `OTLP protobuf ingest, committed   ${fmt(
        protobuf.spansPerSecond,
      )} spans/s  (${(protobuf.spansPerSecond / json.spansPerSecond).toFixed(
        2,
      )}x JSON, ${protobuf.failures} failed requests)`,
    );
    console.log(
      `backend resident memory           ${rssMiB(child).toFixed(0)} MiB`,
    );

    if (soakMinutes > 0) {
      const rate = json.spansPerSecond / 2;
      console.log(
        `soak: ${soakMinutes} min at ${fmt(
          rate,
        )} spans/s (half the JSON maximum)`,
      );
      const samples: number[] = [];
      const timer = setInterval(() => samples.push(rssMiB(child)), 10_000);
      const soak = await drive({
        port,
        body: payload.json,
        type: 'application/json',
        seconds: soakMinutes * 60,
        rate,
      });
      clearInterval(timer);
      // The first minute is warm-up: caches and the heap reach their size.
      const steady = samples.slice(6);
      const first = steady[0];
      const max = Math.max(...steady);
      const last = steady[steady.length - 1];
      console.log(
        `soak achieved ${fmt(soak.spansPerSecond)} spans/s, ${
          soak.failures
        } failed requests`,
      );
      console.log(
        `resident memory after warm-up: first ${first.toFixed(
          0,
        )} MiB, last ${last.toFixed(0)} MiB, max ${max.toFixed(0)} MiB (${(
          ((max - first) / first) *
          100
        ).toFixed(1)}% above first)`,
      );
    }
  } finally {
    child.kill();
    agent.destroy();
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
