import { JsonSpanScanner } from './JsonSpanScanner';
import { decodeOtlpJsonValues } from './JsonValueDecoder';
import { DecodeOptions, DecodeResult } from './types';

const UTF8 = new TextEncoder();

/**
 * Decodes an OTLP/JSON `ExportTraceServiceRequest` into validated spans.
 * Invalid spans are skipped and counted; a body that is not a request at all
 * throws an `InputError`.
 *
 * The common shape is read from the bytes by `JsonSpanScanner`; a request it
 * does not read takes the `JSON.parse` path, which gives the same result.
 *
 * @public
 */
export function decodeOtlpJson(
  body: string | Uint8Array,
  options: DecodeOptions = {},
): DecodeResult {
  let bytes: Uint8Array | undefined = undefined;
  if (typeof body === 'string') {
    bytes = UTF8.encode(body);
  } else if (ArrayBuffer.isView(body)) {
    bytes = body;
  }
  return (
    (bytes && JsonSpanScanner.read(bytes, options)) ??
    decodeOtlpJsonValues(body, options)
  );
}
