import { Knex } from 'knex';
import { ServiceGraphConfig } from '../../config';
import { Resolution } from '../tables';

/** Deletes buckets past their resolution's retention and expired traces. */
export async function deleteExpired(
  knex: Knex,
  options: { retention: ServiceGraphConfig['retention']; nowMs: number },
): Promise<{ buckets: number; traceSpans: number }> {
  const { retention, nowMs } = options;
  const keepFrom: Record<Resolution, number> = {
    m: nowMs - retention.minuteMs,
    h: nowMs - retention.hourMs,
    d: nowMs - retention.dayMs,
  };
  let buckets = 0;
  for (const [resolution, from] of Object.entries(keepFrom)) {
    // A bucket is one counts row; its histogram and threshold rows go with it.
    buckets += await knex('service_graph_counts')
      .where({ resolution })
      .andWhere('bucket_start', '<', from)
      .delete();
    for (const table of ['service_graph_latency', 'service_graph_thresholds']) {
      await knex(table)
        .where({ resolution })
        .andWhere('bucket_start', '<', from)
        .delete();
    }
  }
  const traceSpans = await knex('service_graph_trace_spans')
    .where('expires_at', '<', nowMs)
    .delete();
  return { buckets, traceSpans };
}
