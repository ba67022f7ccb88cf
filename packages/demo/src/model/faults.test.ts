import { behaviourAt, historicalScenario, liveScenario } from './faults';
import { SHOP } from './shop';

const START = Date.UTC(2026, 10, 21, 18);
const minutes = (m: number) => START + m * 60_000;
const live = liveScenario(START);

describe('behaviourAt in the live scenario', () => {
  it.each([
    ['payment', 0, SHOP.payment.baselineErrorRate, 0],
    ['payment', 1, 0.85, 0],
    ['payment', 2.75, SHOP.payment.baselineErrorRate, 0],
    ['shipping', 3.9, SHOP.shipping.baselineErrorRate, 0],
    ['shipping', 4, SHOP.shipping.baselineErrorRate, 420],
    ['shipping', 18.9, SHOP.shipping.baselineErrorRate, 420],
    ['currency', 12, 1, 0],
    ['currency', 16, SHOP.currency.baselineErrorRate, 0],
    ['checkout', 12, SHOP.checkout.baselineErrorRate, 0],
  ] as const)(
    '%s at +%s min fails %s of requests and adds %s ms',
    (service, atMinute, errorRate, extraLatencyMs) => {
      const behaviour = behaviourAt({
        faults: live.faults,
        service,
        atMs: minutes(atMinute),
      });
      expect(behaviour.errorRate).toBe(errorRate);
      expect(behaviour.extraLatencyMs).toBe(extraLatencyMs);
    },
  );

  it('records the shipping deploy as the regression starts', () => {
    const regression = live.faults.find(f => f.service === 'shipping')!;
    expect(live.deploys).toEqual([
      {
        atMs: regression.fromMs,
        entityRef: 'component:default/shipping',
        version: '2.4.0',
      },
    ]);
  });

  it('starts the currency outage after the payment burst has left the 5-minute short window', () => {
    const burst = live.faults.find(f => f.service === 'payment')!;
    const outage = live.faults.find(f => f.service === 'currency')!;
    expect(outage.fromMs - burst.toMs).toBeGreaterThan(5 * 60_000 + 2 * 15_000);
  });
});

describe('historicalScenario', () => {
  it('keeps every incident and deploy inside the 30 days before now', () => {
    const { faults, deploys } = historicalScenario(START);
    for (const time of [
      ...faults.flatMap(f => [f.fromMs, f.toMs]),
      ...deploys.map(d => d.atMs),
    ]) {
      expect(time).toBeGreaterThan(START - 30 * 86_400_000);
      expect(time).toBeLessThan(START);
    }
  });
});
