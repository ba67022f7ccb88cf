import path from 'node:path';

/**
 * Config of a test backend with the demo catalog fixture, a fast service
 * graph and the given database and extra sections.
 */
export function testConfig(options: {
  database?: Record<string, string>;
  extra?: Record<string, unknown>;
}) {
  return {
    app: { baseUrl: 'http://localhost:3000' },
    backend: {
      database: options.database ?? {
        client: 'better-sqlite3',
        connection: ':memory:',
      },
    },
    catalog: {
      processingInterval: { seconds: 1 },
      rules: [{ allow: ['Component', 'Group', 'User', 'Location'] }],
      locations: [
        {
          type: 'file',
          target: path.resolve(__dirname, '../__fixtures__/catalog.yaml'),
        },
      ],
    },
    serviceGraph: {
      ingest: { flushIntervalMs: 20 },
      traces: { assemblyWindowMs: 100 },
    },
    ...options.extra,
  };
}
