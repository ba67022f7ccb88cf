import {
  GateDecision,
  gateDecision,
  gateReason,
  worstGateDecision,
} from './gate';

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

describe('gateReason', () => {
  const policy = { warnAt: 0.5, freezeAt: 0.9 };
  it.each<[number | undefined, GateDecision, string]>([
    [0.625, 'warn', 'P: 62.5% of the error budget consumed (warn at 50%)'],
    [0.9, 'freeze', 'P: 90.0% of the error budget consumed (freeze at 90%)'],
    [
      0.99951,
      'freeze',
      'P: 100.0% of the error budget consumed (freeze at 90%)',
    ],
    [1, 'freeze', 'P: error budget spent: 100% consumed (freeze at 90%)'],
    [1.704, 'freeze', 'P: error budget spent: 170% consumed (freeze at 90%)'],
    [9.994, 'freeze', 'P: error budget spent: 999% consumed (freeze at 90%)'],
    [10, 'freeze', 'P: error budget spent 10 times over (freeze at 90%)'],
    [
      1200.4,
      'freeze',
      'P: error budget spent 1,200 times over (freeze at 90%)',
    ],
    [undefined, 'warn', 'P: 0.0% of the error budget consumed (warn at 50%)'],
  ])('%s consumed, %s', (consumedFraction, decision, expected) => {
    expect(gateReason({ title: 'P', decision, consumedFraction, policy })).toBe(
      expected,
    );
  });

  it.each([
    [0.255, '25.5%'],
    [0.55, '55%'],
  ])('names the threshold %s as %s', (warnAt, expected) => {
    expect(
      gateReason({
        title: 'P',
        decision: 'warn',
        consumedFraction: 0.6,
        policy: { warnAt, freezeAt: 0.75 },
      }),
    ).toBe(`P: 60.0% of the error budget consumed (warn at ${expected})`);
  });
});
