import { Knex } from 'knex';
import { SeriesKey } from '../../ingest/BucketAggregator';
import { SeriesRow } from '../tables';

export function seriesCacheKey(series: SeriesKey): string {
  return `${series.kind}\u0000${series.source}\u0000${series.target}\u0000${series.connectionType}`;
}

/**
 * Returns the ids of the given series, inserting the missing ones. Inserts
 * ignore conflicts so that replicas racing on a new series agree on one row.
 */
export async function ensureSeries(
  tx: Knex | Knex.Transaction,
  options: { series: SeriesKey[]; cache: Map<string, number> },
): Promise<void> {
  const { cache } = options;
  const missing = new Map<string, SeriesKey>();
  for (const s of options.series) {
    const key = seriesCacheKey(s);
    if (!cache.has(key)) missing.set(key, s);
  }
  if (missing.size === 0) return;

  // Sorted so that replicas inserting the same new series take their locks
  // in one order and cannot deadlock on PostgreSQL.
  const rows = [...missing.keys()].sort().map(key => {
    const s = missing.get(key)!;
    return {
      kind: s.kind,
      source: s.source,
      target: s.target,
      connection_type: s.connectionType,
    };
  });
  for (const chunk of chunks(rows, 200)) {
    await tx('service_graph_series')
      .insert(chunk)
      .onConflict(['kind', 'source', 'target', 'connection_type'])
      .ignore();
  }
  for (const chunk of chunks([...missing.values()], 200)) {
    const found = await tx<SeriesRow>('service_graph_series')
      .select('id', 'kind', 'source', 'target', 'connection_type')
      .where(builder => {
        for (const s of chunk) {
          builder.orWhere({
            kind: s.kind,
            source: s.source,
            target: s.target,
            connection_type: s.connectionType,
          });
        }
      });
    for (const row of found) {
      cache.set(
        seriesCacheKey({
          kind: row.kind,
          source: row.source,
          target: row.target,
          connectionType: row.connection_type,
        }),
        row.id,
      );
    }
  }
}

export function chunks<T>(items: T[], size: number): T[][] {
  const result: T[][] = [];
  for (let i = 0; i < items.length; i += size) {
    result.push(items.slice(i, i + size));
  }
  return result;
}
