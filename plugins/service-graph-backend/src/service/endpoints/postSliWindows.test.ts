import { mockCredentials, TestDatabases } from '@backstage/backend-test-utils';
import request from 'supertest';
import { startServiceGraphBackend } from '../../__testUtils__/startServiceGraphBackend';

jest.setTimeout(60_000);

const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });

const MS = 1_000_000n;

/** SERVER spans of `cart` ending now with the given durations. */
function serverSpans(durationsMs: number[], errorAt: number[]) {
  // BigInt: nanoseconds since 1970 exceed a double's exact integers.
  const end = BigInt(Date.now()) * MS;
  return {
    resourceSpans: [
      {
        resource: {
          attributes: [{ key: 'service.name', value: { stringValue: 'cart' } }],
        },
        scopeSpans: [
          {
            spans: durationsMs.map((d, i) => ({
              traceId: `${(i + 1).toString(16).padStart(32, '0')}`,
              spanId: `${(i + 1).toString(16).padStart(16, '0')}`,
              name: 'GET /cart',
              kind: 2,
              startTimeUnixNano: String(end - BigInt(d * 1000) * (MS / 1000n)),
              endTimeUnixNano: String(end),
              attributes: [
                { key: 'http.route', value: { stringValue: '/cart' } },
              ],
              status: errorAt.includes(i) ? { code: 2 } : {},
            })),
          },
        ],
      },
    ],
  };
}

describe.each(databases.eachSupportedId())(
  'POST /v1/sli/windows on %s',
  databaseId => {
    it('sums calls, errors and exact threshold counts over windows', async () => {
      const backend = await startServiceGraphBackend({
        databases,
        databaseId,
        config: { latencyThresholdsMs: [50, 100, 250, 500, 1000] },
      });
      try {
        const ingest = await request(backend.server)
          .post('/api/service-graph/v1/traces')
          .set('Authorization', mockCredentials.service.header())
          .send(serverSpans([40, 40, 50, 100.5, 120, 600, 1500], [5]));
        expect(ingest.status).toBe(200);

        const now = Date.now();
        const post = (body: object) =>
          request(backend.server)
            .post('/api/service-graph/v1/sli/windows')
            .set('Authorization', mockCredentials.user.header())
            .send(body);

        const res = await post({
          services: ['cart'],
          thresholdsMs: [50, 100, 250, 1000],
          windows: [
            { from: now - 3_600_000, to: now + 60_000 },
            { from: now - 7_200_000, to: now - 3_600_000 },
          ],
        });
        expect(res.status).toBe(200);
        expect(res.body.windows[0].series).toEqual([
          {
            source: 'cart',
            target: '/cart',
            connectionType: '',
            calls: 7,
            errors: 1,
            goodAtOrBelowMs: { '50': 3, '100': 3, '250': 5, '1000': 6 },
          },
        ]);
        expect(res.body.windows[1].series).toEqual([]);

        const untracked = await post({
          services: ['cart'],
          thresholdsMs: [100, 300],
          windows: [{ from: now - 3_600_000, to: now + 60_000 }],
        });
        expect(untracked.status).toBe(200);
        expect(untracked.body.untrackedThresholdsMs).toEqual([300]);
        expect(untracked.body.windows[0].series[0].goodAtOrBelowMs).toEqual({
          '100': 3,
        });

        // Selectors: three numbers per selection instead of every series.
        const selected = await post({
          selectors: [
            { source: 'cart' },
            { source: 'cart', target: '/cart', thresholdMs: 250 },
            { source: 'cart', target: '/other' },
            { source: 'cart', thresholdMs: 300 },
            { source: 'nobody' },
          ],
          windows: [
            { from: now - 3_600_000, to: now + 60_000 },
            { from: now - 7_200_000, to: now - 3_600_000 },
          ],
        });
        expect(selected.status).toBe(200);
        expect(selected.body.untrackedThresholdsMs).toEqual([300]);
        expect(selected.body.windows[0].series).toEqual([]);
        expect(selected.body.windows[0].sums).toEqual([
          7, 1, 0, 7, 1, 5, 0, 0, 0, 7, 1, 0, 0, 0, 0,
        ]);
        expect(selected.body.windows[1].sums).toEqual(new Array(15).fill(0));

        const backwards = await post({ windows: [{ from: now, to: now - 1 }] });
        expect(backwards.status).toBe(400);
        expect(backwards.body.error.message).toContain('windows.0');

        // Found by fuzzing: a body of the wrong shape was called the query,
        // or (`true`, `null`, numbers) "not valid JSON".
        for (const body of ['true', 'null', '7', '"x"', '[]']) {
          const wrong = await request(backend.server)
            .post('/api/service-graph/v1/sli/windows')
            .set('Authorization', mockCredentials.user.header())
            .set('Content-Type', 'application/json')
            .send(body);
          expect(wrong.status).toBe(400);
          expect(wrong.body.error.message).toMatch(/^Invalid body: body: /);
        }
      } finally {
        await backend.stop();
      }
    });
  },
);
