// @ts-check

/** @param {import('knex').Knex} knex */
exports.up = async function up(knex) {
  await knex.schema.createTable('ownership_org_snapshot_components', table => {
    // Table comments are not escaped by knex: no apostrophes.
    table.comment(
      'The state of each Component at a run of the org snapshot (the catalog keeps no history)',
    );
    table.increments('id').primary();
    table
      .bigInteger('taken_at')
      .notNullable()
      .comment('Unix ms of the run: every row of a run shares it');
    table.string('component_ref', 255).notNullable();
    table.string('owner_ref', 255).nullable().comment('spec.owner as a ref');
    table.boolean('complete_docs').notNullable();
    table.boolean('fresh_docs').notNullable();
    table
      .boolean('has_slo')
      .nullable()
      .comment('null: the SLO plugin could not be read');
    table
      .boolean('traces_seen')
      .nullable()
      .comment(
        'traces seen in the 7 days before the run; null: the service graph could not be read',
      );
    table.index(['taken_at'], 'ownership_org_snap_comp_time_idx');
  });
  await knex.schema.createTable('ownership_org_snapshot_groups', table => {
    table.comment('The Groups at a run of the org snapshot');
    table.increments('id').primary();
    table.bigInteger('taken_at').notNullable();
    table.string('group_ref', 255).notNullable();
    table
      .boolean('has_oncall')
      .notNullable()
      .comment('declares an on-call rotation (spec.oncall) or provider');
    table.index(['taken_at'], 'ownership_org_snap_group_time_idx');
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('ownership_org_snapshot_groups');
  await knex.schema.dropTable('ownership_org_snapshot_components');
};
