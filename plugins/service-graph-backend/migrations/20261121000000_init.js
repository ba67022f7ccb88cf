// @ts-check

/**
 * Counters and latency histograms per series and time bucket, and the store
 * of recent traces. Every counter column is written with additive upserts so
 * that several replicas can ingest into one database.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('service_graph_series', table => {
    table.comment(
      'One row per edge (client, server, connection type) or operation (service, operation)',
    );
    table.increments('id').primary();
    table.string('kind', 8).notNullable().comment('edge | op');
    table
      .string('source', 255)
      .notNullable()
      .comment('Client service, or the service of an operation');
    table
      .string('target', 512)
      .notNullable()
      .comment('Server service, or the operation name');
    table.string('connection_type', 32).notNullable().defaultTo('');
    table.unique(['kind', 'source', 'target', 'connection_type'], {
      indexName: 'service_graph_series_key_idx',
    });
  });

  await knex.schema.createTable('service_graph_counts', table => {
    table.comment(
      'Calls and errors per series and bucket, at minute, hour and day resolution',
    );
    table.string('resolution', 1).notNullable().comment('m | h | d');
    table
      .bigInteger('bucket_start')
      .notNullable()
      .comment('Unix ms of the bucket start');
    table
      .integer('series_id')
      .notNullable()
      .references('id')
      .inTable('service_graph_series')
      .onDelete('CASCADE');
    table.bigInteger('calls').notNullable();
    table.bigInteger('errors').notNullable();
    table.double('duration_sum_ms').notNullable();
    table.primary(['resolution', 'bucket_start', 'series_id']);
    table.index(
      ['series_id', 'resolution', 'bucket_start'],
      'service_graph_counts_series_idx',
    );
  });

  await knex.schema.createTable('service_graph_latency', table => {
    table.comment(
      'Mergeable log-bucketed latency histograms: count per bucket index',
    );
    table.string('resolution', 1).notNullable();
    table.bigInteger('bucket_start').notNullable();
    table
      .integer('series_id')
      .notNullable()
      .references('id')
      .inTable('service_graph_series')
      .onDelete('CASCADE');
    table
      .integer('idx')
      .notNullable()
      .comment('Histogram bucket index (2% relative accuracy)');
    table.bigInteger('count').notNullable();
    table.primary(['resolution', 'bucket_start', 'series_id', 'idx']);
    table.index(
      ['series_id', 'resolution', 'bucket_start'],
      'service_graph_latency_series_idx',
    );
  });

  await knex.schema.createTable('service_graph_trace_spans', table => {
    table.comment(
      'Spans of recent traces kept for the trace walk and the trace view',
    );
    table.string('trace_id', 32).notNullable();
    table.string('span_id', 16).notNullable();
    table.string('parent_span_id', 16).nullable();
    table.string('service', 255).notNullable();
    table.string('name', 512).notNullable();
    table.smallint('kind').notNullable();
    table.double('start_ms').notNullable();
    table.double('end_ms').notNullable();
    table.boolean('error').notNullable();
    table
      .text('payload')
      .notNullable()
      .comment('JSON: attributes, resource, events, links, status message');
    table.bigInteger('expires_at').notNullable();
    table.primary(['trace_id', 'span_id']);
    table.index(['expires_at'], 'service_graph_trace_spans_expiry_idx');
    table.index(
      ['service', 'error', 'start_ms'],
      'service_graph_trace_spans_search_idx',
    );
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('service_graph_trace_spans');
  await knex.schema.dropTable('service_graph_latency');
  await knex.schema.dropTable('service_graph_counts');
  await knex.schema.dropTable('service_graph_series');
};
