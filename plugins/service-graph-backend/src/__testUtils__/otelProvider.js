/* eslint-disable no-restricted-imports */
// A TracerProvider for one service of the test shop, exporting with the
// stock OTLP exporter of the given encoding. Shared by the export scripts,
// which run in processes of their own as real services would.
const {
  OTLPTraceExporter: JsonExporter,
} = require('@opentelemetry/exporter-trace-otlp-http');
const {
  OTLPTraceExporter: ProtoExporter,
} = require('@opentelemetry/exporter-trace-otlp-proto');
const { resourceFromAttributes } = require('@opentelemetry/resources');
const {
  BatchSpanProcessor,
  SimpleSpanProcessor,
  TracerProvider,
} = require('@opentelemetry/sdk-trace');

/**
 * `batched`: spans wait for forceFlush (an hour's schedule), as a batch
 * processor holds them; otherwise every span is its own export.
 */
function otelProvider({ service, url, token, encoding, compression, batched }) {
  const config = {
    url,
    headers: token ? { Authorization: `Bearer ${token}` } : {},
    compression: compression ?? 'none',
  };
  const exporter =
    encoding === 'json' ? new JsonExporter(config) : new ProtoExporter(config);
  return new TracerProvider({
    resource: resourceFromAttributes({ 'service.name': service }),
    spanProcessors: [
      batched
        ? new BatchSpanProcessor({ exporter, scheduledDelayMillis: 3_600_000 })
        : new SimpleSpanProcessor({ exporter }),
    ],
  });
}

module.exports = { otelProvider };
