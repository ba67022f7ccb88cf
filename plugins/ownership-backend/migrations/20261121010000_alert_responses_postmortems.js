// @ts-check

/** @param {import('knex').Knex} knex */
exports.up = async function up(knex) {
  await knex.schema.alterTable('ownership_routing_decisions', table => {
    table.string('acknowledged_by', 255).nullable();
    table.bigInteger('actioned_at').nullable();
    table.string('actioned_by', 255).nullable();
    table
      .string('runbook_url', 1024)
      .nullable()
      .comment(
        'The runbook delivered with the alert: hygiene counts those without',
      );
  });
  await knex.schema.createTable('ownership_postmortems', table => {
    table.comment('Postmortems: the validated document and its SLO context');
    table.increments('id').primary();
    table.string('owner_ref', 255).notNullable().comment('The owning Group');
    table.string('title', 1024).notNullable();
    table.bigInteger('detected_at').nullable();
    table.text('document').notNullable().comment('JSON of the Postmortem');
    table
      .text('slo_context')
      .nullable()
      .comment('JSON: budget each linked SLO spent during the incident');
    table
      .integer('decision_id')
      .nullable()
      .comment('The routed alert it came from');
    table.string('created_by', 255).notNullable();
    table.bigInteger('created_at').notNullable();
    table.string('updated_by', 255).notNullable();
    table.bigInteger('updated_at').notNullable();
    table.index(
      ['owner_ref', 'detected_at'],
      'ownership_postmortems_owner_idx',
    );
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('ownership_postmortems');
  await knex.schema.alterTable('ownership_routing_decisions', table => {
    table.dropColumn('acknowledged_by');
    table.dropColumn('actioned_at');
    table.dropColumn('actioned_by');
    table.dropColumn('runbook_url');
  });
};
