// Load and soak: one backend (packages/backend on PostgreSQL) over
// loopback. First its maximum ingest rate (or --max-rate), then --minutes at
// 80% of it: no errors, request latency percentiles, resident memory flat;
// then beyond capacity: 429/503 with Retry-After, and 200s again once the
// load drops.
//
// Flags: --minutes M (soak, default 10; the report's figures come from 10),
//        --max-rate SPANS_PER_S (skip measuring the maximum),
//        --max-seconds S (default 30), --overload-seconds S (default 30),
//        --overload-connections N (default 96)
import http from 'node:http';
import { freePortIn, sleep } from '../lib/api.mts';
import { startBackend, type Backend } from '../lib/backend.mts';
import { formatDuration } from '../lib/machine.mts';
import {
  CONTENT_TYPE,
  agentFor,
  fullyAcknowledged,
  makePayload,
  postOnce,
  withSequence,
  type Format,
} from '../lib/otlp.mts';
import {
  databaseSize,
  dropDatabases,
  onDatabase,
  postgresCpuSeconds,
} from '../lib/postgres.mts';
import { flag, runSuite, type SuiteRecorder } from '../lib/result.mts';

const PREFIX = 'rel_replicas_load_';
const PORTS = [7120, 7129] as const;
const SPANS_PER_REQUEST = 1000;
const CONNECTIONS = 8;
/** Low enough that the overload phase reaches it; the default is 200,000. */
const MAX_QUEUED_SPANS = 50_000;
const SOAK_SHARE = 0.8;
const RSS_GOAL = 1.1;
const RSS_SAMPLE_MS = 10_000;

type Outcome = {
  detail?: string;
  status: number | 'error';
  retryAfter?: string;
  latencyMs: number;
  atMs: number;
};

type Run = {
  outcomes: Outcome[];
  spans: number;
  wallSeconds: number;
  backendCpuSeconds: number;
  postgresCpuSeconds: number;
};

let payload = makePayload(SPANS_PER_REQUEST);
let payloadMadeMs = Date.now();
let sequence = 0;

/**
 * A request with new trace ids; the spans are made again every 10 s so that
 * their timestamps follow the clock and fill minute buckets as live
 * traffic does.
 */
function body(format: Format): Buffer {
  if (Date.now() - payloadMadeMs > 10_000) {
    payload = makePayload(SPANS_PER_REQUEST);
    payloadMadeMs = Date.now();
  }
  sequence += 1;
  return withSequence(payload[format], format, sequence);
}

/**
 * Sends 1000-span requests (JSON and protobuf alternating) on `connections`
 * connections, as fast as answers come or paced at `rate` spans/s, for
 * `seconds`, recording every answer.
 */
async function drive(options: {
  backend: Backend;
  seconds: number;
  connections: number;
  rate?: number;
  maxRequests?: number;
  onTick?: () => void;
}): Promise<Run> {
  const agent: http.Agent = agentFor(options.connections);
  const outcomes: Outcome[] = [];
  const cpuBefore = options.backend.usage().cpuSeconds;
  const postgresBefore = await postgresCpuSeconds(PREFIX);
  const started = Date.now();
  const end = started + options.seconds * 1000;
  let issued = 0;
  let acknowledged = 0;
  await Promise.all(
    Array.from({ length: options.connections }, async () => {
      while (Date.now() < end && issued < (options.maxRequests ?? Infinity)) {
        issued += 1;
        if (options.rate) {
          const wait =
            started +
            ((issued * SPANS_PER_REQUEST) / options.rate) * 1000 -
            Date.now();
          if (wait > 0) await sleep(wait);
          if (Date.now() >= end) break;
        }
        const format: Format = issued % 2 === 0 ? 'json' : 'protobuf';
        const requestBody = body(format);
        const sent = Date.now();
        try {
          const reply = await postOnce({
            port: options.backend.port,
            agent,
            body: requestBody,
            contentType: CONTENT_TYPE[format],
          });
          const ok = fullyAcknowledged(reply);
          if (ok) acknowledged += SPANS_PER_REQUEST;
          outcomes.push({
            status: ok || reply.status !== 200 ? reply.status : 'error',
            detail: ok ? undefined : reply.body.toString('utf8').slice(0, 300),
            retryAfter: reply.retryAfter,
            latencyMs: Date.now() - sent,
            atMs: Date.now(),
          });
          // Back off as an OTLP exporter does when told to.
          if (reply.retryAfter)
            await sleep(Math.min(Number(reply.retryAfter) * 1000, 5000));
        } catch (error) {
          outcomes.push({
            status: 'error',
            detail: String(error),
            latencyMs: Date.now() - sent,
            atMs: Date.now(),
          });
          await sleep(100);
        }
      }
    }),
  );
  agent.destroy();
  return {
    outcomes,
    spans: acknowledged,
    wallSeconds: (Date.now() - started) / 1000,
    backendCpuSeconds: options.backend.usage().cpuSeconds - cpuBefore,
    postgresCpuSeconds: (await postgresCpuSeconds(PREFIX)) - postgresBefore,
  };
}

function percentile(sorted: number[], q: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)];
}

const fmt = (n: number) => Math.round(n).toLocaleString('en-US');

void runSuite('load', async suite => {
  const suiteStarted = Date.now();
  const minutes = Number(flag('minutes', '10'));
  const givenMax = flag('max-rate', '');
  const maxSeconds = Number(flag('max-seconds', '30'));
  const overloadSeconds = Number(flag('overload-seconds', '30'));
  const overloadConnections = Number(flag('overload-connections', '96'));

  await dropDatabases(PREFIX);
  suite.onCleanup(async () => {
    await dropDatabases(PREFIX);
  });
  const backend = await startBackend({
    name: 'load',
    port: await freePortIn(PORTS[0], PORTS[1]),
    databasePrefix: PREFIX,
    config: { serviceGraph: { ingest: { maxQueuedSpans: MAX_QUEUED_SPANS } } },
  });
  suite.onCleanup(() => backend.stop());
  const database = `${PREFIX}service-graph`;

  // Warm up the JIT and the database by work done, not by time.
  await drive({
    backend,
    seconds: 120,
    connections: CONNECTIONS,
    maxRequests: 100,
  });

  let maxRate: number;
  let maxRun: Run | undefined;
  if (givenMax) {
    maxRate = Number(givenMax);
  } else {
    console.log(
      `maximum: ${maxSeconds} s unpaced on ${CONNECTIONS} connections`,
    );
    maxRun = await drive({
      backend,
      seconds: maxSeconds,
      connections: CONNECTIONS,
    });
    maxRate = maxRun.spans / maxRun.wallSeconds;
  }
  const soakRate = maxRate * SOAK_SHARE;
  suite.figure('maxSpansPerSecond', Math.round(maxRate));
  if (maxRun) {
    suite.figure(
      'maxSpansPerBackendCpuSecond',
      Math.round(maxRun.spans / maxRun.backendCpuSeconds),
    );
    const p = maxRun.outcomes.map(o => o.latencyMs).sort((a, b) => a - b);
    suite.figure('maxLatencyMs', {
      p50: percentile(p, 0.5),
      p99: percentile(p, 0.99),
    });
    console.log(
      `maximum ${fmt(maxRate)} spans/s, ${fmt(
        maxRun.spans / maxRun.backendCpuSeconds,
      )} spans per backend CPU-second`,
    );
  }

  // Soak at 80%: memory sampled from /proc every 10 s.
  const sizeBefore = await databaseSize(database);
  const rss: number[] = [];
  const sampler = setInterval(() => {
    const mib = backend.usage().rssBytes / 2 ** 20;
    rss.push(mib);
    console.log(
      `  soak ${String(rss.length * 10).padStart(4)} s  RSS ${mib.toFixed(
        1,
      )} MiB`,
    );
  }, RSS_SAMPLE_MS);
  console.log(
    `soak: ${minutes} min at ${fmt(soakRate)} spans/s (80% of ${fmt(maxRate)})`,
  );
  const soak = await drive({
    backend,
    seconds: minutes * 60,
    connections: CONNECTIONS,
    rate: soakRate,
  });
  clearInterval(sampler);
  const sizeAfter = await databaseSize(database);

  const latencies = soak.outcomes.map(o => o.latencyMs).sort((a, b) => a - b);
  const errors = soak.outcomes.filter(o => o.status !== 200);
  const achieved = soak.spans / soak.wallSeconds;
  const soakFigures = {
    minutes,
    targetSpansPerSecond: Math.round(soakRate),
    achievedSpansPerSecond: Math.round(achieved),
    requests: soak.outcomes.length,
    errors: errors.length,
    latencyMs: {
      p50: percentile(latencies, 0.5),
      p99: percentile(latencies, 0.99),
      max: latencies.at(-1),
    },
    spansPerBackendCpuSecond: Math.round(soak.spans / soak.backendCpuSeconds),
    spansPerPostgresCpuSecond: Math.round(soak.spans / soak.postgresCpuSeconds),
    spansPerCpuSecondBoth: Math.round(
      soak.spans / (soak.backendCpuSeconds + soak.postgresCpuSeconds),
    ),
    postgresCpuShare: soak.postgresCpuSeconds / soak.wallSeconds,
    backendCpuShare: soak.backendCpuSeconds / soak.wallSeconds,
    databaseGrowthBytes: sizeAfter - sizeBefore,
    databaseGrowthBytesPerMillionSpans: Math.round(
      ((sizeAfter - sizeBefore) / soak.spans) * 1e6,
    ),
  };
  suite.figure('soak', soakFigures);
  suite.check(
    `soak: no errors in ${minutes} min at 80% of the maximum`,
    errors.length === 0,
    `${soak.outcomes.length} requests, ${errors.length} not answered 200${
      errors.length ? ` (first: ${errors[0].status} ${errors[0].detail})` : ''
    }`,
  );
  suite.check(
    'soak: the target rate was held',
    achieved >= soakRate * 0.95,
    `${fmt(achieved)} of ${fmt(soakRate)} spans/s`,
  );
  // The first minute is warm-up: caches and the heap reach their size.
  const steady = rss.slice(6);
  const rssMin = Math.min(...steady);
  const rssMax = Math.max(...steady);
  suite.figure('rssMiB', {
    samples: rss.map(r => Math.round(r)),
    min: rssMin,
    max: rssMax,
  });
  suite.check(
    `soak: resident memory flat after the first minute (max/min <= ${RSS_GOAL})`,
    steady.length >= 2 && rssMax / rssMin <= RSS_GOAL,
    steady.length >= 2
      ? `${steady.length} samples: min ${rssMin.toFixed(
          0,
        )} MiB, max ${rssMax.toFixed(0)} MiB, max/min ${(
          rssMax / rssMin
        ).toFixed(3)}; first ${steady[0].toFixed(0)}, last ${steady
          .at(-1)!
          .toFixed(0)}`
      : 'soak too short for a steady-state figure (needs more than 70 s)',
  );
  const series = await sizing(database);
  suite.figure('sizing', series);

  // Beyond capacity: many more connections than it can serve, unpaced.
  console.log(
    `overload: ${overloadSeconds} s on ${overloadConnections} connections`,
  );
  const overload = await drive({
    backend,
    seconds: overloadSeconds,
    connections: overloadConnections,
  });
  const refusals = overload.outcomes.filter(
    o => o.status === 429 || o.status === 503,
  );
  const withoutRetryAfter = refusals.filter(o => !o.retryAfter);
  const otherStatuses = overload.outcomes.filter(
    o => o.status !== 200 && o.status !== 429 && o.status !== 503,
  );
  const overloadLatencies = overload.outcomes
    .filter(o => o.status === 200)
    .map(o => o.latencyMs)
    .sort((a, b) => a - b);
  suite.check(
    'overload: ingest refuses with 429 or 503 beyond capacity',
    refusals.length > 0,
    `${refusals.length} of ${overload.outcomes.length} requests refused (${[
      ...new Set(refusals.map(r => r.status)),
    ].join(', ')}); ${
      overload.outcomes.length - refusals.length - otherStatuses.length
    } answered 200 (p99 ${percentile(overloadLatencies, 0.99)} ms)`,
  );
  suite.check(
    'overload: every refusal carries Retry-After',
    refusals.length > 0 && withoutRetryAfter.length === 0,
    `${withoutRetryAfter.length} without; values ${[
      ...new Set(refusals.map(r => r.retryAfter)),
    ].join(', ')}`,
  );
  suite.check(
    'overload: no other status and no dropped connection',
    otherStatuses.length === 0,
    otherStatuses.length
      ? `${otherStatuses.length}: ${[
          ...new Set(otherStatuses.map(o => `${o.status} ${o.detail}`)),
        ].join('; ')}`
      : 'none',
  );

  // Back to half the maximum: refusals stop.
  const recoverySeconds = 30;
  const recovery = await drive({
    backend,
    seconds: recoverySeconds,
    connections: CONNECTIONS,
    rate: maxRate / 2,
  });
  const firstOk = recovery.outcomes.find(o => o.status === 200);
  const lastRefusal = recovery.outcomes.filter(o => o.status !== 200).at(-1);
  const recoveryStart = recovery.outcomes.length
    ? recovery.outcomes[0].atMs - recovery.outcomes[0].latencyMs
    : Date.now();
  const tail = recovery.outcomes.filter(o => o.atMs >= recoveryStart + 10_000);
  suite.check(
    'recovery: 200 for every request from 10 s after the load dropped to half the maximum',
    tail.length > 0 && tail.every(o => o.status === 200),
    `${recovery.outcomes.length} requests; first 200 after ${
      firstOk ? ((firstOk.atMs - recoveryStart) / 1000).toFixed(1) : '-'
    } s; last refusal ${
      lastRefusal
        ? `${((lastRefusal.atMs - recoveryStart) / 1000).toFixed(1)} s`
        : 'none'
    }`,
  );
  suite.figure('overload', {
    connections: overloadConnections,
    requests: overload.outcomes.length,
    refused: refusals.length,
    acknowledgedSpansPerSecond: Math.round(
      overload.spans / overload.wallSeconds,
    ),
  });
  const suiteSeconds = (Date.now() - suiteStarted) / 1000;
  suite.figure('suiteSeconds', suiteSeconds);
  return report(suite, {
    maxRate,
    maxRun,
    soakFigures,
    rss: { min: rssMin, max: rssMax, samples: steady.length },
    series,
    overload: {
      connections: overloadConnections,
      seconds: overloadSeconds,
      requests: overload.outcomes.length,
      refused: refusals.length,
    },
    suiteSeconds,
    givenMax: Boolean(givenMax),
  });
});

type Sizing = {
  seriesCount: number;
  /** Bytes a series adds per day at each resolution, at the rows per bucket seen here. */
  bytesPerSeriesDay: Record<string, number>;
  resolutions: Array<{
    resolution: string;
    seriesBuckets: number;
    rows: number;
  }>;
  tables: Array<{
    table: string;
    rows: number;
    bytes: number;
    estimatedBytesPerRow: number;
  }>;
};

/** Rows and bytes of the service graph's tables after the soak, for the sizing table. */
const BUCKET_TABLES = [
  'service_graph_counts',
  'service_graph_latency',
  'service_graph_thresholds',
];
const BUCKETS_PER_DAY: Record<string, number> = { m: 1440, h: 24, d: 1 };
/** A B-tree entry: 8-byte index tuple header, a key of up to 24 bytes, line pointer, pages not full. */
const INDEX_ENTRY_BYTES = 40;
/** Heap tuple header (23 bytes, aligned to 24) and its line pointer. */
const TUPLE_OVERHEAD_BYTES = 28;

/**
 * Rows and bytes of the service graph's tables after the soak. Tables this
 * small are mostly empty pages, so bytes per row are estimated from the
 * rows' own width (pg_column_size) and an entry per index instead.
 */
async function sizing(database: string): Promise<Sizing> {
  return onDatabase(database, async knex => {
    const tables = [
      'service_graph_series',
      ...BUCKET_TABLES,
      'service_graph_trace_spans',
    ];
    const sizes: Sizing['tables'] = [];
    for (const table of tables) {
      const {
        rows: [row],
      } = await knex.raw<{
        rows: {
          rows: string;
          width: string | null;
          bytes: string;
          indexes: string;
        }[];
      }>(
        `select count(*) as rows, avg(pg_column_size(t.*)) as width,
                pg_total_relation_size(?) as bytes,
                (select count(*) from pg_indexes where tablename = ?) as indexes
           from ?? t`,
        [table, table, table],
      );
      sizes.push({
        table,
        rows: Number(row.rows),
        bytes: Number(row.bytes),
        estimatedBytesPerRow: Math.round(
          Number(row.width ?? 0) +
            TUPLE_OVERHEAD_BYTES +
            INDEX_ENTRY_BYTES * Number(row.indexes),
        ),
      });
    }
    const [{ n }] = await knex('service_graph_series').count({ n: '*' });
    const seriesCount = Number(n);
    const resolutions: Sizing['resolutions'] = [];
    const bytesPerSeriesDay: Record<string, number> = {};
    for (const resolution of ['m', 'h', 'd']) {
      // Buckets a series has rows in: partial first and last minutes count
      // as the series had them.
      const [{ seriesBuckets }] = await knex('service_graph_counts')
        .where({ resolution })
        .count({ seriesBuckets: '*' });
      let rows = 0;
      let bytes = 0;
      for (const table of BUCKET_TABLES) {
        const [{ count }] = await knex(table)
          .where({ resolution })
          .count({ count: '*' });
        rows += Number(count);
        bytes +=
          Number(count) *
          sizes.find(t => t.table === table)!.estimatedBytesPerRow;
      }
      const buckets = Number(seriesBuckets);
      resolutions.push({ resolution, seriesBuckets: buckets, rows });
      if (buckets > 0) {
        bytesPerSeriesDay[resolution] = Math.round(
          (bytes / buckets) * BUCKETS_PER_DAY[resolution],
        );
      }
    }
    return { seriesCount, bytesPerSeriesDay, resolutions, tables: sizes };
  });
}

function report(
  suite: SuiteRecorder,
  r: {
    maxRate: number;
    maxRun?: Run;
    soakFigures: Record<string, any>;
    rss: { min: number; max: number; samples: number };
    series: Sizing;
    overload: {
      connections: number;
      seconds: number;
      requests: number;
      refused: number;
    };
    suiteSeconds: number;
    givenMax: boolean;
  },
): string {
  const s = r.soakFigures;
  const tableRows = r.series.tables.map(
    t =>
      `| \`${t.table}\` | ${fmt(t.rows)} | ${(t.bytes / 2 ** 20).toFixed(
        1,
      )} | ${fmt(t.estimatedBytesPerRow)} |`,
  );
  const resolutionRows = r.series.resolutions.map(
    x =>
      `| ${x.resolution} | ${fmt(x.seriesBuckets)} | ${fmt(x.rows)} | ${
        x.seriesBuckets ? (x.rows / x.seriesBuckets).toFixed(1) : '-'
      } | ${
        r.series.bytesPerSeriesDay[x.resolution] === undefined
          ? '-'
          : fmt(r.series.bytesPerSeriesDay[x.resolution] / 1024)
      } |`,
  );
  return `## Load

One backend (\`packages/backend\`, every plugin) on PostgreSQL (prefix
\`${PREFIX}\`), over loopback, \`serviceGraph.ingest.maxQueuedSpans:
${MAX_QUEUED_SPANS}\` (default 200,000: lowered so that the overload phase
reaches it with ${r.overload.connections} connections). Requests of
${SPANS_PER_REQUEST} spans from the stock SDK's serialisers (the ingest
bench's payload, new trace ids per request), OTLP JSON and protobuf
alternating, on ${CONNECTIONS} keep-alive connections. The backend is not
pinned. CPU figures come from /proc: the backend process, and the PostgreSQL
server processes connected to its databases (a lower bound: WAL writer and
checkpointer are not included).

| figure | value |
| ------ | ----- |
| maximum (${
    r.givenMax
      ? 'given with --max-rate'
      : `unpaced for ${r.maxRun ? r.maxRun.wallSeconds.toFixed(0) : '-'} s`
  }) | ${fmt(r.maxRate)} spans/s${
    r.maxRun
      ? `, ${fmt(
          r.maxRun.spans / r.maxRun.backendCpuSeconds,
        )} spans per backend CPU-second`
      : ''
  } |
| soak | ${s.minutes} min at ${fmt(
    s.targetSpansPerSecond,
  )} spans/s (80%), achieved ${fmt(s.achievedSpansPerSecond)} |
| soak requests, errors | ${fmt(s.requests)}, ${s.errors} |
| soak ingest latency (request sent to 200 received) | p50 ${
    s.latencyMs.p50
  } ms, p99 ${s.latencyMs.p99} ms, max ${s.latencyMs.max} ms |
| soak backend CPU | ${fmt(
    s.spansPerBackendCpuSecond,
  )} spans per CPU-second; ${(s.backendCpuShare * 100).toFixed(
    0,
  )}% of one core |
| soak PostgreSQL CPU (its server processes for these databases) | ${fmt(
    s.spansPerPostgresCpuSecond,
  )} spans per CPU-second; ${(s.postgresCpuShare * 100).toFixed(
    0,
  )}% of one core |
| soak, backend and PostgreSQL together | ${fmt(
    s.spansPerCpuSecondBoth,
  )} spans per CPU-second |
| resident memory after the first minute | min ${r.rss.min.toFixed(
    0,
  )} MiB, max ${r.rss.max.toFixed(0)} MiB (max/min ${(
    r.rss.max / r.rss.min
  ).toFixed(3)}, ${r.rss.samples} samples) |
| database growth during the soak | ${(s.databaseGrowthBytes / 2 ** 20).toFixed(
    1,
  )} MiB, ${fmt(
    s.databaseGrowthBytesPerMillionSpans / 1024,
  )} KiB per million spans |
| overload | ${r.overload.seconds} s on ${
    r.overload.connections
  } connections unpaced: ${r.overload.refused} of ${
    r.overload.requests
  } requests refused |
| suite run time | ${formatDuration(r.suiteSeconds)} |

The service graph's tables after the soak (${r.series.seriesCount} series:
the shop's edges and operations):

| table | rows | MiB on disk | estimated bytes per row (row width + tuple overhead + index entries) |
| ----- | ---- | ----------- | -------------------------------------------------------------------- |
${tableRows.join('\n')}

| resolution | series × buckets | rows (counts, latency, thresholds) | rows per series and bucket | KiB per series per day |
| ---------- | ---------------- | ---------------------------------- | -------------------------- | ---------------------- |
${resolutionRows.join('\n')}

Bucket rows grow with series × buckets, not with spans: a minute holds the
same rows at 100 or 100,000 spans/s. Latency rows per bucket grow with the
spread of durations (one row per histogram bin in use); the shop generator's
calls all take about the same time, so real traffic has more. Minute
buckets are kept \`retention.minuteDays\`, hours \`hourDays\`, days
\`dayDays\`. Stored traces (erroring traces and a sample of the rest,
\`serviceGraph.traces\`) grow with spans.

${suite.checksTable()}

Reproduce: \`yarn test:reliability load\` (flags \`--minutes ${s.minutes}\`,
\`--max-rate <spans/s>\` to skip measuring the maximum). Uses ports
${PORTS[0]}-${PORTS[1]}. Wall-clock figures depend on the machine's other
load (see the header's load average); CPU-second figures much less.`;
}
