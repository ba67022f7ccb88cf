import path from 'node:path';

/**
 * The catalog of this plugin's tests: the payment Component, its team and its
 * availability SLO.
 */
export const CATALOG_FIXTURE = path.resolve(
  __dirname,
  '../__fixtures__/catalog.yaml',
);
