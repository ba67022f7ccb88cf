import express from 'express';
import { Knex } from 'knex';
import { z } from 'zod';
import { queryNumber } from '@steward/http-input';
import { readPostmortems } from '../../database/operations/readPostmortems';
import { parseRequest } from '../parseRequest';

const query = z
  .object({
    ownerRef: z.string().min(1).max(255).optional(),
    limit: queryNumber(z.number().int().min(1).max(500)).default(100),
  })
  .strict();

/** `GET /v1/postmortems?ownerRef&limit`: newest incident first. */
export function getPostmortems(options: {
  knex: Knex;
}): express.RequestHandler {
  return async (req, res) => {
    const q = parseRequest({ schema: query, value: req.query, what: 'query' });
    res.json({ items: await readPostmortems(options.knex, q) });
  };
}
