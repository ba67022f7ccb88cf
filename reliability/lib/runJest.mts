// Runs chosen Jest tests of the repository (on SQLite and on PostgreSQL, as
// `scripts/test` does) and returns each test's outcome, for suites that
// report what Jest checked.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const ROOT = new URL('../..', import.meta.url).pathname;

export type JestTest = {
  file: string;
  name: string;
  status: string;
  ms: number;
};

export function runJest(options: {
  /** Test path patterns, as Jest's positional arguments take them. */
  patterns: string[];
  env?: Record<string, string>;
}): { tests: JestTest[]; passed: number; failed: number; wallMs: number } {
  const out = join(
    mkdtempSync(join(tmpdir(), 'steward-reliability-')),
    'jest.json',
  );
  const started = Date.now();
  spawnSync(
    'yarn',
    [
      'backstage-cli',
      'repo',
      'test',
      '--json',
      `--outputFile=${out}`,
      ...options.patterns,
    ],
    {
      cwd: ROOT,
      stdio: ['ignore', 'inherit', 'inherit'],
      env: {
        ...process.env,
        CI: 'true',
        BACKSTAGE_TEST_DISABLE_DOCKER: '1',
        BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING:
          process.env.BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING ??
          'postgresql://postgres@127.0.0.1:5432',
        ...options.env,
      },
    },
  );
  const wallMs = Date.now() - started;
  if (!existsSync(out)) return { tests: [], passed: 0, failed: 1, wallMs };
  const results = JSON.parse(readFileSync(out, 'utf8'));
  const tests: JestTest[] = results.testResults.flatMap((file: any) =>
    file.assertionResults.map((a: any) => ({
      file: file.name.slice(ROOT.length),
      name: a.fullName,
      status: a.status,
      ms: a.duration ?? 0,
    })),
  );
  return {
    tests,
    passed: results.numPassedTests,
    // A file that fails to load runs no tests; count it so it cannot hide.
    failed: results.numFailedTests + results.numRuntimeErrorTestSuites,
    wallMs,
  };
}
