// Collector and Prometheus path: Steward reads edges, RED and trace-based
// SLIs from Prometheus, where the OpenTelemetry Collector's spanmetrics and
// servicegraph connectors put them, instead of ingesting traces. The
// Collector itself (otelcol-contrib) is neither a Debian nor an npm package,
// so an HTTP exporter serves the connectors' series (their metric names,
// labels and default buckets, as the Collector's Prometheus exporter writes
// them) and Debian's Prometheus scrapes it every second. A real backend on
// PostgreSQL with `serviceGraph.source: prometheus` must answer what was fed:
// dependencies, RED and operations exactly; catalog relations and drift; and
// the SLO API's trace-based SLIs with an exact ratio.
//
// Flags: --timeout-seconds S (waits for the catalog and the SLO evaluation,
//        default 240)
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  freePortIn,
  getJson,
  RELIABILITY_TOKEN,
  waitFor,
} from '../lib/api.mts';
import { startBackend } from '../lib/backend.mts';
import { dropDatabases } from '../lib/postgres.mts';
import { flag, runSuite } from '../lib/result.mts';
import {
  ConnectorMetricsExporter,
  recordShopTraffic,
  shopCatalog,
  startScrapingPrometheus,
} from '../../plugins/slo-backend/src/__testUtils__/connectorMetrics.ts';

const PREFIX = 'rel_prompath_';
const TIMEOUT_MS = Number(flag('timeout-seconds', '240')) * 1000;

const CATALOG = shopCatalog();

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
};

void runSuite('prometheus-path', async suite => {
  await dropDatabases(PREFIX);
  suite.onCleanup(async () => {
    await dropDatabases(PREFIX);
  });
  const dir = await mkdtemp(join(tmpdir(), 'steward-reliability-prompath-'));
  suite.onCleanup(() => rm(dir, { recursive: true, force: true }));

  const exporter = await ConnectorMetricsExporter.start(
    await freePortIn(9300, 9349),
  );
  suite.onCleanup(() => exporter.stop());
  const prometheus = await startScrapingPrometheus({
    exporter,
    port: await freePortIn(9350, 9399),
  });
  suite.onCleanup(() => prometheus.stop());
  recordShopTraffic(exporter);
  const toMs = await exporter.settled();
  await prometheus.ingested(toMs);
  const fromMs = toMs - 300_000;

  const catalogFile = join(dir, 'catalog.yaml');
  // JSON is YAML: one document per `---`.
  await writeFile(
    catalogFile,
    CATALOG.map(d => JSON.stringify(d)).join('\n---\n'),
  );
  const backend = await startBackend({
    name: 'prompath',
    port: await freePortIn(7300, 7399),
    databasePrefix: PREFIX,
    config: {
      catalog: {
        locations: [{ type: 'file', target: catalogFile }],
        processingInterval: { seconds: 5 },
      },
      serviceGraph: {
        source: 'prometheus',
        prometheus: { baseUrl: prometheus.baseUrl },
        catalog: { refreshSeconds: 5 },
      },
      slo: { evaluation: { frequencySeconds: 5 } },
    },
  });
  suite.onCleanup(() => backend.stop());
  const api = (path: string) => getJson(backend.baseUrl, path);
  const range = `from=${fromMs}&to=${toMs}`;

  // Exact: every series starts at zero inside the range, which ends on a scrape.
  const deps = await api(`/api/service-graph/v1/dependencies?${range}`);
  const edges = deps.dependencies.map(
    (d: any) =>
      `${d.parent}->${d.child} ${d.connectionType || 'rpc'} ${d.callCount}/${
        d.errorCount
      }`,
  );
  const expectedEdges = [
    'checkout->payment rpc 100/5',
    'checkout->postgres database 50/0',
    'web->checkout rpc 100/10',
  ];
  suite.check(
    'dependencies equal the servicegraph counts fed',
    JSON.stringify(edges) === JSON.stringify(expectedEdges),
    edges.join(', '),
  );
  const web = deps.dependencies.find((d: any) => d.parent === 'web');
  suite.check(
    'edge latency interpolated in the (10 ms, 50 ms] bucket',
    Math.abs(web.latencyMs.p50 - 30) < 1e-9 &&
      Math.abs(web.latencyMs.p99 - 49.6) < 1e-9,
    `p50 ${web.latencyMs.p50} ms, p99 ${web.latencyMs.p99} ms (expected 30, 49.6)`,
  );

  const red = await api(`/api/service-graph/v1/red?service=checkout&${range}`);
  suite.check(
    "RED counts the service's SERVER spans only",
    red.totals.calls === 140 && red.totals.errors === 10,
    `${red.totals.calls} calls, ${red.totals.errors} errors (expected 140, 10; 100 CLIENT spans left out)`,
  );
  const [promP50] = (
    await getJson(
      prometheus.baseUrl,
      `/api/v1/query?time=${toMs / 1000}&query=${encodeURIComponent(
        'histogram_quantile(0.5, sum by (le)(increase(traces_span_metrics_duration_milliseconds_bucket{service_name="checkout", span_kind="SPAN_KIND_SERVER"}[300s])))',
      )}`,
    )
  ).data.result;
  suite.check(
    "RED p50 equals Prometheus's histogram_quantile",
    Math.abs(red.totals.latencyMs.p50 - Number(promP50.value[1])) < 1e-9,
    `${red.totals.latencyMs.p50} ms vs ${promP50.value[1]} ms`,
  );
  const ops = await api(
    `/api/service-graph/v1/operations?service=checkout&${range}`,
  );
  const opsText = ops.operations
    .map((o: any) => `${o.operation} ${o.calls}/${o.errors}`)
    .join(', ');
  suite.check(
    'operations per span name',
    opsText === 'POST /orders 100/10, GET /cart 40/0',
    opsText,
  );

  const sliWindows = await fetch(
    `${backend.baseUrl}/api/service-graph/v1/sli/windows`,
    {
      method: 'POST',
      headers: {
        'Content-Type': 'application/json',
        Authorization: `Bearer ${RELIABILITY_TOKEN}`,
      },
      body: JSON.stringify({ windows: [{ from: fromMs, to: toMs }] }),
    },
  );
  suite.check(
    'SLI windows refused with 501',
    sliWindows.status === 501,
    `HTTP ${sliWindows.status}`,
  );

  // The catalog module reads the observed relations from the same API.
  const checkoutEntity = await waitFor(
    'the observed dependency on postgres in the catalog',
    async () => {
      const entity = await api(
        '/api/catalog/entities/by-name/component/default/checkout',
      );
      const targets = (entity.relations ?? [])
        .filter((r: any) => r.type === 'dependsOn')
        .map((r: any) => r.targetRef);
      return targets.includes('resource:default/postgres')
        ? targets
        : undefined;
    },
    { timeoutMs: TIMEOUT_MS, intervalMs: 2000 },
  ).catch(error => {
    suite.check('observed relations reach the catalog', false, String(error));
    return undefined;
  });
  if (checkoutEntity) {
    suite.check(
      'observed relations reach the catalog',
      true,
      `checkout dependsOn ${checkoutEntity.sort().join(', ')}`,
    );
  }
  const drift = await api(
    '/api/service-graph/v1/drift?entityRef=component:default/checkout&window=1h',
  );
  suite.check(
    'drift: inventory declared, not observed; postgres observed, not declared',
    JSON.stringify([
      drift.confirmed,
      drift.declaredNotObserved,
      drift.observedNotDeclared,
    ]) ===
      JSON.stringify([
        ['component:default/payment'],
        ['component:default/inventory'],
        ['resource:default/postgres'],
      ]),
    JSON.stringify(drift),
  );

  // SLIs are evaluated at the evaluation's own time, past the last sample:
  // increase() then extrapolates every series alike, by at most 1.1 scrape
  // intervals over the time sampled, so counts run a little high while
  // their ratio stays exact.
  const slo = (name: string) => api(`/api/slo/v1/slos/default/${name}`);
  const availability = await waitFor(
    'the first SLO evaluation',
    async () => {
      const detail = await slo('checkout-availability').catch(() => undefined);
      return detail?.evaluation?.sli?.total > 0 ? detail.evaluation : undefined;
    },
    { timeoutMs: TIMEOUT_MS, intervalMs: 2000 },
  );
  const { good, total } = availability.sli;
  // The samples run from before toMs to the evaluation, one a second: the
  // end is extrapolated by at most 1.1 s over at least that long.
  const sampledMs = availability.evaluatedAt - toMs;
  const bound = 1100 / sampledMs;
  const extrapolation = total / 140 - 1;
  suite.check(
    'availability SLI ratio exact from calls_total by status_code',
    Math.abs(good / total - 130 / 140) < 1e-9,
    `${good.toFixed(3)} / ${total.toFixed(3)} = ${(good / total).toFixed(
      9,
    )} (fed 130 / 140)`,
  );
  suite.check(
    'availability SLI counts within the extrapolation bound',
    extrapolation >= 0 && extrapolation <= bound,
    `total ${(extrapolation * 100).toFixed(
      3,
    )}% above what was fed; bound 1.1 s / ${(sampledMs / 1000).toFixed(
      1,
    )} s = ${(bound * 100).toFixed(3)}%`,
  );
  const latency = (await slo('orders-latency')).evaluation;
  suite.check(
    'latency SLI at a bucket bound: every POST /orders ≤ 200 ms is good',
    latency.sli.good === latency.sli.total &&
      latency.sli.total / 100 - 1 >= 0 &&
      latency.sli.total / 100 - 1 <= 1100 / (latency.evaluatedAt - toMs),
    `${latency.sli.good.toFixed(3)} / ${latency.sli.total.toFixed(
      3,
    )} (fed 100 / 100, extrapolated alike)`,
  );
  const notABound = (await slo('orders-latency-300')).evaluation;
  suite.check(
    'latency threshold that is not a bucket bound is reported, not miscounted',
    notABound.state === 'unsupported' &&
      /not a bucket bound/.test(notABound.reason ?? ''),
    notABound.reason ?? notABound.state,
  );

  // Answer times of the query API over Prometheus (loopback, 20 calls each).
  const timings: Record<string, number> = {};
  const cpuBefore = backend.usage().cpuSeconds;
  let calls = 0;
  for (const [name, path] of [
    ['dependencies 1h', `/api/service-graph/v1/dependencies?to=${toMs}`],
    [
      'red 1h, 1m steps',
      `/api/service-graph/v1/red?service=checkout&to=${toMs}&step=1m`,
    ],
    [
      'operations 1h',
      `/api/service-graph/v1/operations?service=checkout&to=${toMs}`,
    ],
  ] as const) {
    const walls: number[] = [];
    for (let i = 0; i < 20; i++) {
      const started = performance.now();
      await api(path);
      walls.push(performance.now() - started);
      calls++;
    }
    timings[name] = Number(median(walls).toFixed(1));
  }
  const cpuMsPerCall =
    ((backend.usage().cpuSeconds - cpuBefore) * 1000) / calls;
  suite.figure('medianAnswerMs', timings);
  suite.figure('backendCpuMsPerCall', Number(cpuMsPerCall.toFixed(2)));
  suite.figure(
    'sliExtrapolationPercent',
    Number((extrapolation * 100).toFixed(3)),
  );

  return [
    '## Collector and Prometheus path',
    '',
    'A backend with `serviceGraph.source: prometheus` (PostgreSQL, the catalog, the SLO backend) reads',
    "what the OpenTelemetry Collector's spanmetrics and servicegraph connectors put in Prometheus.",
    'The Collector itself (otelcol-contrib) is neither a Debian nor an npm package, so a small HTTP',
    "exporter serves the connectors' series (their metric names, labels and default buckets, as the",
    "Collector's Prometheus exporter writes them) and Debian's Prometheus scrapes it every second.",
    '',
    suite.checksTable(),
    '',
    'Dependencies, RED and operations are exact because each series starts at zero inside the queried',
    'range and the range ends on a scrape: `increase()` then extrapolates neither end. SLIs are evaluated',
    "at the evaluation's own time, after the last scrape, where `increase()` extrapolates every series",
    `by the same factor (here ${(extrapolation * 100).toFixed(
      3,
    )}%), so the ratio stays exact and the`,
    'counts run high by at most 1.1 scrape intervals over the time sampled.',
    '',
    '| query (loopback, median of 20) | answer ms |',
    '| ------------------------------ | --------- |',
    ...Object.entries(timings).map(([name, ms]) => `| ${name} | ${ms} |`),
    '',
    `Backend CPU per query call: ${cpuMsPerCall.toFixed(
      2,
    )} ms (three PromQL queries per call, six with steps).`,
  ].join('\n');
});
