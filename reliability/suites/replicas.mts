// Replicas: two, then three real backends on one PostgreSQL with Redis as
// Backstage's cache, OTLP spread across them by trace id as the Collector's
// loadbalancing exporter (routing_key: traceID) spreads it. The dependency
// and SLO APIs of every replica must count exactly what was acknowledged,
// also after a backfill into periods whose sums replicas keep, and the
// scheduled SLO evaluation and retention must run once per cycle across the
// replicas.
//
// Flags: --replica-spans N (spans per phase, default 100000),
//        --schedule-window-seconds S (default 60)
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  freePortIn,
  getJson,
  readDependencies,
  sleep,
  waitFor,
} from '../lib/api.mts';
import {
  startBackend,
  type Backend,
  type LogMessage,
} from '../lib/backend.mts';
import { sloName, writeShopCatalog } from '../lib/catalog.mts';
import {
  addExpected,
  agentFor,
  emptyExpected,
  makeShopSpans,
  sendRouted,
  SERVICES,
  type Expected,
  type Format,
} from '../lib/otlp.mts';
import { dropDatabases } from '../lib/postgres.mts';
import { clearRedis, redisKeys } from '../lib/redis.mts';
import { flag, runSuite, type SuiteRecorder } from '../lib/result.mts';

const PREFIX = 'rel_replicas_rep_';
const NAMESPACE = 'rel_replicas_rep';
const PORTS = [7100, 7109] as const;
const BATCH_SPANS = 1000;
const IN_FLIGHT = 4;
/** SLO evaluation and retention period here, in seconds. */
const CYCLE_SECONDS = 5;
const HOUR_MS = 3_600_000;

type PhaseFigures = {
  phase: string;
  replicas: number;
  spansSent: number;
  spansAcknowledged: number;
  spansPerReplica: number[];
  wallSeconds: number;
  edgeCallsExpected: number;
  edgeCallsObserved: number[];
  sloTotalExpected: number;
  sloTotalObserved: number;
  sloRounds: number;
  sloRoundsAllowed: number;
  retentionRuns: number;
  retentionRunsAllowed: number;
  scheduleWindowSeconds: number;
  roundsPerReplica: Record<string, number>;
};

void runSuite('replicas', async suite => {
  const spansPerPhase = Number(flag('replica-spans', '100000'));
  const windowSeconds = Number(flag('schedule-window-seconds', '60'));
  const suiteStartMs = Date.now();

  await dropDatabases(PREFIX);
  await clearRedis(NAMESPACE);
  const dir = await mkdtemp(join(tmpdir(), 'steward-reliability-replicas-'));
  suite.onCleanup(async () => {
    await dropDatabases(PREFIX);
    await clearRedis(NAMESPACE);
    await rm(dir, { recursive: true, force: true });
  });
  const config = {
    ...(await writeShopCatalog(dir)),
    slo: { evaluation: { frequencySeconds: CYCLE_SECONDS } },
    serviceGraph: { retention: { frequencySeconds: CYCLE_SECONDS } },
  };

  const replicas: Backend[] = [];
  const startReplica = async () => {
    const port = await freePortIn(PORTS[0] + replicas.length, PORTS[1]);
    const started = Date.now();
    const backend = await startBackend({
      name: `replica-${replicas.length + 1}`,
      port,
      databasePrefix: PREFIX,
      redisNamespace: NAMESPACE,
      config,
    });
    suite.onCleanup(() => backend.stop());
    replicas.push(backend);
    console.log(
      `${backend.name} ready on ${port} in ${(
        (Date.now() - started) /
        1000
      ).toFixed(0)} s`,
    );
    return backend;
  };

  const expected = emptyExpected();
  const phases: PhaseFigures[] = [];

  // The first replica creates the databases; the second joins them.
  await startReplica();
  await startReplica();
  await waitForSlos(replicas[0]);
  phases.push(
    await phase(suite, {
      label: 'two replicas',
      replicas,
      expected,
      spans: spansPerPhase,
      windowSeconds,
    }),
  );

  await startReplica();
  phases.push(
    await phase(suite, {
      label: 'three replicas',
      replicas,
      expected,
      spans: spansPerPhase,
      windowSeconds,
    }),
  );

  // Spans from a day ago land in periods the evaluating replicas have
  // summed and kept; whichever replica evaluates next must count them.
  phases.push(
    await phase(suite, {
      label: 'three replicas, backfill 26 h back',
      replicas,
      expected,
      spans: Math.min(spansPerPhase, 20_000),
      windowSeconds: 0,
      startMs: Date.now() - 26 * HOUR_MS,
    }),
  );

  // Backstage's cache store is Redis here, but no plugin of this backend
  // wrote to it during the run: Steward keeps what replicas share in
  // PostgreSQL. The figure says whether that is still so.
  suite.figure('redisKeys', (await redisKeys(NAMESPACE)).length);
  suite.figure('phases', phases);
  suite.figure('suiteSeconds', (Date.now() - suiteStartMs) / 1000);
  return report(suite, phases, spansPerPhase, windowSeconds);
});

async function waitForSlos(backend: Backend) {
  await waitFor(
    'every SLO evaluated once',
    async () => {
      for (const service of SERVICES) {
        const slo = await getJson(
          backend.baseUrl,
          `/api/slo/v1/slos/default/${sloName(service)}`,
        );
        if (!slo?.evaluation) return undefined;
      }
      return true;
    },
    { timeoutMs: 180_000, intervalMs: 2000 },
  );
}

async function phase(
  suite: SuiteRecorder,
  options: {
    label: string;
    replicas: Backend[];
    expected: Expected;
    spans: number;
    windowSeconds: number;
    startMs?: number;
  },
): Promise<PhaseFigures> {
  const { replicas, expected, label } = options;
  console.log(
    `\n${label}: ${options.spans} spans over ${replicas.length} replicas`,
  );
  const targets = replicas.map(b => ({
    port: b.port,
    agent: agentFor(IN_FLIGHT),
  }));
  const perReplica = replicas.map(() => 0);
  const windowStartMs = Date.now();
  const batches = Math.ceil(options.spans / BATCH_SPANS);
  let next = 0;
  let sent = 0;
  let acknowledged = 0;
  const failures: string[] = [];
  await Promise.all(
    Array.from({ length: IN_FLIGHT }, async () => {
      while (next < batches) {
        const index = next++;
        const spans = makeShopSpans(BATCH_SPANS, {
          startMs:
            options.startMs === undefined
              ? undefined
              : options.startMs + index * BATCH_SPANS,
        });
        // Both encodings, as a fleet of SDKs and Collectors sends them.
        const format: Format = index % 2 === 0 ? 'json' : 'protobuf';
        sent += spans.length;
        for (const part of await sendRouted({ targets, spans, format })) {
          if (part.acknowledged) {
            acknowledged += part.spans.length;
            perReplica[part.target] += part.spans.length;
            addExpected(expected, part.spans);
          } else {
            failures.push(
              `${replicas[part.target].name}: ${
                part.error ?? `${part.reply?.status} ${part.reply?.body}`
              }`,
            );
          }
        }
      }
    }),
  );
  const lastAckMs = Date.now();
  const wallSeconds = (lastAckMs - windowStartMs) / 1000;
  for (const t of targets) t.agent.destroy();
  suite.check(
    `${label}: every request acknowledged with 200`,
    failures.length === 0,
    `${acknowledged} of ${sent} spans in ${wallSeconds.toFixed(
      1,
    )} s; per replica ${perReplica.join(' / ')}${
      failures.length
        ? `; ${failures.length} failed, first: ${failures[0]}`
        : ''
    }`,
  );
  suite.check(
    `${label}: trace-id routing used every replica`,
    perReplica.every(n => n > 0),
    perReplica.join(' / '),
  );

  // Ingest answers after the commit, so the first read after the last
  // answer must already count everything.
  const expectedCalls = sum([...expected.edges.values()].map(e => e.calls));
  const observedCalls: number[] = [];
  if (options.startMs === undefined) {
    for (const backend of replicas) {
      const dependencies = await readDependencies(
        backend.baseUrl,
        Date.now() - HOUR_MS,
      );
      const seen = new Map(
        dependencies.map(d => [`${d.parent}->${d.child}`, d]),
      );
      const differences = [
        ...new Set([...seen.keys(), ...expected.edges.keys()]),
      ].filter(key => {
        const want = expected.edges.get(key);
        const got = seen.get(key);
        return (
          want?.calls !== got?.callCount || want?.errors !== got?.errorCount
        );
      });
      observedCalls.push(sum(dependencies.map(d => d.callCount)));
      suite.check(
        `${label}: dependency API of ${backend.name} counts every acknowledged call, on the first read`,
        differences.length === 0,
        `calls ${observedCalls.at(-1)} of ${expectedCalls} over ${
          seen.size
        } edges${
          differences.length
            ? `; differing edges: ${differences.join(', ')}`
            : ''
        }`,
      );
    }
  }

  // The SLO API: wait for a round that started after the last answer.
  const sloTotals = await waitFor(
    `${label}: an SLO evaluation after the last acknowledgement`,
    async () => {
      const slos = await Promise.all(
        SERVICES.map(service =>
          getJson(
            replicas[0].baseUrl,
            `/api/slo/v1/slos/default/${sloName(service)}`,
          ).then(slo => ({ service, slo })),
        ),
      );
      if (slos.some(({ slo }) => !(slo.evaluatedAt > lastAckMs)))
        return undefined;
      return slos.map(({ service, slo }) => ({
        service,
        good: slo.evaluation.sli.good as number,
        total: slo.evaluation.sli.total as number,
      }));
    },
    { timeoutMs: 120_000, intervalMs: 1000 },
  );
  const sloDifferences = sloTotals.filter(({ service, good, total }) => {
    const want = expected.servers.get(service) ?? { total: 0, errors: 0 };
    return total !== want.total || good !== want.total - want.errors;
  });
  const sloTotalExpected = sum(
    [...expected.servers.values()].map(s => s.total),
  );
  const sloTotalObserved = sum(sloTotals.map(s => s.total));
  suite.check(
    `${label}: SLO API counts every acknowledged server span (good and total, 30-day window)`,
    sloDifferences.length === 0,
    `total ${sloTotalObserved} of ${sloTotalExpected}${
      sloDifferences.length
        ? `; differing: ${sloDifferences
            .map(
              d =>
                `${d.service} ${d.good}/${d.total} want ${
                  expected.servers.get(d.service)?.total
                }`,
            )
            .join(', ')}`
        : ''
    }`,
  );

  // The schedules: count runs across replicas over a window that includes
  // the load above.
  let sloRounds = 0;
  let retentionRuns = 0;
  let sloRoundsAllowed = 0;
  let retentionRunsAllowed = 0;
  const roundsPerReplica: Record<string, number> = {};
  let windowSeconds = 0;
  if (options.windowSeconds > 0) {
    const rest = windowStartMs + options.windowSeconds * 1000 - Date.now();
    if (rest > 0) await sleep(rest);
    const windowEndMs = Date.now();
    windowSeconds = (windowEndMs - windowStartMs) / 1000;
    const inWindow = (m: LogMessage) =>
      m.atMs >= windowStartMs && m.atMs < windowEndMs;
    const all = replicas.flatMap(b => b.messages()).filter(inWindow);
    const rounds = all
      .filter(m => m.message.startsWith('SLO evaluation round:'))
      .sort((a, b) => a.atMs - b.atMs);
    const cleanups = all.filter(m => m.message.startsWith('Retention removed'));
    for (const r of rounds)
      roundsPerReplica[r.backend] = (roundsPerReplica[r.backend] ?? 0) + 1;
    sloRounds = rounds.length;
    retentionRuns = cleanups.length;
    // A cycle's run may end just inside either edge of the window.
    const allowed = Math.floor(windowSeconds / CYCLE_SECONDS) + 1;
    sloRoundsAllowed = allowed;
    retentionRunsAllowed = allowed;
    suite.check(
      `${label}: SLO evaluation ran once per ${CYCLE_SECONDS} s cycle across replicas`,
      sloRounds >= 1 && sloRounds <= allowed,
      `${sloRounds} rounds in ${windowSeconds.toFixed(
        0,
      )} s (at most ${allowed}; every replica on its own would make ${
        allowed * replicas.length
      }); by replica ${JSON.stringify(roundsPerReplica)}`,
    );
    suite.check(
      `${label}: retention ran once per ${CYCLE_SECONDS} s cycle across replicas`,
      retentionRuns >= 1 && retentionRuns <= allowed,
      `${retentionRuns} runs in ${windowSeconds.toFixed(
        0,
      )} s (at most ${allowed})`,
    );
  }

  return {
    phase: label,
    replicas: replicas.length,
    spansSent: sent,
    spansAcknowledged: acknowledged,
    spansPerReplica: perReplica,
    wallSeconds,
    edgeCallsExpected: expectedCalls,
    edgeCallsObserved: observedCalls,
    sloTotalExpected,
    sloTotalObserved,
    sloRounds,
    sloRoundsAllowed,
    retentionRuns,
    retentionRunsAllowed,
    scheduleWindowSeconds: windowSeconds,
    roundsPerReplica,
  };
}

function sum(values: number[]): number {
  return values.reduce((a, b) => a + b, 0);
}

function report(
  suite: SuiteRecorder,
  phases: PhaseFigures[],
  spansPerPhase: number,
  windowSeconds: number,
): string {
  const rows = phases.map(
    p =>
      `| ${p.phase} | ${p.spansAcknowledged.toLocaleString(
        'en-US',
      )} of ${p.spansSent.toLocaleString('en-US')} | ${p.spansPerReplica.join(
        ' / ',
      )} | ${p.wallSeconds.toFixed(1)} | ${
        p.edgeCallsObserved.length
          ? `${p.edgeCallsObserved.join(' / ')} of ${p.edgeCallsExpected}`
          : 'not read (outside the hour)'
      } | ${p.sloTotalObserved} of ${p.sloTotalExpected} | ${
        p.scheduleWindowSeconds
          ? `${p.sloRounds} / ${
              p.retentionRuns
            } in ${p.scheduleWindowSeconds.toFixed(0)} s (at most ${
              p.sloRoundsAllowed
            })`
          : '-'
      } |`,
  );
  return `## Replicas

Two, then three backend processes (\`packages/backend\`, every Steward
plugin, the catalog) share one PostgreSQL (database prefix \`${PREFIX}\`) and
use Redis as Backstage's cache (namespace \`${NAMESPACE}\`). The suite makes
shop traffic with the stock OpenTelemetry SDK (the ingest bench's
generator, one call of two spans per trace), splits every batch of
${BATCH_SPANS} spans by an FNV-1a hash of the trace id into one request
per replica, as the Collector's \`loadbalancing\` exporter with
\`routing_key: traceID\` does, alternating OTLP JSON and protobuf,
${IN_FLIGHT} batches in flight. Counts are cumulative over the phases. The
SLO evaluation and the retention clean-up run every ${CYCLE_SECONDS} s
(\`slo.evaluation.frequencySeconds\`, \`serviceGraph.retention.frequencySeconds\`);
each run logs one line, and the suite counts those lines across replicas over
a window of at least ${windowSeconds} s that includes the load.

| phase | spans acknowledged | spans per replica | s | edge calls (each replica's dependency API) | SLO totals (6 SLOs) | SLO rounds / retention runs |
| ----- | ------------------ | ----------------- | - | ------------------------------------------ | ------------------- | --------------------------- |
${rows.join('\n')}

What is checked: every request was answered 200 with no partial
rejection; each replica's \`GET /api/service-graph/v1/dependencies\`,
read right after the last answer, has exactly the acknowledged calls and
errors on every edge (ingest answers after its commit); every SLO's good
and total events over its 30-day window, from the first evaluation that
started after the last answer, equal the acknowledged server spans and
their errors, also after spans backfilled 26 hours back into periods whose
sums the replicas keep (\`service_graph_changes\` invalidates them); the
scheduled SLO evaluation and retention each ran at most once per cycle
across the replicas. Keys the replicas wrote to Redis during the run:
${suite.figures.redisKeys} (Steward's plugins keep what replicas share in
PostgreSQL; Backstage's cache is configured for the plugins that use it).

${suite.checksTable()}

Reproduce: \`yarn test:reliability replicas\` (flags \`--replica-spans ${spansPerPhase}\`,
\`--schedule-window-seconds ${windowSeconds}\`). Needs PostgreSQL on 127.0.0.1:5432 and
Redis on 127.0.0.1:6379; uses ports ${PORTS[0]}-${PORTS[1]}.`;
}
