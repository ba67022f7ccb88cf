import { z } from 'zod';
import { normalizeRef } from '../shared/refs';

/**
 * Alertmanager's webhook payload, version 4 (the `webhook_config` receiver):
 * a group of alerts sharing `groupLabels`, each with labels, annotations,
 * times and a fingerprint.
 *
 * @public
 */
export const alertmanagerWebhookSchema = z.object({
  version: z.literal('4', { errorMap: () => ({ message: 'must be "4"' }) }),
  groupKey: z.string(),
  truncatedAlerts: z.number().int().nonnegative().optional(),
  status: z.enum(['firing', 'resolved']),
  receiver: z.string(),
  groupLabels: z.record(z.string()),
  commonLabels: z.record(z.string()),
  commonAnnotations: z.record(z.string()),
  externalURL: z.string(),
  alerts: z
    .array(
      z.object({
        status: z.enum(['firing', 'resolved']),
        labels: z.record(z.string()),
        annotations: z.record(z.string()),
        startsAt: z.string(),
        endsAt: z.string().optional(),
        generatorURL: z.string().optional(),
        fingerprint: z.string().optional(),
      }),
    )
    .max(1000),
});

/** @public */
export type AlertmanagerWebhook = z.infer<typeof alertmanagerWebhookSchema>;

/**
 * One alert as routing sees it, whatever sent it: the alert's own service
 * (where the signal is defined) and, when known, a trace that shows it.
 *
 * @public
 */
export type IncomingAlert = {
  source: 'alertmanager' | 'slo';
  name: string;
  status: 'firing' | 'resolved';
  severity?: string;
  /** The OTel service.name the signal is about. */
  service?: string;
  operation?: string;
  traceId?: string;
  startsAtMs: number;
  fingerprint: string;
  summary?: string;
  runbookUrl?: string;
  labels: Record<string, string>;
  sloRef?: string;
  /** What the SLO's burn looked like when it fired, when the sender knows. */
  slo?: {
    objective?: number;
    budgetRemaining?: number;
    burnRate?: number;
    factor?: number;
  };
  /** The Prometheus expression that fired, to look up exemplars with. */
  expression?: string;
  generatorUrl?: string;
};

const TRACE_ID = /\b([0-9a-f]{32})\b/i;

/** Labels that name the service, in the order they are tried. */
const SERVICE_LABELS = ['service_name', 'service', 'sloth_service', 'job'];
const OPERATION_LABELS = ['operation', 'span_name', 'http_route', 'route'];

/**
 * The alerts of an Alertmanager webhook as routing inputs: the service from
 * the usual labels, a trace id from labels, annotations or an exemplar link
 * (any 32-hex-digit id in `trace_id`, `traceID`, annotations or the
 * generator URL).
 *
 * @public
 */
export function alertsFromAlertmanager(
  webhook: AlertmanagerWebhook,
): IncomingAlert[] {
  return webhook.alerts.map(alert => {
    const labels = alert.labels;
    const first = (keys: string[]) => keys.map(k => labels[k]).find(Boolean);
    const traceSources = [
      labels.trace_id,
      labels.traceID,
      labels.traceId,
      alert.annotations.trace_id,
      alert.annotations.traceID,
      ...Object.values(alert.annotations),
      alert.generatorURL,
    ];
    const traceId = traceSources
      .map(s => (s ? TRACE_ID.exec(s)?.[1] : undefined))
      .find(Boolean);
    return {
      source: 'alertmanager' as const,
      name: labels.alertname ?? 'unnamed',
      status: alert.status,
      severity: labels.severity,
      service: first(SERVICE_LABELS),
      operation: first(OPERATION_LABELS),
      traceId: traceId?.toLowerCase(),
      startsAtMs: Date.parse(alert.startsAt),
      fingerprint:
        alert.fingerprint ?? `${labels.alertname}:${JSON.stringify(labels)}`,
      summary: alert.annotations.summary ?? alert.annotations.description,
      runbookUrl: alert.annotations.runbook_url ?? alert.annotations.runbook,
      labels,
      sloRef: sloRefOf(labels),
      expression: expressionOf(alert.generatorURL),
      generatorUrl: alert.generatorURL || undefined,
    };
  });
}

/** The SLO an alert is about: an `slo` label, or the `sloth_slo` label of Steward's generated rules. */
function sloRefOf(labels: Record<string, string>): string | undefined {
  const name = labels.slo ?? labels.sloth_slo;
  return name
    ? normalizeRef(name, { kind: 'slo', defaultNamespace: 'default' })
    : undefined;
}

/** Prometheus writes the rule's expression into the generator URL as `g0.expr`. */
function expressionOf(generatorUrl: string | undefined): string | undefined {
  if (!generatorUrl) {
    return undefined;
  }
  try {
    return new URL(generatorUrl).searchParams.get('g0.expr') ?? undefined;
  } catch {
    return undefined;
  }
}
