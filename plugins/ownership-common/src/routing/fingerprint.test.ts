import { alertFingerprint, groupKey } from './fingerprint';

type FingerprintInput = Parameters<typeof alertFingerprint>[0];

const base: FingerprintInput = {
  alertName: 'CheckoutAvailabilityFastBurn',
  service: 'payment',
};

describe('alertFingerprint', () => {
  it('is 16 hex digits and stable', () => {
    expect(alertFingerprint(base)).toMatch(/^[0-9a-f]{16}$/);
    expect(alertFingerprint(base)).toBe(alertFingerprint({ ...base }));
  });

  it.each<[string, boolean, FingerprintInput]>([
    ['surrounding spaces', true, { ...base, service: ' payment ' }],
    ['no labels and empty labels', true, { ...base, labels: {} }],
    ['another culprit service', false, { ...base, service: 'checkout' }],
    ['another alert name', false, { ...base, alertName: 'CheckoutLatency' }],
    ['a label', false, { ...base, labels: { env: 'prod' } }],
    [
      'a separator moved between name and service',
      false,
      { alertName: 'CheckoutAvailabilityFastBurn","payment', service: '' },
    ],
  ])('%s: same fingerprint is %s', (_, same, other) => {
    expect(alertFingerprint(other) === alertFingerprint(base)).toBe(same);
  });

  it('ignores label order', () => {
    expect(
      alertFingerprint({ ...base, labels: { env: 'prod', region: 'eu' } }),
    ).toBe(
      alertFingerprint({ ...base, labels: { region: 'eu', env: 'prod' } }),
    );
  });
});

describe('groupKey', () => {
  const fingerprint = alertFingerprint(base);
  const at = (iso: string) => Date.parse(iso);

  it.each<[string, boolean, string, string, number | undefined]>([
    [
      'within the hour',
      true,
      '2026-03-25T12:01:00Z',
      '2026-03-25T12:59:59Z',
      undefined,
    ],
    [
      'across the hour boundary',
      false,
      '2026-03-25T12:59:00Z',
      '2026-03-25T13:00:00Z',
      undefined,
    ],
    [
      'within a 4-hour window',
      true,
      '2026-03-25T12:00:00Z',
      '2026-03-25T15:30:00Z',
      4 * 3_600_000,
    ],
    [
      'a day apart',
      false,
      '2026-03-25T12:00:00Z',
      '2026-03-26T12:00:00Z',
      undefined,
    ],
  ])('%s: same group is %s', (_, same, first, second, windowMs) => {
    const key = (iso: string) =>
      groupKey({ fingerprint, atMs: at(iso), windowMs });
    expect(key(first) === key(second)).toBe(same);
  });

  it('names the fingerprint and the window start', () => {
    expect(
      groupKey({ fingerprint: 'abc', atMs: at('2026-03-25T12:34:56Z') }),
    ).toBe('abc@2026-03-25T12:00:00.000Z');
  });
});
