import {
  createServer,
  IncomingMessage,
  Server,
  ServerResponse,
} from 'node:http';
import { AddressInfo } from 'node:net';
import { SpanKind, Trace } from '@steward/plugin-service-graph-common';
import { JaegerTraceSource } from './JaegerTraceSource';

/*
 * A stand-in for Jaeger's query service that speaks the JSON of its HTTP API
 * (jaeger/model/json), so the client is tested against the wire format and a
 * real socket rather than a mocked fetch.
 */

const TRACE_ID = '4bf92f3577b34da6a3ce929d0e0e4736';
const OTHER_TRACE_ID = '0af7651916cd43dd8448eb211c80319c';
/** Printed by Jaeger in its 16-digit form because the high half is zero. */
const SHORT_TRACE_ID = '5b8efff798038103';
const EMPTY_TRACE_ID = 'e0e0e0e0e0e0e0e0e0e0e0e0e0e0e0e0';
const FAILING_TRACE_ID = 'deadbeefdeadbeefdeadbeefdeadbeef';
const NOT_JSON_TRACE_ID = 'b0d1b0d1b0d1b0d1b0d1b0d1b0d1b0d1';
const STALL_BEFORE_HEADERS_ID = '51015101510151015101510151015101';
const STALL_IN_BODY_ID = '5b0d5b0d5b0d5b0d5b0d5b0d5b0d5b0d';

/** Microseconds since the epoch, as Jaeger counts. */
const T0 = 1_700_000_000_000_000;
const T0_MS = 1_700_000_000_000;

const str = (key: string, value: string) => ({ key, type: 'string', value });
const bool = (key: string, value: boolean) => ({ key, type: 'bool', value });
const int = (key: string, value: number) => ({ key, type: 'int64', value });
const float = (key: string, value: number) => ({ key, type: 'float64', value });
const childOf = (spanID: string, traceID = TRACE_ID) => ({
  refType: 'CHILD_OF',
  traceID,
  spanID,
});
const followsFrom = (spanID: string, traceID = TRACE_ID) => ({
  refType: 'FOLLOWS_FROM',
  traceID,
  spanID,
});

/**
 * A checkout that fails: frontend → checkout (payment declined), which also
 * publishes to Kafka for fulfilment and queries Postgres. Spans are listed
 * out of start order, as Jaeger does not sort them.
 */
const CHECKOUT_TRACE = {
  traceID: TRACE_ID,
  spans: [
    {
      traceID: TRACE_ID,
      // Upper case, to show ids come out lower case whatever is sent.
      spanID: 'C0FFEE0000000003',
      operationName: 'SELECT orders',
      references: [childOf('2000000000000001')],
      startTime: T0 + 30_000,
      duration: 150_123,
      tags: [
        str('span.kind', 'client'),
        str('db.system', 'postgresql'),
        str('db.statement', 'SELECT * FROM orders WHERE id = $1'),
        str('error', 'true'),
      ],
      logs: [
        {
          timestamp: T0 + 179_000,
          fields: [
            str('event', 'exception'),
            str('exception.type', 'PSQLException'),
            str('exception.message', 'deadlock detected'),
          ],
        },
        { timestamp: T0 + 179_500, fields: [int('retry', 1)] },
      ],
      processID: 'p2',
      warnings: null,
    },
    {
      traceID: TRACE_ID,
      spanID: '1000000000000001',
      operationName: 'GET /checkout',
      references: [],
      startTime: T0,
      duration: 250_000,
      tags: [
        str('span.kind', 'server'),
        str('http.request.method', 'GET'),
        int('http.response.status_code', 502),
      ],
      logs: [],
      processID: 'p1',
      warnings: null,
    },
    {
      traceID: TRACE_ID,
      spanID: '1000000000000003',
      operationName: 'render',
      references: [childOf('1000000000000001')],
      startTime: T0 + 240_000,
      duration: 8_000,
      tags: [
        str('component', 'ssr'),
        bool('error', false),
        str('otel.status_code', 'OK'),
      ],
      logs: [],
      processID: 'p1',
      warnings: null,
    },
    {
      traceID: TRACE_ID,
      spanID: '2000000000000001',
      operationName: 'POST /api/checkout',
      references: [childOf('1000000000000002')],
      startTime: T0 + 15_500,
      duration: 190_250,
      tags: [
        str('span.kind', 'server'),
        int('http.response.status_code', 500),
        str('otel.status_code', 'ERROR'),
        str('otel.status_description', 'payment declined'),
      ],
      logs: [],
      processID: 'p2',
      warnings: null,
    },
    {
      traceID: TRACE_ID,
      spanID: '1000000000000002',
      operationName: 'POST /api/checkout',
      references: [childOf('1000000000000001')],
      startTime: T0 + 10_000,
      duration: 200_000,
      tags: [
        str('span.kind', 'client'),
        str('server.address', 'checkout'),
        bool('error', true),
      ],
      logs: [],
      processID: 'p1',
      warnings: null,
    },
    {
      traceID: TRACE_ID,
      spanID: '3000000000000001',
      operationName: 'orders process',
      references: [followsFrom('2000000000000002')],
      startTime: T0 + 40_000,
      duration: 12_000,
      tags: [
        str('span.kind', 'consumer'),
        float('queue.wait_ms', 4.5),
        { key: 'payload.hash', type: 'binary', value: 'q83vEg==' },
      ],
      logs: [],
      processID: 'p3',
      warnings: null,
    },
    {
      traceID: TRACE_ID,
      spanID: '2000000000000002',
      operationName: 'orders publish',
      references: [
        childOf('2000000000000001'),
        followsFrom('b7ad6b7169203331', OTHER_TRACE_ID),
      ],
      startTime: T0 + 20_000,
      duration: 5_000,
      tags: [
        str('span.kind', 'producer'),
        str('messaging.system', 'kafka'),
        str('messaging.destination.name', 'orders'),
      ],
      logs: [],
      processID: 'p2',
      warnings: null,
    },
  ],
  processes: {
    p1: {
      serviceName: 'frontend',
      tags: [str('hostname', 'frontend-7d9f'), str('ip', '10.0.0.11')],
    },
    p2: { serviceName: 'checkout', tags: [str('hostname', 'checkout-5c2a')] },
    p3: { serviceName: 'fulfilment', tags: [] },
  },
  warnings: null,
};

const EXPECTED_CHECKOUT_TRACE: Trace = {
  traceId: TRACE_ID,
  spans: [
    {
      traceId: TRACE_ID,
      spanId: '1000000000000001',
      service: 'frontend',
      name: 'GET /checkout',
      kind: SpanKind.SERVER,
      startUnixMs: T0_MS,
      durationMs: 250,
      error: false,
      attributes: {
        'http.request.method': 'GET',
        'http.response.status_code': 502,
      },
      events: [],
      links: [],
    },
    {
      traceId: TRACE_ID,
      spanId: '1000000000000002',
      parentSpanId: '1000000000000001',
      service: 'frontend',
      name: 'POST /api/checkout',
      kind: SpanKind.CLIENT,
      startUnixMs: T0_MS + 10,
      durationMs: 200,
      error: true,
      attributes: { 'server.address': 'checkout' },
      events: [],
      links: [],
    },
    {
      traceId: TRACE_ID,
      spanId: '2000000000000001',
      parentSpanId: '1000000000000002',
      service: 'checkout',
      name: 'POST /api/checkout',
      kind: SpanKind.SERVER,
      startUnixMs: T0_MS + 15.5,
      durationMs: 190.25,
      error: true,
      statusMessage: 'payment declined',
      attributes: { 'http.response.status_code': 500 },
      events: [],
      links: [],
    },
    {
      traceId: TRACE_ID,
      spanId: '2000000000000002',
      parentSpanId: '2000000000000001',
      service: 'checkout',
      name: 'orders publish',
      kind: SpanKind.PRODUCER,
      startUnixMs: T0_MS + 20,
      durationMs: 5,
      error: false,
      attributes: {
        'messaging.system': 'kafka',
        'messaging.destination.name': 'orders',
      },
      events: [],
      links: [{ traceId: OTHER_TRACE_ID, spanId: 'b7ad6b7169203331' }],
    },
    {
      traceId: TRACE_ID,
      spanId: 'c0ffee0000000003',
      parentSpanId: '2000000000000001',
      service: 'checkout',
      name: 'SELECT orders',
      kind: SpanKind.CLIENT,
      startUnixMs: T0_MS + 30,
      durationMs: 150.123,
      error: true,
      attributes: {
        'db.system': 'postgresql',
        'db.statement': 'SELECT * FROM orders WHERE id = $1',
      },
      events: [
        {
          timeUnixMs: T0_MS + 179,
          name: 'exception',
          attributes: {
            'exception.type': 'PSQLException',
            'exception.message': 'deadlock detected',
          },
        },
        { timeUnixMs: T0_MS + 179.5, name: 'log', attributes: { retry: 1 } },
      ],
      links: [],
    },
    {
      traceId: TRACE_ID,
      spanId: '3000000000000001',
      parentSpanId: '2000000000000002',
      service: 'fulfilment',
      name: 'orders process',
      kind: SpanKind.CONSUMER,
      startUnixMs: T0_MS + 40,
      durationMs: 12,
      error: false,
      attributes: { 'queue.wait_ms': 4.5, 'payload.hash': 'q83vEg==' },
      events: [],
      links: [],
    },
    {
      traceId: TRACE_ID,
      spanId: '1000000000000003',
      parentSpanId: '1000000000000001',
      service: 'frontend',
      name: 'render',
      kind: SpanKind.INTERNAL,
      startUnixMs: T0_MS + 240,
      durationMs: 8,
      error: false,
      attributes: { component: 'ssr' },
      events: [],
      links: [],
    },
  ],
};

/** Spans that each exercise one corner of the mapping. */
const EDGE_CASE_TRACE = {
  traceID: SHORT_TRACE_ID,
  spans: [
    ['a000000000000001', [], [str('span.kind', 'SERVER')]],
    [
      'a000000000000002',
      [
        followsFrom('a000000000000001', SHORT_TRACE_ID),
        childOf('a000000000000001', SHORT_TRACE_ID),
      ],
      [str('span.kind', 'batch-job'), str('error', 'false')],
    ],
    [
      'a000000000000003',
      [
        childOf('b000000000000001', OTHER_TRACE_ID),
        followsFrom('a000000000000002', SHORT_TRACE_ID),
      ],
      [int('error', 1), str('otel.status_code', 'UNSET')],
    ],
    [
      'a000000000000004',
      [followsFrom('b000000000000002', OTHER_TRACE_ID)],
      [bool('error', true)],
    ],
  ].map(([spanID, references, tags], i) => ({
    traceID: SHORT_TRACE_ID,
    spanID,
    operationName: `op${i}`,
    references,
    startTime: T0 + i,
    duration: 1,
    tags,
    logs: [],
    processID: 'p1',
    warnings: null,
  })),
  processes: { p1: { serviceName: 'batch', tags: [] } },
  warnings: null,
};

const SEARCH_SERVICE = 'checkout & payments';

/** One span for search results; `error` adds Jaeger's `error` tag. */
function searchSpan(options: {
  traceID: string;
  spanID: string;
  processID: string;
  operationName: string;
  startOffsetMs: number;
  tags?: Array<{ key: string; type: string; value: unknown }>;
}) {
  return {
    traceID: options.traceID,
    spanID: options.spanID,
    operationName: options.operationName,
    references: [],
    startTime: T0 + options.startOffsetMs * 1000,
    duration: 1000,
    tags: options.tags ?? [],
    logs: [],
    processID: options.processID,
    warnings: null,
  };
}

const SEARCH_PROCESSES = {
  p1: { serviceName: SEARCH_SERVICE, tags: [] },
  p2: { serviceName: 'frontend', tags: [] },
};

const SEARCH_IDS = {
  /** Errors at +100 ms (POST /pay) and +300 ms (charge). */
  a: 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa01',
  /** Errors at +200 ms (POST /pay); a later span succeeds. */
  b: 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa02',
  /** Only frontend errs: Jaeger matched the tag on another service's span. */
  c: 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa03',
  /** Errors at +50 ms (POST /pay) by status code; sent upper case. */
  d: 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa04',
};

const SEARCH_RESULTS = [
  {
    traceID: SEARCH_IDS.c,
    spans: [
      searchSpan({
        traceID: SEARCH_IDS.c,
        spanID: 'c000000000000001',
        processID: 'p2',
        operationName: 'GET /',
        startOffsetMs: 1000,
        tags: [bool('error', true)],
      }),
      searchSpan({
        traceID: SEARCH_IDS.c,
        spanID: 'c000000000000002',
        processID: 'p1',
        operationName: 'POST /pay',
        startOffsetMs: 1001,
      }),
    ],
    processes: SEARCH_PROCESSES,
  },
  {
    traceID: SEARCH_IDS.d.toUpperCase(),
    spans: [
      searchSpan({
        traceID: SEARCH_IDS.d.toUpperCase(),
        spanID: 'd000000000000001',
        processID: 'p1',
        operationName: 'POST /pay',
        startOffsetMs: 50,
        tags: [str('otel.status_code', 'ERROR')],
      }),
    ],
    processes: SEARCH_PROCESSES,
  },
  {
    traceID: SEARCH_IDS.a,
    spans: [
      searchSpan({
        traceID: SEARCH_IDS.a,
        spanID: 'a000000000000001',
        processID: 'p1',
        operationName: 'POST /pay',
        startOffsetMs: 100,
        tags: [bool('error', true)],
      }),
      searchSpan({
        traceID: SEARCH_IDS.a,
        spanID: 'a000000000000002',
        processID: 'p1',
        operationName: 'charge',
        startOffsetMs: 300,
        tags: [bool('error', true)],
      }),
    ],
    processes: SEARCH_PROCESSES,
  },
  {
    traceID: SEARCH_IDS.b,
    spans: [
      searchSpan({
        traceID: SEARCH_IDS.b,
        spanID: 'b000000000000001',
        processID: 'p1',
        operationName: 'POST /pay',
        startOffsetMs: 200,
        tags: [bool('error', true)],
      }),
      searchSpan({
        traceID: SEARCH_IDS.b,
        spanID: 'b000000000000002',
        processID: 'p1',
        operationName: 'POST /pay',
        startOffsetMs: 900,
      }),
    ],
    processes: SEARCH_PROCESSES,
  },
];

const TRACES_BY_ID = new Map<string, unknown>([
  [TRACE_ID, CHECKOUT_TRACE],
  [SHORT_TRACE_ID, EDGE_CASE_TRACE],
]);

function sendJson(res: ServerResponse, status: number, body: unknown) {
  res.writeHead(status, { 'Content-Type': 'application/json' });
  res.end(JSON.stringify(body));
}

/** Jaeger serves under a base path when run with --query.base-path. */
const BASE_PATH = '/jaeger';

function handle(req: IncomingMessage, res: ServerResponse) {
  const requestUrl = new URL(req.url ?? '/', 'http://jaeger.test');
  let path = requestUrl.pathname;
  if (path.startsWith(`${BASE_PATH}/`)) {
    path = path.slice(BASE_PATH.length);
  }

  if (path === '/api/traces') {
    const service = requestUrl.searchParams.get('service');
    if (service === 'broken') {
      sendJson(res, 503, {
        data: null,
        errors: [{ code: 503, msg: 'elasticsearch unreachable' }],
      });
    } else if (service === SEARCH_SERVICE) {
      sendJson(res, 200, { data: SEARCH_RESULTS, errors: null });
    } else {
      sendJson(res, 200, { data: [], errors: null });
    }
    return;
  }

  const match = /^\/api\/traces\/([^/]+)$/.exec(path);
  if (!match) {
    sendJson(res, 404, {
      data: null,
      errors: [{ code: 404, msg: 'no route' }],
    });
    return;
  }
  const id = decodeURIComponent(match[1]);
  switch (id) {
    case FAILING_TRACE_ID:
      sendJson(res, 500, {
        data: null,
        errors: [{ code: 500, msg: 'storage unavailable' }],
      });
      return;
    case EMPTY_TRACE_ID:
      sendJson(res, 200, { data: [], errors: null });
      return;
    case NOT_JSON_TRACE_ID:
      res.writeHead(200, { 'Content-Type': 'text/html' });
      res.end('<html>login</html>');
      return;
    case STALL_BEFORE_HEADERS_ID:
      // Never answered; the client's timeout has to give up.
      return;
    case STALL_IN_BODY_ID:
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.write('{"data":[');
      return;
    default:
  }
  // Jaeger accepts a trace id with or without its leading zeros.
  const trace = TRACES_BY_ID.get(id.replace(/^0+(?=.{16})/, ''));
  if (trace) {
    sendJson(res, 200, {
      data: [trace],
      total: 0,
      limit: 0,
      offset: 0,
      errors: null,
    });
  } else {
    sendJson(res, 404, {
      data: null,
      errors: [{ code: 404, msg: 'trace not found' }],
    });
  }
}

describe('JaegerTraceSource', () => {
  let server: Server;
  let baseUrl: string;
  /** Path and query of every request the fake Jaeger received. */
  let requests: string[];

  beforeAll(async () => {
    server = createServer((req, res) => {
      requests.push(req.url ?? '');
      handle(req, res);
    });
    await new Promise<void>(resolve =>
      server.listen(0, '127.0.0.1', () => resolve()),
    );
    const { port } = server.address() as AddressInfo;
    baseUrl = `http://127.0.0.1:${port}`;
  });

  afterAll(async () => {
    // The stalled routes leave connections open that close() would wait for.
    server.closeAllConnections();
    await new Promise<void>(resolve => server.close(() => resolve()));
  });

  beforeEach(() => {
    requests = [];
  });

  describe('getTrace', () => {
    it('maps a trace in the JSON of Jaeger’s query API', async () => {
      const source = JaegerTraceSource.create({ baseUrl });

      await expect(source.getTrace(TRACE_ID)).resolves.toEqual(
        EXPECTED_CHECKOUT_TRACE,
      );
      expect(requests).toEqual([`/api/traces/${TRACE_ID}`]);
    });

    it('leaves out optional fields rather than setting them to undefined', async () => {
      const source = JaegerTraceSource.create({ baseUrl });

      const trace = await source.getTrace(TRACE_ID);

      expect(Object.keys(trace!.spans[0]).sort()).toEqual(
        [
          'attributes',
          'durationMs',
          'error',
          'events',
          'kind',
          'links',
          'name',
          'service',
          'spanId',
          'startUnixMs',
          'traceId',
        ].sort(),
      );
    });

    it.each([
      ['no trailing slash', '', ''],
      ['a trailing slash', '/', ''],
      ['a base path', BASE_PATH, BASE_PATH],
      ['a base path and trailing slash', `${BASE_PATH}/`, BASE_PATH],
    ])(
      'resolves the API against a base URL with %s',
      async (_case, suffix, expectedPrefix) => {
        const source = JaegerTraceSource.create({
          baseUrl: `${baseUrl}${suffix}`,
        });

        const trace = await source.getTrace(TRACE_ID);

        expect(trace?.spans).toHaveLength(7);
        expect(requests).toEqual([`${expectedPrefix}/api/traces/${TRACE_ID}`]);
      },
    );

    it('asks for a trace id given in upper case in lower case', async () => {
      const source = JaegerTraceSource.create({ baseUrl });

      const trace = await source.getTrace(TRACE_ID.toUpperCase());

      expect(trace?.traceId).toBe(TRACE_ID);
      expect(requests).toEqual([`/api/traces/${TRACE_ID}`]);
    });

    it('pads a trace id Jaeger prints in 16 digits to 32', async () => {
      const source = JaegerTraceSource.create({ baseUrl });

      const trace = await source.getTrace(SHORT_TRACE_ID);

      const padded = `0000000000000000${SHORT_TRACE_ID}`;
      expect(trace?.traceId).toBe(padded);
      expect(new Set(trace?.spans.map(s => s.traceId))).toEqual(
        new Set([padded]),
      );
    });

    it.each([
      {
        spanId: 'a000000000000001',
        why: 'upper-case span.kind, no references',
        parentSpanId: undefined,
        links: [],
        kind: SpanKind.SERVER,
        error: false,
      },
      {
        spanId: 'a000000000000002',
        why: 'CHILD_OF wins over an earlier FOLLOWS_FROM in the trace',
        parentSpanId: 'a000000000000001',
        links: [
          {
            traceId: `0000000000000000${SHORT_TRACE_ID}`,
            spanId: 'a000000000000001',
          },
        ],
        kind: SpanKind.INTERNAL,
        error: false,
      },
      {
        spanId: 'a000000000000003',
        why: 'a CHILD_OF into another trace is a link, not the parent',
        parentSpanId: 'a000000000000002',
        links: [{ traceId: OTHER_TRACE_ID, spanId: 'b000000000000001' }],
        kind: SpanKind.INTERNAL,
        error: false,
      },
      {
        spanId: 'a000000000000004',
        why: 'only a reference to another trace: a root with a link',
        parentSpanId: undefined,
        links: [{ traceId: OTHER_TRACE_ID, spanId: 'b000000000000002' }],
        kind: SpanKind.INTERNAL,
        error: true,
      },
    ])(
      'maps references, kind and error of $spanId ($why)',
      async ({ spanId, parentSpanId, links, kind, error }) => {
        const source = JaegerTraceSource.create({ baseUrl });

        const trace = await source.getTrace(SHORT_TRACE_ID);
        const span = trace?.spans.find(s => s.spanId === spanId);

        expect(span).toBeDefined();
        expect(span?.parentSpanId).toBe(parentSpanId);
        expect(span?.links).toEqual(links);
        expect(span?.kind).toBe(kind);
        expect(span?.error).toBe(error);
      },
    );

    it.each([
      ['Jaeger answers 404', 'ffffffffffffffffffffffffffffffff', 1],
      ['Jaeger answers with no traces', EMPTY_TRACE_ID, 1],
      ['the id is not hex', '../api/services', 0],
      ['the id is empty', '', 0],
      ['the id is longer than 128 bits', `${TRACE_ID}00`, 0],
    ])(
      'returns undefined when %s',
      async (_case, traceId, expectedRequests) => {
        const source = JaegerTraceSource.create({ baseUrl });

        await expect(source.getTrace(traceId)).resolves.toBeUndefined();
        expect(requests).toHaveLength(expectedRequests);
      },
    );

    it('throws ServiceUnavailableError naming status, URL and Jaeger’s message on a 500', async () => {
      const source = JaegerTraceSource.create({ baseUrl });

      await expect(source.getTrace(FAILING_TRACE_ID)).rejects.toMatchObject({
        name: 'ServiceUnavailableError',
        message: `Jaeger query GET ${baseUrl}/api/traces/${FAILING_TRACE_ID} failed with 500 Internal Server Error: storage unavailable`,
      });
    });

    it('throws ServiceUnavailableError when the body is not JSON', async () => {
      const source = JaegerTraceSource.create({ baseUrl });

      await expect(source.getTrace(NOT_JSON_TRACE_ID)).rejects.toMatchObject({
        name: 'ServiceUnavailableError',
        message: `Jaeger query GET ${baseUrl}/api/traces/${NOT_JSON_TRACE_ID} returned a body that is not a JSON object`,
      });
    });

    it.each([
      ['before the headers', STALL_BEFORE_HEADERS_ID],
      ['in the middle of the body', STALL_IN_BODY_ID],
    ])('times out when Jaeger stalls %s', async (_case, traceId) => {
      const source = JaegerTraceSource.create({ baseUrl, timeoutMs: 100 });
      const started = Date.now();

      await expect(source.getTrace(traceId)).rejects.toMatchObject({
        name: 'ServiceUnavailableError',
        message: `Jaeger query GET ${baseUrl}/api/traces/${traceId} timed out after 100 ms`,
      });
      expect(Date.now() - started).toBeLessThan(2000);
    });

    it('throws ServiceUnavailableError when Jaeger cannot be reached', async () => {
      const closed = createServer();
      await new Promise<void>(resolve =>
        closed.listen(0, '127.0.0.1', () => resolve()),
      );
      const { port } = closed.address() as AddressInfo;
      await new Promise<void>(resolve => closed.close(() => resolve()));
      const source = JaegerTraceSource.create({
        baseUrl: `http://127.0.0.1:${port}`,
      });

      await expect(source.getTrace(TRACE_ID)).rejects.toMatchObject({
        name: 'ServiceUnavailableError',
        message: `Jaeger query GET http://127.0.0.1:${port}/api/traces/${TRACE_ID} failed: connect ECONNREFUSED 127.0.0.1:${port}; caused by TypeError: fetch failed`,
      });
    });

    it('uses the fetch it is given, with a timeout signal', async () => {
      const customFetch = jest.fn<
        ReturnType<typeof fetch>,
        Parameters<typeof fetch>
      >((input, init) => fetch(input, init));
      const source = JaegerTraceSource.create({ baseUrl, fetch: customFetch });

      await source.getTrace(TRACE_ID);

      expect(customFetch).toHaveBeenCalledTimes(1);
      const [input, init] = customFetch.mock.calls[0];
      expect(String(input)).toBe(`${baseUrl}/api/traces/${TRACE_ID}`);
      expect(init?.signal).toBeInstanceOf(AbortSignal);
    });
  });

  describe('findErrorTraces', () => {
    const window = {
      fromUnixMs: T0_MS - 60_000.5,
      toUnixMs: T0_MS + 0.25,
    };

    it.each([
      {
        case: 'with an operation',
        options: { service: SEARCH_SERVICE, operation: 'POST /pay', limit: 3 },
        expected: [
          ['service', SEARCH_SERVICE],
          ['operation', 'POST /pay'],
          ['tags', '{"error":"true"}'],
          ['start', String(T0 - 60_000_500)],
          ['end', String(T0 + 250)],
          ['limit', '3'],
        ],
      },
      {
        case: 'without an operation',
        options: { service: SEARCH_SERVICE, limit: 20 },
        expected: [
          ['service', SEARCH_SERVICE],
          ['tags', '{"error":"true"}'],
          ['start', String(T0 - 60_000_500)],
          ['end', String(T0 + 250)],
          ['limit', '20'],
        ],
      },
    ])('sends the search $case', async ({ options, expected }) => {
      const source = JaegerTraceSource.create({ baseUrl });

      await source.findErrorTraces({ ...options, ...window });

      expect(requests).toHaveLength(1);
      const sent = new URL(requests[0], 'http://jaeger.test');
      expect(sent.pathname).toBe('/api/traces');
      expect([...sent.searchParams]).toEqual(expected);
      // The `&` in the service name must not start a new parameter.
      expect(requests[0]).toContain('service=checkout+%26+payments&');
    });

    it.each([
      {
        case: 'any operation, newest first',
        operation: undefined,
        limit: 10,
        expected: [SEARCH_IDS.a, SEARCH_IDS.b, SEARCH_IDS.d],
      },
      {
        case: 'one operation, by its own latest error',
        operation: 'POST /pay',
        limit: 10,
        expected: [SEARCH_IDS.b, SEARCH_IDS.a, SEARCH_IDS.d],
      },
      {
        case: 'at most limit, although Jaeger sent more',
        operation: undefined,
        limit: 2,
        expected: [SEARCH_IDS.a, SEARCH_IDS.b],
      },
      {
        case: 'an operation no span has',
        operation: 'refund',
        limit: 10,
        expected: [],
      },
    ])(
      'returns traces with erroring spans of the service: $case',
      async ({ operation, limit, expected }) => {
        const source = JaegerTraceSource.create({ baseUrl });

        await expect(
          source.findErrorTraces({
            service: SEARCH_SERVICE,
            operation,
            limit,
            ...window,
          }),
        ).resolves.toEqual(expected);
      },
    );

    it('returns nothing when Jaeger finds nothing', async () => {
      const source = JaegerTraceSource.create({ baseUrl });

      await expect(
        source.findErrorTraces({ service: 'quiet', limit: 5, ...window }),
      ).resolves.toEqual([]);
    });

    it('does not ask Jaeger for no traces', async () => {
      const source = JaegerTraceSource.create({ baseUrl });

      await expect(
        source.findErrorTraces({
          service: SEARCH_SERVICE,
          limit: 0,
          ...window,
        }),
      ).resolves.toEqual([]);
      expect(requests).toEqual([]);
    });

    it('throws ServiceUnavailableError when the search fails', async () => {
      const source = JaegerTraceSource.create({ baseUrl });

      await expect(
        source.findErrorTraces({ service: 'broken', limit: 5, ...window }),
      ).rejects.toMatchObject({
        name: 'ServiceUnavailableError',
        message: expect.stringMatching(
          /^Jaeger query GET http:\/\/127\.0\.0\.1:\d+\/api\/traces\?service=broken&.* failed with 503 Service Unavailable: elasticsearch unreachable$/,
        ),
      });
    });
  });

  describe('create', () => {
    it.each([
      ['not a URL', { baseUrl: 'not a url' }],
      ['not http', { baseUrl: 'ftp://jaeger:16686' }],
      ['a relative URL', { baseUrl: '/jaeger' }],
      [
        'a URL with credentials',
        { baseUrl: 'http://admin:s3cret@jaeger:16686' },
      ],
      ['a zero timeout', { baseUrl: 'http://jaeger:16686', timeoutMs: 0 }],
    ])('rejects %s', (_case, options) => {
      expect(() => JaegerTraceSource.create(options)).toThrow(
        expect.objectContaining({ name: 'InputError' }),
      );
    });
  });
});
