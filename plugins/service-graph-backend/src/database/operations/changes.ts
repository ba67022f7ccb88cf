import { Knex } from 'knex';
import { RESOLUTION_MS, Resolution } from '../tables';

/**
 * A write to a minute bucket this long after the minute ended is a change
 * to a closed period (a late span, a backfill), recorded for readers that
 * keep sums. Spans that pairing completes within its TTL (seconds) are not.
 */
export const LATE_AFTER_MS = 5 * 60_000;

/**
 * Covers a writer's transaction still running when a reader reads, and
 * clocks of replicas apart by less: a change recorded at `changed_at`
 * makes stale every sum read after `changed_at - CHANGE_MARGIN_MS`.
 */
export const CHANGE_MARGIN_MS = 10 * 60_000;

/**
 * Readers keep sums of periods that ended this long ago: later writes to
 * them are recorded as changes.
 */
export const SETTLED_AFTER_MS = LATE_AFTER_MS + CHANGE_MARGIN_MS;

/** A period of time whose closed buckets changed. */
export type ChangedPeriod = { startMs: number; ms: number };

const TABLE = 'service_graph_changes';

/**
 * Records that the closed buckets of these periods changed at `nowMs`. The
 * latest change of a period wins, whichever replica writes it; periods in
 * one order for every writer, as buckets are, so writers never deadlock.
 */
export async function recordChanges(
  knex: Knex | Knex.Transaction,
  options: { periods: ChangedPeriod[]; nowMs: number },
): Promise<void> {
  const unique = new Map(options.periods.map(p => [`${p.startMs}:${p.ms}`, p]));
  const rows = [...unique.values()]
    .sort((a, b) => a.startMs - b.startMs || a.ms - b.ms)
    .map(p => ({
      period_start: p.startMs,
      period_ms: p.ms,
      changed_at: options.nowMs,
    }));
  // SQLite caps a compound insert at 500 rows.
  for (let i = 0; i < rows.length; i += 500) {
    await knex(TABLE)
      .insert(rows.slice(i, i + 500))
      .onConflict(['period_start', 'period_ms'])
      .merge({
        changed_at: knex.raw(
          `CASE WHEN excluded.changed_at > ${TABLE}.changed_at THEN excluded.changed_at ELSE ${TABLE}.changed_at END`,
        ),
      });
  }
}

/**
 * The hours of buckets written after their minute closed (LATE_AFTER_MS):
 * every span is in a minute bucket, so minute buckets find every late one.
 */
export function lateHours(
  buckets: Array<{ resolution: Resolution; bucketStart: number }>,
  nowMs: number,
): ChangedPeriod[] {
  const hours = new Set<number>();
  for (const b of buckets) {
    if (
      b.resolution === 'm' &&
      b.bucketStart + RESOLUTION_MS.m + LATE_AFTER_MS <= nowMs
    ) {
      hours.add(Math.floor(b.bucketStart / RESOLUTION_MS.h) * RESOLUTION_MS.h);
    }
  }
  return [...hours].map(startMs => ({ startMs, ms: RESOLUTION_MS.h }));
}

/** Changes recorded at or after `sinceMs`. */
export async function readChanges(
  knex: Knex,
  sinceMs: number,
): Promise<Array<ChangedPeriod & { changedAtMs: number }>> {
  const rows: Array<{
    period_start: number | string;
    period_ms: number | string;
    changed_at: number | string;
  }> = await knex(TABLE)
    .where('changed_at', '>=', sinceMs)
    .select('period_start', 'period_ms', 'changed_at');
  return rows.map(r => ({
    startMs: Number(r.period_start),
    ms: Number(r.period_ms),
    changedAtMs: Number(r.changed_at),
  }));
}

/** Forgets changes recorded before `beforeMs`. */
export async function deleteChanges(
  knex: Knex,
  beforeMs: number,
): Promise<void> {
  await knex(TABLE).where('changed_at', '<', beforeMs).delete();
}
