import {
  SpanKind,
  Trace,
  TraceSpan,
} from '@steward/plugin-service-graph-common';
import { AlertSignal, walkTrace } from './walkTrace';

/** [spanId, parentSpanId, "service/name", error, start ms, attributes?] */
type Row = [
  string,
  string | undefined,
  string,
  boolean,
  number,
  Record<string, string>?,
];

function span([
  id,
  parent,
  label,
  error,
  start,
  attributes = {},
]: Row): TraceSpan {
  const slash = label.indexOf('/');
  return {
    traceId: 't1',
    spanId: id,
    ...(parent !== undefined && { parentSpanId: parent }),
    service: label.slice(0, slash),
    name: label.slice(slash + 1),
    kind: SpanKind.SERVER,
    startUnixMs: start,
    durationMs: 1,
    error,
    attributes,
    events: [],
    links: [],
  };
}

const trace = (...rows: Row[]): Trace => ({
  traceId: 't1',
  spans: rows.map(span),
});

// The demo shop failing to place an order: payment's card call failed, and
// the confirmation email (sent regardless) failed too, later and shallower.
const placeOrder: Row[] = [
  [
    '1',
    undefined,
    'frontend/HTTP POST',
    true,
    0,
    { 'http.route': '/api/checkout' },
  ],
  [
    '2',
    '1',
    'checkout/oteldemo.CheckoutService/PlaceOrder',
    true,
    1,
    { 'rpc.method': 'PlaceOrder' },
  ],
  ['3', '2', 'cart/GetCart', false, 2],
  ['4', '2', 'currency/Convert', false, 3],
  ['5', '2', 'payment/Charge', true, 4],
  ['6', '5', 'payment/charge card', true, 5],
  ['7', '2', 'email/SendOrderConfirmation', true, 6],
];

describe('walkTrace', () => {
  it('explains every step', () => {
    expect(
      walkTrace({
        trace: trace(...placeOrder),
        signal: { service: 'checkout', operation: 'PlaceOrder' },
      })?.explanation,
    ).toEqual([
      "Started at checkout/oteldemo.CheckoutService/PlaceOrder, where the alert's operation PlaceOrder runs.",
      'checkout/oteldemo.CheckoutService/PlaceOrder erred; of its 4 children, 2 erred (payment/Charge, email/SendOrderConfirmation): following payment/Charge, whose errors go deepest.',
      'payment/Charge erred; of its only child, payment/charge card erred.',
      'payment/charge card erred and has no children.',
      'The alert goes to payment.',
    ]);
  });

  it.each<
    [
      string,
      Row[],
      { startSpanId?: string; signal?: AlertSignal },
      string[],
      string,
    ]
  >([
    [
      'from the signal operation, by rpc.method',
      placeOrder,
      { signal: { service: 'checkout', operation: 'PlaceOrder' } },
      ['2', '5', '6'],
      '6',
    ],
    [
      'from the signal operation, by http.route',
      placeOrder,
      { signal: { service: 'frontend', operation: '/api/checkout' } },
      ['1', '2', '5', '6'],
      '6',
    ],
    [
      'from the signal operation, by span name',
      placeOrder,
      { signal: { service: 'payment', operation: 'Charge' } },
      ['5', '6'],
      '6',
    ],
    [
      "from the service's highest span when the operation is not in the trace",
      placeOrder,
      { signal: { service: 'payment', operation: 'Refund' } },
      ['5', '6'],
      '6',
    ],
    [
      'from the given span, which wins over the signal',
      placeOrder,
      { startSpanId: '7', signal: { service: 'checkout' } },
      ['7'],
      '7',
    ],
    [
      'from the root for a service not in the trace',
      placeOrder,
      { signal: { service: 'ad' } },
      ['1', '2', '5', '6'],
      '6',
    ],
    ['from the root with no signal', placeOrder, {}, ['1', '2', '5', '6'], '6'],
    [
      'equal chains: the one that began first',
      [
        ['1', undefined, 'checkout/PlaceOrder', true, 0],
        ['2', '1', 'shipping/GetQuote', true, 9],
        ['3', '1', 'payment/Charge', true, 4],
      ],
      {},
      ['1', '3'],
      '3',
    ],
    [
      'a deeper chain that began later wins',
      [
        ['1', undefined, 'checkout/PlaceOrder', true, 0],
        ['2', '1', 'payment/Charge', true, 1],
        ['3', '1', 'shipping/GetQuote', true, 2],
        ['4', '3', 'quote/Compute', true, 3],
      ],
      {},
      ['1', '3', '4'],
      '4',
    ],
    [
      'a start that did not err still looks below',
      [
        ['1', undefined, 'frontend/GET /', false, 0],
        ['2', '1', 'ad/GetAds', true, 1],
      ],
      { signal: { service: 'frontend' } },
      ['1', '2'],
      '2',
    ],
    [
      'an erring span under a healthy one is not followed',
      [
        ['1', undefined, 'checkout/PlaceOrder', true, 0],
        ['2', '1', 'cart/GetCart', false, 1],
        ['3', '2', 'cart/redis GET', true, 2],
      ],
      {},
      ['1'],
      '1',
    ],
    [
      'a culprit with no service: its caller',
      [
        ['1', undefined, 'checkout/PlaceOrder', true, 0],
        ['2', '1', 'checkout/INSERT orders', true, 1],
        ['3', '2', '/INSERT', true, 2],
      ],
      {},
      ['1', '2', '3'],
      '2',
    ],
    [
      'a culprit in an unnamed process: its caller',
      [
        ['1', undefined, 'shipping/GetQuote', true, 0],
        ['2', '1', 'unknown_service:node/quote', true, 1],
      ],
      {},
      ['1', '2'],
      '1',
    ],
    [
      'a span whose parent was never exported counts as a root',
      [
        ['2', 'lost', 'checkout/PlaceOrder', true, 1],
        ['3', '2', 'payment/Charge', true, 2],
      ],
      {},
      ['2', '3'],
      '3',
    ],
    [
      'parent links in a loop end the walk instead of looping',
      [
        ['1', '2', 'checkout/PlaceOrder', true, 0],
        ['2', '1', 'payment/Charge', true, 1],
      ],
      {},
      ['1', '2'],
      '2',
    ],
  ])('%s', (_, rows, options, path, culprit) => {
    const walk = walkTrace({ trace: trace(...rows), ...options });
    expect(walk?.path.map(s => s.spanId)).toEqual(path);
    expect(walk?.culprit.spanId).toBe(culprit);
    expect(walk?.explanation).toHaveLength(path.length + 2);
  });

  it('has nothing to say about an empty trace', () => {
    expect(walkTrace({ trace: { traceId: 't1', spans: [] } })).toBeUndefined();
  });

  // Generated shapes a linear walk must get through without quadratic
  // scans or recursion: a wide, shallow fan-out with one deep error chain,
  // and a single 1,000-span chain.
  it.each<[string, () => Row[], string]>([
    [
      '1,000 spans: 10 services fanning out, one chain of 40 errors',
      () => {
        const rows: Row[] = [['s0', undefined, 'frontend/GET /', true, 0]];
        for (let i = 1; i < 1000; i++) {
          const onChain = i <= 40;
          // Off the chain, parents are spread over earlier spans; some of
          // them err shallowly, to be passed over.
          const parent = onChain ? `s${i - 1}` : `s${((i * i) % 997) % i}`;
          rows.push([
            `s${i}`,
            parent,
            `svc${i % 10}/op${i}`,
            onChain || i % 13 === 0,
            i,
          ]);
        }
        return rows;
      },
      's40',
    ],
    [
      '1,000 spans in one erring chain',
      () =>
        Array.from(
          { length: 1000 },
          (_, i): Row => [
            `s${i}`,
            i === 0 ? undefined : `s${i - 1}`,
            `svc${i % 10}/op${i}`,
            true,
            i,
          ],
        ),
      's999',
    ],
  ])('%s', (_, rows, culprit) => {
    const walk = walkTrace({ trace: trace(...rows()) });
    expect(walk?.culprit.spanId).toBe(culprit);
  });
});
