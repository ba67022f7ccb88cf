import { mockCredentials, TestDatabases } from '@backstage/backend-test-utils';
import { JsonObject } from '@backstage/types';
import { gzipSync } from 'node:zlib';
import request from 'supertest';
import { startServiceGraphBackend } from '../../__testUtils__/startServiceGraphBackend';

jest.setTimeout(60_000);

// Decoding and HTTP behaviour do not depend on the database.
const databases = TestDatabases.create({ ids: ['SQLITE_3'] });

const TRACE_ID = '5b8efff798038103d269b633813fc60c';

function span(overrides: Record<string, unknown> = {}) {
  return {
    traceId: TRACE_ID,
    spanId: 'eee19b7ec3c1b174',
    name: 'GET /cart',
    kind: 2,
    startTimeUnixNano: '1700000000000000000',
    endTimeUnixNano: '1700000000250000000',
    ...overrides,
  };
}

function otlp(spans: unknown[], resourceExtra: Record<string, unknown> = {}) {
  return {
    resourceSpans: [
      {
        resource: {
          attributes: [{ key: 'service.name', value: { stringValue: 'cart' } }],
          ...resourceExtra,
        },
        scopeSpans: [{ scope: { name: 'test' }, spans }],
      },
    ],
  };
}

type Case = {
  name: string;
  body: string | Buffer;
  headers?: Record<string, string>;
  config?: JsonObject;
  auth?: 'service' | 'user' | 'none';
  status: number;
  reply?: unknown;
  retryAfter?: string;
};

const cases: Case[] = [
  {
    name: 'an empty request',
    body: '{}',
    status: 200,
    reply: {},
  },
  {
    name: 'unknown fields, ignored',
    body: JSON.stringify({
      ...otlp([span({ futureField: { a: 1 } })], { futureResource: true }),
      extra: [1, 2],
    }),
    status: 200,
    reply: {},
  },
  {
    name: 'truncated JSON',
    body: JSON.stringify(otlp([span()])).slice(0, 40),
    status: 400,
    reply: { code: 3, message: expect.stringContaining('not valid JSON') },
  },
  {
    name: 'JSON of the wrong type',
    body: '[1,2,3]',
    status: 400,
    reply: { code: 3, message: expect.any(String) },
  },
  {
    name: 'resourceSpans of the wrong type',
    body: '{"resourceSpans":5}',
    status: 400,
    reply: { code: 3, message: expect.stringContaining('resourceSpans') },
  },
  {
    name: 'ids of the wrong length, rejected one by one',
    body: JSON.stringify(
      otlp([
        span(),
        span({ spanId: 'abc' }),
        span({ traceId: '00'.repeat(16) }),
      ]),
    ),
    status: 200,
    reply: {
      partialSuccess: {
        rejectedSpans: '2',
        errorMessage: expect.stringMatching(/spanId[\s\S]*traceId/),
      },
    },
  },
  {
    name: 'a span that ends before it starts',
    body: JSON.stringify(
      otlp([span({ endTimeUnixNano: '1600000000000000000' })]),
    ),
    status: 200,
    reply: {
      partialSuccess: { rejectedSpans: '1', errorMessage: expect.any(String) },
    },
  },
  {
    name: 'protobuf that is not protobuf',
    body: Buffer.from([0x0a, 0xff, 0xff, 0xff, 0x0f, 0x01]),
    headers: { 'Content-Type': 'application/x-protobuf' },
    status: 400,
  },
  {
    name: 'a body over the limit',
    body: JSON.stringify(otlp([span({ name: 'x'.repeat(4000) })])),
    config: { ingest: { maxBodyBytes: 1000 } },
    status: 413,
    reply: { code: 8, message: expect.stringContaining('maxBodyBytes=1000') },
  },
  {
    name: 'a gzip bomb',
    body: gzipSync(Buffer.alloc(20 * 1024 * 1024, 0x20)),
    headers: { 'Content-Encoding': 'gzip' },
    config: { ingest: { maxBodyBytes: 1024 * 1024 } },
    status: 413,
    reply: { code: 8, message: expect.stringContaining('decompressed') },
  },
  {
    name: 'gzip that is not gzip',
    body: 'not gzip at all',
    headers: { 'Content-Encoding': 'gzip' },
    status: 400,
    reply: { code: 3, message: expect.stringContaining('gzip') },
  },
  {
    name: 'an unsupported content type',
    body: 'hello',
    headers: { 'Content-Type': 'text/plain' },
    status: 415,
    reply: { code: 3, message: expect.stringContaining('Content-Type') },
  },
  {
    name: 'no token',
    body: JSON.stringify(otlp([span()])),
    auth: 'none',
    status: 401,
    reply: { code: 16, message: expect.stringContaining('service token') },
  },
  {
    name: "a user's token",
    body: JSON.stringify(otlp([span()])),
    auth: 'user',
    status: 403,
  },
  {
    name: 'no token from loopback when the demo allows it',
    body: JSON.stringify(otlp([span()])),
    auth: 'none',
    config: { ingest: { allowUnauthenticatedLoopback: true } },
    status: 200,
    reply: {},
  },
  {
    name: 'a full ingest queue',
    body: JSON.stringify(otlp([span(), span({ spanId: 'eee19b7ec3c1b175' })])),
    config: { ingest: { maxQueuedSpans: 1 } },
    status: 503,
    retryAfter: '1',
    reply: { code: 14, message: expect.stringContaining('maxQueuedSpans=1') },
  },
];

describe('POST /v1/traces', () => {
  it.each(cases)('answers $status to $name', async c => {
    const backend = await startServiceGraphBackend({
      databases,
      databaseId: 'SQLITE_3',
      config: c.config,
    });
    try {
      let req = request(backend.server)
        .post('/api/service-graph/v1/traces')
        .set('Content-Type', 'application/json');
      for (const [key, value] of Object.entries(c.headers ?? {})) {
        req = req.set(key, value);
      }
      const auth = c.auth ?? 'service';
      if (auth !== 'none') {
        req = req.set(
          'Authorization',
          auth === 'service'
            ? mockCredentials.service.header()
            : mockCredentials.user.header(),
        );
      }
      // Send the bytes as they are, as an exporter would, never re-encoded.
      const res = await req.serialize(body => body).send(c.body);

      expect({
        status: res.status,
        reply: c.reply === undefined ? undefined : res.body,
        retryAfter: res.headers['retry-after'],
      }).toEqual({
        status: c.status,
        reply: c.reply,
        retryAfter: c.retryAfter,
      });
    } finally {
      await backend.stop();
    }
  });

  it('replies in protobuf to protobuf, with partial success encoded', async () => {
    const backend = await startServiceGraphBackend({
      databases,
      databaseId: 'SQLITE_3',
    });
    try {
      // ExportTraceServiceRequest { resource_spans { scope_spans { spans { trace_id: 3 bytes } } } }
      const badSpan = Buffer.from([0x0a, 0x03, 0x01, 0x02, 0x03]);
      const scopeSpans = Buffer.concat([
        Buffer.from([0x12, badSpan.length]),
        badSpan,
      ]);
      const resourceSpans = Buffer.concat([
        Buffer.from([0x12, scopeSpans.length]),
        scopeSpans,
      ]);
      const body = Buffer.concat([
        Buffer.from([0x0a, resourceSpans.length]),
        resourceSpans,
      ]);
      const res = await request(backend.server)
        .post('/api/service-graph/v1/traces')
        .set('Content-Type', 'application/x-protobuf')
        .set('Authorization', mockCredentials.service.header())
        .buffer(true)
        .parse((response, callback) => {
          const chunks: Buffer[] = [];
          response.on('data', (chunk: Buffer) => chunks.push(chunk));
          response.on('end', () => callback(null, Buffer.concat(chunks)));
        })
        .send(body);
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toContain('application/x-protobuf');
      // partial_success (field 1) { rejected_spans (field 1) = 1, error_message ... }
      const reply = res.body as Buffer;
      expect(reply[0]).toBe(0x0a);
      expect(reply[2]).toBe(0x08);
      expect(reply[3]).toBe(1);
    } finally {
      await backend.stop();
    }
  });
});
