import {
  derivedAvailabilityObjectives,
  derivedLatencyObjectives,
  rankDependencyContribution,
} from './callGraph';
import { expectClose } from './testUtils';

describe('derivedAvailabilityObjectives', () => {
  it.each<
    [
      string,
      number,
      Array<{ name: string; critical: boolean; callsPerRequest?: number }>,
      Array<[number | undefined, number | undefined, number | undefined]>,
    ]
  >([
    [
      '99.9% caller with one critical dependency',
      0.999,
      [{ name: 'payments', critical: true }],
      [[0.9999, 0.9999, 0.999]],
    ],
    [
      '99.9% caller, two critical and one optional',
      0.999,
      [
        { name: 'payments', critical: true },
        { name: 'inventory', critical: true },
        { name: 'recommendations', critical: false },
      ],
      [
        [0.9999, 0.9999, 0.999 ** 0.5],
        [0.9999, 0.9999, 0.999 ** 0.5],
        [undefined, undefined, undefined],
      ],
    ],
    [
      '99% caller calling one dependency 20 times: equal share is stricter',
      0.99,
      [{ name: 'db', critical: true, callsPerRequest: 20 }],
      [[0.99 ** (1 / 20), 0.999, 0.99 ** (1 / 20)]],
    ],
  ])('%s', (_, objective, dependencies, expected) => {
    const derived = derivedAvailabilityObjectives({ objective, dependencies });
    expect(derived.map(d => d.name)).toEqual(dependencies.map(d => d.name));
    derived.forEach((d, i) => {
      const [suggested, oneMoreNine, equalShare] = expected[i];
      expectClose(d.suggested, suggested, 12);
      expectClose(d.oneMoreNine, oneMoreNine, 12);
      expectClose(d.equalShare, equalShare, 12);
    });
  });

  it('explains both bounds', () => {
    const [payments, recommendations] = derivedAvailabilityObjectives({
      objective: 0.999,
      dependencies: [
        { name: 'payments', critical: true, callsPerRequest: 2 },
        { name: 'recommendations', critical: false },
      ],
    });
    expect(payments.reasoning).toBe(
      "Critical (2 calls per request): every request needs it, so its availability multiplies into the caller's " +
        'and the product over all 2 critical calls must stay at or above 99.9%. ' +
        'One more nine is 99.99%; an equal share is 99.9%^(1/2) = 99.95%. ' +
        'Suggested: 99.99% per call, the stricter.',
    );
    expect(recommendations.reasoning).toMatch(
      /^Not critical: .* puts no bound on it/,
    );
  });

  it('rounds measured calls per request in the explanation', () => {
    const [checkout] = derivedAvailabilityObjectives({
      objective: 0.999,
      dependencies: [
        { name: 'cart', critical: true, callsPerRequest: 59 / 33 },
      ],
    });
    expect(checkout.callsPerRequest).toBe(59 / 33);
    expect(checkout.reasoning).toMatch(/^Critical \(1\.79 calls per request\)/);
  });
});

describe('derivedLatencyObjectives', () => {
  it.each<[number, number, number]>([
    [0.99, 1, 0.99],
    [0.99, 2, 0.99499],
    [0.99, 10, 0.998995],
    [0.999, 100, 0.99999],
    [0.5, 2, 0.70711],
  ])('p%s over %d parallel calls', (quantile, fanOut, perCall) => {
    const derived = derivedLatencyObjectives({
      quantile,
      thresholdMs: 300,
      fanOut,
    });
    expect(derived.perCallQuantile).toBeCloseTo(perCall, 5);
    expect(derived.thresholdMs).toBe(300);
  });

  it('explains the arithmetic', () => {
    expect(
      derivedLatencyObjectives({ quantile: 0.99, thresholdMs: 300, fanOut: 2 })
        .reasoning,
    ).toBe(
      'A request waits for all 2 parallel calls, so it finishes within 300 ms only when every call does: ' +
        'q^2 ≥ 0.99 gives q = 0.99^(1/2) = 0.994987, ' +
        "i.e. each call's p99.4987 must be within 300 ms.",
    );
  });
});

describe('rankDependencyContribution', () => {
  it.each<
    [
      string,
      { errors: number; slow: number; total: number },
      Array<{ server: string; errors: number; slow: number; calls: number }>,
      Array<[string, number, number]>,
      [number, number],
    ]
  >([
    [
      'part of the errors come from dependencies',
      { errors: 100, slow: 50, total: 10_000 },
      [
        { server: 'inventory', errors: 10, slow: 30, calls: 5000 },
        { server: 'payments', errors: 60, slow: 5, calls: 9000 },
        { server: 'search', errors: 0, slow: 0, calls: 100 },
      ],
      [
        ['payments', 0.6, 0.1],
        ['inventory', 0.1, 0.6],
        ['search', 0, 0],
      ],
      [0.3, 0.3],
    ],
    [
      'retries: edges see more errors than the caller',
      { errors: 10, slow: 0, total: 1000 },
      [
        { server: 'db', errors: 30, slow: 0, calls: 3000 },
        { server: 'cache', errors: 10, slow: 0, calls: 2000 },
      ],
      [
        ['db', 0.75, 0],
        ['cache', 0.25, 0],
      ],
      [0, 0],
    ],
    [
      'edges to one server over two connection types merge',
      { errors: 10, slow: 10, total: 1000 },
      [
        { server: 'orders', errors: 2, slow: 1, calls: 100 },
        { server: 'orders', errors: 3, slow: 1, calls: 50 },
      ],
      [['orders', 0.5, 0.2]],
      [0.5, 0.8],
    ],
    [
      'a healthy caller',
      { errors: 0, slow: 0, total: 1000 },
      [{ server: 'db', errors: 3, slow: 0, calls: 3000 }],
      [['db', 0, 0]],
      [0, 0],
    ],
  ])('%s', (_, caller, edges, ranked, [unexplainedErrors, unexplainedSlow]) => {
    const result = rankDependencyContribution({ caller, edges });
    expect(result.ranked.map(e => e.server)).toEqual(
      ranked.map(([server]) => server),
    );
    result.ranked.forEach((e, i) => {
      expectClose(e.errorShare, ranked[i][1]);
      expectClose(e.slowShare, ranked[i][2]);
    });
    expectClose(result.unexplained.errorShare, unexplainedErrors);
    expectClose(result.unexplained.slowShare, unexplainedSlow);
    const sum = result.ranked.reduce((s, e) => s + e.errorShare, 0);
    expect(sum + result.unexplained.errorShare).toBeLessThanOrEqual(1 + 1e-12);
  });
});
