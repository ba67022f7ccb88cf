// Demo traffic for the end-to-end test: shop orders as the OpenTelemetry JS
// SDK records and exports them (OTLP/HTTP JSON) from each service of the demo
// catalog. checkout calls payment (which sometimes fails with an exception
// event), cart, currency, product-catalog, email and shipping; shipping calls
// quote, so checkout's declared dependency on quote is not observed.
import {
  context,
  type Context,
  SpanKind,
  SpanStatusCode,
  trace,
} from '@opentelemetry/api';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BatchSpanProcessor, TracerProvider } from '@opentelemetry/sdk-trace';

export async function sendDemoTraffic(options: {
  baseUrl: string;
  orders: number;
  /** Share of payments that fail. */
  paymentErrorRate: number;
}) {
  const providers = new Map<string, TracerProvider>();
  const tracer = (service: string) => {
    let provider = providers.get(service);
    if (!provider) {
      provider = new TracerProvider({
        resource: resourceFromAttributes({ 'service.name': service }),
        spanProcessors: [
          new BatchSpanProcessor({
            exporter: new OTLPTraceExporter({
              url: `${options.baseUrl}/api/service-graph/v1/traces`,
            }),
            maxExportBatchSize: 512,
            scheduledDelayMillis: 200,
          }),
        ],
      });
      providers.set(service, provider);
    }
    return provider.getTracer('steward-e2e');
  };

  // Deterministic, so that every run sends the same failures.
  let seed = 7;
  const random = () => {
    seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
    return seed / 2 ** 31;
  };

  /** A call from one service to another: CLIENT span, then the SERVER span. */
  const call = (
    parent: Context,
    from: string,
    to: string,
    operation: string,
    startMs: number,
    durationMs: number,
    inner?: (ctx: Context, startMs: number) => { error?: string },
  ): { error?: string } => {
    const client = tracer(from).startSpan(
      `${to}/${operation}`,
      {
        kind: SpanKind.CLIENT,
        startTime: startMs,
        attributes: { 'rpc.service': to, 'rpc.method': operation },
      },
      parent,
    );
    const clientCtx = trace.setSpan(parent, client);
    const server = tracer(to).startSpan(
      operation,
      {
        kind: SpanKind.SERVER,
        startTime: startMs + 1,
        attributes: { 'rpc.service': to, 'rpc.method': operation },
      },
      clientCtx,
    );
    const result = inner?.(trace.setSpan(clientCtx, server), startMs + 2) ?? {};
    if (result.error) {
      server.recordException(
        { name: 'PaymentError', message: result.error },
        startMs + durationMs - 2,
      );
      server.setStatus({ code: SpanStatusCode.ERROR, message: result.error });
      client.setStatus({ code: SpanStatusCode.ERROR });
    }
    server.end(startMs + durationMs - 1);
    client.end(startMs + durationMs);
    return result;
  };

  const now = Date.now();
  for (let i = 0; i < options.orders; i++) {
    const t0 = now - 60_000 + Math.floor((i / options.orders) * 55_000);
    const root = tracer('frontend').startSpan(
      'POST /api/checkout',
      {
        kind: SpanKind.SERVER,
        startTime: t0,
        attributes: {
          'http.route': '/api/checkout',
          'http.request.method': 'POST',
        },
      },
      context.active(),
    );
    const rootCtx = trace.setSpan(context.active(), root);
    const checkout = call(
      rootCtx,
      'frontend',
      'checkout',
      'PlaceOrder',
      t0 + 1,
      120 + 80 * random(),
      (ctx, t) => {
        call(ctx, 'checkout', 'cart', 'GetCart', t, 5 + 5 * random());
        call(
          ctx,
          'checkout',
          'productcatalogservice',
          'GetProduct',
          t + 10,
          4 + 4 * random(),
        );
        call(ctx, 'checkout', 'currency', 'Convert', t + 20, 2 + 2 * random());
        call(
          ctx,
          'checkout',
          'shipping',
          'GetQuote',
          t + 25,
          15 + 10 * random(),
          (sctx, st) => {
            call(sctx, 'shipping', 'quote', 'Quote', st, 8 + 5 * random());
            return {};
          },
        );
        const paid = call(
          ctx,
          'checkout',
          'payment',
          'Charge',
          t + 50,
          30 + 60 * random(),
          () =>
            random() < options.paymentErrorRate
              ? { error: 'card declined by bank' }
              : {},
        );
        if (paid.error) return { error: `payment failed: ${paid.error}` };
        call(
          ctx,
          'checkout',
          'email',
          'SendOrderConfirmation',
          t + 100,
          10 + 5 * random(),
        );
        return {};
      },
    );
    if (checkout.error) root.setStatus({ code: SpanStatusCode.ERROR });
    root.end(t0 + 250);
  }
  for (const p of providers.values()) await p.forceFlush();
  for (const p of providers.values()) await p.shutdown();
}
