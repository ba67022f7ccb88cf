import { Knex } from 'knex';
import { OrgState } from '../metrics/OrgState';
import { OrgSnapshotComponentRow, OrgSnapshotGroupRow } from './tables';

/**
 * The latest org snapshot taken at or before `atMs` and no more than
 * `maxAgeMs` before it; undefined when there is none.
 */
export async function readOrgSnapshot(options: {
  knex: Knex;
  atMs: number;
  maxAgeMs: number;
}): Promise<OrgState | undefined> {
  const { knex, atMs } = options;
  // Without Components there are no shares to serve.
  const latest = await knex('ownership_org_snapshot_components')
    .where('taken_at', '<=', atMs)
    .andWhere('taken_at', '>=', atMs - options.maxAgeMs)
    .max({ takenAt: 'taken_at' })
    .first();
  if (latest?.takenAt === null || latest?.takenAt === undefined) {
    return undefined;
  }
  const takenAt = Number(latest.takenAt);
  const [components, groups] = await Promise.all([
    knex<OrgSnapshotComponentRow>('ownership_org_snapshot_components')
      .where({ taken_at: takenAt })
      .orderBy('component_ref'),
    knex<OrgSnapshotGroupRow>('ownership_org_snapshot_groups')
      .where({ taken_at: takenAt })
      .orderBy('group_ref'),
  ]);
  // A column is null on every row of a run whose source could not be read.
  const known = (column: 'has_slo' | 'traces_seen') =>
    components.some(c => c[column] === null)
      ? undefined
      : components.filter(c => Boolean(c[column])).map(c => c.component_ref);
  return {
    atMs: takenAt,
    components: components.map(c => ({
      ref: c.component_ref,
      owner: c.owner_ref ?? undefined,
      docs: {
        complete: Boolean(c.complete_docs),
        fresh: Boolean(c.fresh_docs),
      },
    })),
    groups: groups.map(g => ({
      ref: g.group_ref,
      hasOnCall: Boolean(g.has_oncall),
    })),
    withSlo: known('has_slo'),
    tracesSeen: known('traces_seen'),
  };
}
