import { Knex } from 'knex';
import { OrgState } from '../metrics/OrgState';
import { OrgSnapshotComponentRow, OrgSnapshotGroupRow } from './tables';

/** Stores one run of the org snapshot; chunked to stay under SQLite's variable limit. */
export async function insertOrgSnapshot(options: {
  knex: Knex;
  state: OrgState;
}): Promise<void> {
  const { state } = options;
  const withSlo = state.withSlo && new Set(state.withSlo);
  const traced = state.tracesSeen && new Set(state.tracesSeen);
  const components: OrgSnapshotComponentRow[] = state.components.map(c => ({
    taken_at: state.atMs,
    component_ref: c.ref,
    owner_ref: c.owner ?? null,
    complete_docs: c.docs.complete,
    fresh_docs: c.docs.fresh,
    has_slo: withSlo ? withSlo.has(c.ref) : null,
    traces_seen: traced ? traced.has(c.ref) : null,
  }));
  const groups: OrgSnapshotGroupRow[] = state.groups.map(g => ({
    taken_at: state.atMs,
    group_ref: g.ref,
    has_oncall: g.hasOnCall,
  }));
  await options.knex.transaction(async tx => {
    await tx.batchInsert('ownership_org_snapshot_components', components, 200);
    await tx.batchInsert('ownership_org_snapshot_groups', groups, 200);
  });
}
