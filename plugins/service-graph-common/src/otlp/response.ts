/**
 * What the receiver tells an exporter about one request.
 *
 * @public
 */
export type ExportTraceServiceResult = {
  rejected: number;
  /** Why spans were rejected, or a warning when none were. */
  errorMessage?: string;
};

/**
 * The OTLP `ExportTraceServiceResponse` body in the request's encoding.
 * Full success is the empty message (`{}` or zero bytes); otherwise
 * `partial_success` carries the rejected count and message. OTLP allows a
 * message with zero rejected spans as a warning, so one is sent when given.
 *
 * @public
 */
export function exportTraceServiceResponse(
  result: ExportTraceServiceResult,
  contentType: 'json' | 'protobuf',
): Buffer | string {
  const rejected = Math.max(0, Math.floor(result.rejected));
  const message = result.errorMessage ?? '';
  const partial = rejected > 0 || message !== '';
  if (contentType === 'json') {
    if (!partial) {
      return '{}';
    }
    const partialSuccess: { rejectedSpans?: string; errorMessage?: string } =
      {};
    // proto3 JSON: int64 as a decimal string, default values omitted.
    if (rejected > 0) partialSuccess.rejectedSpans = String(rejected);
    if (message !== '') partialSuccess.errorMessage = message;
    return JSON.stringify({ partialSuccess });
  }
  if (!partial) {
    return Buffer.alloc(0);
  }
  return Buffer.from(encodePartialSuccess(rejected, message));
}

function encodePartialSuccess(rejected: number, message: string): Uint8Array {
  const text = new TextEncoder().encode(message);
  const inner: number[] = [];
  if (rejected > 0) {
    inner.push(0x08); // rejected_spans = 1, varint
    pushVarint(inner, rejected);
  }
  if (text.length > 0) {
    inner.push(0x12); // error_message = 2, length-delimited
    pushVarint(inner, text.length);
  }
  const head: number[] = [0x0a]; // partial_success = 1, length-delimited
  pushVarint(head, inner.length + text.length);
  const out = new Uint8Array(head.length + inner.length + text.length);
  out.set(head, 0);
  out.set(inner, head.length);
  out.set(text, head.length + inner.length);
  return out;
}

/** Unsigned varint of a non-negative integer up to 2^53. */
function pushVarint(out: number[], value: number): void {
  let v = value;
  while (v >= 0x80) {
    out.push(v % 0x80 | 0x80);
    v = Math.floor(v / 0x80);
  }
  out.push(v);
}
