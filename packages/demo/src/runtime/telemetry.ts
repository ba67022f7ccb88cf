import { Tracer } from '@opentelemetry/api';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { resourceFromAttributes } from '@opentelemetry/resources';
import {
  BatchSpanProcessor,
  SpanExporter,
  TracerProvider,
} from '@opentelemetry/sdk-trace';
import { SERVICE_NAMES, ServiceName } from '../model/shop';

/**
 * One stock OpenTelemetry SDK tracer provider per demo service, each with its
 * own `service.name` resource and a batching OTLP/HTTP protobuf exporter, as
 * thirteen separately deployed services would have.
 */
export class Telemetry {
  private constructor(
    private readonly providers: Map<ServiceName, TracerProvider>,
  ) {}

  /**
   * `endpoint` is OTEL_EXPORTER_OTLP_ENDPOINT's meaning: the traces go to
   * `<endpoint>/v1/traces` over OTLP/HTTP protobuf, unless `exporter` says
   * otherwise. A backfill batches bigger and keeps more queued.
   */
  static create(options: {
    mode: 'live' | 'backfill';
    endpoint?: string;
    exporter?: SpanExporter;
  }): Telemetry {
    const backfill = options.mode === 'backfill';
    const providers = new Map<ServiceName, TracerProvider>();
    for (const service of SERVICE_NAMES) {
      const exporter =
        options.exporter ??
        new OTLPTraceExporter({
          url: `${options.endpoint!.replace(/\/+$/, '')}/v1/traces`,
          timeoutMillis: 30_000,
        });
      providers.set(
        service,
        new TracerProvider({
          resource: resourceFromAttributes({
            'service.name': service,
            'service.namespace': 'shop',
            'deployment.environment.name': 'demo',
          }),
          spanProcessors: [
            new BatchSpanProcessor({
              exporter,
              maxQueueSize: backfill ? 200_000 : 8192,
              maxExportBatchSize: backfill ? 8192 : 1024,
              scheduledDelayMillis: backfill ? 500 : 2000,
              exportTimeoutMillis: 30_000,
            }),
          ],
        }),
      );
    }
    return new Telemetry(providers);
  }

  tracer(service: ServiceName): Tracer {
    return this.providers.get(service)!.getTracer('@steward/demo');
  }

  /** Exports everything ended so far. */
  async flush(): Promise<void> {
    await Promise.all([...this.providers.values()].map(p => p.forceFlush()));
  }

  async shutdown(): Promise<void> {
    await Promise.all([...this.providers.values()].map(p => p.shutdown()));
  }
}
