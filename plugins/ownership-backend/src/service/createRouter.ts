import express from 'express';
import Router from 'express-promise-router';
import { Knex } from 'knex';
import { HealthResponse } from '@steward/plugin-ownership-common';

export async function createRouter(options: {
  knex: Knex;
}): Promise<express.Router> {
  const { knex } = options;
  const router = Router();
  router.use(express.json());

  // Health includes a database round trip: a plugin that cannot reach its
  // store is not healthy, whatever the process says.
  router.get('/health', async (_req, res) => {
    await knex.raw('select 1');
    const body: HealthResponse = { status: 'ok' };
    res.json(body);
  });

  return router;
}
