import { PrometheusClient } from '@steward/plugin-service-graph-common';
import { Knex } from 'knex';
import { ServiceGraphConfig } from '../config';
import { DatabaseServiceGraphQueries } from './DatabaseServiceGraphQueries';
import { PrometheusServiceGraphQueries } from './PrometheusServiceGraphQueries';
import { ServiceGraphQueries } from './ServiceGraphQueries';

/** The queries of the configured source (`serviceGraph.source`). */
export function createServiceGraphQueries(options: {
  knex: Knex;
  config: ServiceGraphConfig;
}): ServiceGraphQueries {
  const { source } = options.config;
  if (source.type === 'prometheus') {
    return PrometheusServiceGraphQueries.create({
      client: PrometheusClient.create({
        baseUrl: source.baseUrl,
        timeoutMs: source.timeoutMs,
      }),
      metrics: source.metrics,
    });
  }
  return DatabaseServiceGraphQueries.create(options);
}
