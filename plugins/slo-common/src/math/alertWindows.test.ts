import { openSloAlertPolicySchema } from '../openslo/schemas';
import { fastBurnPolicy } from '../openslo/testUtils';
import {
  AlertWindow,
  alertWindowsFromPolicy,
  defaultAlertWindows,
  evaluateAlert,
  evaluateAlerts,
} from './alertWindows';
import { errorBudget } from './errorBudget';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

describe('defaultAlertWindows', () => {
  // SRE Workbook, "Alerting on SLOs", table 5-8, for a 30-day SLO.
  it.each<[string, 'page' | 'ticket', number, number, number, number]>([
    ['page-1h', 'page', 0.02, HOUR, 5 * MINUTE, 14.4],
    ['page-6h', 'page', 0.05, 6 * HOUR, 30 * MINUTE, 6],
    ['ticket-1d', 'ticket', 0.1, DAY, 2 * HOUR, 3],
    ['ticket-3d', 'ticket', 0.1, 3 * DAY, 6 * HOUR, 1],
  ])(
    '30 days: %s (%s) spends %s of the budget in %d ms, short window %d ms, factor %s',
    (name, severity, budgetFraction, longWindowMs, shortWindowMs, factor) => {
      expect(defaultAlertWindows(30 * DAY)).toContainEqual({
        name,
        severity,
        budgetFraction,
        longWindowMs,
        shortWindowMs,
        factor,
      });
    },
  );

  it.each<[string, number, [number, number, number, number]]>([
    ['7 days', 7 * DAY, [3.36, 1.4, 0.7, 7 / 30]],
    ['28 days', 28 * DAY, [13.44, 5.6, 2.8, 14 / 15]],
    ['30 days', 30 * DAY, [14.4, 6, 3, 1]],
    ['a 90-day quarter', 90 * DAY, [43.2, 18, 9, 3]],
  ])('factors for %s', (_, periodMs, factors) => {
    const actual = defaultAlertWindows(periodMs).map(w => w.factor);
    factors.forEach((factor, i) => expect(actual[i]).toBeCloseTo(factor, 12));
  });

  // Burning at exactly the factor for the whole long window spends the pair's
  // budget fraction of a 30-day budget: 2%, 5%, 10%, 10%.
  it.each(defaultAlertWindows(30 * DAY).map(w => [w.name, w] as const))(
    'an alert at the %s factor has spent its budget fraction',
    (_, window) => {
      const objective = 0.999;
      const perMinute = 1000;
      const periodTotal = perMinute * 30 * 24 * 60;
      const windowTotal = perMinute * (window.longWindowMs / MINUTE);
      const bad = window.factor * (1 - objective) * windowTotal;
      const budget = errorBudget({
        good: periodTotal - bad,
        total: periodTotal,
        objective,
      });
      expect(budget.consumedFraction).toBeCloseTo(window.budgetFraction, 9);
    },
  );
});

describe('alertWindowsFromPolicy', () => {
  it('maps threshold to factor and lookback to the long window', () => {
    const policy = openSloAlertPolicySchema.parse(fastBurnPolicy());
    expect(
      alertWindowsFromPolicy({ policies: [policy], periodMs: 30 * DAY }),
    ).toEqual([
      {
        name: 'page-2h',
        severity: 'page',
        budgetFraction: (10 * 2) / 720,
        longWindowMs: 2 * HOUR,
        shortWindowMs: 10 * MINUTE,
        factor: 10,
      },
      {
        name: 'ticket-12h',
        severity: 'ticket',
        budgetFraction: (2.5 * 12) / 720,
        longWindowMs: 12 * HOUR,
        shortWindowMs: HOUR,
        factor: 2.5,
      },
    ]);
  });
});

const [page1h, page6h, ticket1d, ticket3d] = defaultAlertWindows(30 * DAY);

describe('evaluateAlert', () => {
  it.each<[string, number | undefined, number | undefined, boolean]>([
    ['both above', 20, 15, true],
    ['both exactly at the factor', 14.4, 14.4, true],
    ['long above, short below: the burn has stopped', 20, 2, false],
    ['short above, long below: a blip', 2, 20, false],
    ['both below', 1, 1, false],
    ['no events in the short window', 20, undefined, false],
    ['no events at all', undefined, undefined, false],
  ])('%s', (_, longBurn, shortBurn, firing) => {
    expect(evaluateAlert({ window: page1h, longBurn, shortBurn })).toEqual({
      window: page1h,
      longBurn,
      shortBurn,
      firing,
    });
  });
});

describe('evaluateAlerts', () => {
  it.each<[string, number, string[]]>([
    [
      'a fast burn fires every window',
      20,
      ['page-1h', 'page-6h', 'ticket-1d', 'ticket-3d'],
    ],
    [
      'a medium burn fires the slower pages and tickets',
      7,
      ['page-6h', 'ticket-1d', 'ticket-3d'],
    ],
    ['a slow burn files tickets only', 3, ['ticket-1d', 'ticket-3d']],
    ['a burn at the budget pace files one ticket', 1, ['ticket-3d']],
    ['a burn under pace is quiet', 0.9, []],
  ])('%s', (_, burn, names) => {
    const windows: AlertWindow[] = [ticket3d, page6h, ticket1d, page1h];
    const result = evaluateAlerts({
      burns: windows.map(window => ({
        window,
        longBurn: burn,
        shortBurn: burn,
      })),
    });
    expect(result.evaluations).toHaveLength(4);
    expect(result.firing.map(e => e.window.name)).toEqual(names);
    expect(result.mostSevere?.window.name).toBe(names[0]);
  });
});
