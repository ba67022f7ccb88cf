import { EventCounts } from '../math/burnRate';
import { DAY_MS, HOUR_MS, MINUTE_MS } from '../math/time';
import { evaluateSlo } from './evaluateSlo';
import {
  CountWindow,
  planSloEvaluation,
  windowKey,
  windowsOfPlans,
} from './plan';

const NOW = Date.UTC(2026, 10, 21, 12, 0);
const PER_MINUTE = 1000;

/**
 * Counts of a service taking 1000 calls a minute with a base error ratio,
 * plus an extra error ratio during a burst, exact for any window.
 */
function traffic(options: {
  baseErrors: number;
  burst?: { fromMs: number; toMs: number; errors: number };
}) {
  return (w: CountWindow): EventCounts => {
    const minutes = (w.toMs - w.fromMs) / MINUTE_MS;
    const total = minutes * PER_MINUTE;
    let bad = total * options.baseErrors;
    const burst = options.burst;
    if (burst) {
      const overlap = Math.max(
        0,
        Math.min(w.toMs, burst.toMs) - Math.max(w.fromMs, burst.fromMs),
      );
      bad += (overlap / MINUTE_MS) * PER_MINUTE * burst.errors;
    }
    return { good: total - bad, total };
  };
}

function evaluate(options: {
  counts: (w: CountWindow) => EventCounts;
  objective: number;
  duration?: string;
}) {
  const plan = planSloEvaluation({
    timeWindow: { duration: options.duration ?? '30d', isRolling: true } as any,
    nowMs: NOW,
  })!;
  const counts = new Map(
    windowsOfPlans([plan]).map(w => [windowKey(w), options.counts(w)]),
  );
  return evaluateSlo({
    plan,
    counts,
    objective: options.objective,
    budgetingMethod: 'Occurrences',
    policy: { warnAt: 0.5, freezeAt: 0.9 },
    nowMs: NOW,
  });
}

describe('evaluateSlo', () => {
  it.each([
    {
      name: 'steady burn below budget: no alert, gate allows',
      counts: traffic({ baseErrors: 0.0004 }),
      consumed: 0.4,
      firing: undefined,
      gate: 'allow',
      burn1h: 0.4,
    },
    {
      name: 'steady burn at 60% of budget: gate warns',
      counts: traffic({ baseErrors: 0.0006 }),
      consumed: 0.6,
      firing: undefined,
      gate: 'warn',
      burn1h: 0.6,
    },
    {
      name: 'an hour at 2% errors fires the fast page (burn 20 ≥ 14.4)',
      counts: traffic({
        baseErrors: 0,
        burst: { fromMs: NOW - HOUR_MS, toMs: NOW, errors: 0.02 },
      }),
      consumed:
        (60 * PER_MINUTE * 0.02) /
        (((30 * DAY_MS) / MINUTE_MS) * PER_MINUTE * 0.001),
      firing: 'page-1h',
      gate: 'allow',
      burn1h: 20,
    },
    {
      name: 'a burst that ended 10 minutes ago: long window high, short window quiet, no page',
      counts: traffic({
        baseErrors: 0,
        burst: {
          fromMs: NOW - HOUR_MS,
          toMs: NOW - 10 * MINUTE_MS,
          errors: 0.03,
        },
      }),
      consumed: (50 * PER_MINUTE * 0.03) / (43_200 * PER_MINUTE * 0.001),
      firing: undefined,
      gate: 'allow',
      burn1h: 25,
    },
    {
      name: 'budget 95% spent: gate freezes',
      counts: traffic({ baseErrors: 0.00095 }),
      consumed: 0.95,
      firing: undefined,
      gate: 'freeze',
      burn1h: 0.95,
    },
  ])('$name', ({ counts, consumed, firing, gate, burn1h }) => {
    const result = evaluate({ counts, objective: 0.999 });
    expect(result.state).toBe('ok');
    expect(result.budget.consumedFraction).toBeCloseTo(consumed, 6);
    expect(result.firing?.name).toBe(firing);
    expect(result.gate).toBe(gate);
    expect(result.burnRates.find(b => b.name === '1h')?.burnRate).toBeCloseTo(
      burn1h,
      6,
    );
  });

  it('reports no data, and too few events below one allowed bad event', () => {
    expect(
      evaluate({ counts: () => ({ good: 0, total: 0 }), objective: 0.999 })
        .state,
    ).toBe('no-data');
    expect(
      evaluate({ counts: () => ({ good: 50, total: 50 }), objective: 0.999 })
        .state,
    ).toBe('too-few-events');
  });

  it('burns down day by day and reports quarters', () => {
    const result = evaluate({
      counts: traffic({ baseErrors: 0.0005 }),
      objective: 0.999,
    });
    expect(result.burnDown).toHaveLength(31);
    const remaining = result.burnDown.map(p => p.remainingFraction!);
    expect(remaining[remaining.length - 1]).toBeCloseTo(0.5, 6);
    expect(result.quarters.map(q => `${q.year}Q${q.quarter}`)).toEqual([
      '2026Q4',
      '2026Q3',
      '2026Q2',
      '2026Q1',
      '2025Q4',
    ]);
    expect(result.quarters[0].verdict).toBe('met');
    expect(result.sli.interval!.lower).toBeLessThan(result.sli.ratio!);
  });

  it('refuses Timeslices with more slices than it evaluates', () => {
    const plan = planSloEvaluation({
      timeWindow: { duration: '30d', isRolling: true } as any,
      nowMs: NOW,
      timeSliceWindowMs: MINUTE_MS,
    })!;
    expect(plan.unsupported).toContain('43200 time slices');
  });
});
