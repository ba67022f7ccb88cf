import { mean } from '../shared/stats';
import { parseIsoDateTime } from '../shared/time';
import { Postmortem } from './schema';

/**
 * Mean time to acknowledge, in ms: from an alert firing to someone
 * acknowledging it, over the alerts that were acknowledged. Undefined when
 * none were. Unacknowledged alerts are left out rather than counted as
 * zero or infinity; report how many there are beside the mean.
 *
 * @public
 */
export function mtta(options: {
  alerts: ReadonlyArray<{ at: number; acknowledgedAt?: number }>;
}): number | undefined {
  return mean(
    options.alerts.flatMap(a =>
      a.acknowledgedAt === undefined
        ? []
        : [Math.max(0, a.acknowledgedAt - a.at)],
    ),
  );
}

/**
 * Mean time to restore, in ms: from detection to resolution, over the
 * incidents that were resolved. Undefined when none were.
 *
 * @public
 */
export function mttr(options: {
  incidents: ReadonlyArray<{ at: number; resolvedAt?: number }>;
}): number | undefined {
  return mean(
    options.incidents.flatMap(i =>
      i.resolvedAt === undefined ? [] : [Math.max(0, i.resolvedAt - i.at)],
    ),
  );
}

/**
 * A postmortem's times in Unix ms, for mtta and mttr: `at` is when it was
 * detected, or the first timeline entry when detection was not recorded;
 * undefined when it has neither.
 *
 * @public
 */
export function incidentTimes(
  postmortem: Pick<
    Postmortem,
    'timeline' | 'detectedAt' | 'acknowledgedAt' | 'resolvedAt'
  >,
): { at: number; acknowledgedAt?: number; resolvedAt?: number } | undefined {
  const ms = (value: string | undefined) =>
    value === undefined ? undefined : parseIsoDateTime(value);
  const at = ms(postmortem.detectedAt) ?? ms(postmortem.timeline[0]?.at);
  if (at === undefined) {
    return undefined;
  }
  const acknowledgedAt = ms(postmortem.acknowledgedAt);
  const resolvedAt = ms(postmortem.resolvedAt);
  return {
    at,
    ...(acknowledgedAt !== undefined && { acknowledgedAt }),
    ...(resolvedAt !== undefined && { resolvedAt }),
  };
}
