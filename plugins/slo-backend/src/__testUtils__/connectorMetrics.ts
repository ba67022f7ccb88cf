// The OpenTelemetry Collector's spanmetrics and servicegraph connectors as
// Prometheus sees them through the Collector's Prometheus exporter: an HTTP
// exposition of their counters and histograms, with their metric names and
// labels, which a test advances; and Debian's Prometheus scraping it every
// second. Also imported by reliability/suites/prometheus-path.mts, so it
// keeps to TypeScript that Node can strip and imports with extensions.
import { createServer, Server } from 'node:http';
import { launchPrometheus, type RunningPrometheus } from './startPrometheus.ts';

/** The spanmetrics connector's default histogram bounds, in ms. */
export const SPAN_METRICS_BUCKETS_MS = [
  2, 4, 6, 8, 10, 50, 100, 200, 400, 800, 1000, 1400, 2000, 5000, 10000, 15000,
];

/** The servicegraph connector's default latency bounds, in seconds. */
export const SERVICE_GRAPH_BUCKETS_S = [
  0.002, 0.004, 0.006, 0.008, 0.01, 0.05, 0.1, 0.2, 0.4, 0.8, 1, 1.4, 2, 5, 10,
  15,
];

type Family = {
  name: string;
  type: 'counter' | 'histogram';
  /** Bounds in the histogram's unit; values are recorded in it. */
  buckets?: number[];
};

type Series = {
  family: Family;
  labels: Record<string, string>;
  /** What the last scrape showed, and what is still to be shown. */
  shown: number[];
  pending: number[];
  /** Whether a scrape has shown the series (at zero) yet. */
  born: boolean;
};

const escapeLabel = (value: string) =>
  value.replaceAll('\\', '\\\\').replaceAll('"', '\\"').replaceAll('\n', '\\n');

const labelText = (labels: Record<string, string>) =>
  Object.entries(labels)
    .map(([k, v]) => `${k}="${escapeLabel(v)}"`)
    .join(',');

/**
 * The connectors' series, exposed with explicit timestamps on whole
 * seconds. Every series first shows at zero, and what is recorded shows
 * from the next scrape in a later second: so that `increase()` over a range
 * that starts before the series and ends on a scrape counts exactly what
 * was recorded (no extrapolation at a series' birth, none at the end).
 */
export class ConnectorMetricsExporter {
  readonly url: string;
  /** The timestamp of the newest samples served. */
  lastServedMs = 0;
  private readonly server: Server;
  private readonly series = new Map<string, Series>();
  private waiters: Array<() => void> = [];

  private constructor(server: Server, url: string) {
    this.server = server;
    this.url = url;
  }

  /** On `port`, or a free one. */
  static async start(port = 0): Promise<ConnectorMetricsExporter> {
    const server = createServer();
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => resolve());
    });
    const address = server.address() as { port: number };
    const exporter = new ConnectorMetricsExporter(
      server,
      `127.0.0.1:${address.port}`,
    );
    server.on('request', (_req, res) => {
      res.setHeader('Content-Type', 'text/plain; version=0.0.4');
      res.end(exporter.scrape());
    });
    return exporter;
  }

  /**
   * `count` served spans (SERVER unless `kind` says otherwise) of one
   * operation, each taking `durationMs`, under spanmetrics names with
   * `prefix` and durations in `unit`.
   */
  recordSpans(options: {
    service: string;
    operation: string;
    kind?: string;
    error?: boolean;
    durationMs: number;
    count: number;
    prefix?: string;
    unit?: 'ms' | 's';
  }): void {
    const prefix = options.prefix ?? 'traces_span_metrics';
    const unit = options.unit ?? 'ms';
    const labels = {
      service_name: options.service,
      span_name: options.operation,
      span_kind: options.kind ?? 'SPAN_KIND_SERVER',
      status_code: options.error ? 'STATUS_CODE_ERROR' : 'STATUS_CODE_UNSET',
    };
    this.add(
      { name: `${prefix}_calls_total`, type: 'counter' },
      labels,
      0,
      options.count,
    );
    this.add(
      {
        name: `${prefix}_duration_${unit === 's' ? 'seconds' : 'milliseconds'}`,
        type: 'histogram',
        buckets:
          unit === 's'
            ? SPAN_METRICS_BUCKETS_MS.map(b => b / 1000)
            : SPAN_METRICS_BUCKETS_MS,
      },
      labels,
      unit === 's' ? options.durationMs / 1000 : options.durationMs,
      options.count,
    );
  }

  /** `count` requests on one edge, as the servicegraph connector counts them. */
  recordRequests(options: {
    client: string;
    server: string;
    connectionType?: string;
    failed?: boolean;
    clientDurationMs: number;
    serverDurationMs: number;
    count: number;
  }): void {
    const labels = {
      client: options.client,
      server: options.server,
      connection_type: options.connectionType ?? '',
    };
    const counter = (name: string): Family => ({ name, type: 'counter' });
    const latency = (name: string): Family => ({
      name,
      type: 'histogram',
      buckets: SERVICE_GRAPH_BUCKETS_S,
    });
    this.add(
      counter('traces_service_graph_request_total'),
      labels,
      0,
      options.count,
    );
    this.add(
      counter('traces_service_graph_request_failed_total'),
      labels,
      0,
      options.failed ? options.count : 0,
    );
    this.add(
      latency('traces_service_graph_request_client_seconds'),
      labels,
      options.clientDurationMs / 1000,
      options.count,
    );
    this.add(
      latency('traces_service_graph_request_server_seconds'),
      labels,
      options.serverDurationMs / 1000,
      options.count,
    );
  }

  /**
   * Resolves after a scrape has shown everything recorded so far; its
   * samples' timestamp is then `lastServedMs`.
   */
  async settled(timeoutMs = 20_000): Promise<number> {
    const deadline = Date.now() + timeoutMs;
    while (
      [...this.series.values()].some(
        s => !s.born || s.pending.some((v, i) => v !== s.shown[i]),
      )
    ) {
      if (Date.now() > deadline)
        throw new Error('The exporter was not scraped');
      await new Promise<void>(resolve => this.waiters.push(resolve));
    }
    return this.lastServedMs;
  }

  async stop(): Promise<void> {
    await new Promise<void>(resolve => this.server.close(() => resolve()));
  }

  private add(
    family: Family,
    labels: Record<string, string>,
    value: number,
    count: number,
  ) {
    const key = `${family.name}{${labelText(labels)}}`;
    let series = this.series.get(key);
    if (!series) {
      // Counter: [value]. Histogram: one per bucket (not cumulative), +Inf, sum.
      const size = family.type === 'counter' ? 1 : family.buckets!.length + 2;
      series = {
        family,
        labels,
        shown: new Array(size).fill(0),
        pending: new Array(size).fill(0),
        born: false,
      };
      this.series.set(key, series);
    }
    if (family.type === 'counter') {
      series.pending[0] += count;
      return;
    }
    const buckets = family.buckets!;
    const at = buckets.findIndex(b => value <= b);
    series.pending[at === -1 ? buckets.length : at] += count;
    series.pending[buckets.length + 1] += value * count;
  }

  private scrape(): string {
    const nowMs = Math.floor(Date.now() / 1000) * 1000;
    // A second scrape within the same second must not change a value at a
    // timestamp Prometheus already holds.
    const advance = nowMs > this.lastServedMs;
    const lines: string[] = [];
    const typed = new Set<string>();
    for (const s of this.series.values()) {
      if (advance) {
        if (s.born) s.shown = [...s.pending];
        s.born = true;
      }
      const { name, type, buckets } = s.family;
      if (!typed.has(name)) {
        typed.add(name);
        lines.push(`# TYPE ${name} ${type}`);
      }
      const ts = advance ? nowMs : this.lastServedMs;
      if (type === 'counter') {
        lines.push(`${name}{${labelText(s.labels)}} ${s.shown[0]} ${ts}`);
        continue;
      }
      let cumulative = 0;
      buckets!.forEach((le, i) => {
        cumulative += s.shown[i];
        lines.push(
          `${name}_bucket{${labelText({
            ...s.labels,
            le: String(le),
          })}} ${cumulative} ${ts}`,
        );
      });
      cumulative += s.shown[buckets!.length];
      lines.push(
        `${name}_bucket{${labelText({
          ...s.labels,
          le: '+Inf',
        })}} ${cumulative} ${ts}`,
      );
      lines.push(`${name}_count{${labelText(s.labels)}} ${cumulative} ${ts}`);
      lines.push(
        `${name}_sum{${labelText(s.labels)}} ${
          s.shown[buckets!.length + 1]
        } ${ts}`,
      );
    }
    if (advance) this.lastServedMs = nowMs;
    const waiters = this.waiters;
    this.waiters = [];
    // After the response is written: the waiters read lastServedMs.
    setImmediate(() => waiters.forEach(w => w()));
    return `${lines.join('\n')}\n`;
  }
}

/**
 * Debian's Prometheus scraping `exporter` every second (its timestamps
 * honoured). `ingested(timeMs)` waits until Prometheus holds the samples of
 * `timeMs`.
 */
export async function startScrapingPrometheus(options: {
  exporter: ConnectorMetricsExporter;
  port?: number;
  timeoutMs?: number;
}): Promise<RunningPrometheus & { ingested(timeMs: number): Promise<void> }> {
  const prometheus = await launchPrometheus({
    configYaml: [
      'global:',
      '  scrape_interval: 1s',
      '  scrape_timeout: 1s',
      'scrape_configs:',
      '  - job_name: otel-collector',
      '    honor_timestamps: true',
      '    static_configs:',
      `      - targets: ['${options.exporter.url}']`,
      '',
    ].join('\n'),
    port: options.port,
    timeoutMs: options.timeoutMs,
  });
  const ingested = async (timeMs: number) => {
    const deadline = Date.now() + 20_000;
    const query = new URLSearchParams({
      // One metric: timestamp() drops names, and several metrics' series
      // would then clash.
      query: 'max(timestamp(traces_service_graph_request_total))',
      time: String(Date.now() / 1000 + 60),
    });
    for (;;) {
      const response = await fetch(
        `${prometheus.baseUrl}/api/v1/query?${query}`,
      );
      const body = (await response.json()) as {
        data?: { result: Array<{ value: [number, string] }> };
        error?: string;
      };
      if (!body.data) throw new Error(`Prometheus: ${body.error}`);
      const latest = Number(body.data.result[0]?.value[1] ?? 0) * 1000;
      if (latest >= timeMs) return;
      if (Date.now() > deadline) {
        throw new Error(`Prometheus did not ingest the samples of ${timeMs}`);
      }
      await new Promise(resolve => setTimeout(resolve, 200));
    }
  };
  return { ...prometheus, ingested };
}

/**
 * A small shop as the connectors see it, recorded at once so that every
 * count is known: checkout serves 140 requests (POST /orders 100 with 10
 * failed, 90 of them at 30 ms and the failed at 150 ms; GET /cart 40 at
 * 5 ms) and makes 100 CLIENT calls, which are not its requests; payment
 * serves 100. POST /orders is recorded again under the names a Collector
 * with `histogram.unit: s` and the exporter namespace `otel` writes. Edges:
 * web → checkout 100 (10 failed, 40 ms as the client saw it), checkout →
 * payment 100 (5 failed, 130 ms), checkout → postgres 50 (database, 3 ms).
 */
export function recordShopTraffic(exporter: ConnectorMetricsExporter): void {
  const orders = { service: 'checkout', operation: 'POST /orders' };
  for (const names of [
    {},
    { prefix: 'otel_traces_span_metrics', unit: 's' as const },
  ]) {
    exporter.recordSpans({ ...orders, ...names, durationMs: 30, count: 90 });
    exporter.recordSpans({
      ...orders,
      ...names,
      durationMs: 150,
      count: 10,
      error: true,
    });
  }
  exporter.recordSpans({
    service: 'checkout',
    operation: 'GET /cart',
    durationMs: 5,
    count: 40,
  });
  exporter.recordSpans({
    service: 'checkout',
    operation: 'charge',
    kind: 'SPAN_KIND_CLIENT',
    durationMs: 120,
    count: 100,
  });
  exporter.recordSpans({
    service: 'payment',
    operation: 'POST /charge',
    durationMs: 110,
    count: 100,
  });
  const edge = (
    client: string,
    server: string,
    o: {
      clientDurationMs: number;
      ok: number;
      failed: number;
      connectionType?: string;
    },
  ) => {
    const common = {
      client,
      server,
      connectionType: o.connectionType,
      clientDurationMs: o.clientDurationMs,
      serverDurationMs: o.clientDurationMs - 10,
    };
    exporter.recordRequests({ ...common, count: o.ok });
    if (o.failed > 0) {
      exporter.recordRequests({ ...common, count: o.failed, failed: true });
    }
  };
  edge('web', 'checkout', { clientDurationMs: 40, ok: 90, failed: 10 });
  edge('checkout', 'payment', { clientDurationMs: 130, ok: 95, failed: 5 });
  edge('checkout', 'postgres', {
    clientDurationMs: 3,
    ok: 50,
    failed: 0,
    connectionType: 'database',
  });
}

/**
 * The shop's catalog: Components web, checkout (declaring payment and
 * inventory) and payment, the Resource postgres, their Group, and three
 * trace-based SLOs of checkout: availability, POST /orders under 200 ms (a
 * bucket bound) and under 300 ms (not one).
 */
export function shopCatalog(): Array<Record<string, any>> {
  const owner = 'shop-team';
  const component = (name: string, dependsOn: string[] = []) => ({
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name, namespace: 'default' },
    spec: { type: 'service', lifecycle: 'production', owner, dependsOn },
  });
  const traceSlo = (name: string, spec: Record<string, unknown>) => {
    const source = { metricSource: { type: 'steward-service-graph', spec } };
    return {
      apiVersion: 'openslo/v1',
      kind: 'SLO',
      metadata: { name, namespace: 'default' },
      spec: {
        service: 'checkout',
        indicator: {
          metadata: { name: `${name}-sli` },
          spec: { ratioMetric: { counter: true, good: source, total: source } },
        },
        timeWindow: [{ duration: '1d', isRolling: true }],
        budgetingMethod: 'Occurrences',
        objectives: [{ displayName: name, target: 0.9 }],
      },
    };
  };
  const orders = { operation: 'POST /orders', signal: 'latency' };
  return [
    {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Group',
      metadata: { name: owner, namespace: 'default' },
      spec: { type: 'team', children: [] },
    },
    component('web', ['component:default/checkout']),
    component('checkout', [
      'component:default/payment',
      'component:default/inventory',
    ]),
    component('payment'),
    {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Resource',
      metadata: { name: 'postgres', namespace: 'default' },
      spec: { type: 'database', owner },
    },
    traceSlo('checkout-availability', { signal: 'availability' }),
    traceSlo('orders-latency', { ...orders, thresholdMs: 200 }),
    traceSlo('orders-latency-300', { ...orders, thresholdMs: 300 }),
  ];
}
