import {
  mockCredentials,
  mockServices,
  TestDatabases,
} from '@backstage/backend-test-utils';
import { tableNames } from '@steward/fuzz';
import { networkInterfaces } from 'node:os';
import waitForExpect from 'wait-for-expect';
import { startServiceGraphBackend } from './__testUtils__/startServiceGraphBackend';

jest.setTimeout(90_000);

const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });

// As in production, a request without a token has no credentials (the test
// backend would otherwise take it for a signed-in user).
const noDefaultUser = mockServices.httpAuth.factory({
  defaultCredentials: mockCredentials.none(),
});

/** Names an injection would need to confuse: quotes, LIKE wildcards. */
const SERVICES = ['shop', "sh'op", 'sh%op', 'sh_op'];

function otlpRequest(nowMs: number) {
  return {
    resourceSpans: SERVICES.map((service, i) => ({
      resource: {
        attributes: [{ key: 'service.name', value: { stringValue: service } }],
      },
      scopeSpans: [
        {
          spans: [
            {
              traceId: `${i + 1}`.padStart(32, 'a'),
              spanId: `${i + 1}`.padStart(16, 'b'),
              name: `GET /${service}`,
              kind: 2,
              startTimeUnixNano: `${nowMs - 20}000000`,
              endTimeUnixNano: `${nowMs}000000`,
              status: { code: 2 },
            },
          ],
        },
      ],
    })),
  };
}

/** An address of this machine that is not loopback, as a remote client has. */
function nonLoopbackAddress(): string {
  for (const list of Object.values(networkInterfaces())) {
    for (const a of list ?? []) {
      if (!a.internal && a.family === 'IPv4') return a.address;
    }
  }
  throw new Error('this test needs a non-loopback IPv4 address');
}

function ingest(url: string, headers: Record<string, string> = {}) {
  return fetch(url, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...headers },
    body: JSON.stringify(otlpRequest(Date.now())),
  });
}

describe.each(databases.eachSupportedId())(
  'service-graph security on %s',
  databaseId => {
    it('refuses ingest without a service token', async () => {
      const backend = await startServiceGraphBackend({
        databases,
        databaseId,
        config: { ingest: { allowUnauthenticatedLoopback: false } },
      });
      try {
        const url = `${backend.baseUrl}/v1/traces`;
        const anonymous = await ingest(url);
        expect(anonymous.status).toBe(401);
        expect((await anonymous.json()).message).toContain('Authorization');
        const user = await ingest(url, {
          Authorization: mockCredentials.user.header(),
        });
        expect(user.status).toBe(403);
        const forged = await ingest(url, { Authorization: 'Bearer forged' });
        expect(forged.status).toBe(401);
        const service = await ingest(url, {
          Authorization: mockCredentials.service.header(),
        });
        expect(service.status).toBe(200);
      } finally {
        await backend.stop();
      }
    });

    it('admits unauthenticated ingest from loopback only, when configured to', async () => {
      const backend = await startServiceGraphBackend({
        databases,
        databaseId,
        config: { ingest: { allowUnauthenticatedLoopback: true } },
      });
      try {
        const port = backend.server.port();
        const loopback = await ingest(
          `http://127.0.0.1:${port}/api/service-graph/v1/traces`,
        );
        expect(loopback.status).toBe(200);
        const remote = await ingest(
          `http://${nonLoopbackAddress()}:${port}/api/service-graph/v1/traces`,
        );
        expect(remote.status).toBe(401);
      } finally {
        await backend.stop();
      }
    });

    it('refuses the reads and writes that need credentials without them', async () => {
      const backend = await startServiceGraphBackend({
        databases,
        databaseId,
        features: [noDefaultUser],
      });
      try {
        const refused = [
          ['GET', '/v1/traces?service=shop'],
          ['GET', `/v1/traces/${'a'.repeat(32)}`],
          ['GET', '/v1/dependencies'],
          ['POST', '/v1/sli/windows'],
        ];
        for (const [method, path] of refused) {
          const res = await fetch(`${backend.baseUrl}${path}`, {
            method,
            headers: { 'Content-Type': 'application/json' },
            body: method === 'POST' ? '{"windows":[]}' : undefined,
          });
          expect([method, path, res.status]).toEqual([method, path, 401]);
        }
      } finally {
        await backend.stop();
      }
    });

    it('treats SQL and LIKE metacharacters, long values and lists in queries as data', async () => {
      const backend = await startServiceGraphBackend({ databases, databaseId });
      try {
        const user = { Authorization: mockCredentials.user.header() };
        const get = async (path: string) => {
          const res = await fetch(`${backend.baseUrl}${path}`, {
            headers: user,
          });
          return { status: res.status, body: await res.json() };
        };
        const sent = await ingest(`${backend.baseUrl}/v1/traces`, {
          Authorization: mockCredentials.service.header(),
        });
        expect(sent.status).toBe(200);
        const operationsOf = async (service: string) =>
          (
            await get(`/v1/operations?service=${encodeURIComponent(service)}`)
          ).body.operations?.map((o: { operation: string }) => o.operation);
        await waitForExpect(async () => {
          expect(await operationsOf('shop')).toEqual(['GET /shop']);
        });
        const tablesBefore = await tableNames(backend.knex);
        const dependenciesBefore = (await get('/v1/dependencies')).body
          .dependencies;

        // Each name matches itself only: no quoting escape, no wildcard.
        for (const service of SERVICES) {
          expect(await operationsOf(service)).toEqual([`GET /${service}`]);
        }
        for (const probe of [
          '%',
          'sh_p',
          "shop' OR '1'='1",
          "shop'; DROP TABLE service_graph_series; --",
          '" OR ""="',
          '\\',
        ]) {
          expect([probe, await operationsOf(probe)]).toEqual([probe, []]);
        }
        const traces = await get(
          `/v1/traces?service=${encodeURIComponent("x' OR 1=1 --")}`,
        );
        expect(traces).toEqual({ status: 200, body: { traceIds: [] } });

        // Lists, objects and values past the limits are refused by name.
        for (const query of [
          'service=shop&service=sh_op',
          'service[a]=shop',
          `service=${'s'.repeat(10_000)}`,
          'service=shop&from[0]=1',
        ]) {
          const res = await get(`/v1/operations?${query}`);
          expect(res.status).toBe(400);
          expect(res.body.error.message).toMatch(/service|from/);
        }

        expect(await tableNames(backend.knex)).toEqual(tablesBefore);
        expect((await get('/v1/dependencies')).body.dependencies).toEqual(
          dependenciesBefore,
        );
      } finally {
        await backend.stop();
      }
    });
  },
);
