// @ts-check

/** @param {import('knex').Knex} knex */
exports.up = async function up(knex) {
  await knex.schema.createTable('ownership_docs_audits', table => {
    table.comment('Docs audits of Components, one row per Component per run');
    table.increments('id').primary();
    table
      .bigInteger('audited_at')
      .notNullable()
      .comment('Unix ms of the run: every row of a run shares it');
    table.string('entity_ref', 255).notNullable();
    table.string('owner_ref', 255).nullable();
    table.integer('score').notNullable().comment('0..100');
    table.text('findings').notNullable().comment('JSON: the findings');
    table.index(['entity_ref', 'audited_at'], 'ownership_docs_entity_idx');
    table.index(['owner_ref', 'audited_at'], 'ownership_docs_owner_idx');
    table.index(['audited_at'], 'ownership_docs_time_idx');
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('ownership_docs_audits');
};
