import { SpanBytes, SpanRecord } from '../spans';
import { decodeProtobufSpan } from './decodeProtobuf';
import { JsonSpanScanner } from './JsonSpanScanner';

/**
 * The whole span, with every attribute, its events and status message,
 * from the `source` a decoder in `detail: 'naming'` mode gave it. Throws if
 * the bytes no longer decode, which only changed bytes can cause.
 *
 * @public
 */
export function decodeSpanBytes(source: SpanBytes): SpanRecord {
  return source.format === 'json'
    ? JsonSpanScanner.readSpan(source)
    : decodeProtobufSpan(source);
}
