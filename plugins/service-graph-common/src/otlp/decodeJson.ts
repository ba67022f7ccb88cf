import { JsonSpanScanner } from './JsonSpanScanner';
import { decodeOtlpJsonValues } from './JsonValueDecoder';
import { DecodeOptions, DecodeResult } from './types';

const UTF8 = new TextEncoder();
const UNENCODABLE = /^\ufeff|[\ud800-\udfff]/;

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
    // Text that UTF-8 cannot carry as it is (a lone surrogate) or that
    // JSON.parse refuses but a byte decoder strips (a byte order mark) is
    // read as text.
    if (!UNENCODABLE.test(body)) {
      bytes = UTF8.encode(body);
    }
  } else if (ArrayBuffer.isView(body)) {
    bytes = body;
  }
  return (
    (bytes && JsonSpanScanner.read(bytes, options)) ??
    decodeOtlpJsonValues(body, options)
  );
}
