// @ts-check

/** @param {import('knex').Knex} knex */
exports.up = async function up(knex) {
  await knex.schema.createTable('slo_status', table => {
    table.comment('The latest evaluation of each SLO');
    table.string('slo_ref', 255).primary();
    table
      .string('entity_ref', 255)
      .notNullable()
      .comment('The Component the SLO is for');
    table.string('owner_ref', 255).nullable();
    table.string('display_name', 255).notNullable();
    table.bigInteger('evaluated_at').notNullable();
    table.string('state', 32).notNullable();
    table.string('gate', 16).notNullable();
    table.double('consumed').nullable();
    table.string('firing_alert', 64).nullable();
    table.text('evaluation').notNullable().comment('JSON SloEvaluation');
    table
      .text('definition')
      .notNullable()
      .comment('JSON of what was evaluated');
    table.index(['entity_ref'], 'slo_status_entity_idx');
    table.index(['owner_ref'], 'slo_status_owner_idx');
  });

  await knex.schema.createTable('slo_alert_events', table => {
    table.comment('Burn-rate alert state changes, for routing and history');
    table.increments('id').primary();
    table.string('slo_ref', 255).notNullable();
    table.string('entity_ref', 255).notNullable();
    table.string('owner_ref', 255).nullable();
    table.string('alert', 64).notNullable();
    table.string('severity', 16).notNullable();
    table.string('state', 16).notNullable().comment('firing | resolved');
    table.bigInteger('at').notNullable();
    table.double('long_burn').nullable();
    table.double('short_burn').nullable();
    table.double('factor').notNullable();
    table
      .double('budget_consumed')
      .nullable()
      .comment('On resolve: share of the budget the episode consumed');
    table.index(['slo_ref', 'alert', 'at'], 'slo_alert_events_slo_idx');
    table.index(['entity_ref', 'at'], 'slo_alert_events_entity_idx');
  });

  await knex.schema.createTable('slo_deploys', table => {
    table.comment('Deploys recorded by pipelines, for change failure rate');
    table.increments('id').primary();
    table.string('entity_ref', 255).notNullable();
    table.string('version', 255).nullable();
    table.bigInteger('deployed_at').notNullable();
    table.string('recorded_by', 255).notNullable();
    table.index(['entity_ref', 'deployed_at'], 'slo_deploys_entity_idx');
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('slo_deploys');
  await knex.schema.dropTable('slo_alert_events');
  await knex.schema.dropTable('slo_status');
};
