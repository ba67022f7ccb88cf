import { ServiceUnavailableError } from '@backstage/errors';
import { z } from 'zod';
import type { PrometheusSample } from './results';

const DEFAULT_TIMEOUT_MS = 30_000;

const sampleValue = z.tuple([z.number(), z.string()]);
const labels = z.record(z.string()).default({});

const successBody = z.object({
  status: z.literal('success'),
  data: z.discriminatedUnion('resultType', [
    z.object({
      resultType: z.literal('vector'),
      result: z.array(z.object({ metric: labels, value: sampleValue })),
    }),
    z.object({ resultType: z.literal('scalar'), result: sampleValue }),
    z.object({
      resultType: z.literal('matrix'),
      result: z.array(
        z.object({ metric: labels, values: z.array(sampleValue) }),
      ),
    }),
  ]),
});

const errorBody = z.object({
  status: z.literal('error'),
  errorType: z.string().optional(),
  error: z.string(),
});

/** One series of a range query: its labels and `[timeMs, value]` points. @public */
export type PrometheusSeries = {
  metric: Record<string, string>;
  points: Array<[timeMs: number, value: number]>;
};

/**
 * A small client of Prometheus's HTTP query API (`/api/v1/query` and
 * `/api/v1/query_range`), also right for Mimir, Thanos and other servers of
 * that API. Failures are ServiceUnavailableError naming the query:
 * Prometheus being down or rejecting a query is not the caller's fault.
 *
 * @public
 */
export class PrometheusClient {
  private constructor(
    private readonly options: {
      baseUrl: string;
      fetch: typeof fetch;
      timeoutMs: number;
    },
  ) {}

  static create(options: {
    baseUrl: string;
    fetch?: typeof fetch;
    /** Per query; 30 seconds unless given. */
    timeoutMs?: number;
  }): PrometheusClient {
    return new PrometheusClient({
      baseUrl: options.baseUrl.replace(/\/+$/, ''),
      fetch: options.fetch ?? globalThis.fetch,
      timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    });
  }

  get baseUrl(): string {
    return this.options.baseUrl;
  }

  /** An instant query at `timeMs`: its samples (a scalar as one unlabelled sample). */
  async query(expr: string, timeMs: number): Promise<PrometheusSample[]> {
    const data = await this.get(
      'query',
      new URLSearchParams({ query: expr, time: String(timeMs / 1000) }),
      expr,
    );
    if (data.resultType === 'scalar') {
      return [{ metric: {}, value: Number(data.result[1]) }];
    }
    if (data.resultType !== 'vector') {
      throw new ServiceUnavailableError(
        `Prometheus answered the instant query ${expr} with a ${data.resultType}`,
      );
    }
    return data.result.map(r => ({
      metric: r.metric,
      value: Number(r.value[1]),
    }));
  }

  /** A range query evaluated at start, start + step, … up to end. */
  async queryRange(options: {
    expr: string;
    startMs: number;
    endMs: number;
    stepMs: number;
  }): Promise<PrometheusSeries[]> {
    const { expr } = options;
    const data = await this.get(
      'query_range',
      new URLSearchParams({
        query: expr,
        start: String(options.startMs / 1000),
        end: String(options.endMs / 1000),
        step: String(options.stepMs / 1000),
      }),
      expr,
    );
    if (data.resultType !== 'matrix') {
      throw new ServiceUnavailableError(
        `Prometheus answered the range query ${expr} with a ${data.resultType}`,
      );
    }
    return data.result.map(r => ({
      metric: r.metric,
      points: r.values.map(([t, v]) => [Math.round(t * 1000), Number(v)]),
    }));
  }

  private async get(
    endpoint: 'query' | 'query_range',
    params: URLSearchParams,
    expr: string,
  ): Promise<z.infer<typeof successBody>['data']> {
    const url = `${this.options.baseUrl}/api/v1/${endpoint}?${params}`;
    let response: Response;
    let text: string;
    try {
      response = await this.options.fetch(url, {
        signal: AbortSignal.timeout(this.options.timeoutMs),
      });
      text = await response.text();
    } catch (error) {
      // The error base class appends the cause's message.
      throw new ServiceUnavailableError(
        `Prometheus at ${this.options.baseUrl} did not answer the query ${expr}`,
        error,
      );
    }
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      body = undefined;
    }
    const failure = errorBody.safeParse(body);
    if (failure.success) {
      throw new ServiceUnavailableError(
        `Prometheus rejected the query ${expr}: ${failure.data.error}`,
      );
    }
    const success = successBody.safeParse(body);
    if (!response.ok || !success.success) {
      throw new ServiceUnavailableError(
        `Prometheus answered the query ${expr} with HTTP ${
          response.status
        } and an unexpected body: ${text.slice(0, 200)}`,
      );
    }
    return success.data.data;
  }
}
