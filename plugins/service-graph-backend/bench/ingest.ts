// yarn bench:ingest [--seconds 15] [--soak-minutes 0] [--pin all|main|none]
//                   [--backend-flags "<node flags>"] [--json-only]
//                   [--backend built|source]
//
// Spans per second for OTLP JSON and protobuf, end to end over loopback HTTP
// until committed, with the backend pinned to one core, beside JSON.parse
// alone on the same payload. Each rate is also given per CPU-second of the
// process doing the work, which other load on a shared machine does not
// distort. With --soak-minutes, then holds half the measured JSON maximum
// and samples the backend's resident memory. The backend runs bundled, as
// built for production (--backend built), or from source through tsx.
import { ChildProcess, execFileSync, fork } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bundleServer } from './bundleServer';
import { fullyAcknowledged, postOnce } from './http';
import { makePayload, PayloadTemplate, withSequence } from './payload';

const SPANS_PER_REQUEST = 1000;
const CONCURRENCY = 8;

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] ?? '' : fallback;
}

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise(resolve => server.close(resolve));
  return port;
}

/**
 * Pins a process to one core: `all` its threads (V8's GC helpers and libuv's
 * pool included, the honest "one core"), or only its `main` thread.
 */
function pin(pid: number, core: number, mode: string): void {
  if (mode === 'none') return;
  try {
    execFileSync('taskset', [
      ...(mode === 'all' ? ['-apc'] : ['-pc']),
      String(core),
      String(pid),
    ]);
  } catch {
    console.warn(`taskset unavailable: process ${pid} is not pinned`);
  }
}

/** A real backend (backend-defaults) with the plugin, on a SQLite file. */
async function startServer(
  dir: string,
  options: { flags: string[]; backend: string },
) {
  const { flags, backend } = options;
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
  const built = backend === 'built';
  const server = built ? await bundleServer(dir) : join(__dirname, 'server.ts');
  const child = fork(server, ['--config', config], {
    execArgv: [
      ...flags,
      ...(built ? [] : ['--import', 'tsx']),
      ...(profile ? ['--cpu-prof', `--cpu-prof-dir=${profile}`] : []),
    ],
    env: { ...process.env, NODE_ENV: 'production', LOG_LEVEL: 'warn' },
    stdio: [
      'ignore',
      process.env.BENCH_BACKEND_STDOUT ? 'inherit' : 'ignore',
      'inherit',
      'ipc',
    ],
  });
  await new Promise<void>((resolve, reject) => {
    const onMessage = (message: { ready?: boolean }) => {
      if (message.ready) {
        child.off('message', onMessage);
        resolve();
      }
    };
    child.on('message', onMessage);
    child.once('exit', code => reject(new Error(`backend exited ${code}`)));
  });
  return { child, port };
}

type GcPauses = { scavenge: number; markCompact: number; other: number };

type Usage = {
  cpuSeconds: number;
  mainThreadCpuSeconds: number;
  rssBytes: number;
  /** Main-thread garbage collection pauses, in seconds, by kind. */
  gcPauseSeconds: GcPauses;
};

/** The backend's CPU time and resident memory, asked over IPC. */
function usage(child: ChildProcess): Promise<Usage> {
  return new Promise(resolve => {
    const onMessage = (message: { usage?: Usage }) => {
      if (message.usage) {
        child.off('message', onMessage);
        resolve(message.usage);
      }
    };
    child.on('message', onMessage);
    child.send('usage');
  });
}

const agent = new http.Agent({ keepAlive: true, maxSockets: CONCURRENCY });

let connectionResets = 0;
/** Numbers the requests, so that each carries traces of its own. */
let sequence = 0;

/** One export; a connection reset is retried once, as OTLP exporters do. */
async function post(port: number, body: Buffer, contentType: string) {
  const request = { port, body, contentType, agent };
  try {
    return await postOnce(request);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ECONNRESET') throw error;
    connectionResets += 1;
    return postOnce(request);
  }
}

type Run = {
  spans: number;
  wallSeconds: number;
  failures: number;
  backendCpuSeconds: number;
  backendMainThreadCpuSeconds: number;
  gcPauseSeconds: GcPauses;
};

/**
 * Sends as fast as acknowledgements come back, or paced at `rate` spans/s,
 * for `seconds` or until `maxRequests` were sent.
 */
async function drive(options: {
  child: ChildProcess;
  port: number;
  payload: PayloadTemplate;
  format: 'json' | 'protobuf';
  seconds: number;
  rate?: number;
  maxRequests?: number;
}): Promise<Run> {
  const type =
    options.format === 'json' ? 'application/json' : 'application/x-protobuf';
  const before = await usage(options.child);
  const end = Date.now() + options.seconds * 1000;
  const started = Date.now();
  let acknowledged = 0;
  let sent = 0;
  let failures = 0;
  const maxSpans = (options.maxRequests ?? Infinity) * SPANS_PER_REQUEST;
  const worker = async () => {
    while (Date.now() < end && sent < maxSpans) {
      sent += SPANS_PER_REQUEST;
      if (options.rate) {
        const due = started + (sent / options.rate) * 1000;
        const wait = due - Date.now();
        if (wait > 0) await new Promise(r => setTimeout(r, wait));
      }
      sequence += 1;
      const body = withSequence(options.payload, options.format, sequence);
      const reply = await post(options.port, body, type);
      if (fullyAcknowledged(reply)) acknowledged += SPANS_PER_REQUEST;
      else failures += 1;
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  const wallSeconds = (Date.now() - started) / 1000;
  const after = await usage(options.child);
  return {
    spans: acknowledged,
    wallSeconds,
    failures,
    backendCpuSeconds: after.cpuSeconds - before.cpuSeconds,
    backendMainThreadCpuSeconds:
      after.mainThreadCpuSeconds - before.mainThreadCpuSeconds,
    gcPauseSeconds: {
      scavenge: after.gcPauseSeconds.scavenge - before.gcPauseSeconds.scavenge,
      markCompact:
        after.gcPauseSeconds.markCompact - before.gcPauseSeconds.markCompact,
      other: after.gcPauseSeconds.other - before.gcPauseSeconds.other,
    },
  };
}

/** JSON.parse alone, by wall clock and per CPU-second of this thread. */
function jsonParseRate(body: Buffer, seconds: number) {
  const text = body.toString('utf8');
  const end = Date.now() + seconds * 1000;
  const started = Date.now();
  const cpuBefore = process.threadCpuUsage();
  let parsed = 0;
  while (Date.now() < end) {
    JSON.parse(text);
    parsed += SPANS_PER_REQUEST;
  }
  const cpu = process.threadCpuUsage(cpuBefore);
  return {
    perSecond: parsed / ((Date.now() - started) / 1000),
    perCpuSecond: parsed / ((cpu.user + cpu.system) / 1e6),
  };
}

const fmt = (n: number) => Math.round(n).toLocaleString('en-US');

function report(label: string, run: Run, versus?: [string, number, number]) {
  const perSecond = run.spans / run.wallSeconds;
  const perCpuSecond = run.spans / run.backendCpuSeconds;
  const ratio = versus
    ? `  ${(perSecond / versus[1]).toFixed(2)}x / ${(
        perCpuSecond / versus[2]
      ).toFixed(2)}x ${versus[0]}`
    : '';
  console.log(
    `${label.padEnd(34)}${fmt(perSecond).padStart(9)} spans/s ${fmt(
      perCpuSecond,
    ).padStart(9)} spans/CPU-s${ratio}`,
  );
  console.log(
    `${''.padEnd(34)}${fmt(run.spans)} spans in ${run.wallSeconds.toFixed(
      1,
    )} s; backend CPU ${run.backendCpuSeconds.toFixed(
      2,
    )} s (main thread ${run.backendMainThreadCpuSeconds.toFixed(2)} s); ${
      run.failures
    } failed requests`,
  );
  // Per span, where the backend's CPU went: its main thread (which includes
  // the GC pauses) and its other threads (mostly V8's GC helpers).
  const us = (seconds: number) =>
    ((seconds * 1e6) / Math.max(1, run.spans)).toFixed(2);
  const gc = run.gcPauseSeconds;
  console.log(
    `${''.padEnd(34)}CPU µs/span: ${us(
      run.backendCpuSeconds,
    )} = main thread ${us(
      run.backendMainThreadCpuSeconds,
    )} (GC pauses: scavenge ${us(gc.scavenge)}, mark-compact ${us(
      gc.markCompact,
    )}, other ${us(gc.other)}) + other threads ${us(
      run.backendCpuSeconds - run.backendMainThreadCpuSeconds,
    )}`,
  );
  return { perSecond, perCpuSecond };
}

async function main() {
  const seconds = Number(arg('seconds', '15'));
  const soakMinutes = Number(arg('soak-minutes', '0'));
  const pinMode = arg('pin', 'all');
  const flags = arg('backend-flags', '').split(' ').filter(Boolean);
  const backend = arg('backend', 'built');
  if (backend !== 'built' && backend !== 'source') {
    throw new Error(`--backend must be built or source, not ${backend}`);
  }
  const payload = makePayload(SPANS_PER_REQUEST);
  const dir = mkdtempSync(join(tmpdir(), 'steward-bench-'));
  const { child, port } = await startServer(dir, { flags, backend });
  // One core for the backend, the other for this load generator.
  pin(child.pid!, 0, pinMode);
  pin(process.pid, 1, pinMode === 'none' ? 'none' : 'all');

  try {
    console.log(
      `payload: ${SPANS_PER_REQUEST} spans/request, JSON ${payload.json.body.length} bytes, protobuf ${payload.protobuf.body.length} bytes; ${CONCURRENCY} connections`,
    );
    console.log(
      `backend: ${backend}, node ${
        flags.join(' ') || '(no flags)'
      }; pinned: ${pinMode}`,
    );
    // Warm up the JIT and the database's pages: by work done rather than
    // by time, so that a backend starved by other load still warms up.
    const common = { child, port };
    await drive({
      ...common,
      payload: payload.json,
      format: 'json',
      seconds: 60,
      maxRequests: 200,
    });
    await drive({
      ...common,
      payload: payload.protobuf,
      format: 'protobuf',
      seconds: 60,
      maxRequests: 100,
    });

    const parse = jsonParseRate(payload.json.body, seconds);
    const json = await drive({
      ...common,
      payload: payload.json,
      format: 'json',
      seconds,
    });
    // --json-only leaves the profile of a run (BENCH_PROFILE_DIR) to JSON.
    const protobuf = process.argv.includes('--json-only')
      ? undefined
      : await drive({
          ...common,
          payload: payload.protobuf,
          format: 'protobuf',
          seconds,
        });

    console.log(
      `${'JSON.parse alone (load generator)'.padEnd(34)}${fmt(
        parse.perSecond,
      ).padStart(9)} spans/s ${fmt(parse.perCpuSecond).padStart(
        9,
      )} spans/CPU-s`,
    );
    const jsonRates = report('OTLP JSON ingest, committed', json, [
      'JSON.parse',
      parse.perSecond,
      parse.perCpuSecond,
    ]);
    if (protobuf) {
      report('OTLP protobuf ingest, committed', protobuf, [
        'JSON',
        jsonRates.perSecond,
        jsonRates.perCpuSecond,
      ]);
    }
    console.log(
      `backend resident memory           ${(
        (await usage(child)).rssBytes /
        2 ** 20
      ).toFixed(0)} MiB; ${connectionResets} connection resets retried`,
    );

    if (soakMinutes > 0) {
      await soak({
        ...common,
        payload: payload.json,
        minutes: soakMinutes,
        rate: jsonRates.perSecond / 2,
      });
    }
  } finally {
    child.kill();
    agent.destroy();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Holds a steady rate and samples the backend's RSS every 10 s. */
async function soak(options: {
  child: ChildProcess;
  port: number;
  payload: PayloadTemplate;
  minutes: number;
  rate: number;
}) {
  const { child, minutes, rate } = options;
  console.log(
    `soak: ${minutes} min of OTLP JSON at ${fmt(
      rate,
    )} spans/s (half the JSON maximum)`,
  );
  const samples: number[] = [];
  const sample = async () => {
    const mib = (await usage(child)).rssBytes / 2 ** 20;
    samples.push(mib);
    console.log(
      `  ${String(samples.length * 10).padStart(5)} s  RSS ${mib.toFixed(
        1,
      )} MiB`,
    );
  };
  const timer = setInterval(() => void sample(), 10_000);
  const run = await drive({
    ...options,
    format: 'json',
    seconds: minutes * 60,
    rate,
  });
  clearInterval(timer);
  report('soak achieved', run);
  // The first minute is warm-up: caches and the heap reach their size.
  const steady = samples.slice(6);
  if (steady.length < 2) {
    console.log('soak too short for a steady-state figure (needs > 70 s)');
    return;
  }
  const min = Math.min(...steady);
  const max = Math.max(...steady);
  console.log(
    `RSS after the first minute (${
      steady.length
    } samples): first ${steady[0].toFixed(1)} MiB, last ${steady[
      steady.length - 1
    ].toFixed(1)} MiB, min ${min.toFixed(1)} MiB, max ${max.toFixed(
      1,
    )} MiB, max/min ${(max / min).toFixed(3)} (goal <= 1.10: ${
      max / min <= 1.1 ? 'met' : 'NOT met'
    })`,
  );
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
