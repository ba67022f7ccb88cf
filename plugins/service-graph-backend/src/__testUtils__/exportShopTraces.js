/* eslint-disable no-restricted-imports */
// Sends the traces of a few shop orders with the stock OpenTelemetry JS SDK
// and OTLP exporters, in a process of its own as a real service would (the
// exporters' dynamic imports of node:http do not run inside Jest's VM).
//
// Usage: node exportShopTraces.js '{"url":..., "token":..., "encoding":"json"|"protobuf",
//                                  "compression":"gzip"|"none", "orders":7}'
const {
  context,
  SpanKind,
  SpanStatusCode,
  trace,
} = require('@opentelemetry/api');
const { otelProvider } = require('./otelProvider');

const options = JSON.parse(process.argv[2]);
const providers = new Map();

function tracerFor(service) {
  let provider = providers.get(service);
  if (!provider) {
    // One export per span, so pairing must match sides across requests.
    provider = otelProvider({ ...options, service });
    providers.set(service, provider);
  }
  return provider.getTracer('shop');
}

function start(parent, service, name, kind, attributes = {}, links = []) {
  const span = tracerFor(service).startSpan(
    name,
    { kind, attributes, links },
    parent,
  );
  return { span, ctx: trace.setSpan(parent, span) };
}

/** frontend → checkout (fails) → orders-db, and an order event to accounting. */
function placeOrder() {
  const root = start(
    context.active(),
    'frontend',
    'POST /api/checkout',
    SpanKind.SERVER,
    {
      'http.route': '/api/checkout',
      'http.request.method': 'POST',
    },
  );
  const call = start(root.ctx, 'frontend', 'POST', SpanKind.CLIENT);
  const server = start(call.ctx, 'checkout', 'PlaceOrder', SpanKind.SERVER, {
    'rpc.service': 'CheckoutService',
    'rpc.method': 'PlaceOrder',
  });
  const db = start(server.ctx, 'checkout', 'INSERT orders', SpanKind.CLIENT, {
    'db.system.name': 'postgresql',
    'db.namespace': 'orders-db',
  });
  const produce = start(
    server.ctx,
    'checkout',
    'orders publish',
    SpanKind.PRODUCER,
    {
      'messaging.system': 'kafka',
      'messaging.destination.name': 'orders',
    },
  );
  const consume = start(
    trace.deleteSpan(context.active()),
    'accounting',
    'orders process',
    SpanKind.CONSUMER,
    {},
    [{ context: produce.span.spanContext() }],
  );
  db.span.end();
  produce.span.end();
  consume.span.end();
  server.span.setStatus({
    code: SpanStatusCode.ERROR,
    message: 'card declined',
  });
  server.span.end();
  call.span.setStatus({ code: SpanStatusCode.ERROR });
  call.span.end();
  root.span.end();
}

async function main() {
  for (let i = 0; i < options.orders; i++) placeOrder();
  for (const provider of providers.values()) await provider.forceFlush();
  for (const provider of providers.values()) await provider.shutdown();
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
