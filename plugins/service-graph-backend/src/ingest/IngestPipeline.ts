import { LoggerService } from '@backstage/backend-plugin-api';
import { ServiceUnavailableError } from '@backstage/errors';
import { metrics, trace } from '@opentelemetry/api';
import {
  PairingCounters,
  SpanPairer,
  SpanRecord,
} from '@steward/plugin-service-graph-common';
import { Knex } from 'knex';
import { ServiceGraphConfig } from '../config';
import { writeBuckets } from '../database/operations/writeBuckets';
import { writeTraceSpans } from '../database/operations/writeTraceSpans';
import { TraceBuffer } from '../traces/TraceBuffer';
import { BucketAggregator, BucketTotals } from './BucketAggregator';

/** Ingest counters of this replica since it started. */
export type IngestStats = {
  spansAccepted: number;
  spansRejected: number;
  requestsRefused: number;
  spansQueued: number;
  commits: number;
  commitFailures: number;
  lastCommitMs?: number;
  traceSpansStored: number;
  tracesBuffered: number;
  pairing: PairingCounters;
};

type Waiter = { resolve: () => void; reject: (error: Error) => void };

const tracer = trace.getTracer('@steward/plugin-service-graph-backend');
const meter = metrics.getMeter('@steward/plugin-service-graph-backend');
const spansCounter = meter.createCounter('steward.service_graph.spans', {
  description: 'Spans received over OTLP, by outcome',
});
const commitDuration = meter.createHistogram(
  'steward.service_graph.commit.duration',
  { unit: 'ms', description: 'Time to commit one batch of buckets and traces' },
);

/**
 * Turns accepted spans into committed buckets and stored traces.
 *
 * Requests are acknowledged only after the commit that holds their
 * operations and traces (group commit: at most one commit starts per
 * `commitIntervalMs`, holding every request accepted meanwhile). Edges are
 * committed when pairing completes them, which may be with a later request
 * (at most the pairing TTL later): that window is where a crash can lose
 * paired edges, and is bounded by `pairing.ttlMs`.
 */
export class IngestPipeline {
  private readonly pairer: SpanPairer;
  private readonly traces: TraceBuffer;
  private readonly aggregator: BucketAggregator;
  private readonly seriesIds = new Map<string, number>();
  private retryTotals: BucketTotals[] = [];
  private retrySpans: SpanRecord[] = [];
  private waiters: Waiter[] = [];
  private queued = 0;
  private running: Promise<void> | undefined;
  private queuedCommit: Promise<void> | undefined;
  private timer: NodeJS.Timeout | undefined;
  /** The commit due `commitIntervalMs` after the previous one started. */
  private dueCommit: NodeJS.Timeout | undefined;
  private lastCommitStart = -Infinity;
  private readonly stats = {
    spansAccepted: 0,
    spansRejected: 0,
    requestsRefused: 0,
    commits: 0,
    commitFailures: 0,
    lastCommitMs: undefined as number | undefined,
    traceSpansStored: 0,
  };

  private constructor(
    private readonly knex: Knex,
    private readonly config: ServiceGraphConfig,
    private readonly logger: LoggerService,
    private readonly now: () => number,
  ) {
    this.pairer = SpanPairer.create({ ...config.pairing, now });
    this.aggregator = BucketAggregator.create({
      latencyThresholdsMs: config.latencyThresholdsMs,
    });
    this.traces = TraceBuffer.create({
      assemblyWindowMs: config.traces.assemblyWindowMs,
      sampleRate: config.traces.sampleRate,
      maxBufferedTraces: config.traces.maxBufferedTraces,
      maxKeptTraces: config.traces.maxKeptTraces,
      maxBufferedBytes: config.traces.maxBufferedBytes,
      now,
    });
  }

  static create(options: {
    knex: Knex;
    config: ServiceGraphConfig;
    logger: LoggerService;
    now?: () => number;
  }): IngestPipeline {
    return new IngestPipeline(
      options.knex,
      options.config,
      options.logger,
      options.now ?? Date.now,
    );
  }

  start(): void {
    this.timer = setInterval(() => {
      this.flush().catch(() => {
        // Logged in commit; the next tick retries.
      });
    }, this.config.ingest.flushIntervalMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    clearTimeout(this.dueCommit);
    this.dueCommit = undefined;
    await this.flush();
  }

  /**
   * Accepts decoded spans; resolves once they are committed. Refuses the
   * whole batch with 503 while too many spans wait for a commit.
   */
  accept(spans: SpanRecord[], rejected: number): Promise<void> {
    if (this.queued + spans.length > this.config.ingest.maxQueuedSpans) {
      this.stats.requestsRefused += 1;
      spansCounter.add(spans.length, { outcome: 'refused' });
      throw new ServiceUnavailableError(
        `ingest queue full: ${this.queued} spans waiting for commit, limit serviceGraph.ingest.maxQueuedSpans=${this.config.ingest.maxQueuedSpans}`,
      );
    }
    this.pairer.addAll(spans);
    this.traces.addAll(spans);
    this.aggregatePairs();
    this.queued += spans.length;
    this.stats.spansAccepted += spans.length;
    this.stats.spansRejected += rejected;
    spansCounter.add(spans.length, { outcome: 'accepted' });
    if (rejected > 0) spansCounter.add(rejected, { outcome: 'rejected' });
    const committed = new Promise<void>((resolve, reject) => {
      this.waiters.push({ resolve, reject });
    });
    this.scheduleCommit();
    return committed;
  }

  /**
   * Commits soon, but no sooner than `commitIntervalMs` after the previous
   * commit started: each commit has a fixed cost (statements compiled,
   * the transaction synced to disk) that dwarfs its rows, so under load the
   * requests of an interval share one commit. Failures are logged by commit
   * and retried by the timer; the request waits for the commit that lands.
   */
  private scheduleCommit(): void {
    if (this.dueCommit) return;
    const wait = Math.max(
      0,
      this.lastCommitStart +
        this.config.ingest.commitIntervalMs -
        performance.now(),
    );
    this.dueCommit = setTimeout(() => {
      this.dueCommit = undefined;
      this.flush().catch(() => undefined);
    }, wait);
  }

  /**
   * Commits everything accepted so far. One commit runs at a time; calls
   * made while it runs share the single commit queued behind it, which takes
   * all that arrived meanwhile (group commit).
   */
  flush(): Promise<void> {
    if (!this.running) {
      this.running = this.commit().finally(() => {
        this.running = undefined;
      });
      return this.running;
    }
    if (!this.queuedCommit) {
      this.queuedCommit = this.running
        .catch(() => undefined)
        .then(() => {
          this.queuedCommit = undefined;
          return this.flush();
        });
    }
    return this.queuedCommit;
  }

  getStats(): IngestStats {
    return {
      ...this.stats,
      spansQueued: this.queued,
      tracesBuffered: this.traces.bufferedTraces,
      pairing: this.pairer.counters(),
    };
  }

  /**
   * Counts what pairing completed into the buckets now, rather than at the
   * commit: the observations then die young instead of being copied by
   * every scavenge while they wait.
   */
  private aggregatePairs(): void {
    const { edges, operations } = this.pairer.drain();
    for (const edge of edges) this.aggregator.addEdge(edge);
    for (const operation of operations) {
      this.aggregator.addOperation(operation);
    }
  }

  private async commit(): Promise<void> {
    this.lastCommitStart = performance.now();
    this.pairer.expire();
    this.aggregatePairs();
    const totals = this.retryTotals.concat(this.aggregator.take());
    const spans = this.retrySpans.concat(this.traces.take());
    const waiters = this.waiters;
    const queued = this.queued;
    this.waiters = [];
    this.retryTotals = [];
    this.retrySpans = [];
    if (totals.length === 0 && spans.length === 0) {
      this.queued -= queued;
      waiters.forEach(w => w.resolve());
      return;
    }

    const started = performance.now();
    await tracer.startActiveSpan('service-graph commit', async span => {
      span.setAttribute('steward.buckets', totals.length);
      span.setAttribute('steward.trace_spans', spans.length);
      try {
        await this.knex.transaction(async tx => {
          await writeBuckets(tx, { totals, seriesIds: this.seriesIds });
          await writeTraceSpans(tx, {
            spans,
            expiresAt: this.now() + this.config.traces.ttlMs,
          });
        });
        this.queued -= queued;
        this.stats.commits += 1;
        this.stats.traceSpansStored += spans.length;
        this.stats.lastCommitMs = this.now();
        waiters.forEach(w => w.resolve());
      } catch (error) {
        // Keep everything for the next commit: accepted data is never lost,
        // and the waiting requests are answered when it lands.
        this.seriesIds.clear();
        this.retryTotals = totals;
        this.retrySpans = spans;
        this.waiters = waiters.concat(this.waiters);
        this.stats.commitFailures += 1;
        this.logger.error(`service-graph commit failed, will retry: ${error}`);
        span.recordException(error as Error);
        throw error;
      } finally {
        commitDuration.record(performance.now() - started);
        span.end();
      }
    });
  }
}
