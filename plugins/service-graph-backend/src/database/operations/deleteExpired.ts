import { Knex } from 'knex';
import { ServiceGraphConfig } from '../../config';
import { RESOLUTION_MS, Resolution } from '../tables';
import { ChangedPeriod, deleteChanges, recordChanges } from './changes';

/** Changes older than this are of no use to readers (see ClosedSumsCache). */
const KEEP_CHANGES_MS = 2 * 86_400_000;

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
  const changed: ChangedPeriod[] = [];
  for (const [resolution, from] of Object.entries(keepFrom)) {
    // Readers keep sums of closed periods: removing buckets changes them.
    const starts: Array<{ bucket_start: number | string }> = await knex(
      'service_graph_counts',
    )
      .where({ resolution })
      .andWhere('bucket_start', '<', from)
      .distinct('bucket_start');
    for (const r of starts) {
      changed.push({
        startMs: Number(r.bucket_start),
        ms: RESOLUTION_MS[resolution as Resolution],
      });
    }
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
  // Recorded once the rows are gone, by the clock readers compare with.
  const changedAt = Date.now();
  await recordChanges(knex, { periods: changed, nowMs: changedAt });
  await deleteChanges(knex, changedAt - KEEP_CHANGES_MS);
  const traceSpans = await knex('service_graph_trace_spans')
    .where('expires_at', '<', nowMs)
    .delete();
  return { buckets, traceSpans };
}
