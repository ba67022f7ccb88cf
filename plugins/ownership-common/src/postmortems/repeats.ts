import { DAY_MS } from '../shared/time';
import { Postmortem } from './schema';
import { incidentTimes } from './times';

/** What findRepeatIncidents reads of a postmortem. @public */
export type RepeatCandidate = { id: string } & Pick<
  Postmortem,
  'contributingServices' | 'causes' | 'timeline' | 'detectedAt'
>;

/**
 * Incidents of one service with one cause, each within the window of the
 * one before it. Oldest first.
 *
 * @public
 */
export type RepeatIncidents = {
  service: string;
  cause: string;
  incidents: Array<{ id: string; atMs: number }>;
};

/** @public */
export const DEFAULT_REPEAT_WINDOW_DAYS = 92;

/**
 * Incidents that happened again: the same contributing service and the same
 * cause within `withinDays` (default 92, a quarter) of the previous
 * occurrence. A chain of three, each two months apart, is one group of
 * three: the action items of the first did not stop the third either.
 * An incident with several services and causes can repeat on each pair.
 *
 * @public
 */
export function findRepeatIncidents(options: {
  postmortems: ReadonlyArray<RepeatCandidate>;
  withinDays?: number;
}): RepeatIncidents[] {
  const windowMs = (options.withinDays ?? DEFAULT_REPEAT_WINDOW_DAYS) * DAY_MS;
  const byPair = new Map<string, RepeatIncidents>();
  for (const postmortem of options.postmortems) {
    const atMs = incidentTimes(postmortem)?.at;
    if (atMs === undefined) {
      continue;
    }
    for (const service of new Set(postmortem.contributingServices)) {
      for (const cause of new Set(postmortem.causes)) {
        const key = JSON.stringify([service, cause]);
        const pair = byPair.get(key) ?? { service, cause, incidents: [] };
        pair.incidents.push({ id: postmortem.id, atMs });
        byPair.set(key, pair);
      }
    }
  }

  const repeats: RepeatIncidents[] = [];
  for (const { service, cause, incidents } of byPair.values()) {
    incidents.sort((a, b) => a.atMs - b.atMs);
    let run = [incidents[0]];
    const flush = () => {
      if (run.length > 1) {
        repeats.push({ service, cause, incidents: run });
      }
    };
    for (const incident of incidents.slice(1)) {
      if (incident.atMs - run[run.length - 1].atMs <= windowMs) {
        run.push(incident);
      } else {
        flush();
        run = [incident];
      }
    }
    flush();
  }
  return repeats.sort(
    (a, b) =>
      a.incidents[0].atMs - b.incidents[0].atMs ||
      a.service.localeCompare(b.service) ||
      a.cause.localeCompare(b.cause),
  );
}
