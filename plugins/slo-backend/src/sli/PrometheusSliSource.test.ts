import { ServiceUnavailableError } from '@backstage/errors';
import { PrometheusClient } from '@steward/plugin-service-graph-common';
import { CountWindow, windowKey } from '@steward/plugin-slo-common';
import { startPrometheus } from '../__testUtils__/startPrometheus';
import { PrometheusSliSource } from './PrometheusSliSource';

jest.setTimeout(60_000);

const HOUR_MS = 3_600_000;

describe('PrometheusSliSource', () => {
  describe('against a real Prometheus', () => {
    let prometheus: Awaited<ReturnType<typeof startPrometheus>>;
    let windows: CountWindow[];

    beforeAll(async () => {
      prometheus = await startPrometheus();
      const toMs = prometheus.data.endMs;
      windows = [1, 2, 6].map(hours => ({
        fromMs: toMs - hours * HOUR_MS,
        toMs,
      }));
    });

    afterAll(async () => {
      await prometheus?.stop();
    });

    it('counts exactly with counter differences', async () => {
      // A counter's value now minus its value a window ago is exactly the
      // events in between (without a reset, which backfilled data has not),
      // on any Prometheus version: no extrapolation, no range boundaries.
      const since = (selector: string) =>
        `sum(http_requests_total${selector}) - sum(http_requests_total${selector} offset {{window}})`;
      const source = PrometheusSliSource.create({
        client: PrometheusClient.create({ baseUrl: prometheus.baseUrl }),
      });
      const counts = await source.countQueries({
        requests: [
          { key: 'by-good', good: since('{code="200"}'), total: since('') },
          { key: 'by-bad', bad: since('{code="500"}'), total: since('') },
        ],
        windows,
      });
      const expected = new Map(
        windows.map(w => [windowKey(w), prometheus.data.countsBetween(w)]),
      );
      // The last hour: 240 steps of 15 s, each with 49 good and 3 failed.
      expect(expected.get(windowKey(windows[0]))).toEqual({
        good: 240 * 49,
        total: 240 * 52,
      });
      expect(counts).toEqual(
        new Map([
          ['by-good', expected],
          ['by-bad', expected],
        ]),
      );
    });

    it('counts within 1% with increase(), which extrapolates', async () => {
      // increase() scales the first-to-last sample difference up to the
      // full range when samples do not sit on its ends; Prometheus 3's
      // left-open ranges drop the sample at the start, so this is exact on
      // 2.x and slightly extrapolated on 3.x. Real SLI queries look like
      // this, hence the tolerance rather than a different query.
      const source = PrometheusSliSource.create({
        client: PrometheusClient.create({ baseUrl: prometheus.baseUrl }),
      });
      const counts = await source.countQueries({
        requests: [
          {
            key: 'sli',
            bad: 'sum(increase(http_requests_total{code=~"5.."}[{{window}}]))',
            total: 'sum(increase(http_requests_total[{{window}}]))',
          },
        ],
        windows,
      });
      for (const window of windows) {
        const actual = counts.get('sli')!.get(windowKey(window))!;
        const expected = prometheus.data.countsBetween(window);
        expect(Math.abs(actual.total / expected.total - 1)).toBeLessThan(0.01);
        expect(Math.abs(actual.good / expected.good - 1)).toBeLessThan(0.01);
      }
    });

    it('counts 0 where the query matches no series', async () => {
      const source = PrometheusSliSource.create({
        client: PrometheusClient.create({ baseUrl: prometheus.baseUrl }),
      });
      const counts = await source.countQueries({
        requests: [
          {
            key: 'none',
            bad: 'sum(increase(no_such_metric_total[{{window}}]))',
            total: 'increase(no_such_metric_total[{{window}}])',
          },
        ],
        windows: windows.slice(0, 1),
      });
      expect(counts.get('none')?.get(windowKey(windows[0]))).toEqual({
        good: 0,
        total: 0,
      });
    });

    it("fails with Prometheus's message for a bad query", async () => {
      const source = PrometheusSliSource.create({
        client: PrometheusClient.create({ baseUrl: prometheus.baseUrl }),
      });
      const bad = 'sum(rate(http_requests_total[{{window}}])';
      const failure = source.countQueries({
        requests: [{ key: 'broken', bad, total: 'vector(1)' }],
        windows: windows.slice(0, 1),
      });
      await expect(failure).rejects.toThrow(ServiceUnavailableError);
      await expect(failure).rejects.toThrow(
        /rejected the query sum\(rate\(http_requests_total\[3600s\]\): .*parse error/,
      );
    });
  });

  it('asks each distinct query once, at most 8 at a time, as GET', async () => {
    let inFlight = 0;
    let maxInFlight = 0;
    const urls: string[] = [];
    const fakeFetch = (async (url: string) => {
      urls.push(url);
      inFlight++;
      maxInFlight = Math.max(maxInFlight, inFlight);
      await new Promise(resolve => setTimeout(resolve, 5));
      inFlight--;
      const query = new URL(url).searchParams.get('query')!;
      const result = query.startsWith('total')
        ? [
            { metric: { a: '1' }, value: [1, '60'] },
            { metric: {}, value: [1, '40'] },
          ]
        : [{ metric: {}, value: [1, '5'] }];
      return new Response(
        JSON.stringify({
          status: 'success',
          data: { resultType: 'vector', result },
        }),
      );
    }) as unknown as typeof fetch;
    const source = PrometheusSliSource.create({
      client: PrometheusClient.create({
        baseUrl: 'http://prometheus.test/',
        fetch: fakeFetch,
      }),
    });
    const windows = Array.from({ length: 20 }, (_, i) => ({
      fromMs: i * 60_000,
      toMs: i * 60_000 + 90_500,
    }));
    const counts = await source.countQueries({
      requests: [
        { key: 'a', bad: 'bad[{{window}}]', total: 'total[{{window}}]' },
        { key: 'b', good: 'good[{{window}}]', total: 'total[{{window}}]' },
      ],
      windows,
    });
    // 20 windows × (shared total, bad, good).
    expect(urls).toHaveLength(60);
    expect(maxInFlight).toBe(8);
    expect(urls[0]).toBe(
      'http://prometheus.test/api/v1/query?query=total%5B90500ms%5D&time=90.5',
    );
    expect(counts.get('a')?.get(windowKey(windows[3]))).toEqual({
      good: 95,
      total: 100,
    });
    expect(counts.get('b')?.get(windowKey(windows[3]))).toEqual({
      good: 5,
      total: 100,
    });
  });

  it('names the query when Prometheus cannot be reached', async () => {
    const source = PrometheusSliSource.create({
      client: PrometheusClient.create({
        baseUrl: 'http://prometheus.test',
        fetch: (async () => {
          throw new TypeError('fetch failed');
        }) as unknown as typeof fetch,
      }),
    });
    const failure = source.countQueries({
      requests: [{ key: 'k', bad: 'b[{{window}}]', total: 't[{{window}}]' }],
      windows: [{ fromMs: 0, toMs: 3_600_000 }],
    });
    await expect(failure).rejects.toThrow(ServiceUnavailableError);
    await expect(failure).rejects.toThrow(
      'Prometheus at http://prometheus.test did not answer the query t[3600s]; caused by TypeError: fetch failed',
    );
  });
});
