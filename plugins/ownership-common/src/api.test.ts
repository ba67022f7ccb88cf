import { ResponseError } from '@backstage/errors';
import { createServer, IncomingMessage, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { OwnershipClient } from './api';

type Seen = { method?: string; url?: string; body?: unknown; type?: string };

/** A loopback server answering like the ownership backend's router. */
async function startServer(
  answer: (req: IncomingMessage) => { status: number; json?: unknown },
) {
  const seen: Seen[] = [];
  const server: Server = createServer((req, res) => {
    let raw = '';
    req.on('data', chunk => (raw += chunk));
    req.on('end', () => {
      seen.push({
        method: req.method,
        url: req.url,
        body: raw ? JSON.parse(raw) : undefined,
        type: req.headers['content-type'],
      });
      const { status, json } = answer(req);
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(json === undefined ? undefined : JSON.stringify(json));
    });
  });
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const client = new OwnershipClient({
    discoveryApi: {
      getBaseUrl: async () => `http://127.0.0.1:${port}/api/ownership`,
    },
  });
  return {
    client,
    seen,
    close: () => new Promise(resolve => server.close(resolve)),
  };
}

describe('OwnershipClient', () => {
  it('sends each request to its endpoint with its query or body', async () => {
    const { client, seen, close } = await startServer(req =>
      req.method === 'DELETE'
        ? { status: 204 }
        : { status: 200, json: { ok: req.url } },
    );
    try {
      const document = {
        title: 't',
        firstSymptom: { description: 'd', links: [] },
        severity: 'features-broken' as const,
        usersImpacted: 'few' as const,
        timeline: [{ at: '2026-11-21T10:00:00Z', event: 'e' }],
        contributingServices: ['checkout'],
        actionItems: [],
        sloRefs: [],
      };
      await client.getHygiene({ ownerRef: 'group:default/payments', weeks: 4 });
      await client.getOrgMetrics({ points: 13, stepWeeks: 1, weeks: 4 });
      await client.listPostmortems({ limit: 500 });
      await client.getPostmortem({ id: 3 });
      await client.getPostmortemStats({ ownerRef: 'group:default/payments' });
      await client.createPostmortem({ decisionId: 7, document });
      await client.updatePostmortem({ id: 3, document });
      await expect(client.deletePostmortem({ id: 3 })).resolves.toBeUndefined();
      await client.acknowledgeDecision({ id: 7 });
      await client.markDecisionActioned({ id: 7, actioned: false });

      expect(seen.map(s => `${s.method} ${s.url}`)).toEqual([
        'GET /api/ownership/v1/hygiene?ownerRef=group%3Adefault%2Fpayments&weeks=4',
        'GET /api/ownership/v1/metrics/org?points=13&stepWeeks=1&weeks=4',
        'GET /api/ownership/v1/postmortems?limit=500',
        'GET /api/ownership/v1/postmortems/3',
        'GET /api/ownership/v1/postmortems/stats?ownerRef=group%3Adefault%2Fpayments',
        'POST /api/ownership/v1/postmortems',
        'PUT /api/ownership/v1/postmortems/3',
        'DELETE /api/ownership/v1/postmortems/3',
        'POST /api/ownership/v1/routing/decisions/7/acknowledge',
        'POST /api/ownership/v1/routing/decisions/7/actioned',
      ]);
      expect(seen[5]).toMatchObject({
        body: { decisionId: 7, document },
        type: 'application/json',
      });
      expect(seen[6].body).toEqual({ document });
      expect(seen[8].body).toBeUndefined();
      expect(seen[9].body).toEqual({ actioned: false });
    } finally {
      await close();
    }
  });

  it("throws a ResponseError carrying the backend's message", async () => {
    const message =
      'Invalid postmortem: document.title must not be empty; document.severity is required';
    const { client, close } = await startServer(() => ({
      status: 400,
      json: {
        error: { name: 'InputError', message },
        response: { statusCode: 400 },
      },
    }));
    try {
      const error = await client
        .createPostmortem({ ownerRef: 'group:default/payments', document: {} })
        .catch(e => e);
      expect(error).toBeInstanceOf(ResponseError);
      expect(error.body.error.message).toBe(message);
    } finally {
      await close();
    }
  });
});
