import express from 'express';
import { SloAlertRecord } from '@steward/plugin-slo-common';
import { Knex } from 'knex';
import { z } from 'zod';
import { queryNumber } from '@steward/http-input';
import { readAlertEvents } from '../../database/operations/alertEvents';
import { entityRef, parseRequest } from '../summaries';

const alertsQuery = z
  .object({
    entityRef: entityRef.optional(),
    sloRef: entityRef.optional(),
    limit: queryNumber(z.number().int().min(1).max(1000)).default(100),
  })
  .strict();

/** `GET /v1/alerts?entityRef&sloRef&limit`: burn-rate alert changes, newest first. */
export function getAlerts(options: { knex: Knex }): express.RequestHandler {
  return async (req, res) => {
    const query = parseRequest(alertsQuery, req.query);
    const rows = await readAlertEvents(options.knex, {
      entityRefs: query.entityRef ? [query.entityRef] : undefined,
      sloRef: query.sloRef,
      limit: query.limit,
    });
    const items: SloAlertRecord[] = rows.map(r => ({
      sloRef: r.slo_ref,
      entityRef: r.entity_ref,
      ownerRef: r.owner_ref ?? undefined,
      alert: r.alert,
      severity: r.severity,
      state: r.state,
      at: Number(r.at),
      longBurn: r.long_burn ?? undefined,
      shortBurn: r.short_burn ?? undefined,
      factor: r.factor,
    }));
    res.json({ items });
  };
}
