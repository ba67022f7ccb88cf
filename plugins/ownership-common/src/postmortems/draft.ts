import { Postmortem } from './schema';

/** What a postmortem draft takes from a routed alert. @public */
export type RoutedAlertContext = {
  id: number;
  alertName: string;
  /** When the alert started firing, else when it was routed. */
  startsAtMs: number;
  receivedAtMs: number;
  acknowledgedAtMs?: number;
  summary?: string;
  /** The Component the alert was routed to. */
  entityRef?: string;
  ownerRef?: string;
  culpritService?: string;
  traceId?: string;
  tracePath: string[];
  runbookUrl?: string;
  generatorUrl?: string;
  sloRef?: string;
};

/**
 * The parts of a postmortem an author would otherwise copy from the alert:
 * title, first symptom with its links, the first timeline entries, the
 * failing service, the SLO, and the detection and acknowledgement times.
 * Severity, impact, causes and action items are the author's to write, so
 * they are left out and validation asks for them.
 *
 * @public
 */
export function postmortemDraftFromAlert(
  alert: RoutedAlertContext,
): Partial<Postmortem> {
  const iso = (ms: number) => new Date(ms).toISOString();
  const where = alert.culpritService ?? alert.entityRef ?? 'unknown service';
  const links = [alert.runbookUrl, alert.generatorUrl].filter(
    (link): link is string => !!link && /^https?:\/\//.test(link),
  );
  const routed = [
    `Routed to ${alert.ownerRef ?? 'no owner'}`,
    alert.traceId ? ` by walking trace ${alert.traceId}` : '',
    alert.tracePath.length ? `: ${alert.tracePath.join(' → ')}` : '',
  ].join('');
  const timeline = [
    { at: iso(alert.startsAtMs), event: `${alert.alertName} fired` },
    { at: iso(alert.receivedAtMs), event: routed },
    ...(alert.acknowledgedAtMs !== undefined
      ? [{ at: iso(alert.acknowledgedAtMs), event: 'Alert acknowledged' }]
      : []),
  ].sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
  return {
    title: `${alert.alertName} at ${where}`,
    firstSymptom: {
      description: alert.summary ?? `${alert.alertName} fired at ${where}`,
      links,
    },
    timeline,
    contributingServices: alert.entityRef ? [alert.entityRef] : [],
    causes: [],
    actionItems: [],
    sloRefs: alert.sloRef ? [alert.sloRef] : [],
    alertIds: [String(alert.id)],
    detectedAt: iso(alert.startsAtMs),
    ...(alert.acknowledgedAtMs !== undefined && {
      acknowledgedAt: iso(alert.acknowledgedAtMs),
    }),
  };
}
