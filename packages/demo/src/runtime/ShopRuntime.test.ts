import { ROOT_CONTEXT, SpanKind, SpanStatusCode } from '@opentelemetry/api';
import { InMemorySpanExporter, ReadableSpan } from '@opentelemetry/sdk-trace';
import { Fault } from '../model/faults';
import { seededRandom } from '../model/random';
import { ServiceName } from '../model/shop';
import { virtualClock } from './clock';
import { directTransport } from './directTransport';
import { ShopRuntime } from './ShopRuntime';
import { Telemetry } from './telemetry';

const AT = Date.UTC(2026, 9, 30, 12);

/** Runs one page load on a virtual clock and answers its status and every span the SDK exported. */
async function pageLoad(route: string, faults: Fault[] = []) {
  const exporter = new InMemorySpanExporter();
  const telemetry = Telemetry.create({ mode: 'backfill', exporter });
  const runtime = ShopRuntime.create({
    telemetry,
    random: seededRandom(1),
    faults: () => faults,
  });
  runtime.connect(directTransport(runtime));
  const status = await runtime.serve({
    service: 'frontend',
    routeKey: route,
    path: runtime.pathOf(route.split(' ')[1]),
    parent: ROOT_CONTEXT,
    clock: virtualClock(AT),
  });
  // Consumers run after the producer's span ends, on their own promise chains.
  await new Promise(resolve => setImmediate(resolve));
  await telemetry.flush();
  const spans = exporter.getFinishedSpans();
  const service = (s: ReadableSpan) =>
    s.resource.attributes['service.name'] as ServiceName;
  const parentOf = (s: ReadableSpan) =>
    spans.find(p => p.spanContext().spanId === s.parentSpanContext?.spanId);
  const find = (svc: ServiceName, kind: SpanKind, name?: string) =>
    spans.filter(
      s => service(s) === svc && s.kind === kind && (!name || s.name === name),
    );
  return { status, spans, service, parentOf, find };
}

const outage = (service: ServiceName): Fault => ({
  name: `${service} down`,
  service,
  fromMs: AT - 60_000,
  toMs: AT + 60_000,
  errorRate: 1,
  message: `${service} is down`,
});

describe('ShopRuntime', () => {
  it('traces a checkout as client and server spans, database spans and linked consumers', async () => {
    const { status, spans, service, parentOf, find } = await pageLoad(
      'POST /api/checkout',
    );
    expect(status).toBe(200);

    const [root] = find('frontend', SpanKind.SERVER);
    expect(root.parentSpanContext).toBeUndefined();
    expect(root.attributes['http.route']).toBe('/api/checkout');
    const [checkoutServer] = find('checkout', SpanKind.SERVER);
    const call = parentOf(checkoutServer)!;
    expect([service(call), call.kind]).toEqual(['frontend', SpanKind.CLIENT]);
    expect(parentOf(call)).toBe(root);

    // Every SERVER span but the root continues a CLIENT span of another service.
    for (const server of spans.filter(
      s => s.kind === SpanKind.SERVER && s !== root,
    )) {
      const client = parentOf(server)!;
      expect(client.kind).toBe(SpanKind.CLIENT);
      expect(client.spanContext().traceId).toBe(root.spanContext().traceId);
      expect(client.attributes['service.peer.name']).toBe(service(server));
      expect(client.startTime <= server.startTime).toBe(true);
    }

    const [cacheRead] = find('cart', SpanKind.CLIENT, 'HGETALL cart-cache');
    expect(cacheRead.attributes).toMatchObject({
      'db.system.name': 'redis',
      'db.system': 'redis',
      'db.namespace': 'cart-cache',
    });

    const [producer] = find('checkout', SpanKind.PRODUCER);
    expect(producer.attributes['messaging.destination.name']).toBe('orders');
    for (const consumer of ['accounting', 'frauddetectionservice'] as const) {
      const [span] = find(consumer, SpanKind.CONSUMER);
      expect(span.parentSpanContext).toBeUndefined();
      expect(span.spanContext().traceId).not.toBe(root.spanContext().traceId);
      expect(span.links.map(l => l.context.spanId)).toEqual([
        producer.spanContext().spanId,
      ]);
    }

    // Virtual time: the page load happened at AT, not now.
    const startMs = root.startTime[0] * 1000 + root.startTime[1] / 1e6;
    expect(Math.abs(startMs - AT)).toBeLessThan(1);
  });

  it('fails a checkout when payment is down, after checkout retried the charge twice', async () => {
    const { status, find } = await pageLoad('POST /api/checkout', [
      outage('payment'),
    ]);
    expect(status).toBe(503);
    const charges = find('payment', SpanKind.SERVER);
    expect(charges).toHaveLength(3);
    expect(charges.every(s => s.status.code === SpanStatusCode.ERROR)).toBe(
      true,
    );
    expect(charges[0].status.message).toBe('payment is down');
    const [checkout] = find('checkout', SpanKind.SERVER);
    expect(checkout.status.code).toBe(SpanStatusCode.ERROR);
    expect(find('email', SpanKind.SERVER)).toHaveLength(0);
    expect(find('checkout', SpanKind.PRODUCER)).toHaveLength(0);
  });

  it.each([
    ['currency', 'GET /product/:id', 200],
    ['productcatalogservice', 'GET /product/:id', 503],
    ['currency', 'POST /api/checkout', 503],
  ] as const)(
    'with %s down, %s answers %s (optional calls degrade, critical ones fail)',
    async (down, route, expected) => {
      const { status, find } = await pageLoad(route, [outage(down)]);
      expect(status).toBe(expected);
      expect(find(down, SpanKind.SERVER)[0].status.code).toBe(
        SpanStatusCode.ERROR,
      );
    },
  );

  it("adds a fault's latency to the slow share of requests", async () => {
    const slow: Fault = {
      name: 'slow shipping',
      service: 'shipping',
      fromMs: AT - 60_000,
      toMs: AT + 60_000,
      slowShare: 1,
      extraLatencyMs: 420,
    };
    const { find } = await pageLoad('GET /cart', [slow]);
    const [quote] = find('shipping', SpanKind.SERVER);
    const ms = (quote.duration[0] * 1e9 + quote.duration[1]) / 1e6;
    expect(ms).toBeGreaterThan(420);
  });
});
