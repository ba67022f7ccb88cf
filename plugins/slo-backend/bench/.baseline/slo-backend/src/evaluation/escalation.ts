import {
  consecutiveMissed,
  escalationLevel,
  SloEvaluation,
} from '@steward/plugin-slo-common';
import { SloAlertEventRow } from '../database/tables';

/**
 * The budget each alert episode consumed: the consumed share when it
 * resolved (or now) minus the share when it fired. With a rolling window
 * this is approximate (the window also drops old events), which errs
 * towards under-reporting an episode.
 */
export function episodeConsumption(options: {
  events: SloAlertEventRow[];
  currentConsumed: number | undefined;
}): Array<{ alert: string; firedAt: number; consumed: number }> {
  const episodes: Array<{ alert: string; firedAt: number; consumed: number }> =
    [];
  const open = new Map<string, SloAlertEventRow>();
  const ordered = [...options.events].sort(
    (a, b) => Number(a.at) - Number(b.at),
  );
  for (const event of ordered) {
    if (event.state === 'firing') {
      open.set(event.alert, event);
    } else {
      const fired = open.get(event.alert);
      if (fired) {
        open.delete(event.alert);
        episodes.push({
          alert: event.alert,
          firedAt: Number(fired.at),
          consumed: (event.budget_consumed ?? 0) - (fired.budget_consumed ?? 0),
        });
      }
    }
  }
  for (const fired of open.values()) {
    episodes.push({
      alert: fired.alert,
      firedAt: Number(fired.at),
      consumed: (options.currentConsumed ?? 0) - (fired.budget_consumed ?? 0),
    });
  }
  return episodes;
}

/** Where an SLO stands on the escalation ladder of repeated misses. */
export function escalationOf(options: {
  evaluation: SloEvaluation;
  events: SloAlertEventRow[];
  majorIncidentShare: number;
}) {
  const { evaluation } = options;
  // quarters[0] is the current, unfinished quarter: only finished ones count.
  const missed = consecutiveMissed(
    evaluation.quarters.slice(1).map(q => q.verdict),
  );
  const quarterStart = evaluation.quarters[0]?.fromMs ?? 0;
  const majorIncident = episodeConsumption({
    events: options.events,
    currentConsumed: evaluation.budget.consumedFraction,
  }).some(
    e => e.firedAt >= quarterStart && e.consumed > options.majorIncidentShare,
  );
  return {
    consecutiveMissed: missed,
    majorIncident,
    ...escalationLevel({ consecutiveMissed: missed, majorIncident }),
  };
}
