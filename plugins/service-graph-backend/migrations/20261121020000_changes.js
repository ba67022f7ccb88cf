// @ts-check

/**
 * Changes to closed buckets: spans that arrived after their minute had
 * closed (late spans, backfill), and buckets removed by retention. Readers
 * keep sums of closed periods; a change recorded here makes their sums
 * over that period stale. One row per period, holding its latest change.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('service_graph_changes', table => {
    table.comment('Periods whose closed buckets changed, and when');
    table
      .bigInteger('period_start')
      .notNullable()
      .comment('Unix ms of the changed period’s start');
    table
      .bigInteger('period_ms')
      .notNullable()
      .comment('Its length: an hour for late spans, a day for retention');
    table
      .bigInteger('changed_at')
      .notNullable()
      .comment('Unix ms of the latest change, by the writer’s clock');
    table.primary(['period_start', 'period_ms']);
    table.index(['changed_at'], 'service_graph_changes_at_idx');
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('service_graph_changes');
};
