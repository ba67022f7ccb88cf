import { share } from '../shared/stats';
import { DAY_MS, WEEK_MS } from '../shared/time';

/**
 * One alert that fired, as the ownership backend records it. Times are Unix
 * ms. `actioned` means someone did something about it (a change, a
 * mitigation, a ticket), as the responder marked it.
 *
 * @public
 */
export type FiredAlert = {
  name: string;
  service: string;
  at: number;
  acknowledgedAt?: number;
  actioned: boolean;
  runbook?: string;
};

/** @public */
export type AlertHygieneThresholds = {
  /** An alert firing at least this often a week on average fires "often"; default 1. */
  oftenPerWeek?: number;
  /** ...and at least this many times in the window, so one bad day is not a habit; default 3. */
  minFires?: number;
};

/** Per alert (name and service). @public */
export type AlertStats = {
  name: string;
  service: string;
  count: number;
  acknowledged: number;
  actioned: number;
  /** Firings within 24 hours of the previous firing of the same alert. */
  repeats: number;
  withoutRunbook: number;
};

/** @public */
export type UnnecessaryAlert = {
  name: string;
  service: string;
  count: number;
  /** Why it is flagged, then what else counts against it. */
  reasons: string[];
};

/** @public */
export type AlertHygieneReport = {
  fromMs: number;
  toMs: number;
  total: number;
  /** Counts per week, oldest first; week i starts at fromMs + i weeks. */
  perWeek: number[];
  alertsPerWeek: number;
  /** Shares of all firings; undefined when nothing fired. */
  acknowledgedShare?: number;
  actionedShare?: number;
  repeats: number;
  repeatShare?: number;
  withoutRunbook: number;
  withoutRunbookShare?: number;
  /** Most frequent first. */
  byAlert: AlertStats[];
  /** Alerts that fire often and were never actioned: candidates to delete or demote. */
  unnecessary: UnnecessaryAlert[];
};

const REPEAT_WITHIN_MS = DAY_MS;

function hasRunbook(alert: FiredAlert): boolean {
  return alert.runbook !== undefined && alert.runbook.trim() !== '';
}

function times(n: number): string {
  return n === 1 ? 'once' : `${n} times`;
}

function reasonsFor(
  stats: AlertStats,
  weeks: number,
  thresholds: Required<AlertHygieneThresholds>,
): string[] | undefined {
  const rate = stats.count / weeks;
  if (
    stats.actioned > 0 ||
    stats.count < thresholds.minFires ||
    rate < thresholds.oftenPerWeek
  ) {
    return undefined;
  }
  const reasons = [
    `fired ${times(stats.count)} in ${weeks} weeks (${
      Math.round(rate * 10) / 10
    } a week) and was never actioned`,
  ];
  if (stats.acknowledged === 0) {
    reasons.push('was never acknowledged either');
  } else if (stats.acknowledged < stats.count) {
    reasons.push(
      `was acknowledged ${stats.acknowledged} of ${stats.count} times`,
    );
  }
  if (stats.repeats > 0) {
    reasons.push(`repeated within 24 hours ${times(stats.repeats)}`);
  }
  if (stats.withoutRunbook > 0) {
    reasons.push(
      stats.withoutRunbook === stats.count
        ? 'has no runbook'
        : `had no runbook ${times(stats.withoutRunbook)}`,
    );
  }
  return reasons;
}

/**
 * How healthy a set of alerts is over the last `weeks` weeks before
 * `nowMs`: volume per week, how many were acknowledged and acted on, how
 * many repeated within a day, how many came without a runbook, and which
 * alerts fire often but never lead to action. The SRE book's test: every
 * page should be actionable; one nobody acts on trains people to ignore
 * pages.
 *
 * @public
 */
export function alertHygiene(options: {
  alerts: ReadonlyArray<FiredAlert>;
  nowMs: number;
  weeks: number;
  thresholds?: AlertHygieneThresholds;
}): AlertHygieneReport {
  const { nowMs, weeks } = options;
  const thresholds = {
    oftenPerWeek: options.thresholds?.oftenPerWeek ?? 1,
    minFires: options.thresholds?.minFires ?? 3,
  };
  const fromMs = nowMs - weeks * WEEK_MS;
  const alerts = options.alerts
    .filter(a => a.at >= fromMs && a.at < nowMs)
    .sort((a, b) => a.at - b.at);

  // A window of 4.5 weeks has a fifth, partial week.
  const perWeek = new Array<number>(Math.max(0, Math.ceil(weeks))).fill(0);
  const byKey = new Map<string, AlertStats>();
  const lastAt = new Map<string, number>();
  for (const alert of alerts) {
    perWeek[Math.floor((alert.at - fromMs) / WEEK_MS)] += 1;
    const key = JSON.stringify([alert.name, alert.service]);
    const stats = byKey.get(key) ?? {
      name: alert.name,
      service: alert.service,
      count: 0,
      acknowledged: 0,
      actioned: 0,
      repeats: 0,
      withoutRunbook: 0,
    };
    stats.count += 1;
    stats.acknowledged += alert.acknowledgedAt !== undefined ? 1 : 0;
    stats.actioned += alert.actioned ? 1 : 0;
    stats.withoutRunbook += hasRunbook(alert) ? 0 : 1;
    const previous = lastAt.get(key);
    if (previous !== undefined && alert.at - previous <= REPEAT_WITHIN_MS) {
      stats.repeats += 1;
    }
    lastAt.set(key, alert.at);
    byKey.set(key, stats);
  }

  const byAlert = [...byKey.values()].sort(
    (a, b) =>
      b.count - a.count ||
      a.service.localeCompare(b.service) ||
      a.name.localeCompare(b.name),
  );
  const sum = (pick: (s: AlertStats) => number) =>
    byAlert.reduce((total, s) => total + pick(s), 0);
  const total = alerts.length;
  const repeats = sum(s => s.repeats);
  const withoutRunbook = sum(s => s.withoutRunbook);

  return {
    fromMs,
    toMs: nowMs,
    total,
    perWeek,
    alertsPerWeek: weeks > 0 ? total / weeks : 0,
    acknowledgedShare: share(
      sum(s => s.acknowledged),
      total,
    ),
    actionedShare: share(
      sum(s => s.actioned),
      total,
    ),
    repeats,
    repeatShare: share(repeats, total),
    withoutRunbook,
    withoutRunbookShare: share(withoutRunbook, total),
    byAlert,
    unnecessary: byAlert.flatMap(stats => {
      const reasons = reasonsFor(stats, weeks, thresholds);
      return reasons
        ? [
            {
              name: stats.name,
              service: stats.service,
              count: stats.count,
              reasons,
            },
          ]
        : [];
    }),
  };
}
