import { IncomingAlert } from '@steward/plugin-ownership-common';
import { Knex } from 'knex';
import { RoutingDecision, SloContext } from '../../routing/AlertRouter';
import { RoutingDecisionRow } from '../tables';

/** A routed alert as the API serves it: the decision and how people responded. */
export type StoredDecision = RoutingDecision & {
  source: 'alertmanager' | 'slo';
  startsAt: number;
  summary?: string;
  repeats: number;
  generatorUrl?: string;
  acknowledgedAt?: number;
  acknowledgedBy?: string;
  actioned: boolean;
  actionedAt?: number;
  actionedBy?: string;
};

type StoredAlert = IncomingAlert & { tracePath?: string[]; slo?: SloContext };

const optionalNumber = (value: number | string | null | undefined) =>
  value === null || value === undefined ? undefined : Number(value);

function toDecision(row: RoutingDecisionRow): StoredDecision {
  const alert = JSON.parse(row.alert) as StoredAlert;
  return {
    id: Number(row.id),
    receivedAt: Number(row.received_at),
    source: row.source,
    alertName: row.alert_name,
    status: row.status,
    startsAt: Number.isFinite(alert.startsAtMs)
      ? alert.startsAtMs
      : Number(row.received_at),
    summary: alert.summary,
    traceId: row.trace_id ?? undefined,
    tracePath: alert.tracePath ?? [],
    alertService: row.alert_service ?? undefined,
    culpritService: row.culprit_service ?? undefined,
    entityRef: row.entity_ref ?? undefined,
    ownerRef: row.owner_ref ?? undefined,
    oncall: row.oncall ? JSON.parse(row.oncall) : undefined,
    explanation: JSON.parse(row.explanation),
    duplicateOf: row.duplicate_of ?? undefined,
    repeats: Number(row.repeats),
    runbookUrl: row.runbook_url ?? undefined,
    generatorUrl: alert.generatorUrl,
    slo: alert.slo,
    acknowledgedAt: optionalNumber(row.acknowledged_at),
    acknowledgedBy: row.acknowledged_by ?? undefined,
    actioned: Boolean(row.actioned),
    actionedAt: optionalNumber(row.actioned_at),
    actionedBy: row.actioned_by ?? undefined,
  };
}

/** Routed alerts, newest first. */
export async function readDecisions(
  knex: Knex,
  options: {
    id?: number;
    entityRef?: string;
    ownerRef?: string;
    fromMs?: number;
    status?: 'firing' | 'resolved';
    limit?: number;
  },
): Promise<StoredDecision[]> {
  const q = knex<RoutingDecisionRow>('ownership_routing_decisions')
    .orderBy('received_at', 'desc')
    .orderBy('id', 'desc');
  if (options.id !== undefined) q.where('id', options.id);
  if (options.entityRef) q.where('entity_ref', options.entityRef);
  if (options.ownerRef) q.where('owner_ref', options.ownerRef);
  if (options.status) q.where('status', options.status);
  if (options.fromMs !== undefined) {
    q.where('received_at', '>=', options.fromMs);
  }
  if (options.limit !== undefined) q.limit(options.limit);
  return (await q.select()).map(toDecision);
}
