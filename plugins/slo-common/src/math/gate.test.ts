import { GateDecision, gateDecision, worstGateDecision } from './gate';

describe('gateDecision', () => {
  // Both thresholds are inclusive.
  it.each<
    [number | undefined, number | undefined, number | undefined, GateDecision]
  >([
    [0, undefined, undefined, 'allow'],
    [0.4999, undefined, undefined, 'allow'],
    [0.5, undefined, undefined, 'warn'],
    [0.8999, undefined, undefined, 'warn'],
    [0.9, undefined, undefined, 'freeze'],
    [1.7, undefined, undefined, 'freeze'],
    [undefined, undefined, undefined, 'allow'],
    [0.3, 0.25, 0.75, 'warn'],
    [0.75, 0.25, 0.75, 'freeze'],
    [0.8, 0.8, 0.8, 'freeze'],
  ])(
    '%s consumed, warn at %s, freeze at %s',
    (consumedFraction, warnAt, freezeAt, expected) => {
      expect(gateDecision({ consumedFraction, warnAt, freezeAt })).toBe(
        expected,
      );
    },
  );
});

describe('worstGateDecision', () => {
  it.each<[GateDecision[], GateDecision]>([
    [[], 'allow'],
    [['allow', 'allow'], 'allow'],
    [['allow', 'warn', 'allow'], 'warn'],
    [['warn', 'freeze', 'allow'], 'freeze'],
  ])('%j', (decisions, expected) => {
    expect(worstGateDecision(decisions)).toBe(expected);
  });
});
