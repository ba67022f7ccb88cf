const NS = 1_000_000n;

/**
 * OTLP/JSON of one order, `agoMs` in the past: checkout PlaceOrder (or
 * `rootName`) calls currency Convert, which
 * fails, so checkout fails too; its GetCart call succeeds.
 */
export function failingOrder(
  traceNumber: number,
  options: { agoMs?: number; rootName?: string } = {},
) {
  const now = BigInt(Date.now() - (options.agoMs ?? 0)) * NS;
  const traceId = traceNumber.toString(16).padStart(32, 'c');
  const span = (o: {
    id: string;
    parent?: string;
    name: string;
    kind: number;
    error: boolean;
  }) => ({
    traceId,
    spanId: o.id,
    parentSpanId: o.parent ?? '',
    name: o.name,
    kind: o.kind,
    startTimeUnixNano: String(now - 50n * NS),
    endTimeUnixNano: String(now),
    status: o.error ? { code: 2 } : {},
  });
  const resource = (service: string, spans: unknown[]) => ({
    resource: {
      attributes: [{ key: 'service.name', value: { stringValue: service } }],
    },
    scopeSpans: [{ spans }],
  });
  return {
    traceId,
    body: {
      resourceSpans: [
        resource('checkout', [
          span({
            id: '1'.repeat(16),
            name: options.rootName ?? 'PlaceOrder',
            kind: 2,
            error: true,
          }),
          span({
            id: '2'.repeat(16),
            parent: '1'.repeat(16),
            name: 'Convert',
            kind: 3,
            error: true,
          }),
          span({
            id: '4'.repeat(16),
            parent: '1'.repeat(16),
            name: 'GetCart',
            kind: 3,
            error: false,
          }),
        ]),
        resource('currency', [
          span({
            id: '3'.repeat(16),
            parent: '2'.repeat(16),
            name: 'Convert',
            kind: 2,
            error: true,
          }),
        ]),
      ],
    },
  };
}
