// @ts-check

/**
 * Every evaluation rewrites every SLO's status, a JSON document of a few
 * kilobytes that PostgreSQL compresses out of line: lz4 compresses it at
 * half the CPU time of the default pglz. Only where the server supports
 * lz4 (PostgreSQL 14 and later, built with it); SQLite stores text as is.
 *
 * @param {import('knex').Knex} knex
 * @param {'lz4' | 'pglz'} method
 */
async function setCompression(knex, method) {
  if (knex.client.config.client !== 'pg') return;
  const { rows } = await knex.raw(
    `SELECT 1 FROM pg_settings
      WHERE name = 'default_toast_compression' AND ? = ANY(enumvals)`,
    [method],
  );
  if (rows.length === 0) return;
  for (const column of ['evaluation', 'definition']) {
    await knex.raw(
      `ALTER TABLE slo_status ALTER COLUMN ?? SET COMPRESSION ${method}`,
      [column],
    );
  }
}

/** @param {import('knex').Knex} knex */
exports.up = async function up(knex) {
  await setCompression(knex, 'lz4');
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await setCompression(knex, 'pglz');
};
