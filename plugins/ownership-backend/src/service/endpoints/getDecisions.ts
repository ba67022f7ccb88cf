import express from 'express';
import { Knex } from 'knex';
import { z } from 'zod';
import { queryNumber } from '@steward/http-input';
import { readDecisions } from '../../database/operations/readDecisions';
import { parseRequest } from '../parseRequest';

const query = z
  .object({
    entityRef: z.string().min(1).max(255).optional(),
    ownerRef: z.string().min(1).max(255).optional(),
    limit: queryNumber(z.number().int().min(1).max(500)).default(50),
  })
  .strict();

/** `GET /v1/routing/decisions?entityRef&ownerRef&limit`: routed alerts, newest first, with why and who responded. */
export function getDecisions(options: { knex: Knex }): express.RequestHandler {
  return async (req, res) => {
    const q = parseRequest({ schema: query, value: req.query, what: 'query' });
    res.json({ items: await readDecisions(options.knex, q) });
  };
}
