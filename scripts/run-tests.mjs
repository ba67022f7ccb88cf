// Runs every Jest project in the repository once and ends with the line
// `N passed, M failed` that CI reads. Backend tests run on SQLite and on the
// PostgreSQL named by BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING,
// then the end-to-end checks in Chromium.
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

// The end-to-end checks (the portal in Chromium) run after Jest on a full
// run; arguments narrow the run to Jest alone.
if (process.argv.length <= 2 && process.env.STEWARD_SKIP_E2E !== '1') {
  const e2e = spawnSync('node', ['e2e/portal.e2e.mts'], {
    env,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  process.stdout.write(e2e.stdout ?? '');
  const counts = /^(\d+) passed, (\d+) failed/m.exec(e2e.stdout ?? '');
  if (counts) {
    passed += Number(counts[1]);
    failed += Number(counts[2]);
  }
  // A run that ended without its counts, or failed beyond them, is a failure.
  if (!counts || (e2e.status !== 0 && Number(counts[2]) === 0)) failed += 1;
}

console.log(`${passed} passed, ${failed} failed`);
process.exit(failed > 0 || jest.status !== 0 ? 1 : 0);
