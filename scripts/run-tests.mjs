// Runs every Jest project in the repository once and ends with the line
// `N passed, M failed` that CI reads. Backend tests run on SQLite and on the
// PostgreSQL named by BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const resultsFile = join(
  mkdtempSync(join(tmpdir(), 'steward-tests-')),
  'jest.json',
);

const env = {
  ...process.env,
  CI: 'true',
  BACKSTAGE_TEST_DISABLE_DOCKER: '1',
  BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING:
    process.env.BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING ??
    'postgresql://postgres@127.0.0.1:5432',
  BACKSTAGE_TEST_CACHE_REDIS7_CONNECTION_STRING:
    process.env.BACKSTAGE_TEST_CACHE_REDIS7_CONNECTION_STRING ??
    'redis://127.0.0.1:6379',
};

const jest = spawnSync(
  'backstage-cli',
  [
    'repo',
    'test',
    '--json',
    `--outputFile=${resultsFile}`,
    ...process.argv.slice(2),
  ],
  { stdio: 'inherit', env },
);

let passed = 0;
let failed = 0;
if (existsSync(resultsFile)) {
  const results = JSON.parse(readFileSync(resultsFile, 'utf8'));
  passed = results.numPassedTests;
  // A suite that fails to load runs no tests; count it so it cannot hide.
  failed = results.numFailedTests + results.numRuntimeErrorTestSuites;
} else {
  failed = 1;
}

console.log(`${passed} passed, ${failed} failed`);
process.exit(failed > 0 || jest.status !== 0 ? 1 : 0);
