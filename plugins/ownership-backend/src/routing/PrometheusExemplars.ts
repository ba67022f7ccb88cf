import { z } from 'zod';

const TRACE_ID = /^[0-9a-f]{32}$/i;
const TRACE_LABELS = ['trace_id', 'traceID', 'traceId'];

const response = z.object({
  status: z.literal('success'),
  data: z.array(
    z.object({
      exemplars: z.array(
        z.object({
          labels: z.record(z.string()),
          timestamp: z.number(),
        }),
      ),
    }),
  ),
});

/** Exemplar trace ids of the series an alert's expression reads. */
export interface ExemplarSource {
  latestTraceId(options: {
    expression: string;
    fromMs: number;
    toMs: number;
  }): Promise<string | undefined>;
}

/**
 * Prometheus' exemplar API (`/api/v1/query_exemplars`), which answers for
 * every series selected anywhere in an expression: the newest exemplar that
 * carries a trace id is the trace of a request that moved the alert's
 * numbers.
 */
export class DefaultExemplarSource implements ExemplarSource {
  private constructor(private readonly baseUrl: string) {}

  static create(options: { prometheusUrl: string }): DefaultExemplarSource {
    return new DefaultExemplarSource(options.prometheusUrl.replace(/\/+$/, ''));
  }

  async latestTraceId(options: {
    expression: string;
    fromMs: number;
    toMs: number;
  }): Promise<string | undefined> {
    const url = new URL(`${this.baseUrl}/api/v1/query_exemplars`);
    url.searchParams.set('query', options.expression);
    url.searchParams.set('start', String(options.fromMs / 1000));
    url.searchParams.set('end', String(options.toMs / 1000));
    const res = await fetch(url, { signal: AbortSignal.timeout(5000) });
    if (!res.ok) {
      throw new Error(`Prometheus answered ${res.status}: ${await res.text()}`);
    }
    const body = response.parse(await res.json());
    let latest: { traceId: string; at: number } | undefined;
    for (const series of body.data) {
      for (const exemplar of series.exemplars) {
        const traceId = TRACE_LABELS.map(k => exemplar.labels[k]).find(
          id => id && TRACE_ID.test(id),
        );
        if (traceId && (!latest || exemplar.timestamp > latest.at)) {
          latest = { traceId: traceId.toLowerCase(), at: exemplar.timestamp };
        }
      }
    }
    return latest?.traceId;
  }
}
