import { spanFingerprint } from '../../fingerprint';
import { SpanRecord } from '../../spans';

/** A record as the decoders give it: with its ids' fingerprints. */
export function withFingerprints(span: SpanRecord): SpanRecord {
  return {
    ...span,
    traceFingerprint: spanFingerprint(span.traceId, ''),
    spanFingerprint: spanFingerprint(span.traceId, span.spanId),
    parentFingerprint:
      span.parentSpanId === undefined
        ? undefined
        : spanFingerprint(span.traceId, span.parentSpanId),
  };
}
