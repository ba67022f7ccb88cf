export interface Config {
  /** Configuration for the Steward service-graph backend plugin. */
  serviceGraph?: {
    /**
     * Where edges, RED and trace-based SLIs are read from: `database`
     * (default), filled by this plugin's OTLP receiver, or `prometheus`,
     * filled by the OpenTelemetry Collector's spanmetrics and servicegraph
     * connectors. The SLO backend reads this key too.
     */
    source?: 'database' | 'prometheus';
    /** The Prometheus the connectors' metrics are in, when `source` is `prometheus`. */
    prometheus?: {
      /** Base URL of Prometheus's HTTP API (or Mimir's, Thanos's), e.g. http://prometheus:9090. */
      baseUrl: string;
      /** Timeout of each query, in seconds. Default 30. */
      queryTimeoutSeconds?: number;
      spanMetrics?: {
        /**
         * Metric name prefix: the connector's `namespace` with dots as
         * underscores, after the exporter's own `namespace` if set. Empty
         * for none. Default traces_span_metrics.
         */
        prefix?: string;
        /** The connector's `histogram.unit`. Default ms. */
        durationUnit?: 'ms' | 's';
      };
      serviceGraphMetrics?: {
        /** Metric name prefix. Default traces_service_graph. */
        prefix?: string;
        /**
         * Unit of the latency histograms: s, or ms with the feature gate
         * connector.servicegraph.legacyLatencyUnitMs. Default s.
         */
        durationUnit?: 'ms' | 's';
      };
    };
    ingest?: {
      /** Largest accepted request body after decompression, in bytes. Default 64 MiB. */
      maxBodyBytes?: number;
      /** Spans accepted but not yet committed above which ingest answers 503. Default 200000. */
      maxQueuedSpans?: number;
      /** How often accepted spans are committed, in milliseconds. Default 200. */
      flushIntervalMs?: number;
      /**
       * Least time between the starts of two commits while requests wait, in
       * milliseconds: requests arriving meanwhile share the next commit.
       * Default 25.
       */
      commitIntervalMs?: number;
      /**
       * Accept OTLP without a token from loopback addresses. For the demo
       * only; production ingest uses static external-access tokens.
       */
      allowUnauthenticatedLoopback?: boolean;
    };
    pairing?: {
      /** How long an unpaired span waits for its other side, in milliseconds. Default 10000. */
      ttlMs?: number;
      /** Cap on spans waiting to be paired; the oldest are dropped beyond it. Default 100000. */
      maxPending?: number;
    };
    traces?: {
      /** How long stored traces are kept, in hours. Default 72. */
      ttlHours?: number;
      /** Share of non-erroring traces kept, 0 to 1. Default 0.01. */
      sampleRate?: number;
      /** A trace is kept or dropped once no span of it arrived for this long, in milliseconds. Default 10000. */
      assemblyWindowMs?: number;
      /** Cap on traces being gathered; the oldest are decided early beyond it. Default 20000. */
      maxBufferedTraces?: number;
      /** Kept trace ids remembered so that their later spans are stored on arrival. Default 200000. */
      maxKeptTraces?: number;
      /** Memory for the bytes of spans being gathered, in MiB; the oldest traces are decided early beyond it. Default 64. */
      maxBufferedMegabytes?: number;
    };
    /**
     * Latency thresholds (ms) counted exactly per series and bucket, for
     * latency SLIs ("good = duration ≤ T"). A latency SLO's threshold must
     * be one of these. Default 5, 10, 25, 50, 100, 200, 250, 300, 500, 750,
     * 1000, 1500, 2000, 2500, 5000, 10000.
     */
    latencyThresholdsMs?: number[];
    traceSource?: {
      /** Where traces are read from: the built-in store (default) or Jaeger's query API. */
      type?: 'builtin' | 'jaeger';
      jaeger?: {
        /** Base URL of Jaeger query, e.g. http://jaeger-query:16686. */
        baseUrl: string;
      };
    };
    retention?: {
      /** Days of minute buckets. Default 2. */
      minuteDays?: number;
      /** Days of hour buckets. Default 35. */
      hourDays?: number;
      /** Days of day buckets. Default 400. */
      dayDays?: number;
      /** How often expired buckets and traces are deleted, in seconds (once across replicas). Default 600. */
      frequencySeconds?: number;
    };
    catalog?: {
      /**
       * How far back observed edges count as catalog relations and as
       * observed dependencies for drift, e.g. 7d or 12h. Default 7d.
       */
      window?: string;
    };
  };
}
