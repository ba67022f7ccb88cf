import { TestDatabaseId, TestDatabases } from '@backstage/backend-test-utils';
import {
  SpanKind,
  SpanRecord,
  Trace,
} from '@steward/plugin-service-graph-common';
import { Knex } from 'knex';
import { applyDatabaseMigrations } from '../database/migrations';
import { writeTraceSpans } from '../database/operations/writeTraceSpans';
import { DatabaseTraceSource } from './DatabaseTraceSource';

jest.setTimeout(60_000);

const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });

/** With a fraction, to show that times keep sub-millisecond precision. */
const T0 = 1_795_000_000_000.5;
const EXPIRES_AT = 1_795_100_000_000;

const traceId = (n: number) => `${n.toString(16).padStart(2, '0')}`.repeat(16);
const spanId = (n: number) => n.toString(16).padStart(16, '0');

const frontendResource = {
  'service.name': 'frontend',
  'host.name': 'frontend-7d9f',
  'deployment.environment.name': 'prod',
};
const checkoutResource = {
  'service.name': 'checkout',
  'host.name': 'checkout-5c2a',
};

function span(
  options: Partial<SpanRecord> &
    Pick<SpanRecord, 'traceId' | 'spanId' | 'service' | 'name'>,
): SpanRecord {
  return {
    kind: SpanKind.SERVER,
    startUnixMs: T0,
    endUnixMs: T0 + 10,
    error: false,
    attributes: {},
    resource:
      options.service === 'frontend' ? frontendResource : checkoutResource,
    links: [],
    events: [],
    ...options,
  };
}

async function storeSpans(
  knex: Knex,
  spans: SpanRecord[],
  expiresAt = EXPIRES_AT,
) {
  await knex.transaction(tx => writeTraceSpans(tx, { spans, expiresAt }));
}

async function createSource(databaseId: TestDatabaseId) {
  const knex = await databases.init(databaseId);
  await applyDatabaseMigrations(knex);
  return { knex, source: DatabaseTraceSource.create({ knex }) };
}

/** A failing checkout, with spans stored out of start order. */
const CHECKOUT = traceId(0xc1);
const checkoutSpans: SpanRecord[] = [
  span({
    traceId: CHECKOUT,
    spanId: spanId(3),
    parentSpanId: spanId(2),
    service: 'checkout',
    name: 'PlaceOrder',
    startUnixMs: T0 + 15.25,
    endUnixMs: T0 + 205.75,
    error: true,
    statusMessage: 'payment declined',
    attributes: {
      'rpc.method': 'PlaceOrder',
      'host.name': 'overridden',
      retries: 2,
      sampled: true,
    },
    events: [
      {
        timeUnixMs: T0 + 200,
        name: 'exception',
        attributes: {
          'exception.type': 'PaymentError',
          'exception.escaped': false,
        },
      },
    ],
  }),
  span({
    traceId: CHECKOUT,
    spanId: spanId(1),
    service: 'frontend',
    name: 'GET /checkout',
    endUnixMs: T0 + 250,
    attributes: { 'http.route': '/checkout', 'http.response.status_code': 502 },
  }),
  span({
    traceId: CHECKOUT,
    spanId: spanId(4),
    parentSpanId: spanId(3),
    service: 'checkout',
    name: 'orders publish',
    kind: SpanKind.PRODUCER,
    startUnixMs: T0 + 20,
    endUnixMs: T0 + 25,
    links: [{ traceId: traceId(0xee), spanId: spanId(0xb7) }],
  }),
  span({
    traceId: CHECKOUT,
    spanId: spanId(2),
    parentSpanId: spanId(1),
    service: 'frontend',
    name: 'POST /api/checkout',
    kind: SpanKind.CLIENT,
    startUnixMs: T0 + 10,
    endUnixMs: T0 + 210,
    error: true,
  }),
];

const EXPECTED_CHECKOUT: Trace = {
  traceId: CHECKOUT,
  spans: [
    {
      traceId: CHECKOUT,
      spanId: spanId(1),
      service: 'frontend',
      name: 'GET /checkout',
      kind: SpanKind.SERVER,
      startUnixMs: T0,
      durationMs: 250,
      error: false,
      attributes: {
        ...frontendResource,
        'http.route': '/checkout',
        'http.response.status_code': 502,
      },
      events: [],
      links: [],
    },
    {
      traceId: CHECKOUT,
      spanId: spanId(2),
      parentSpanId: spanId(1),
      service: 'frontend',
      name: 'POST /api/checkout',
      kind: SpanKind.CLIENT,
      startUnixMs: T0 + 10,
      durationMs: 200,
      error: true,
      attributes: frontendResource,
      events: [],
      links: [],
    },
    {
      traceId: CHECKOUT,
      spanId: spanId(3),
      parentSpanId: spanId(2),
      service: 'checkout',
      name: 'PlaceOrder',
      kind: SpanKind.SERVER,
      startUnixMs: T0 + 15.25,
      durationMs: 190.5,
      error: true,
      statusMessage: 'payment declined',
      attributes: {
        'service.name': 'checkout',
        // The span's own attribute wins over the resource's.
        'host.name': 'overridden',
        'rpc.method': 'PlaceOrder',
        retries: 2,
        sampled: true,
      },
      events: [
        {
          timeUnixMs: T0 + 200,
          name: 'exception',
          attributes: {
            'exception.type': 'PaymentError',
            'exception.escaped': false,
          },
        },
      ],
      links: [],
    },
    {
      traceId: CHECKOUT,
      spanId: spanId(4),
      parentSpanId: spanId(3),
      service: 'checkout',
      name: 'orders publish',
      kind: SpanKind.PRODUCER,
      startUnixMs: T0 + 20,
      durationMs: 5,
      error: false,
      attributes: checkoutResource,
      events: [],
      links: [{ traceId: traceId(0xee), spanId: spanId(0xb7) }],
    },
  ],
};

/**
 * Spans for the search: [trace, service, operation, offset from T0, error].
 * Trace 7 has two erroring checkout spans; trace 3 erred in GetCart only;
 * trace 4 did not err at all; trace 5 erred long before the others.
 */
const SEARCH_SPANS: Array<[number, string, string, number, boolean]> = [
  [1, 'frontend', 'GET /checkout', 900, true],
  [1, 'checkout', 'PlaceOrder', 1000, true],
  [2, 'checkout', 'PlaceOrder', 3000, true],
  [3, 'checkout', 'GetCart', 2000, true],
  [3, 'checkout', 'PlaceOrder', 5000, false],
  [4, 'checkout', 'PlaceOrder', 4000, false],
  [5, 'checkout', 'PlaceOrder', -10_000, true],
  [6, 'payments', 'Charge', 6000, true],
  [7, 'checkout', 'PlaceOrder', 500, true],
  [7, 'checkout', 'Charge', 4500, true],
];
const searchSpans = SEARCH_SPANS.map(
  ([trace, service, name, offset, error], i) =>
    span({
      traceId: traceId(trace),
      spanId: spanId(i + 1),
      service,
      name,
      startUnixMs: T0 + offset,
      endUnixMs: T0 + offset + 5,
      error,
    }),
);

describe.each(databases.eachSupportedId())(
  'DatabaseTraceSource on %s',
  databaseId => {
    it('reads a whole trace in start order', async () => {
      const { knex, source } = await createSource(databaseId);
      await storeSpans(knex, [...checkoutSpans, ...searchSpans]);

      const trace = await source.getTrace(CHECKOUT);
      expect(trace).toEqual(EXPECTED_CHECKOUT);
      // Booleans, not SQLite's 0 and 1.
      expect(trace!.spans.map(s => typeof s.error)).toEqual(
        Array(4).fill('boolean'),
      );
      expect(await source.getTrace(CHECKOUT.toUpperCase())).toEqual(
        EXPECTED_CHECKOUT,
      );
      expect(await source.getTrace(traceId(0x99))).toBeUndefined();
    });

    it('keeps the first copy of a span written twice', async () => {
      const { knex, source } = await createSource(databaseId);
      await storeSpans(knex, checkoutSpans);
      await storeSpans(
        knex,
        checkoutSpans.map(s => ({ ...s, name: 'retried copy' })),
        EXPIRES_AT + 1,
      );

      expect(await source.getTrace(CHECKOUT)).toEqual(EXPECTED_CHECKOUT);
      const expiries = await knex('service_graph_trace_spans').pluck(
        'expires_at',
      );
      expect(expiries.map(Number)).toEqual(Array(4).fill(EXPIRES_AT));
    });

    const search = (options: {
      service: string;
      operation?: string;
      from?: number;
      to?: number;
      limit?: number;
    }) => ({
      service: options.service,
      operation: options.operation,
      fromUnixMs: T0 + (options.from ?? 0),
      toUnixMs: T0 + (options.to ?? 10_000),
      limit: options.limit ?? 10,
    });

    it.each([
      {
        name: 'newest first by the latest erroring span of the service',
        query: search({ service: 'checkout' }),
        traces: [7, 2, 3, 1],
      },
      {
        name: 'only the erroring spans of the operation',
        query: search({ service: 'checkout', operation: 'PlaceOrder' }),
        traces: [2, 1, 7],
      },
      {
        name: 'up to the limit',
        query: search({ service: 'checkout', limit: 2 }),
        traces: [7, 2],
      },
      {
        name: 'inside the time range',
        query: search({ service: 'checkout', from: 1500, to: 2500 }),
        traces: [3],
      },
      {
        name: 'with both ends of the range included',
        query: search({ service: 'checkout', from: 1000, to: 3000 }),
        traces: [2, 3, 1],
      },
      {
        name: 'further back when asked',
        query: search({ service: 'checkout', from: -20_000 }),
        traces: [7, 2, 3, 1, 5],
      },
      {
        name: 'of another service only',
        query: search({ service: 'frontend' }),
        traces: [1],
      },
      {
        name: 'with an operation of another service',
        query: search({ service: 'checkout', operation: 'GET /checkout' }),
        traces: [],
      },
      {
        name: 'of an unknown service',
        query: search({ service: 'nobody' }),
        traces: [],
      },
    ])('finds error traces $name', async ({ query, traces }) => {
      const { knex, source } = await createSource(databaseId);
      await storeSpans(knex, searchSpans);
      // A retried export of some of them changes nothing.
      await storeSpans(knex, searchSpans.slice(0, 5));

      expect(await source.findErrorTraces(query)).toEqual(traces.map(traceId));
    });
  },
);
