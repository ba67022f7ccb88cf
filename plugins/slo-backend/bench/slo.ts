// yarn bench:slo [--runs 3] [--slos 10000 | --services 2500]
//                [--databases sqlite,postgres]
//                [--postgres postgresql://postgres@127.0.0.1:5432]
//                [--scorecard-requests 200]
//
// Evaluates 10,000 SLOs (2,500 services × 4 operations) over 30-day windows
// against a real backend (backend-defaults, service-graph and slo plugins)
// on SQLite and on PostgreSQL, and times the team scorecard endpoint.
//
// For each database: starts the backend as a child process, seeds its
// service-graph tables (see seed.ts), then runs the plugin's SloEvaluator
// in this process on 10,000 SLO definitions, fetching counts from the
// backend's POST /v1/sli/windows over loopback HTTP and storing statuses in
// the slo plugin's database, which the backend then serves scorecards from.
// BENCH_PROFILE_DIR=<dir> writes a CPU profile of the backend there.
import { ConfigReader } from '@backstage/config';
import { LoggerService } from '@backstage/backend-plugin-api';
import { EventsService } from '@backstage/plugin-events-node';
import { ServiceGraphClient } from '@steward/plugin-service-graph-common';
import { ScorecardResponse } from '@steward/plugin-slo-common';
import { ChildProcess, fork } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import {
  closeSync,
  mkdtempSync,
  openSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import { join } from 'node:path';
import knexFactory, { Knex } from 'knex';
import { SloDefinition } from '../src/catalog/loadSloDefinitions';
import { readSloConfig } from '../src/config';
import { SloEvaluator } from '../src/evaluation/SloEvaluator';
import { ServiceGraphSliSource } from '../src/sli/ServiceGraphSliSource';
import { SloCounts, SliSource } from '../src/sli/SliSource';
import { BENCH_TEAM, benchCatalog, resolveDefinitions } from './definitions';
import { fleet, seed, SeriesSpec, THRESHOLDS_MS } from './seed';

type Database = 'sqlite' | 'postgres';

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : fallback;
}

const RUNS = Number(arg('runs', '3'));
/** Four operation SLOs per service: `--slos` is the handier measure. */
const SERVICES = process.argv.includes('--slos')
  ? Math.ceil(Number(arg('slos', '10000')) / 4)
  : Number(arg('services', '2500'));
const DATABASES = arg('databases', 'sqlite,postgres').split(',') as Database[];
const POSTGRES = arg('postgres', 'postgresql://postgres@127.0.0.1:5432');
const SCORECARD_REQUESTS = Number(arg('scorecard-requests', '200'));
const SCORECARD_WARMUP = 20;
/** Keeps the seeded databases (and prints where) for a closer look. */
const KEEP = process.argv.includes('--keep');
const GOAL_SECONDS = 5;
const GOAL_P95_MS = 100;

const load = () =>
  os
    .loadavg()
    .map(l => l.toFixed(2))
    .join(' ');
const ms = (n: number) => `${n.toFixed(0)} ms`;
const s = (n: number) => `${(n / 1000).toFixed(2)} s`;

let socketRetries = 0;

/**
 * fetch, once more when the server had closed the kept-alive connection:
 * after seconds of CPU-bound work the client reuses a socket the server's
 * keep-alive timeout closed meanwhile. Retries are counted and reported.
 */
async function fetchRetrying(
  input: Parameters<typeof fetch>[0],
  init?: Parameters<typeof fetch>[1],
): Promise<Response> {
  try {
    return await fetch(input, init);
  } catch (error) {
    const code = (error as { cause?: { code?: string } }).cause?.code;
    if (code !== 'UND_ERR_SOCKET' && code !== 'ECONNRESET') throw error;
    socketRetries += 1;
    return fetch(input, init);
  }
}

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise(resolve => server.close(resolve));
  return port;
}

type Backend = {
  child: ChildProcess;
  port: number;
  token: string;
  knex(pluginId: string): Knex;
  logFile: string;
  /** CPU ms used so far by the backend process and its database server. */
  cpu(): Promise<{ backend: number; database: number }>;
  stop(): Promise<void>;
};

/** User + system CPU ms of a process so far, from /proc (Linux). */
function procCpuMs(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name in parentheses: utime is the 12th.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // USER_HZ is 100 on Linux.
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return undefined;
  }
}

/**
 * The CPU ms a changing set of processes used since the first sample: one
 * that starts later counts from its start, one that exits keeps what it
 * used up to the sample before.
 */
function cpuSampler(): (pids: number[]) => number {
  const last = new Map<number, number>();
  let total = 0;
  let first = true;
  return pids => {
    for (const pid of new Set([...last.keys(), ...pids])) {
      const now = procCpuMs(pid);
      if (now === undefined) continue;
      total += now - (last.get(pid) ?? (first ? now : 0));
      last.set(pid, now);
    }
    first = false;
    return total;
  };
}

/** A real backend with both plugins, on a SQLite directory or PostgreSQL. */
async function startBackend(database: Database, dir: string): Promise<Backend> {
  const port = await freePort();
  const token = randomBytes(24).toString('hex');
  const prefix = `steward_bench_${randomBytes(4).toString('hex')}_`;
  const sqliteDir = join(dir, 'sqlite');
  const config = join(dir, 'app-config.yaml');
  writeFileSync(
    config,
    JSON.stringify({
      backend: {
        baseUrl: `http://127.0.0.1:${port}`,
        listen: { host: '127.0.0.1', port },
        database:
          database === 'sqlite'
            ? {
                client: 'better-sqlite3',
                connection: { directory: sqliteDir },
              }
            : { client: 'pg', connection: POSTGRES, prefix },
        auth: {
          externalAccess: [
            { type: 'static', options: { token, subject: 'bench' } },
          ],
        },
      },
      serviceGraph: {
        ingest: { allowUnauthenticatedLoopback: true },
        latencyThresholdsMs: THRESHOLDS_MS,
        // Default retention (minutes 2 days, hours 35, days 400): the seed
        // fills one day of minutes, which is all the windows read of them,
        // and nothing expires while the benchmark runs.
      },
      // Long enough not to run during the benchmark (it also runs once
      // 5 s after start, and fails there: the backend has no catalog).
      slo: { evaluation: { frequencySeconds: 86_400 } },
    }),
  );
  const logFile = join(dir, 'backend.log');
  const log = openSync(logFile, 'a');
  const profile = process.env.BENCH_PROFILE_DIR;
  const child = fork(join(__dirname, 'server.ts'), ['--config', config], {
    execArgv: [
      '--import',
      'tsx',
      ...(profile ? ['--cpu-prof', `--cpu-prof-dir=${profile}`] : []),
    ],
    env: { ...process.env, NODE_ENV: 'production', LOG_LEVEL: 'warn' },
    stdio: ['ignore', log, log, 'ipc'],
  });
  closeSync(log);
  let stopping = false;
  child.on('exit', (code, signal) => {
    if (!stopping) {
      console.error(
        `backend exited unexpectedly: code ${code}, signal ${signal}`,
      );
    }
  });
  await new Promise<void>((resolve, reject) => {
    child.once('message', () => resolve());
    child.once('exit', code =>
      reject(
        new Error(
          `backend exited ${code}:\n${readFileSync(logFile, 'utf8').slice(
            -4000,
          )}`,
        ),
      ),
    );
  });

  const knexes: Knex[] = [];
  const knex = (pluginId: string) => {
    const k =
      database === 'sqlite'
        ? knexFactory({
            client: 'better-sqlite3',
            connection: { filename: join(sqliteDir, `${pluginId}.sqlite`) },
            useNullAsDefault: true,
          })
        : knexFactory({
            client: 'pg',
            connection: `${POSTGRES}/${prefix}${pluginId}`,
            pool: { min: 0, max: 4 },
          });
    knexes.push(k);
    return k;
  };

  const stop = async () => {
    stopping = true;
    await Promise.all(knexes.map(k => k.destroy()));
    if (child.exitCode === null) {
      const exited = new Promise(resolve => child.once('exit', resolve));
      child.kill('SIGTERM');
      await Promise.race([exited, new Promise(r => setTimeout(r, 15_000))]);
      if (child.exitCode === null) child.kill('SIGKILL');
    }
    if (KEEP) {
      console.log(
        `kept: ${database === 'sqlite' ? sqliteDir : `${POSTGRES}/${prefix}*`}`,
      );
      return;
    }
    if (database === 'postgres') {
      const admin = knexFactory({
        client: 'pg',
        connection: `${POSTGRES}/postgres`,
      });
      try {
        const { rows } = await admin.raw(
          'SELECT datname FROM pg_database WHERE datname LIKE ?',
          [`${prefix}%`],
        );
        for (const { datname } of rows as Array<{ datname: string }>) {
          await admin.raw(`DROP DATABASE "${datname}" WITH (FORCE)`);
        }
      } finally {
        await admin.destroy();
      }
    }
  };
  // PostgreSQL's server processes serving this backend's databases: every
  // connection is its own process, so their CPU time is the database's.
  let admin: Knex | undefined;
  const backendCpu = cpuSampler();
  const databaseCpu = cpuSampler();
  const cpu = async () => {
    let pids: number[] = [];
    if (database === 'postgres') {
      admin ??= knexFactory({
        client: 'pg',
        connection: `${POSTGRES}/postgres`,
        pool: { min: 0, max: 1 },
      });
      const { rows } = await admin.raw(
        'SELECT pid FROM pg_stat_activity WHERE datname LIKE ?',
        [`${prefix}%`],
      );
      pids = (rows as Array<{ pid: number }>).map(r => r.pid);
    }
    return { backend: backendCpu([child.pid!]), database: databaseCpu(pids) };
  };
  const stopAll = async () => {
    await admin?.destroy();
    await stop();
  };
  return { child, port, token, knex, logFile, cpu, stop: stopAll };
}

/** Times the phases of one evaluation from the source's and the DB's side. */
class TimedSource implements SliSource {
  fetchStart = 0;
  fetchEnd = 0;
  windows = 0;
  /** The evaluator reports a failed source per SLO; the benchmark stops. */
  failure?: unknown;
  constructor(private readonly inner: SliSource) {}
  handles(slo: SloDefinition): boolean {
    return this.inner.handles(slo);
  }
  async fetchCounts(options: {
    slos: SloDefinition[];
    windows: Parameters<SliSource['fetchCounts']>[0]['windows'];
  }): Promise<SloCounts> {
    this.fetchStart = performance.now();
    this.windows = options.windows.length;
    try {
      const counts = await this.inner.fetchCounts(options);
      this.fetchEnd = performance.now();
      return counts;
    } catch (error) {
      this.failure = error;
      throw error;
    }
  }
}

type RunFigures = {
  total: number;
  plan: number;
  fetch: number;
  fetchHttp: number;
  evaluate: number;
  store: number;
  requests: number;
  megabytes: number;
  windows: number;
  load: string;
  /** CPU ms of this process (evaluator, HTTP client, stores). */
  cpuBench: number;
  /** CPU ms of the backend process (service graph sums; SQLite too). */
  cpuBackend: number;
  /** CPU ms of PostgreSQL's processes serving the benchmark. */
  cpuDatabase: number;
};

const cpuTotal = (r: RunFigures) => r.cpuBench + r.cpuBackend + r.cpuDatabase;

async function evaluateRuns(options: {
  backend: Backend;
  sloKnex: Knex;
  definitions: SloDefinition[];
  nowMs: number;
}): Promise<RunFigures[]> {
  const { backend, sloKnex, definitions, nowMs } = options;
  const http = { ms: 0, requests: 0, bytes: 0 };
  const client = new ServiceGraphClient({
    discoveryApi: {
      getBaseUrl: async id => `http://127.0.0.1:${backend.port}/api/${id}`,
    },
    fetchApi: {
      fetch: async (input, init) => {
        const started = performance.now();
        const response = await fetchRetrying(input, {
          ...init,
          headers: {
            ...(init?.headers as Record<string, string>),
            Authorization: `Bearer ${backend.token}`,
          },
        });
        const body = await response.arrayBuffer();
        http.ms += performance.now() - started;
        http.requests += 1;
        http.bytes += body.byteLength;
        return new Response(body, {
          status: response.status,
          headers: response.headers,
        });
      },
    },
  });
  const source = new TimedSource(ServiceGraphSliSource.create({ client }));
  let published = 0;
  const events = {
    publish: async () => {
      published += 1;
    },
    subscribe: async () => {},
  } as unknown as EventsService;
  const logger: LoggerService = {
    error: () => {},
    warn: () => {},
    info: () => {},
    debug: () => {},
    child: () => logger,
  };
  const evaluator = SloEvaluator.create({
    knex: sloKnex,
    sources: [source],
    config: readSloConfig(new ConfigReader({})),
    events,
    logger,
  });
  let storeStart = 0;
  sloKnex.on('query', () => {
    if (source.fetchEnd > 0 && storeStart === 0) storeStart = performance.now();
  });

  const runs: RunFigures[] = [];
  for (let run = 1; run <= RUNS; run++) {
    Object.assign(http, { ms: 0, requests: 0, bytes: 0 });
    source.fetchEnd = 0;
    storeStart = 0;
    published = 0;
    const runLoad = load();
    const cpuBefore = await backend.cpu();
    const benchBefore = process.cpuUsage();
    const started = performance.now();
    const results = await evaluator.evaluate(definitions, nowMs);
    const ended = performance.now();
    const benchCpu = process.cpuUsage(benchBefore);
    const cpuAfter = await backend.cpu();
    if (source.failure) {
      throw new Error(`run ${run}: the SLI source failed`, {
        cause: source.failure,
      });
    }
    const figures: RunFigures = {
      total: ended - started,
      plan: source.fetchStart - started,
      fetch: source.fetchEnd - source.fetchStart,
      fetchHttp: http.ms,
      evaluate: storeStart - source.fetchEnd,
      store: ended - storeStart,
      requests: http.requests,
      megabytes: http.bytes / 1024 / 1024,
      windows: source.windows,
      load: runLoad,
      cpuBench: (benchCpu.user + benchCpu.system) / 1000,
      cpuBackend: cpuAfter.backend - cpuBefore.backend,
      cpuDatabase: cpuAfter.database - cpuBefore.database,
    };
    runs.push(figures);
    const states = new Map<string, number>();
    for (const { evaluation } of results) {
      const key = evaluation.firing
        ? `${evaluation.state}+firing`
        : evaluation.state;
      states.set(key, (states.get(key) ?? 0) + 1);
    }
    console.log(
      `  run ${run}: ${s(figures.total)}  (plan ${ms(figures.plan)}, fetch ${ms(
        figures.fetch,
      )} [HTTP ${ms(figures.fetchHttp)}, ${figures.requests} requests, ${
        figures.windows
      } windows, ${figures.megabytes.toFixed(1)} MiB], evaluate ${ms(
        figures.evaluate,
      )}, store ${ms(figures.store)})  load ${runLoad}`,
    );
    console.log(
      `         CPU ${s(cpuTotal(figures))}: bench ${ms(
        figures.cpuBench,
      )}, backend ${ms(figures.cpuBackend)}, postgres ${ms(
        figures.cpuDatabase,
      )}`,
    );
    console.log(
      `         ${results.length} SLOs: ${[...states]
        .map(([k, v]) => `${k} ${v}`)
        .join(', ')}; ${published} alert events published`,
    );
  }
  return runs;
}

async function scorecard(backend: Backend): Promise<{
  p50: number;
  p95: number;
  p99: number;
  max: number;
  bytes: number;
  slos: number;
}> {
  const url = `http://127.0.0.1:${
    backend.port
  }/api/slo/v1/scorecards?team=${encodeURIComponent(BENCH_TEAM)}`;
  let bytes = 0;
  let slos = 0;
  const once = async () => {
    const response = await fetchRetrying(url, {
      headers: { Authorization: `Bearer ${backend.token}` },
    });
    const text = await response.text();
    if (!response.ok) {
      throw new Error(`scorecard: ${response.status} ${text.slice(0, 500)}`);
    }
    bytes = text.length;
    slos = (JSON.parse(text) as ScorecardResponse).slos.length;
  };
  for (let i = 0; i < SCORECARD_WARMUP; i++) await once();
  const times: number[] = [];
  for (let i = 0; i < SCORECARD_REQUESTS; i++) {
    const started = performance.now();
    await once();
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  const at = (q: number) => times[Math.ceil(q * times.length) - 1];
  return {
    p50: at(0.5),
    p95: at(0.95),
    p99: at(0.99),
    max: times[times.length - 1],
    bytes,
    slos,
  };
}

const median = (xs: number[]) =>
  [...xs].sort((a, b) => a - b)[(xs.length - 1) >> 1];

async function benchDatabase(
  database: Database,
  series: SeriesSpec[],
  definitions: SloDefinition[],
) {
  console.log(`\n== ${database} ==  load ${load()}`);
  const dir = mkdtempSync(join(os.tmpdir(), 'steward-bench-slo-'));
  const backend = await startBackend(database, dir);
  try {
    const sgKnex = backend.knex('service-graph');
    const sloKnex = backend.knex('slo');
    const nowMs = Date.now();
    const seeded = await seed(sgKnex, {
      dialect: database === 'sqlite' ? 'sqlite' : 'pg',
      series,
      nowMs,
    });
    const megabytes =
      database === 'sqlite'
        ? statSync(join(dir, 'sqlite', 'service-graph.sqlite')).size / 2 ** 20
        : Number(
            (
              await sgKnex.raw(
                'SELECT pg_database_size(current_database()) AS n',
              )
            ).rows[0].n,
          ) /
          2 ** 20;
    const total = Object.values(seeded.rows).reduce((a, b) => a + b, 0);
    console.log(
      `seed: ${series.length} series, ${(total / 1e6).toFixed(
        1,
      )}M rows (${Object.entries(seeded.rows)
        .map(([k, v]) => `${k} ${(v / 1e6).toFixed(2)}M`)
        .join(', ')}), ${megabytes.toFixed(0)} MiB, in ${seeded.seconds.toFixed(
        0,
      )} s (${Object.entries(seeded.steps)
        .map(([k, v]) => `${k} ${v.toFixed(1)} s`)
        .join(', ')})`,
    );

    console.log(`evaluate ${definitions.length} SLOs, ${RUNS} runs:`);
    const runs = await evaluateRuns({
      backend,
      sloKnex,
      definitions,
      nowMs,
    });
    const totals = runs.map(r => r.total);
    // The first run reads every closed day the backend has not summed
    // since it started; every later one only what changed. A running
    // backend evaluates like the later runs.
    const later = totals.length > 1 ? totals.slice(1) : totals;
    const laterRuns = runs.length > 1 ? runs.slice(1) : runs;
    const evaluation = {
      first: totals[0],
      median: median(later),
      worst: Math.max(...later),
      cpuMedian: median(laterRuns.map(cpuTotal)),
    };
    console.log(
      `  first run ${s(evaluation.first)}; later runs median ${s(
        evaluation.median,
      )}, worst ${s(evaluation.worst)}, CPU median ${s(
        evaluation.cpuMedian,
      )}  (goal < ${GOAL_SECONDS} s: ${
        evaluation.worst < GOAL_SECONDS * 1000 ? 'met' : 'not met'
      })`,
    );

    const card = await scorecard(backend);
    console.log(
      `scorecard ${BENCH_TEAM} (${card.slos} SLOs, ${(
        card.bytes / 1024
      ).toFixed(
        0,
      )} KiB), ${SCORECARD_REQUESTS} requests after ${SCORECARD_WARMUP} warm-up: p50 ${card.p50.toFixed(
        1,
      )} ms, p95 ${card.p95.toFixed(1)} ms, p99 ${card.p99.toFixed(
        1,
      )} ms, max ${card.max.toFixed(1)} ms  (goal p95 < ${GOAL_P95_MS} ms: ${
        card.p95 < GOAL_P95_MS ? 'met' : 'not met'
      })  load ${load()}`,
    );
    return { database, seeded, megabytes, runs, evaluation, card };
  } catch (error) {
    console.error(
      `backend log tail:\n${readFileSync(backend.logFile, 'utf8').slice(
        -3000,
      )}`,
    );
    throw error;
  } finally {
    await backend.stop();
    if (!KEEP) rmSync(dir, { recursive: true, force: true });
  }
}

async function main() {
  const cpus = os.cpus();
  console.log(
    `node ${process.version}, ${
      cpus.length
    } cores (${cpus[0]?.model.trim()}), ${(os.totalmem() / 2 ** 30).toFixed(
      0,
    )} GiB, load ${load()}`,
  );
  const series = fleet(SERVICES);
  const entities = benchCatalog(series);
  const resolveStarted = performance.now();
  const definitions = await resolveDefinitions(entities);
  const problems = definitions.filter(d => d.problems.length > 0);
  if (problems.length > 0) {
    throw new Error(
      `${problems.length} SLOs do not resolve: ${problems[0].problems.join(
        '; ',
      )}`,
    );
  }
  console.log(
    `${definitions.length} SLOs on ${
      series.length
    } operation series of ${SERVICES} services, resolved from ${
      entities.length
    } in-memory catalog entities in ${ms(
      performance.now() - resolveStarted,
    )}; ${
      definitions.filter(d => d.ownerRef === BENCH_TEAM).length
    } owned by ${BENCH_TEAM}`,
  );

  const results = [];
  for (const database of DATABASES) {
    results.push(await benchDatabase(database, series, definitions));
  }
  if (socketRetries > 0) {
    console.log(
      `${socketRetries} requests retried on a connection the server had closed`,
    );
  }

  console.log('\nsummary');
  console.log(
    `| database | seed | evaluate ${definitions.length} SLOs: first run | later runs, median | worst | CPU, median (bench / backend / postgres) | fetch / evaluate / store | scorecard p50 | p95 | p99 |`,
  );
  console.log('| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |');
  for (const r of results) {
    const laterRuns = r.runs.length > 1 ? r.runs.slice(1) : r.runs;
    const mid = [...laterRuns].sort((a, b) => a.total - b.total)[
      (laterRuns.length - 1) >> 1
    ];
    console.log(
      `| ${r.database} | ${(
        Object.values(r.seeded.rows).reduce((a, b) => a + b, 0) / 1e6
      ).toFixed(1)}M rows, ${r.megabytes.toFixed(
        0,
      )} MiB, ${r.seeded.seconds.toFixed(0)} s | ${s(r.evaluation.first)} | ${s(
        r.evaluation.median,
      )} | ${s(r.evaluation.worst)} | ${s(cpuTotal(mid))} (${s(
        mid.cpuBench,
      )} / ${s(mid.cpuBackend)} / ${s(mid.cpuDatabase)}) | ${s(
        mid.fetch,
      )} / ${s(mid.evaluate)} / ${s(mid.store)} | ${r.card.p50.toFixed(
        1,
      )} ms | ${r.card.p95.toFixed(1)} ms | ${r.card.p99.toFixed(1)} ms |`,
    );
  }
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
