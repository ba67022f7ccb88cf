import { DAY_MS, HOUR_MS } from '../shared/time';
import {
  AlertHygieneThresholds,
  FiredAlert,
  UnnecessaryAlert,
  alertHygiene,
} from './alertHygiene';

const NOW = Date.parse('2026-03-30T00:00:00Z');
const FROM = NOW - 28 * DAY_MS;

/** `count` firings of one alert, `everyMs` apart from `firstMs`. */
function series(
  alert: Omit<FiredAlert, 'at' | 'acknowledgedAt'> & {
    acked?: (i: number) => boolean;
  },
  count: number,
  firstMs: number,
  everyMs: number,
): FiredAlert[] {
  const { acked = () => true, ...rest } = alert;
  return Array.from({ length: count }, (_, i) => {
    const at = firstMs + i * everyMs;
    return {
      ...rest,
      at,
      ...(acked(i) && { acknowledgedAt: at + 5 * 60_000 }),
    };
  });
}

// Every night at 03:00, acknowledged every other night, never acted on.
const redisLatency = series(
  {
    name: 'CartRedisLatencyHigh',
    service: 'cart',
    actioned: false,
    acked: i => i % 2 === 1,
  },
  28,
  FROM + 3 * HOUR_MS,
  DAY_MS,
);
// A real problem, four times, three of them fixed.
const paymentBurn = series(
  {
    name: 'PaymentFastBurn',
    service: 'payment',
    actioned: true,
    runbook: 'https://runbooks.example.com/payment',
  },
  4,
  FROM + 2 * DAY_MS,
  6 * DAY_MS,
).map((alert, i) => (i === 3 ? { ...alert, actioned: false } : alert));
// Twice, never acted on: too rare to call a habit.
const emailBacklog = series(
  {
    name: 'EmailQueueBacklog',
    service: 'email',
    actioned: false,
    runbook: 'https://runbooks.example.com/email',
    acked: () => false,
  },
  2,
  FROM + 10 * DAY_MS,
  3 * DAY_MS,
);
// Outside the window: before it, and at its (exclusive) end.
const outside = [FROM - DAY_MS, NOW].map(at => ({
  name: 'PaymentFastBurn',
  service: 'payment',
  at,
  actioned: false,
}));

// Three times in three hours, acknowledged, no runbook.
const flap = series(
  { name: 'Flap', service: 'ad', actioned: false },
  3,
  FROM + DAY_MS,
  HOUR_MS,
);

const allAlerts = [
  ...redisLatency,
  ...paymentBurn,
  ...emailBacklog,
  ...outside,
];

describe('alertHygiene', () => {
  it('summarises four weeks', () => {
    const report = alertHygiene({ alerts: allAlerts, nowMs: NOW, weeks: 4 });
    expect(report).toEqual({
      fromMs: FROM,
      toMs: NOW,
      total: 34,
      perWeek: [8, 10, 9, 7],
      alertsPerWeek: 8.5,
      acknowledgedShare: 18 / 34,
      actionedShare: 3 / 34,
      repeats: 27,
      repeatShare: 27 / 34,
      withoutRunbook: 28,
      withoutRunbookShare: 28 / 34,
      byAlert: [
        {
          name: 'CartRedisLatencyHigh',
          service: 'cart',
          count: 28,
          acknowledged: 14,
          actioned: 0,
          repeats: 27,
          withoutRunbook: 28,
        },
        {
          name: 'PaymentFastBurn',
          service: 'payment',
          count: 4,
          acknowledged: 4,
          actioned: 3,
          repeats: 0,
          withoutRunbook: 0,
        },
        {
          name: 'EmailQueueBacklog',
          service: 'email',
          count: 2,
          acknowledged: 0,
          actioned: 0,
          repeats: 0,
          withoutRunbook: 0,
        },
      ],
      unnecessary: [
        {
          name: 'CartRedisLatencyHigh',
          service: 'cart',
          count: 28,
          reasons: [
            'fired 28 times in 4 weeks (7 a week) and was never actioned',
            'was acknowledged 14 of 28 times',
            'repeated within 24 hours 27 times',
            'has no runbook',
          ],
        },
      ],
    });
  });

  it.each<
    [
      string,
      FiredAlert[],
      AlertHygieneThresholds | undefined,
      UnnecessaryAlert[],
    ]
  >([
    ['nothing fired', [], undefined, []],
    [
      'rare alerts become noisy under a lower bar',
      emailBacklog,
      { minFires: 2, oftenPerWeek: 0.5 },
      [
        {
          name: 'EmailQueueBacklog',
          service: 'email',
          count: 2,
          reasons: [
            'fired 2 times in 4 weeks (0.5 a week) and was never actioned',
            'was never acknowledged either',
          ],
        },
      ],
    ],
    [
      'one action is enough to keep an alert',
      paymentBurn.map((alert, i) => ({ ...alert, actioned: i === 0 })),
      undefined,
      [],
    ],
    ['a burst on one day: below the default weekly rate', flap, undefined, []],
    [
      'a burst on one day: above a bar of one every two weeks',
      flap,
      { oftenPerWeek: 0.5 },
      [
        {
          name: 'Flap',
          service: 'ad',
          count: 3,
          reasons: [
            'fired 3 times in 4 weeks (0.8 a week) and was never actioned',
            'repeated within 24 hours 2 times',
            'has no runbook',
          ],
        },
      ],
    ],
  ])('%s', (_, alerts, thresholds, unnecessary) => {
    expect(
      alertHygiene({ alerts, nowMs: NOW, weeks: 4, thresholds }).unnecessary,
    ).toEqual(unnecessary);
  });

  it('reports no shares for an empty window', () => {
    const report = alertHygiene({ alerts: [], nowMs: NOW, weeks: 2 });
    expect(report).toMatchObject({
      total: 0,
      perWeek: [0, 0],
      alertsPerWeek: 0,
    });
    expect(report.acknowledgedShare).toBeUndefined();
    expect(report.actionedShare).toBeUndefined();
  });
});
