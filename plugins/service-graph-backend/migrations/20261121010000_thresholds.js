// @ts-check

/**
 * Exact latency threshold counts for latency SLIs: per series and bucket,
 * how many calls took at most `le_ms` and more than the next lower
 * configured threshold. Summing rows with `le_ms <= T` gives the good count
 * for threshold T exactly, where the histogram could only approximate it.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('service_graph_thresholds', table => {
    table.comment('Calls per latency threshold slot, for exact latency SLIs');
    table.string('resolution', 1).notNullable();
    table.bigInteger('bucket_start').notNullable();
    table
      .integer('series_id')
      .notNullable()
      .references('id')
      .inTable('service_graph_series')
      .onDelete('CASCADE');
    table.double('le_ms').notNullable().comment('The threshold slot, in ms');
    table.bigInteger('count').notNullable();
    table.primary(['resolution', 'bucket_start', 'series_id', 'le_ms']);
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('service_graph_thresholds');
};
