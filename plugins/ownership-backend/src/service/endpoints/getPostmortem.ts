import { NotFoundError } from '@backstage/errors';
import express from 'express';
import { Knex } from 'knex';
import { z } from 'zod';
import { readPostmortems } from '../../database/operations/readPostmortems';
import { parseRequest } from '../parseRequest';

export const postmortemParams = z.object({
  id: z.coerce.number().int().positive().max(2_147_483_647),
});

/** `GET /v1/postmortems/:id`. */
export function getPostmortem(options: { knex: Knex }): express.RequestHandler {
  return async (req, res) => {
    const { id } = parseRequest({
      schema: postmortemParams,
      value: req.params,
      what: 'path',
    });
    const [found] = await readPostmortems(options.knex, { ids: [id] });
    if (!found) {
      throw new NotFoundError(`No postmortem ${id}`);
    }
    res.json(found);
  };
}
