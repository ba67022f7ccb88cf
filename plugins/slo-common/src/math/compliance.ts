import { EventCounts } from './burnRate';
import { tooFewEvents } from './confidence';

/** @public */
export type ComplianceVerdict = 'met' | 'missed' | 'too-few-events';

/**
 * Whether a period met its objective. Below one allowed bad event the verdict
 * is "too few events": one failure more or less would flip it. Meeting the
 * objective exactly counts as met.
 *
 * @public
 */
export function complianceVerdict(
  options: EventCounts & { objective: number },
): ComplianceVerdict {
  if (tooFewEvents(options)) {
    return 'too-few-events';
  }
  return options.good / options.total >= options.objective ? 'met' : 'missed';
}

/**
 * How many periods in a row were missed, from the newest. A period with too
 * few events neither extends nor breaks the run: a quiet quarter is no
 * evidence that the service recovered.
 *
 * @public
 */
export function consecutiveMissed(verdicts: ComplianceVerdict[]): number {
  let missed = 0;
  for (const verdict of verdicts) {
    if (verdict === 'met') {
      break;
    }
    if (verdict === 'missed') {
      missed += 1;
    }
  }
  return missed;
}

/** @public */
export type EscalationLevel =
  | 'none'
  | 'team-retro'
  | 'sre-leadership'
  | 'executive-decision';

const LADDER: EscalationLevel[] = [
  'none',
  'team-retro',
  'sre-leadership',
  'executive-decision',
];

/**
 * The escalation for repeated misses: one missed quarter → the team holds a
 * retro and writes a corrective plan; two → SRE leadership engages; three or
 * more → an executive decides to invest or to relax the target publicly. A
 * major incident calls for a cross-team postmortem at any level.
 *
 * @public
 */
export function escalationLevel(options: {
  consecutiveMissed: number;
  majorIncident: boolean;
}): { level: EscalationLevel; crossTeamPostmortem: boolean } {
  const step = Math.min(
    Math.max(options.consecutiveMissed, 0),
    LADDER.length - 1,
  );
  return { level: LADDER[step], crossTeamPostmortem: options.majorIncident };
}

/**
 * Whether one incident spent more than `threshold` of the period's allowed
 * bad events (SRE Workbook error budget policy: more than 20% of the
 * four-week budget needs a postmortem). Exactly at the threshold is not
 * major.
 *
 * @public
 */
export function isMajorIncident(options: {
  incidentBad: number;
  allowedBad: number;
  threshold?: number;
}): boolean {
  const { incidentBad, allowedBad, threshold = 0.2 } = options;
  return incidentBad > threshold * allowedBad;
}
