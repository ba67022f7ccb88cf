import { OpenSloAlertPolicy, OpenSloSlo } from '../openslo/schemas';
import {
  availabilitySli,
  availabilitySlo,
  fastBurnPolicy,
  latencySlo,
} from '../openslo/testUtils';
import { sloGeneratorInput } from './fromOpenSlo';

const DAY = 86_400_000;
const indicator = { name: 'availability', spec: availabilitySli().spec };

describe('sloGeneratorInput', () => {
  it.each<[string, OpenSloSlo, OpenSloAlertPolicy[], string, object]>([
    [
      'a rolling 28d SLO with its budget policy, default alert windows',
      latencySlo(),
      [],
      '2026-11-21T00:00:00Z',
      {
        slo: {
          name: 'checkout-latency',
          displayName: undefined,
          service: 'checkoutservice',
          objective: 0.99,
          periodMs: 28 * DAY,
        },
        sli: indicator.spec,
        alertWindows: undefined,
        budgetPolicy: { warnAt: 0.4, freezeAt: 0.9 },
      },
    ],
    [
      'a quarterly SLO (targetPercent) in the current quarter, with a policy',
      availabilitySlo(),
      [fastBurnPolicy()],
      '2026-05-10T00:00:00Z',
      {
        slo: {
          name: 'checkout-availability',
          displayName: undefined,
          service: 'checkoutservice',
          objective: 0.999,
          periodMs: 91 * DAY,
        },
        sli: indicator.spec,
        alertWindows: [
          {
            name: 'page-2h',
            severity: 'page',
            budgetFraction: (10 * 2) / (91 * 24),
            longWindowMs: 2 * 3_600_000,
            shortWindowMs: 600_000,
            factor: 10,
          },
          {
            name: 'ticket-12h',
            severity: 'ticket',
            budgetFraction: (2.5 * 12) / (91 * 24),
            longWindowMs: 12 * 3_600_000,
            shortWindowMs: 3_600_000,
            factor: 2.5,
          },
        ],
        budgetPolicy: { warnAt: 0.5, freezeAt: 0.9 },
      },
    ],
  ])('builds %s', (_, slo, policies, now, expected) => {
    const input = sloGeneratorInput({
      slo,
      indicator,
      policies,
      serviceName: 'checkoutservice',
      nowMs: Date.parse(now),
    });
    expect(input).toEqual({
      ...expected,
      alertWindows: (
        expected as { alertWindows?: Array<Record<string, number>> }
      ).alertWindows?.map(w => ({
        ...w,
        budgetFraction: expect.closeTo(w.budgetFraction, 12),
      })),
    });
  });

  it('has no input for a calendar SLO before its start', () => {
    expect(
      sloGeneratorInput({
        slo: availabilitySlo(),
        indicator,
        policies: [],
        serviceName: 'checkoutservice',
        nowMs: Date.parse('2025-12-31T00:00:00Z'),
      }),
    ).toBeUndefined();
  });
});
