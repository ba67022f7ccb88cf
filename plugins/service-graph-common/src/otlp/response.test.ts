import { ProtobufTraceSerializer } from '@opentelemetry/otlp-transformer';
import { exportTraceServiceResponse } from './response';

describe('exportTraceServiceResponse', () => {
  it.each<[string, { rejected: number; errorMessage?: string }, string]>([
    ['full success', { rejected: 0 }, '{}'],
    [
      'full success with an empty message',
      { rejected: 0, errorMessage: '' },
      '{}',
    ],
    [
      'partial success',
      { rejected: 3, errorMessage: 'spans[0].traceId: bad' },
      '{"partialSuccess":{"rejectedSpans":"3","errorMessage":"spans[0].traceId: bad"}}',
    ],
    [
      'rejections without a message',
      { rejected: 2 },
      '{"partialSuccess":{"rejectedSpans":"2"}}',
    ],
    [
      'a warning without rejections',
      { rejected: 0, errorMessage: 'link dropped' },
      '{"partialSuccess":{"errorMessage":"link dropped"}}',
    ],
  ])('encodes %s as JSON', (_case, result, expected) => {
    expect(exportTraceServiceResponse(result, 'json')).toBe(expected);
  });

  it('encodes full success as an empty protobuf message', () => {
    const body = exportTraceServiceResponse({ rejected: 0 }, 'protobuf');
    expect(Buffer.isBuffer(body)).toBe(true);
    expect(body).toHaveLength(0);
  });

  it.each<[number, string | undefined]>([
    [3, 'resourceSpans[0].scopeSpans[0].spans[3].traceId: must be 16 bytes'],
    [300, undefined],
    [2 ** 40, 'ünïcödé ✓'],
    [1, 'x'.repeat(200)],
    [0, 'a warning'],
  ])(
    'encodes %i rejected with message %j as protobuf the SDK can read',
    (rejected, errorMessage) => {
      const body = exportTraceServiceResponse(
        { rejected, errorMessage },
        'protobuf',
      ) as Buffer;
      expect(Buffer.isBuffer(body)).toBe(true);
      const parsed = ProtobufTraceSerializer.deserializeResponse(
        new Uint8Array(body),
      );
      expect(parsed.partialSuccess?.errorMessage ?? undefined).toBe(
        errorMessage,
      );
      expect(Number(parsed.partialSuccess?.rejectedSpans ?? 0)).toBe(rejected);
    },
  );

  it('writes the exact protobuf bytes for a small partial success', () => {
    const body = exportTraceServiceResponse(
      { rejected: 3, errorMessage: 'no' },
      'protobuf',
    );
    expect([...(body as Buffer)]).toEqual([
      0x0a, 0x06, 0x08, 0x03, 0x12, 0x02, 0x6e, 0x6f,
    ]);
  });
});
