import express from 'express';
import { Knex } from 'knex';
import { z } from 'zod';
import { InputError } from '@backstage/errors';
import { RoutingDecisionRow } from '../../database/tables';

const query = z
  .object({
    entityRef: z.string().min(1).max(255).optional(),
    ownerRef: z.string().min(1).max(255).optional(),
    limit: z.coerce.number().int().min(1).max(500).default(50),
  })
  .strict();

/** `GET /v1/routing/decisions?entityRef&ownerRef&limit`: routed alerts, newest first, with why. */
export function getDecisions(options: { knex: Knex }): express.RequestHandler {
  return async (req, res) => {
    const parsed = query.safeParse(req.query);
    if (!parsed.success) {
      throw new InputError(
        `Invalid query: ${parsed.error.issues
          .map(i => `${i.path.join('.')}: ${i.message}`)
          .join('; ')}`,
      );
    }
    const q = options
      .knex<RoutingDecisionRow>('ownership_routing_decisions')
      .orderBy('received_at', 'desc')
      .orderBy('id', 'desc')
      .limit(parsed.data.limit);
    if (parsed.data.entityRef) q.where('entity_ref', parsed.data.entityRef);
    if (parsed.data.ownerRef) q.where('owner_ref', parsed.data.ownerRef);
    const rows = await q.select();
    res.json({
      items: rows.map(r => ({
        id: Number(r.id),
        receivedAt: Number(r.received_at),
        source: r.source,
        alertName: r.alert_name,
        status: r.status,
        traceId: r.trace_id ?? undefined,
        alertService: r.alert_service ?? undefined,
        culpritService: r.culprit_service ?? undefined,
        entityRef: r.entity_ref ?? undefined,
        ownerRef: r.owner_ref ?? undefined,
        oncall: r.oncall ? JSON.parse(r.oncall) : undefined,
        explanation: JSON.parse(r.explanation),
        tracePath: JSON.parse(r.alert).tracePath,
        duplicateOf: r.duplicate_of ?? undefined,
        repeats: r.repeats,
      })),
    });
  };
}
