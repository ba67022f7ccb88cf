import {
  idBytes,
  spanFingerprint,
  spanFingerprintAt,
  traceFingerprintAt,
} from './fingerprint';
import { randomHex, seededRandom } from './testRandom';

describe('spanFingerprint', () => {
  it('is a positive integer below 2^53', () => {
    const fingerprint = spanFingerprint(
      '0af7651916cd43dd8448eb211c80319c',
      'b7ad6b7169203331',
    );
    expect(Number.isSafeInteger(fingerprint)).toBe(true);
    expect(fingerprint).toBeGreaterThan(0);
  });

  it('tells the trace/span boundary apart', () => {
    expect(spanFingerprint('ab', 'c')).not.toBe(spanFingerprint('a', 'bc'));
  });

  it('has no collisions among 200 000 random ids', () => {
    const random = seededRandom(7);
    const seen = new Set<number>();
    for (let i = 0; i < 200_000; i++) {
      seen.add(spanFingerprint(randomHex(random, 32), randomHex(random, 16)));
    }
    expect(seen.size).toBe(200_000);
  });

  it.each([
    ['random ids', (_: number, random: () => number) => randomHex(random, 32)],
    [
      'ids differing in their first characters only',
      (i: number) => `${i.toString(16).padStart(8, '0')}${'7'.repeat(24)}`,
    ],
    [
      'ids differing in their last characters only',
      (i: number) => `${'7'.repeat(24)}${i.toString(16).padStart(8, '0')}`,
    ],
  ])('spreads %s over the low bits that hash tables probe by', (_, id) => {
    const random = seededRandom(11);
    const buckets = new Set<number>();
    const n = 1 << 16;
    for (let i = 0; i < n; i++) {
      buckets.add(spanFingerprint(id(i, random), '') & (n - 1));
    }
    // n uniform draws fill 1 - 1/e of n buckets: 41 427.
    expect(buckets.size).toBeGreaterThan(40_000);
  });

  it('differs for the same span id in different traces', () => {
    expect(spanFingerprint('trace-a', '0001')).not.toBe(
      spanFingerprint('trace-b', '0001'),
    );
  });
  it.each([
    ['random ids', 1],
    ['other random ids', 2],
    ['ids with every byte 0xff', 0],
  ])(
    'is the same computed from hex text, raw bytes or strings (%s)',
    (_, seed) => {
      const random = seededRandom(seed);
      const hex = (chars: number) =>
        seed === 0 ? 'f'.repeat(chars) : randomHex(random, chars);
      const traceId = hex(32);
      const spanIds = [hex(16), hex(16)];
      const text = Buffer.from(`"${traceId}${spanIds.join('')}`, 'latin1');
      const asText = idBytes(text, true);
      const raw = idBytes(
        Buffer.from(traceId + spanIds.join(''), 'hex'),
        false,
      );

      expect(traceFingerprintAt(asText, 1)).toBe(spanFingerprint(traceId, ''));
      // Spans after their trace, as the decoders call them.
      expect(spanFingerprintAt(asText, 33)).toBe(
        spanFingerprint(traceId, spanIds[0]),
      );
      expect(spanFingerprintAt(asText, 49)).toBe(
        spanFingerprint(traceId, spanIds[1]),
      );
      expect(traceFingerprintAt(raw, 0)).toBe(spanFingerprint(traceId, ''));
      expect(spanFingerprintAt(raw, 16)).toBe(
        spanFingerprint(traceId, spanIds[0]),
      );
      expect(spanFingerprintAt(raw, 24)).toBe(
        spanFingerprint(traceId, spanIds[1]),
      );
    },
  );

  it('fingerprints spans in the trace given last', () => {
    const ids = Buffer.from(
      `${'1'.repeat(32)}${'2'.repeat(32)}${'3'.repeat(16)}`,
    );
    const hex = idBytes(ids, true);
    traceFingerprintAt(hex, 0);
    traceFingerprintAt(hex, 32);
    expect(spanFingerprintAt(hex, 64)).toBe(
      spanFingerprint('2'.repeat(32), '3'.repeat(16)),
    );
  });
});
