import { objectiveTarget, serviceEntityRef } from './schemas';

describe('objectiveTarget', () => {
  it.each<[{ target?: number; targetPercent?: number }, number]>([
    [{ target: 0.999 }, 0.999],
    // 99.9 / 100 is 0.9990000000000001 in floating point.
    [{ targetPercent: 99.9 }, 0.999],
    [{ targetPercent: 99.99 }, 0.9999],
    [{ targetPercent: 95 }, 0.95],
  ])('%j', (o, expected) => {
    expect(objectiveTarget(o)).toBe(expected);
  });

  it('throws for an objective validation would reject', () => {
    expect(() => objectiveTarget({})).toThrow(TypeError);
  });
});

describe('serviceEntityRef', () => {
  it.each<[string, string | undefined, string]>([
    ['checkout', undefined, 'component:default/checkout'],
    ['checkout', 'shop', 'component:shop/checkout'],
    ['payments/checkout', 'shop', 'component:payments/checkout'],
    ['component:checkout', 'shop', 'component:shop/checkout'],
    ['Component:default/checkout', 'shop', 'component:default/checkout'],
  ])('%s in namespace %s', (service, namespace, expected) => {
    expect(
      serviceEntityRef({ metadata: { namespace }, spec: { service } }),
    ).toBe(expected);
  });
});
