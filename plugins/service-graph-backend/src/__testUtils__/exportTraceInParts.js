/* eslint-disable no-restricted-imports */
// Sends one trace of an order through frontend, checkout, cart and payment,
// each service with its own stock OTLP exporter, flushed at its own time, as
// independent services' batch processors do.
//
// Usage: node exportTraceInParts.js '{"url":..., "token":...,
//   "parts": [{"service": "checkout", "atMs": 0, "encoding": "json"}, ...]}'
// Prints the trace id.
const {
  context,
  SpanKind,
  SpanStatusCode,
  trace,
} = require('@opentelemetry/api');
const { otelProvider } = require('./otelProvider');

const options = JSON.parse(process.argv[2]);

// Nothing of a part leaves before its forceFlush.
const providers = new Map(
  options.parts.map(part => [
    part.service,
    otelProvider({ ...options, ...part, batched: true }),
  ]),
);

function start(parent, service, name, kind) {
  const span = providers
    .get(service)
    .getTracer('order')
    .startSpan(name, { kind }, parent);
  return { span, ctx: trace.setSpan(parent, span) };
}

function placeOrder() {
  const root = start(
    context.active(),
    'frontend',
    'POST /api/checkout',
    SpanKind.SERVER,
  );
  const call = start(root.ctx, 'frontend', 'POST', SpanKind.CLIENT);
  const order = start(call.ctx, 'checkout', 'PlaceOrder', SpanKind.SERVER);
  const getCart = start(order.ctx, 'checkout', 'GetCart', SpanKind.CLIENT);
  const cart = start(getCart.ctx, 'cart', 'GetCart', SpanKind.SERVER);
  const charge = start(order.ctx, 'checkout', 'Charge', SpanKind.CLIENT);
  const payment = start(charge.ctx, 'payment', 'Charge', SpanKind.SERVER);
  for (const part of [cart, getCart, payment, charge, order, call]) {
    part.span.end();
  }
  root.span.setStatus({ code: SpanStatusCode.ERROR, message: 'timeout' });
  root.span.end();
  return root.span.spanContext().traceId;
}

async function main() {
  const traceId = placeOrder();
  const started = Date.now();
  for (const part of [...options.parts].sort((a, b) => a.atMs - b.atMs)) {
    const wait = started + part.atMs - Date.now();
    if (wait > 0) await new Promise(resolve => setTimeout(resolve, wait));
    await providers.get(part.service).forceFlush();
  }
  for (const provider of providers.values()) await provider.shutdown();
  process.stdout.write(traceId);
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
