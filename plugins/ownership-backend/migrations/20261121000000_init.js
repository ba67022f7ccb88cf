// @ts-check

/** @param {import('knex').Knex} knex */
exports.up = async function up(knex) {
  await knex.schema.createTable('ownership_routing_decisions', table => {
    table.comment('Every alert routed: where it went and why');
    table.increments('id').primary();
    table.bigInteger('received_at').notNullable();
    table.string('source', 16).notNullable().comment('alertmanager | slo');
    table.string('alert_name', 255).notNullable();
    table.string('status', 16).notNullable().comment('firing | resolved');
    table.string('fingerprint', 255).notNullable();
    table.string('group_key', 512).notNullable().comment('Culprit and alert: repeats share it');
    table.integer('duplicate_of').nullable().comment('The decision this repeat was grouped into');
    table.integer('repeats').notNullable().defaultTo(0);
    table.string('trace_id', 32).nullable();
    table.string('alert_service', 255).nullable();
    table.string('culprit_service', 255).nullable();
    table.string('entity_ref', 255).nullable().comment('The Component the alert went to');
    table.string('owner_ref', 255).nullable();
    table.text('oncall').nullable().comment('JSON: who was paged');
    table.text('explanation').notNullable().comment('JSON: one sentence per step');
    table.text('alert').notNullable().comment('JSON of the incoming alert');
    table.bigInteger('acknowledged_at').nullable();
    table.boolean('actioned').notNullable().defaultTo(false);
    table.index(['group_key', 'received_at'], 'ownership_decisions_group_idx');
    table.index(['entity_ref', 'received_at'], 'ownership_decisions_entity_idx');
    table.index(['owner_ref', 'received_at'], 'ownership_decisions_owner_idx');
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('ownership_routing_decisions');
};
