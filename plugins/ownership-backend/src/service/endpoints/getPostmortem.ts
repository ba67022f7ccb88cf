import { NotFoundError } from '@backstage/errors';
import express from 'express';
import { Knex } from 'knex';
import { readPostmortems } from '../../database/operations/readPostmortems';
import { parseRequest, rowIdParams } from '../parseRequest';

/** `GET /v1/postmortems/:id`. */
export function getPostmortem(options: { knex: Knex }): express.RequestHandler {
  return async (req, res) => {
    const { id } = parseRequest({
      schema: rowIdParams,
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
